// FakeHttpPoster: an HttpPoster that answers from a script and keeps what it
// was sent, for the unit tests of the protocol sinks (no network).
#ifndef LC_COMMON_FAKE_HTTP_POSTER_H_
#define LC_COMMON_FAKE_HTTP_POSTER_H_

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "common/ship/http_poster.h"

namespace lc {

class FakeHttpPoster : public HttpPoster {
 public:
  struct Step {
    Status transport;  // non-OK: the POST failed, no reply
    HttpReply reply;
  };
  struct Request {
    std::string method, path, content_type, content_encoding, body;
  };

  // Answers in order; once the script is used up, `fallback` answers.
  void Answer(int status, std::string body = "", int64_t retry_after_nanos = 0) {
    Step s;
    s.reply.status = status;
    s.reply.body = std::move(body);
    s.reply.retry_after_nanos = retry_after_nanos;
    script_.push_back(std::move(s));
  }
  void FailTransport(const std::string& why) {
    Step s;
    s.transport = Status::IOError(why);
    script_.push_back(std::move(s));
  }
  // For an answer that depends on the request (e.g. one bulk item per
  // record): called when the script is empty.
  std::function<HttpReply(const Request&)> fallback = [](const Request&) {
    HttpReply r;
    r.status = 200;
    return r;
  };

  Status Send(const HttpRequest& rq, HttpReply* reply) override {
    requests.push_back(Request{rq.method, rq.path, rq.content_type, rq.content_encoding, std::string(rq.body)});
    if (script_.empty()) {
      *reply = fallback(requests.back());
      return Status::OK();
    }
    Step s = std::move(script_.front());
    script_.pop_front();
    if (!s.transport.ok()) return s.transport;
    *reply = std::move(s.reply);
    return Status::OK();
  }
  std::string Describe() const override { return "http://fake"; }

  std::vector<Request> requests;

 private:
  std::deque<Step> script_;
};

}  // namespace lc

#endif  // LC_COMMON_FAKE_HTTP_POSTER_H_
