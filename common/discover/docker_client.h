// DockerClient: the Docker Engine API (and podman's compatible API) over
// its unix socket (or tcp://), through libcurl: CURLOPT_UNIX_SOCKET_PATH,
// one multi handle for everything so the /events stream keeps being read
// while a scan's list and inspect requests are in flight, and a bound on
// how many inspects are in flight at once.
//
// Requests other than the event stream time out (connect 5 s, whole
// request 30 s), so a hung engine cannot freeze discovery.
#ifndef LC_COMMON_DOCKER_CLIENT_H_
#define LC_COMMON_DOCKER_CLIENT_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/discover/container_api.h"
#include "common/base/status.h"

namespace lc {

struct DockerClientOptions {
  std::string host;             // "unix:///var/run/docker.sock", "tcp://h:2375"
  size_t max_inspects = 8;      // inspect requests in flight at once
  int wake_fd = -1;             // readable = end a wait early (read empty here)
  long request_timeout_ms = 30000;
};

class DockerClient : public ContainerApi {
 public:
  // InvalidArgument if the host is not unix:///abs/path, tcp://h:p or http://h:p.
  static Status Create(const DockerClientOptions& opt, std::unique_ptr<DockerClient>* out);
  ~DockerClient() override;

  std::string Describe() const override { return opt_.host; }
  Status Version(std::string* runtime) override;
  Status Subscribe() override;
  Status WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) override;
  void CloseEvents() override;
  void Sleep(int64_t ns) override;
  Status List(bool all, std::vector<std::string>* ids) override;
  void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) override;

  struct Response {
    Status status;  // transport error (cannot connect, timeout), or OK
    long code = 0;  // HTTP status
    std::string body;
  };
  // GETs `paths`, at most `max_in_flight` at once; results in order.
  void GetMany(const std::vector<std::string>& paths, size_t max_in_flight, std::vector<Response>* out);

  struct Transfer;
  // Called by libcurl with bytes of the event stream; false aborts it.
  bool OnStreamData(const char* p, size_t len);

 private:
  explicit DockerClient(const DockerClientOptions& opt);
  Transfer* Start(const std::string& path, bool stream);
  void Finish(Transfer* t);
  // Runs the transfers; waits up to `timeout_ms` for something to happen.
  void Pump(int timeout_ms);
  Response Get(const std::string& path);
  Status StreamError() const;
  void TakeEvents(std::vector<RuntimeEvent>* events);

  DockerClientOptions opt_;
  std::string socket_path_;  // for unix://
  std::string base_url_;     // "http://localhost" or "http://h:p"
  void* multi_ = nullptr;    // CURLM*
  Transfer* stream_ = nullptr;
  std::string stream_buf_;
  std::deque<std::string> stream_lines_;
  bool stream_overflow_ = false;
  bool woke_ = false;
};

// The engine to talk to: `flag` if given, else $DOCKER_HOST, else (for
// runtime "auto") the first of the usual Docker and podman sockets under
// `host_root` that answers, else the Docker default.
std::string ChooseDockerHost(const std::string& runtime, const std::string& flag, const std::string& host_root);

}  // namespace lc

#endif  // LC_COMMON_DOCKER_CLIENT_H_
