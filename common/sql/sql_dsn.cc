#include "common/sql/sql_dsn.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace lc {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
    int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return r;
}

void ReplaceAll(std::string* s, const std::string& what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = s->find(what); at != std::string::npos; at = s->find(what, at + with.size())) {
    s->replace(at, what.size(), with);
  }
}

}  // namespace

Status SqlDsn::Parse(std::string_view text, SqlDsn* out) {
  SqlDsn d;
  d.text_ = std::string(text);
  size_t sep = text.find("://");
  std::string scheme = sep == std::string_view::npos ? "" : Lower(text.substr(0, sep));
  if (scheme == "postgresql" || scheme == "postgres") {
    d.engine_ = kPostgres;
  } else if (scheme == "mysql" || scheme == "mariadb") {
    d.engine_ = kMariaDb;
  } else {
    return Status::InvalidArgument("not a postgresql://, postgres://, mysql:// or mariadb:// URI");
  }
  std::string_view rest = text.substr(sep + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view after = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  std::string redacted = std::string(text.substr(0, sep + 3));

  size_t at = authority.rfind('@');
  std::string_view hostport = authority;
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    hostport = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    std::string_view user = userinfo.substr(0, colon);
    if (!PercentDecode(user, &d.user_)) return Status::InvalidArgument("bad %-escape in the user name");
    redacted.append(user);
    if (colon != std::string_view::npos) {
      d.password_raw_ = std::string(userinfo.substr(colon + 1));
      if (!PercentDecode(d.password_raw_, &d.password_)) {
        return Status::InvalidArgument("bad %-escape in the password");
      }
      redacted.append(":***");
    }
    redacted.push_back('@');
  }
  redacted.append(hostport);

  std::string_view host = hostport, port;
  if (!hostport.empty() && hostport[0] == '[') {
    size_t close = hostport.find(']');
    if (close == std::string_view::npos) return Status::InvalidArgument("an IPv6 host without its ']'");
    host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') return Status::InvalidArgument("junk after the IPv6 host");
      port = hostport.substr(close + 2);
    }
  } else if (size_t colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  if (!PercentDecode(host, &d.host_)) return Status::InvalidArgument("bad %-escape in the host");
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || p > 65535) {
        p = -1;
        break;
      }
      p = p * 10 + (c - '0');
    }
    // libpq also takes "h1:5432,h2:5433" and checks it itself.
    if ((p <= 0 || p > 65535) && d.engine_ == kMariaDb) return Status::InvalidArgument("the port is not a number from 1 to 65535");
    if (p > 0 && p <= 65535) d.port_ = p;
  }

  size_t frag = after.find('#');
  if (frag != std::string_view::npos) after = after.substr(0, frag);
  size_t q = after.find('?');
  std::string_view path = after.substr(0, q);
  std::string_view params = q == std::string_view::npos ? "" : after.substr(q + 1);
  redacted.append(path);
  if (!path.empty() && !PercentDecode(path.substr(1), &d.database_)) {
    return Status::InvalidArgument("bad %-escape in the database name");
  }
  if (q != std::string_view::npos) redacted.push_back('?');
  bool first = true;
  while (!params.empty()) {
    size_t amp = params.find('&');
    std::string_view kv = params.substr(0, amp);
    params = amp == std::string_view::npos ? "" : params.substr(amp + 1);
    size_t eq = kv.find('=');
    std::string key, value;
    if (!PercentDecode(kv.substr(0, eq), &key) ||
        (eq != std::string_view::npos && !PercentDecode(kv.substr(eq + 1), &value))) {
      return Status::InvalidArgument("bad %-escape in a parameter");
    }
    if (!first) redacted.push_back('&');
    first = false;
    if (key == "password") {
      d.password_raw_ = std::string(kv.substr(eq == std::string_view::npos ? kv.size() : eq + 1));
      d.password_ = value;
      redacted.append(kv.substr(0, eq)).append("=***");
      continue;
    }
    redacted.append(kv);
    if (d.engine_ == kMariaDb) {
      if (key != "socket") {
        return Status::InvalidArgument("parameter \"" + key + "\" is not known to mysql:// (socket is)");
      }
      d.socket_ = value;
    }
  }
  if (d.engine_ == kMariaDb && !d.host_.empty() && d.host_[0] == '/') {
    d.socket_ = d.host_;
    d.host_.clear();
  }
  d.redacted_ = std::move(redacted);
  *out = std::move(d);
  return Status::OK();
}

std::string SqlDsn::Redact(std::string message) const {
  ReplaceAll(&message, password_, "***");
  ReplaceAll(&message, password_raw_, "***");
  return message;
}

std::string RedactDsnPasswords(std::string text) {
  for (size_t at = text.find("://"); at != std::string::npos; at = text.find("://", at + 3)) {
    size_t start = at + 3;
    size_t end = text.find_first_of("/?# \t\n", start);
    if (end == std::string::npos) end = text.size();
    size_t atsign = text.rfind('@', end);
    if (atsign == std::string::npos || atsign < start) continue;
    size_t colon = text.find(':', start);
    if (colon == std::string::npos || colon > atsign) continue;
    text.replace(colon + 1, atsign - colon - 1, "***");
  }
  for (size_t at = text.find("password="); at != std::string::npos; at = text.find("password=", at + 1)) {
    size_t start = at + 9;
    size_t end = text.find_first_of("& \t\n", start);
    if (end == std::string::npos) end = text.size();
    text.replace(start, end - start, "***");
  }
  return text;
}

std::string SqlSourceKey(const SqlDsn& dsn, std::string_view query) {
  // FNV-1a, 64 bits: fixed here for good, since saved cursors name it.
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(dsn.Redacted());
  mix(std::string_view("\n", 1));
  mix(query);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string("sql:") + buf;
}

}  // namespace lc
