// S3Sink: the `s3://BUCKET/PREFIX` sink (AWS S3) and `s3+http(s)://HOST:PORT/
// BUCKET/PREFIX` (S3-compatible stores: MinIO, OSS, Ceph, s3rver): one object
// per batch, PUT through the HTTP skeleton (common/ship/sinks/
// http_protocol_sink.h: its status table, Retry-After, 413 halving), signed
// with AWS Signature V4 by libcurl (CURLOPT_AWS_SIGV4).
//
// An object is named like the archive sink's files:
//   PREFIX/YYYY/MM/DD/HH/<first>-<last>.ndjson[.gz|.zst]
// (hour of the first record's "time", UTC, else the clock's; <first>/<last>
// 16-hex-digit hashes of the first and last records' lc.cursor, or of the
// first record and of the whole range when one has none), so a batch sent
// again overwrites itself.  The body is the records as NDJSON, compressed as
// --compress says (the name says how; no Content-Encoding, so a reader gets
// the object's bytes as stored).  The batch commits only after the PUT was
// answered 2xx.
//
// Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
// (optional), else the [AWS_PROFILE or default] section of the shared
// credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials);
// the region is AWS_REGION, AWS_DEFAULT_REGION, else us-east-1.  They are
// never printed.
#ifndef LC_COMMON_SINK_S3_H_
#define LC_COMMON_SINK_S3_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/base/clock.h"
#include "common/base/status.h"
#include "common/ship/http_poster.h"
#include "common/ship/sinks/http_protocol_sink.h"

namespace lc {

class S3Protocol : public HttpProtocol {
 public:
  // `key_prefix`: "BUCKET" or "BUCKET/PREFIX" (no slash at either end).
  S3Protocol(std::string key_prefix, std::string compress);
  void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos, std::string* scratch,
              HttpRequest* request) override;
  bool CompressionIsContentEncoding() const override { return false; }

 private:
  std::string key_prefix_, ext_;
};

class S3Sink : public HttpProtocolSink {
 public:
  S3Sink(std::unique_ptr<HttpPoster> poster, const std::string& key_prefix,
         const std::string& compress, Clock* clock, int compress_level = 0)
      : HttpProtocolSink(std::move(poster), std::make_unique<S3Protocol>(key_prefix, compress),
                         compress, clock, compress_level) {}
};

struct S3Credentials {
  std::string key_id, secret, session_token, region;
};
// From the environment (`getenv`), else the shared credentials file.
// InvalidArgument when none are found (the message names where it looked,
// never a secret).
Status LoadS3Credentials(const std::function<const char*(const char*)>& getenv,
                         S3Credentials* out);

// Parses an s3:// or s3+http(s):// URL (curl_url) and builds the sink with
// `http` (--header, --tls-*, --compress, timeout) and the credentials.
// InvalidArgument naming the URL (without credentials) when it is malformed.
Status NewS3Sink(const std::string& url, const HttpOptions& http, const S3Credentials& creds,
                 Clock* clock, std::unique_ptr<Sink>* out);

}  // namespace lc

#endif  // LC_COMMON_SINK_S3_H_
