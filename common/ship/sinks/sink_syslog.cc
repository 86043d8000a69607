#include "common/ship/sinks/sink_syslog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_fields.h"
#include "common/ship/sinks/sink_otlp.h"

namespace lc {

namespace {

const char* const kFacilities[] = {"kern",   "user",   "mail",   "daemon", "auth",   "syslog",
                                   "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
                                   "ntp",    "audit",  "alert",  "clock",  "local0", "local1",
                                   "local2", "local3", "local4", "local5", "local6", "local7"};

// The syslog severity a level name stands for, or -1.
int SeverityNamed(const std::string& v) {
  static const struct { const char* name; int sev; } kNames[] = {
      {"emerg", 0}, {"emergency", 0}, {"panic", 0}, {"fatal", 0}, {"alert", 1},
      {"crit", 2},  {"critical", 2},  {"err", 3},   {"error", 3}, {"warn", 4},
      {"warning", 4}, {"notice", 5},  {"info", 6},  {"debug", 7}, {"trace", 7}};
  for (const auto& n : kNames)
    if (strcasecmp(v.c_str(), n.name) == 0) return n.sev;
  return -1;
}

// Appends printable ASCII (33..126) of `s`, others as '_', at most `max`.
void AppendPrintable(std::string* out, std::string_view s, size_t max) {
  if (s.empty()) {
    out->push_back('-');
    return;
  }
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = s[i];
    out->push_back(c >= 33 && c <= 126 ? static_cast<char>(c) : '_');
  }
}

// The fields of one record that the message is made of.
struct Fields {
  std::string time, host, k8s_container, container, body;
  std::string level[3];  // level, severity, severity_text
  bool has_body = false;
  std::vector<std::pair<std::string, std::string>> sd;
};

bool IsSdField(const std::string& k) { return IsOtlpResourceField(k) && k.rfind("host.", 0) != 0; }

}  // namespace

int SyslogFacility(std::string_view name) {
  for (int i = 0; i < 24; ++i)
    if (name == kFacilities[i]) return i;
  if (!name.empty() && name.size() <= 2 && name.find_first_not_of("0123456789") == std::string::npos) {
    int n = std::stoi(std::string(name));
    if (n <= 23) return n;
  }
  return -1;
}

void EncodeSyslogFrames(const std::vector<std::string_view>& records, const SyslogFormat& format,
                        int64_t now_nanos, std::string* out) {
  std::string msg;
  Fields f;
  for (std::string_view r : records) {
    f = Fields();
    bool is_object = ForEachJsonMember(r, [&](const JsonMember& m) {
      if (m.type == JsonMember::kNull) return true;
      std::string k = m.KeyText();
      if (k == "body") {
        f.body = m.ValueText();
        f.has_body = true;
      } else if (k == "time") {
        f.time = m.ValueText();
      } else if (k == "host.name") {
        f.host = m.ValueText();
      } else if (k == "level" || k == "severity" || k == "severity_text") {
        f.level[k == "level" ? 0 : k == "severity" ? 1 : 2] = m.ValueText();
      }
      if (k == "k8s.container.name") f.k8s_container = m.ValueText();
      if (k == "container.name") f.container = m.ValueText();
      if (IsSdField(k) || k == "lc.cursor") f.sd.emplace_back(std::move(k), m.ValueText());
      return true;
    });
    if (!is_object) {
      f = Fields();
      f.body.assign(r.data(), r.size());
      f.has_body = true;
    }
    int sev = -1;
    for (const std::string& l : f.level)
      if (sev < 0 && !l.empty()) sev = SeverityNamed(l);
    msg.clear();
    msg.push_back('<');
    msg.append(std::to_string(format.facility * 8 + (sev < 0 ? 6 : sev)));
    msg.append(">1 ");
    int64_t ts = now_nanos;
    int64_t parsed;
    if (!f.time.empty() && ParseRfc3339(f.time.data(), f.time.size(), &parsed)) ts = parsed;
    char buf[30];
    FormatRfc3339Nanos(ts, buf);  // "YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ"
    msg.append(buf, 26);          // through the microseconds
    msg.push_back('Z');
    msg.push_back(' ');
    AppendPrintable(&msg, f.host.empty() ? format.default_host : f.host, 255);
    msg.push_back(' ');
    const std::string& app = !f.k8s_container.empty() ? f.k8s_container : f.container;
    AppendPrintable(&msg, app.empty() ? std::string("lc-ship") : app, 48);
    msg.append(" - - ");
    for (size_t s = 0; s < f.sd.size(); ++s) {
      const auto& [k, v] = f.sd[s];
      msg.append(s ? " " : "[lc@32473 ");
      for (size_t i = 0; i < k.size() && i < 32; ++i) {
        unsigned char c = k[i];
        msg.push_back(c > 32 && c < 127 && c != '=' && c != ']' && c != '"' ? c : '_');
      }
      msg.append("=\"");
      for (char c : v) {
        if (c == '"' || c == '\\' || c == ']') msg.push_back('\\');
        msg.push_back(c);
      }
      msg.push_back('"');
    }
    msg.append(f.sd.empty() ? "- " : "] ");
    if (format.whole_record) {
      msg.append(r.data(), r.size());
    } else if (f.has_body) {
      msg.append(f.body);
    }
    out->append(std::to_string(msg.size()));
    out->push_back(' ');
    out->append(msg);
  }
}

namespace {

int64_t MonoNow() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

int PollMillis(int64_t deadline) {
  int64_t left = deadline - MonoNow();
  if (left <= 0) return 0;
  return static_cast<int>((left + 999'999) / 1'000'000);
}

}  // namespace

void SyslogConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Status SyslogConnection::Fail(const std::string& what, int err) {
  Close();
  return Status::IOError(host_ + ":" + port_ + ": " + what + (err ? std::string(": ") + strerror(err) : ""));
}

Status SyslogConnection::Connect() {
  struct addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo* res = nullptr;
  int rc = getaddrinfo(host_.c_str(), port_.c_str(), &hints, &res);
  if (rc != 0) return Status::IOError(host_ + ":" + port_ + ": " + gai_strerror(rc));
  Status st = Status::IOError(host_ + ":" + port_ + ": no address");
  int64_t deadline = MonoNow() + timeout_nanos_;
  for (struct addrinfo* a = res; a; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int err = 0;
    if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
      err = errno;
      if (err == EINPROGRESS) {
        struct pollfd p = {fd, POLLOUT, 0};
        int n = poll(&p, 1, PollMillis(deadline));
        socklen_t len = sizeof(err);
        if (n <= 0) err = n == 0 ? ETIMEDOUT : errno;
        else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
      }
    }
    if (err == 0) {
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
      fd_ = fd;
      ++connects_;
      st = Status::OK();
      break;
    }
    close(fd);
    st = Status::IOError(host_ + ":" + port_ + ": connect: " + strerror(err));
  }
  freeaddrinfo(res);
  return st;
}

// A syslog receiver never sends: anything readable on the socket is EOF or
// an error, i.e. the peer is gone.
bool SyslogConnection::PeerGone() {
  struct pollfd p = {fd_, POLLIN | POLLRDHUP, 0};
  if (poll(&p, 1, 0) <= 0) return false;
  return (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

Status SyslogConnection::Deliver(std::string_view frames) {
  if (fd_ >= 0 && PeerGone()) Close();
  if (fd_ < 0) {
    Status st = Connect();
    if (!st.ok()) return st;
  }
  int64_t deadline = MonoNow() + timeout_nanos_;
  size_t done = 0;
  while (done < frames.size()) {
    ssize_t n = send(fd_, frames.data() + done, frames.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return Fail("send", errno);
    struct pollfd p = {fd_, POLLOUT, 0};
    int r = poll(&p, 1, PollMillis(deadline));
    if (r == 0) return Fail("send: timed out", 0);
    if (r < 0 && errno != EINTR) return Fail("poll", errno);
  }
  // Step 3: until the peer's TCP has acknowledged every byte.  There is no
  // event for this; poll the queue every millisecond (on a healthy link it
  // drains within a round trip).
  for (;;) {
    int queued = 0;
    if (ioctl(fd_, SIOCOUTQ, &queued) < 0) return Fail("SIOCOUTQ", errno);
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) return Fail("connection", err);
    if (PeerGone()) return Fail("connection closed by peer before confirming", 0);
    if (queued == 0) break;
    if (MonoNow() >= deadline) return Fail("peer did not acknowledge the batch in time", 0);
    struct timespec ms = {0, 1'000'000};
    nanosleep(&ms, nullptr);
  }
  // Step 4: a peer that goes away just after taking our bytes may not have
  // read them.
  if (confirm_nanos_ > 0) {
    struct pollfd p = {fd_, POLLIN | POLLRDHUP, 0};
    int64_t until = MonoNow() + confirm_nanos_;
    int r;
    do {
      r = poll(&p, 1, PollMillis(until));
    } while (r < 0 && errno == EINTR);
    if (r > 0) return Fail("connection closed by peer after the batch", 0);
  }
  return Status::OK();
}

SendResult SyslogSink::Send(const Batch& batch) {
  std::string frames;
  EncodeSyslogFrames(batch.Views(), format_, clock_->NowNanos(), &frames);
  Status st = conn_.Deliver(frames);
  return st.ok() ? SendResult::AllDelivered() : SendResult::Failed(st);
}

}  // namespace lc
