#include "common/ship/sinks/http_protocol_sink.h"

#include <algorithm>
#include <utility>


namespace lc {

HttpVerdict ClassifyHttpStatus(int status) {
  if (status >= 200 && status < 300) return HttpVerdict::kDelivered;
  if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600))
    return HttpVerdict::kRetry;
  if (status == 401 || status == 403) return HttpVerdict::kAuthRetry;
  if (status == 413) return HttpVerdict::kSplit;
  return HttpVerdict::kRefuse;
}

HttpProtocolSink::HttpProtocolSink(std::unique_ptr<HttpPoster> poster,
                                   std::unique_ptr<HttpProtocol> protocol, std::string compress,
                                   Clock* clock, int compress_level)
    : poster_(std::move(poster)),
      protocol_(std::move(protocol)),
      compress_(compress == "none" ? std::string() : std::move(compress)),
      compress_level_(compress_level),
      clock_(clock) {}

namespace {

// The first bytes of an answer, on one line, for a message.
std::string Snippet(const std::string& body) {
  std::string s = body.substr(0, 300);
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

void HttpProtocolSink::SendRange(const Batch& batch, size_t begin, size_t end, SendResult* r) {
  HttpRequest rq;
  body_.clear();
  protocol_->Encode(batch, begin, end, clock_->NowNanos(), &body_, &rq);
  if (!compress_.empty()) {
    Status st = compressor_ ? Status::OK() : Compressor::New(compress_, compress_level_, &compressor_);
    if (st.ok()) st = compressor_->Compress(rq.body, &compressed_);
    if (!st.ok()) {  // not the server's fault, and not going to change
      r->Mark(begin, end, SendResult::kReject, st.message());
      return;
    }
    rq.body = compressed_;
    if (protocol_->CompressionIsContentEncoding()) rq.content_encoding = compress_;
  }
  HttpReply reply;
  Status st = poster_->Send(rq, &reply);
  const std::string where = poster_->Describe() + rq.path;
  if (!st.ok()) {
    r->Mark(begin, end, SendResult::kRetry, st.message());
    return;
  }
  HttpVerdict v = ClassifyHttpStatus(reply.status);
  if (v == HttpVerdict::kDelivered) {
    r->Mark(begin, end, SendResult::kDelivered, std::string());
    protocol_->Accepted(reply, where, begin, end, r);
    return;
  }
  if (v == HttpVerdict::kSplit && end - begin > 1) {
    size_t mid = begin + (end - begin) / 2;
    SendRange(batch, begin, mid, r);
    SendRange(batch, mid, end, r);
    return;
  }
  std::string why = where + ": HTTP " + std::to_string(reply.status);
  std::string snippet = Snippet(reply.body);
  if (!snippet.empty()) why += " " + snippet;
  switch (v) {
    case HttpVerdict::kRetry:
      r->retry_after_nanos = std::max(r->retry_after_nanos, reply.retry_after_nanos);
      r->Mark(begin, end, SendResult::kRetry, why);
      return;
    case HttpVerdict::kAuthRetry:
      r->retry_after_nanos = std::max(r->retry_after_nanos, reply.retry_after_nanos);
      r->Mark(begin, end, SendResult::kRetry,
              why + " -- THE SERVER REFUSED OUR CREDENTIALS: records are kept and resent until "
                    "an operator fixes them (--auth-file, --header, AWS_* variables)");
      return;
    case HttpVerdict::kSplit:  // one record, still too large
      r->Mark(begin, end, SendResult::kReject, why + " (a single record too large for the server)");
      return;
    default:
      refused_ = true;
      if (refusals_ + 1 >= kRefuseAfterTries) {
        r->Mark(begin, end, SendResult::kReject,
                why + " (refused " + std::to_string(kRefuseAfterTries) + " times in a row)");
      } else {
        r->Mark(begin, end, SendResult::kRetry,
                why + " (try " + std::to_string(refusals_ + 1) + " of " +
                    std::to_string(kRefuseAfterTries) + " before dead-lettering)");
      }
      return;
  }
}

SendResult HttpProtocolSink::Send(const Batch& batch) {
  SendResult r = SendResult::PerRecord(batch.size());
  refused_ = false;
  if (!batch.empty()) SendRange(batch, 0, batch.size(), &r);
  refusals_ = refused_ ? refusals_ + 1 : 0;
  if (refusals_ >= kRefuseAfterTries) refusals_ = 0;
  return FinishResult(std::move(r));
}

}  // namespace lc
