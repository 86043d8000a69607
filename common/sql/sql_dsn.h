// SqlDsn: the address of one database, given as a URI, and the forms of it
// that may be shown.
//
//   postgresql://[user[:password]@][host][:port][/dbname][?key=value&...]
//   mysql://[user[:password]@][host][:port][/dbname][?socket=/path]
//
// "postgres://" is PostgreSQL too, "mariadb://" is MySQL/MariaDB.  User,
// password, host and database are percent-decoded.  A PostgreSQL URI is
// passed to libpq as it is (every libpq parameter works); a MySQL URI takes
// one parameter, socket (a host that is a percent-encoded absolute path,
// "%2Frun%2Fmysqld%2Fmysqld.sock", is a socket too).
//
// The contract that matters: the password never leaves this object except
// through password() and text() (for the client library).  Redacted() and
// Redact() are what errors and logs show; Parse's errors never quote the
// text.  SqlSourceKey names the source in cursors from the redacted form, so
// a new password keeps the same key.
#ifndef LC_COMMON_SQL_SQL_DSN_H_
#define LC_COMMON_SQL_SQL_DSN_H_

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

class SqlDsn {
 public:
  enum Engine { kPostgres, kMariaDb };

  // InvalidArgument, without the text, when `text` is not such a URI.
  static Status Parse(std::string_view text, SqlDsn* out);

  Engine engine() const { return engine_; }
  const std::string& text() const { return text_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  const std::string& host() const { return host_; }  // "" when a socket is meant
  int port() const { return port_; }                  // 0: the default
  const std::string& database() const { return database_; }
  const std::string& socket() const { return socket_; }  // MySQL only

  // The text with the password (in the user part or a password= parameter)
  // replaced by "***".
  const std::string& Redacted() const { return redacted_; }
  // `message` with every occurrence of the password, raw or as written in
  // the URI, replaced by "***": for messages of a client library.
  std::string Redact(std::string message) const;

 private:
  Engine engine_ = kPostgres;
  std::string text_, redacted_;
  std::string user_, password_, password_raw_, host_, database_, socket_;
  int port_ = 0;
};

// `text` with the password of every URI in it ("://user:PASSWORD@") and of
// every "password=VALUE" replaced by "***": for text that may hold a DSN
// and is not one, such as a command line a usage error quotes.
std::string RedactDsnPasswords(std::string text);

// "sql:<16 hex digits>": a hash of the redacted DSN and the query.  Stable
// across restarts and password changes; another query or database is
// another source.
std::string SqlSourceKey(const SqlDsn& dsn, std::string_view query);

}  // namespace lc

#endif  // LC_COMMON_SQL_SQL_DSN_H_
