#include "common/discover/docker_client.h"

#include <curl/curl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "common/discover/docker_reply.h"

namespace lc {
namespace {

// A line of the event stream longer than this is not an event: give up on
// the stream (and resubscribe) rather than buffer without bound.
constexpr size_t kMaxEventLine = 4 << 20;
constexpr size_t kMaxBody = 256 << 20;

int64_t MonoMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct DockerClient::Transfer {
  DockerClient* owner = nullptr;
  CURL* easy = nullptr;
  bool stream = false;
  bool head_done = false;
  bool done = false;
  bool overflow = false;
  CURLcode result = CURLE_OK;
  long code = 0;
  long os_errno = 0;
  std::string body;
  char errbuf[CURL_ERROR_SIZE] = {};
};

namespace {

size_t OnData(char* p, size_t size, size_t n, void* arg) {
  auto* t = static_cast<DockerClient::Transfer*>(arg);
  size_t len = size * n;
  if (!t->stream) {
    if (t->body.size() + len > kMaxBody) {
      t->overflow = true;
      return 0;
    }
    t->body.append(p, len);
    return len;
  }
  return t->owner->OnStreamData(p, len) ? len : 0;
}

size_t OnHeader(char* p, size_t size, size_t n, void* arg) {
  auto* t = static_cast<DockerClient::Transfer*>(arg);
  size_t len = size * n;
  if ((len == 2 && p[0] == '\r' && p[1] == '\n') || (len == 1 && p[0] == '\n')) t->head_done = true;
  return len;
}

}  // namespace

bool DockerClient::OnStreamData(const char* p, size_t len) {
  stream_buf_.append(p, len);
  size_t start = 0;
  for (size_t nl; (nl = stream_buf_.find('\n', start)) != std::string::npos; start = nl + 1) {
    if (nl > start) stream_lines_.emplace_back(stream_buf_, start, nl - start);
  }
  stream_buf_.erase(0, start);
  if (stream_buf_.size() > kMaxEventLine) {
    stream_overflow_ = true;
    return false;
  }
  return true;
}

Status DockerClient::Create(const DockerClientOptions& opt, std::unique_ptr<DockerClient>* out) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<DockerClient> c(new DockerClient(opt));
  const std::string& h = opt.host;
  if (h.compare(0, 7, "unix://") == 0 && h.size() > 8 && h[7] == '/') {
    c->socket_path_ = h.substr(7);
    c->base_url_ = "http://localhost";
  } else if (h.compare(0, 6, "tcp://") == 0 && h.size() > 6) {
    c->base_url_ = "http://" + h.substr(6);
  } else if (h.compare(0, 7, "http://") == 0 && h.size() > 7) {
    c->base_url_ = h;
  } else {
    return Status::InvalidArgument(
        "'" + h + "': not an engine address (want unix:///path/to.sock, tcp://host:port or http://host:port)");
  }
  while (c->base_url_.size() > 7 && c->base_url_.back() == '/') c->base_url_.pop_back();
  c->multi_ = curl_multi_init();
  if (c->multi_ == nullptr) return Status::IOError(h + ": cannot initialise libcurl");
  curl_multi_setopt(c->multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(opt.max_inspects + 2));
  *out = std::move(c);
  return Status::OK();
}

DockerClient::DockerClient(const DockerClientOptions& opt) : opt_(opt) {
  if (opt_.max_inspects == 0) opt_.max_inspects = 1;
}

DockerClient::~DockerClient() {
  CloseEvents();
  if (multi_ != nullptr) curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

DockerClient::Transfer* DockerClient::Start(const std::string& path, bool stream) {
  auto* t = new Transfer;
  t->owner = this;
  t->stream = stream;
  t->easy = curl_easy_init();
  CURL* e = t->easy;
  std::string url = base_url_ + path;
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  if (!socket_path_.empty()) curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, socket_path_.c_str());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, stream ? 0L : opt_.request_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_multi_add_handle(static_cast<CURLM*>(multi_), e);
  return t;
}

void DockerClient::Finish(Transfer* t) {
  curl_multi_remove_handle(static_cast<CURLM*>(multi_), t->easy);
  curl_easy_cleanup(t->easy);
  delete t;
}

void DockerClient::Pump(int timeout_ms) {
  CURLM* m = static_cast<CURLM*>(multi_);
  struct curl_waitfd wake = {};
  int nextra = 0;
  if (opt_.wake_fd >= 0) {
    wake.fd = opt_.wake_fd;
    wake.events = CURL_WAIT_POLLIN;
    nextra = 1;
  }
  curl_multi_poll(m, nextra ? &wake : nullptr, nextra, std::max(timeout_ms, 0), nullptr);
  if (nextra && (wake.revents & CURL_WAIT_POLLIN)) {
    char buf[64];
    while (read(opt_.wake_fd, buf, sizeof buf) > 0) {
    }
    woke_ = true;
  }
  int running = 0;
  curl_multi_perform(m, &running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
    t->done = true;
    t->result = msg->data.result;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->code);
    curl_easy_getinfo(msg->easy_handle, CURLINFO_OS_ERRNO, &t->os_errno);
  }
}

// "cannot connect: Connection refused", "timed out", ...
static std::string TransportError(const DockerClient::Transfer* t) {
  if (t->result == CURLE_COULDNT_CONNECT && t->os_errno != 0) {
    return std::string("cannot connect: ") + std::strerror(static_cast<int>(t->os_errno));
  }
  if (t->errbuf[0] != '\0') return t->errbuf;
  return curl_easy_strerror(t->result);
}

void DockerClient::GetMany(const std::vector<std::string>& paths, size_t max_in_flight,
                           std::vector<Response>* out) {
  out->assign(paths.size(), Response{});
  std::vector<Transfer*> active;
  size_t next = 0;
  std::vector<size_t> index;
  while (next < paths.size() || !active.empty()) {
    while (active.size() < std::max<size_t>(max_in_flight, 1) && next < paths.size()) {
      active.push_back(Start(paths[next], false));
      index.push_back(next++);
    }
    Pump(1000);
    for (size_t i = 0; i < active.size();) {
      Transfer* t = active[i];
      if (!t->done) {
        ++i;
        continue;
      }
      Response& r = (*out)[index[i]];
      if (t->overflow) {
        r.status = Status::IOError("response larger than " + std::to_string(kMaxBody >> 20) + " MiB");
      } else if (t->result != CURLE_OK) {
        r.status = Status::IOError(TransportError(t));
      }
      r.code = t->code;
      r.body = std::move(t->body);
      Finish(t);
      active.erase(active.begin() + i);
      index.erase(index.begin() + i);
    }
  }
}

DockerClient::Response DockerClient::Get(const std::string& path) {
  std::vector<Response> r;
  GetMany({path}, 1, &r);
  return std::move(r[0]);
}

Status DockerClient::Version(std::string* runtime) {
  Response r = Get("/version");
  if (!r.status.ok()) return Status::IOError(opt_.host + ": " + r.status.message());
  if (r.code != 200) {
    return Status::IOError(opt_.host + ": /version: HTTP " + std::to_string(r.code) + ": " + EngineMessage(r.body));
  }
  return ParseEngineVersion(r.body, opt_.host + ": /version", runtime);
}

Status DockerClient::Subscribe() {
  CloseEvents();
  // Only container events; which actions matter is decided by the reader,
  // as podman's names differ from Docker's for some ("died", "remove").
  stream_ = Start("/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D", true);
  while (!stream_->done && !stream_->head_done) Pump(1000);
  if (!stream_->done) {
    long code = 0;
    curl_easy_getinfo(stream_->easy, CURLINFO_RESPONSE_CODE, &code);
    if (code == 200) return Status::OK();
    // A refusal with a body: read it to the end for the message.
    while (!stream_->done) Pump(1000);
  }
  Status s = StreamError();
  CloseEvents();
  return s;
}

Status DockerClient::StreamError() const {
  const Transfer* t = stream_;
  if (stream_overflow_) return Status::IOError(opt_.host + ": event stream: a line longer than 4 MiB");
  if (t->result != CURLE_OK) return Status::IOError(opt_.host + ": " + TransportError(t));
  if (t->code != 200) {
    return Status::IOError(opt_.host + ": /events: HTTP " + std::to_string(t->code) + ": " +
                           EngineMessage(stream_buf_));
  }
  return Status::IOError(opt_.host + ": the engine closed the event stream");
}

void DockerClient::CloseEvents() {
  if (stream_ != nullptr) Finish(stream_);
  stream_ = nullptr;
  stream_buf_.clear();
  stream_lines_.clear();
  stream_overflow_ = false;
}

void DockerClient::TakeEvents(std::vector<RuntimeEvent>* events) {
  for (; !stream_lines_.empty(); stream_lines_.pop_front()) {
    RuntimeEvent e;
    if (ParseEngineEvent(stream_lines_.front(), &e)) events->push_back(std::move(e));
  }
}

Status DockerClient::WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) {
  int64_t deadline = MonoMillis() + (timeout_ns + 999'999) / 1'000'000;
  woke_ = false;
  for (;;) {
    TakeEvents(events);
    if (stream_ == nullptr) return Status::IOError(opt_.host + ": not subscribed");
    if (stream_->done) return StreamError();
    int64_t left = deadline - MonoMillis();
    if (!events->empty() || woke_ || left <= 0) return Status::OK();
    Pump(static_cast<int>(std::min<int64_t>(left, 60'000)));
  }
}

void DockerClient::Sleep(int64_t ns) {
  struct pollfd p = {opt_.wake_fd, POLLIN, 0};
  int ms = static_cast<int>(std::min<int64_t>((ns + 999'999) / 1'000'000, 3'600'000));
  if (poll(&p, opt_.wake_fd >= 0 ? 1 : 0, ms) > 0) {
    char buf[64];
    while (read(opt_.wake_fd, buf, sizeof buf) > 0) {
    }
  }
}

Status DockerClient::List(bool all, std::vector<std::string>* ids) {
  Response r = Get(all ? "/containers/json?all=1" : "/containers/json");
  if (!r.status.ok()) return Status::IOError(opt_.host + ": " + r.status.message());
  if (r.code != 200) {
    return Status::IOError(opt_.host + ": /containers/json: HTTP " + std::to_string(r.code) + ": " +
                           EngineMessage(r.body));
  }
  return ParseContainerList(r.body, opt_.host + ": /containers/json", ids);
}

void DockerClient::Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) {
  std::vector<std::string> paths;
  paths.reserve(ids.size());
  for (const std::string& id : ids) {
    char* esc = curl_easy_escape(nullptr, id.c_str(), static_cast<int>(id.size()));
    paths.push_back("/containers/" + std::string(esc ? esc : "") + "/json");
    curl_free(esc);
  }
  std::vector<Response> rs;
  GetMany(paths, opt_.max_inspects, &rs);
  out->clear();
  for (size_t i = 0; i < ids.size(); ++i) {
    Inspected in;
    in.id = ids[i];
    Response& r = rs[i];
    if (!r.status.ok()) {
      in.status = Status::IOError(opt_.host + ": inspect " + ids[i] + ": " + r.status.message());
    } else if (r.code == 404) {
      in.status = Status::NotFound(ids[i] + ": no such container");
    } else if (r.code != 200) {
      in.status = Status::IOError(opt_.host + ": inspect " + ids[i] + ": HTTP " + std::to_string(r.code) + ": " +
                                  EngineMessage(r.body));
    } else {
      in.body = std::move(r.body);
    }
    out->push_back(std::move(in));
  }
}

std::string ChooseDockerHost(const std::string& runtime, const std::string& flag, const std::string& host_root) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("DOCKER_HOST");
  if (env != nullptr && *env != '\0') return env;
  std::string root = host_root;
  while (!root.empty() && root.back() == '/') root.pop_back();
  std::string docker = "unix://" + root + "/var/run/docker.sock";
  if (runtime != "auto") return docker;
  std::vector<std::string> candidates = {docker, "unix://" + root + "/run/podman/podman.sock"};
  if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); xdg != nullptr && *xdg == '/' && root.empty()) {
    candidates.push_back(std::string("unix://") + xdg + "/podman/podman.sock");
  }
  for (const std::string& c : candidates) {
    std::unique_ptr<DockerClient> client;
    DockerClientOptions o;
    o.host = c;
    o.request_timeout_ms = 2000;
    std::string rt;
    if (DockerClient::Create(o, &client).ok() && client->Version(&rt).ok()) return c;
  }
  return docker;  // none answers yet: wait for Docker, the common case
}

}  // namespace lc
