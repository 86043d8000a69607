#include "common/parse/access_log_format.h"

#include <cctype>

namespace lc {

const char kNginxCombined[] =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
    "\"$http_referer\" \"$http_user_agent\"";

namespace {

constexpr const char kApacheCommon[] = "%h %l %u %t \"%r\" %>s %b";
constexpr const char kApacheCombined[] = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"";
constexpr const char kApacheVhostCombined[] =
    "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"";

// The nginx variables an access log uses (core, log, upstream, ssl, realip
// modules).  Numbers are typed as JSON numbers when the value is one
// (upstream_response_time "0.004, 0.002" stays a string).
struct Known {
  const char* name;
  bool numeric;
};
constexpr Known kNginxVars[] = {
    {"remote_addr", false}, {"remote_user", false}, {"remote_port", true}, {"time_local", false},
    {"time_iso8601", false}, {"msec", true}, {"request", false}, {"request_method", false},
    {"request_uri", false}, {"uri", false}, {"document_uri", false}, {"args", false},
    {"query_string", false}, {"server_protocol", false}, {"scheme", false}, {"https", false},
    {"host", false}, {"hostname", false}, {"server_name", false}, {"server_addr", false},
    {"server_port", true}, {"status", true}, {"body_bytes_sent", true}, {"bytes_sent", true},
    {"request_length", true}, {"request_time", true}, {"request_id", false},
    {"request_completion", false}, {"content_length", true}, {"content_type", false},
    {"connection", true}, {"connection_requests", true}, {"pipe", false}, {"pid", true},
    {"gzip_ratio", true}, {"binary_remote_addr", false}, {"realip_remote_addr", false},
    {"realip_remote_port", true}, {"proxy_protocol_addr", false}, {"proxy_protocol_port", true},
    {"upstream_addr", false}, {"upstream_status", true}, {"upstream_response_time", true},
    {"upstream_connect_time", true}, {"upstream_header_time", true},
    {"upstream_response_length", true}, {"upstream_bytes_received", true},
    {"upstream_bytes_sent", true}, {"upstream_cache_status", false}, {"ssl_protocol", false},
    {"ssl_cipher", false}, {"ssl_server_name", false}, {"ssl_session_reused", false},
    {"request_body", false}, {"limit_rate", true}, {"nginx_version", false},
};
// Families: a header, cookie or argument named after the prefix.
constexpr const char* kNginxPrefixes[] = {"http_", "sent_http_", "sent_trailer_", "upstream_http_",
                                          "upstream_cookie_", "upstream_trailer_", "cookie_", "arg_"};

bool NginxVariable(std::string_view name, bool* numeric) {
  for (const Known& k : kNginxVars) {
    if (name == k.name) {
      *numeric = k.numeric;
      return true;
    }
  }
  *numeric = false;
  for (const char* p : kNginxPrefixes) {
    std::string_view prefix(p);
    if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

// "User-Agent" -> "user_agent": how nginx names a header's variable.
std::string HeaderName(std::string_view prefix, std::string_view header) {
  std::string s(prefix);
  for (char c : header) s.push_back(c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return s;
}

// Apache's directive `letter` with its {argument}: the field name, or ""
// for one this version does not know.
std::string ApacheName(char letter, std::string_view arg, bool* numeric) {
  *numeric = false;
  auto num = [&](const char* n) {
    *numeric = true;
    return std::string(n);
  };
  switch (letter) {
    case 'h': return "remote_addr";
    case 'a': return arg.empty() ? "remote_ip" : (arg == "c" ? "peer_ip" : "");
    case 'A': return "server_addr";
    case 'l': return "remote_logname";
    case 'u': return "remote_user";
    case 't': return "time_local";
    case 'r': return "request";
    case 's': return num("status");
    case 'b': case 'B': return num("body_bytes_sent");
    case 'O': return num("bytes_sent");
    case 'I': return num("request_length");
    case 'S': return num("bytes_transferred");
    case 'D': return num("request_time_us");
    case 'T':
      if (arg.empty() || arg == "s") return num("request_time_s");
      if (arg == "ms") return num("request_time_ms");
      if (arg == "us") return num("request_time_us");
      return "";
    case 'v': return "server_name";
    case 'V': return "host";
    case 'p':
      if (arg.empty() || arg == "canonical" || arg == "local") return num("server_port");
      if (arg == "remote") return num("remote_port");
      return "";
    case 'P':
      if (arg.empty() || arg == "pid") return num("pid");
      if (arg == "tid" || arg == "hextid") return "tid";
      return "";
    case 'H': return "server_protocol";
    case 'm': return "request_method";
    case 'U': return "uri";
    case 'q': return "query_string";
    case 'f': return "request_filename";
    case 'k': return num("connection_requests");
    case 'X': return "connection_status";
    case 'L': return "request_log_id";
    case 'R': return "handler";
    case 'i': return arg.empty() ? "" : HeaderName("http_", arg);
    case 'o': return arg.empty() ? "" : HeaderName("sent_http_", arg);
    case 'C': return arg.empty() ? "" : HeaderName("cookie_", arg);
    case 'e': return arg.empty() ? "" : HeaderName("env_", arg);
    case 'n': return arg.empty() ? "" : HeaderName("note_", arg);
    default: return "";
  }
}

bool NameByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Builds the item list: literals merged, variables checked.
class Builder {
 public:
  explicit Builder(AccessLogFormat* out) : out_(out) {}
  void Literal(std::string_view s) {
    if (s.empty()) return;
    if (out_->items.empty() || out_->items.back().literal.empty()) out_->items.emplace_back();
    out_->items.back().literal.append(s);
  }
  // False with *why for a variable right after a variable, or used twice.
  bool Variable(std::string name, bool numeric, std::string* why) {
    if (!out_->items.empty() && out_->items.back().literal.empty()) {
      *why = "two variables with no literal between them (" + out_->items.back().name + " and " + name + ")";
      return false;
    }
    for (const auto& it : out_->items) {
      if (it.literal.empty() && it.name == name) {
        *why = name + " appears twice";
        return false;
      }
    }
    out_->items.emplace_back();
    out_->items.back().name = std::move(name);
    out_->items.back().numeric = numeric;
    return true;
  }

 private:
  AccessLogFormat* out_;
};

// Each returns the offset of the error (with *why), or npos.
size_t CompileNginx(std::string_view f, Builder* b, std::string* why) {
  size_t i = 0, lit = 0;
  while (i < f.size()) {
    if (f[i] != '$') {
      i++;
      continue;
    }
    b->Literal(f.substr(lit, i - lit));
    size_t at = i++;
    std::string_view name;
    if (i < f.size() && f[i] == '{') {
      size_t close = f.find('}', i);
      if (close == std::string_view::npos) {
        *why = "'${' without '}'";
        return at;
      }
      name = f.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t start = i;
      while (i < f.size() && NameByte(f[i])) i++;
      name = f.substr(start, i - start);
    }
    bool numeric = false;
    if (name.empty()) {
      *why = "'$' without a variable name";
      return at;
    }
    if (!NginxVariable(name, &numeric)) {
      *why = "unknown variable $" + std::string(name);
      return at;
    }
    if (!b->Variable(std::string(name), numeric, why)) return at;
    lit = i;
  }
  b->Literal(f.substr(lit));
  return std::string_view::npos;
}

size_t CompileApache(std::string_view f, Builder* b, std::string* why) {
  size_t i = 0, lit = 0;
  while (i < f.size()) {
    if (f[i] != '%') {
      i++;
      continue;
    }
    b->Literal(f.substr(lit, i - lit));
    size_t at = i++;
    // Modifiers: < and > (original or final request), a status condition
    // (!400,501): neither changes what the field is.
    while (i < f.size() && (f[i] == '<' || f[i] == '>' || f[i] == '!' || f[i] == ',' ||
                            std::isdigit(static_cast<unsigned char>(f[i])))) {
      i++;
    }
    std::string_view arg;
    if (i < f.size() && f[i] == '{') {
      size_t close = f.find('}', i);
      if (close == std::string_view::npos) {
        *why = "'%{' without '}'";
        return at;
      }
      arg = f.substr(i + 1, close - i - 1);
      i = close + 1;
    }
    if (i >= f.size()) {
      *why = "'%' without a directive";
      return at;
    }
    char letter = f[i++];
    lit = i;
    if (letter == '%' && arg.empty()) {
      b->Literal("%");
      continue;
    }
    bool numeric = false;
    std::string name = ApacheName(letter, arg, &numeric);
    if (name.empty()) {
      *why = "unknown directive " + std::string(f.substr(at, i - at));
      return at;
    }
    bool brackets = letter == 't' && arg.empty();  // "[10/Oct/2000:13:55:36 -0700]"
    if (brackets) b->Literal("[");
    if (!b->Variable(std::move(name), numeric, why)) return at;
    if (brackets) b->Literal("]");
  }
  b->Literal(f.substr(lit));
  return std::string_view::npos;
}

}  // namespace

Status AccessLogFormat::Compile(Dialect dialect, std::string_view flag, std::string_view format,
                                AccessLogFormat* out) {
  *out = AccessLogFormat();
  out->dialect = dialect;
  if (dialect == kApache) {
    if (format == "common") format = kApacheCommon;
    else if (format == "combined") format = kApacheCombined;
    else if (format == "vhost_combined") format = kApacheVhostCombined;
  }
  std::string why;
  size_t at = 0;
  if (format.empty()) {
    why = "the format is empty";
  } else {
    Builder b(out);
    at = dialect == kNginx ? CompileNginx(format, &b, &why) : CompileApache(format, &b, &why);
    if (at == std::string_view::npos && out->items.size() == 1 && !out->items[0].literal.empty()) {
      at = 0;
      why = dialect == kNginx ? "no $variable" : "no %directive";
    }
  }
  if (!why.empty()) {
    *out = AccessLogFormat();
    return Status::InvalidArgument(std::string(flag) + ": format '" + std::string(format) +
                                   "' does not compile at offset " + std::to_string(at) + ": " + why);
  }
  bool request = false, parts = false;
  for (const Item& it : out->items) {
    request = request || it.name == "request";
    parts = parts || it.name == "request_method" || it.name == "request_uri" || it.name == "server_protocol";
  }
  out->split_request = request && !parts;
  for (Item& it : out->items) it.split = out->split_request && it.name == "request";
  return Status::OK();
}

}  // namespace lc
