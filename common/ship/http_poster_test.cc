#include "common/ship/http_poster.h"


#include <gtest/gtest.h>

#include "common/base/clock.h"

namespace lc {

TEST(HttpPoster, RetryAfterSecondsAndDates) {
  EXPECT_EQ(0, ParseRetryAfter("", 0));
  EXPECT_EQ(0, ParseRetryAfter("soon", 0));
  EXPECT_EQ(2 * kSeconds, ParseRetryAfter(" 2\r\n", 0));
  EXPECT_EQ(3600 * kSeconds, ParseRetryAfter("99999999", 0));
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
  int64_t date = 1445412480LL * kSeconds;
  EXPECT_EQ(30 * kSeconds, ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", date - 30 * kSeconds));
  EXPECT_EQ(0, ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", date + kSeconds));  // past
}

TEST(HttpPoster, AuthFileMustBeOneReadableLine) {
  HttpOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.auth_file = "/nonexistent/auth";
  std::unique_ptr<HttpPoster> p;
  Status st = NewCurlPoster(o, &p);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_EQ(0u, st.message().find("/nonexistent/auth: "));
  o.auth_file.clear();
  o.compress = "lz4";
  EXPECT_TRUE(NewCurlPoster(o, &p).IsInvalidArgument());
  o.compress = "gzip";
  o.base_url = "http://user:secret@127.0.0.1:1/es/";
  ASSERT_TRUE(NewCurlPoster(o, &p).ok());
  EXPECT_EQ("http://127.0.0.1:1/es", p->Describe());  // no credentials in messages
  HttpReply reply;
  HttpRequest rq;
  rq.path = "/x";
  rq.content_type = "text/plain";
  rq.body = "hi";
  Status post = p->Send(rq, &reply);
  EXPECT_TRUE(post.IsIOError());  // nothing listens on port 1
  EXPECT_EQ(std::string::npos, post.message().find("secret"));
}

}  // namespace lc
