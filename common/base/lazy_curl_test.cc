#include "common/base/lazy_curl.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <string>

namespace lc {
namespace {

size_t Collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

}  // namespace

// Each kind of variadic argument reaches libcurl as the type its option
// says: a long (RESUME_FROM), a pointer (URL, WRITEDATA), a function
// (WRITEFUNCTION), a curl_off_t (RESUME_FROM_LARGE), and getinfo's pointer.
TEST(LazyCurl, ForwardsEveryKindOfArgument) {
  char path[] = "/tmp/lazy_curl_test.XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(11, write(fd, "hello world", 11));
  close(fd);
  ASSERT_EQ(CURLE_OK, curl_global_init(CURL_GLOBAL_DEFAULT));
  CURL* h = curl_easy_init();
  ASSERT_NE(nullptr, h);
  EXPECT_TRUE(CurlLoaded());
  std::string got;
  std::string url = std::string("file://") + path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &got);
  curl_easy_setopt(h, CURLOPT_RESUME_FROM, 6L);
  EXPECT_EQ(CURLE_OK, curl_easy_perform(h));
  EXPECT_EQ("world", got);
  curl_off_t size = -1;
  EXPECT_EQ(CURLE_OK, curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &size));
  EXPECT_EQ(5, size);
  curl_easy_reset(h);
  got.clear();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &got);
  curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(2));
  EXPECT_EQ(CURLE_OK, curl_easy_perform(h));
  EXPECT_EQ("llo world", got);
  EXPECT_STREQ("Maximum file size exceeded", curl_easy_strerror(CURLE_FILESIZE_EXCEEDED));
  char* esc = curl_easy_escape(h, "a b", 3);
  EXPECT_STREQ("a%20b", esc);
  curl_free(esc);
  curl_easy_cleanup(h);
  CURLM* m = curl_multi_init();
  ASSERT_NE(nullptr, m);
  EXPECT_EQ(CURLM_OK, curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 3L));
  EXPECT_EQ(CURLM_OK, curl_multi_cleanup(m));
  unlink(path);
}

}  // namespace lc
