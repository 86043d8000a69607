#include "common/listen/http_ingest.h"

#include "common/base/decompress.h"
#include "common/json/json_escape.h"
#include "common/listen/loki_push.h"
#include "common/listen/otlp_logs.h"

namespace lc {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

// Constant-time: how long a guess matched says nothing.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); i++) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

bool IsProtobuf(const std::string& content_type) { return content_type.find("protobuf") != std::string::npos; }

IngestReply Error(int status, const std::string& why) { return HttpErrorReply(status, why); }

}  // namespace

IngestReply HttpErrorReply(int status, const std::string& why) {
  IngestReply r;
  r.status = status;
  r.body = "{\"error\":";
  AppendJsonString(&r.body, why);
  r.body += "}\n";
  return r;
}

std::string FormatHttpReply(const IngestReply& r, bool close) {
  std::string s = "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) + "\r\n";
  if (r.status != 204) {
    s += "Content-Type: " + r.content_type + "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  s += r.extra_headers;
  if (close) s += "Connection: close\r\n";
  s += "\r\n";
  if (r.status != 204) s += r.body;
  return s;
}

IngestReply HttpIngest::CheckHead(const IncomingRequest& req) const {
  std::string_view path = req.path();
  if (path == "/ready") {
    if (req.method == "GET" || req.method == "HEAD") {
      IngestReply r;
      r.status = 200;
      r.content_type = "text/plain";
      r.body = "ok\n";
      return r;
    }
    IngestReply r = Error(405, "GET /ready");
    r.extra_headers = "Allow: GET, HEAD\r\n";
    return r;
  }
  if (path != "/" && path != "/loki/api/v1/push" && path != "/v1/logs") {
    return Error(404, "no such path: POST to /, /loki/api/v1/push or /v1/logs");
  }
  if (req.method != "POST") {
    IngestReply r = Error(405, "POST only");
    r.extra_headers = "Allow: POST\r\n";
    return r;
  }
  if (!token_.empty()) {
    std::string_view auth = req.authorization;
    bool ok = auth.size() > 7 && auth.substr(0, 7) == "Bearer " && SameSecret(auth.substr(7), token_);
    if (!ok) {
      IngestReply r = Error(401, "a valid bearer token is required");
      r.extra_headers = "WWW-Authenticate: Bearer\r\n";
      return r;
    }
  }
  return IngestReply();
}

IngestReply HttpIngest::Handle(const IncomingRequest& req, int64_t now, std::string_view client, std::string* out) {
  IngestReply head = CheckHead(req);
  if (head.status != 0) return head;
  if (full_) {
    IngestReply r = Error(503, "the journal is full: retry later");
    r.extra_headers = "Retry-After: 1\r\n";
    return r;
  }
  std::string why;
  switch (DecompressBody(req.content_encoding, req.body, max_body_, &plain_, &why)) {
    case DecompressResult::kOk: break;
    case DecompressResult::kTooLarge:
      return Error(413, "body decompresses to more than " + std::to_string(max_body_) + " bytes");
    case DecompressResult::kCorrupt: return Error(400, why);
    case DecompressResult::kUnknownEncoding: return Error(415, why);
  }
  std::string_view path = req.path();
  if (path == "/") {
    size_t mark = out->size();
    bool text = req.content_type.compare(0, 10, "text/plain") == 0;
    LineRecordsCount c = lines_.Append(plain_, text, now, client, out);
    IngestReply r;
    r.status = c.records > c.invalid ? 200 : 400;
    if (r.status == 400) out->resize(mark);  // nothing is taken from a body without a valid record
    size_t taken = r.status == 200 ? c.records : 0;
    r.body = "{\"taken\":" + std::to_string(taken) + ",\"invalid\":" + std::to_string(c.invalid) +
             (r.status == 400 ? ",\"error\":\"no valid record\"" : "") + "}\n";
    return r;
  }
  if (IsProtobuf(req.content_type)) return Error(415, "protobuf is not read: send JSON (application/json)");
  size_t n = 0;
  Status s = path == "/v1/logs" ? AppendOtlpLogs(plain_, now, client, out, &n) : AppendLokiPush(plain_, client, out, &n);
  if (!s.ok()) return Error(400, s.message());
  IngestReply r;
  if (path == "/v1/logs") {
    r.status = 200;
    r.body = "{}\n";
  } else {
    r.status = 204;
  }
  return r;
}

}  // namespace lc
