#include "common/listen/http_connection.h"

namespace lc {

void HttpConnection::Reply(const IngestReply& r, bool close) {
  out_ += FormatHttpReply(r, close);
  if (close) closing_ = true;
}

void HttpConnection::OnData(std::string_view data, int64_t now, std::string* records) {
  if (closing_) return;
  in_.append(data.data(), data.size());
  while (!closing_) {
    HttpRequestParser::Result r = parser_.Parse(&in_);
    if (r == HttpRequestParser::kNeedMore) break;
    if (r == HttpRequestParser::kError) {
      Reply(HttpErrorReply(parser_.error_status(), parser_.error()), true);
      break;
    }
    const IncomingRequest& req = parser_.request();
    if (r == HttpRequestParser::kHead) {
      IngestReply early = ingest_->CheckHead(req);
      if (early.status != 0 && !(early.status == 200 && req.path() == "/ready")) {
        // Refused before its body: the body would follow on this
        // connection, so the connection ends with the reply.
        Reply(early, true);
      } else if (req.expect_continue) {
        out_ += "HTTP/1.1 100 Continue\r\n\r\n";
      }
      continue;
    }
    Reply(ingest_->Handle(req, now, peer_, records), !req.keep_alive);
  }
}

}  // namespace lc
