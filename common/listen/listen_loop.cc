#include "common/listen/listen_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

#include "common/base/host_name.h"
#include "common/listen/http_connection.h"
#include "common/listen/http_ingest.h"
#include "common/listen/syslog_framer.h"
#include "common/listen/syslog_record.h"
#include "common/listen/tls_server.h"

namespace lc {
namespace {

enum class Role { kWake, kUdp, kUnix, kTcpListen, kTcp, kHttpListen, kHttp };

struct Handle {
  Role role;
  int fd;
  std::string peer;                      // kTcp: the sender's address
  std::unique_ptr<SyslogFramer> framer;  // kTcp
  std::unique_ptr<HttpConnection> http;  // kHttp
  bool want_write = false;               // kHttp: EPOLLOUT asked for
  bool lingering = false;                // kHttp: last reply sent, reading the rest to its end
  size_t discarded = 0;                  // kHttp: bytes read while lingering
  int64_t active = 0;                    // kHttp: monotonic time of its last event
  bool tls_listener = false;             // k*Listen: its connections speak TLS
  std::unique_ptr<TlsSession> tls;       // kTcp, kHttp: the connection's TLS, if any
};

// read(2) and write(2), through the connection's TLS if it has one.
ssize_t Recv(Handle* h, char* buf, size_t n) { return h->tls ? h->tls->Read(buf, n) : read(h->fd, buf, n); }
ssize_t Send(Handle* h, const char* p, size_t n) {
  return h->tls ? h->tls->Write(p, n) : send(h->fd, p, n, MSG_NOSIGNAL);
}

constexpr int kBatch = 32;         // datagrams per recvmmsg
constexpr int kReadRounds = 8;     // reads of one socket before the others get a turn
constexpr int kDrainRounds = 256;  // reads of one socket at stop

// The IP of a socket address, "" for anything else.
std::string AddressText(const sockaddr_storage& ss) {
  char ip[INET6_ADDRSTRLEN] = "";
  if (ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, ip, sizeof ip);
  } else if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, ip, sizeof ip);
  }
  return ip;
}

}  // namespace

struct ListenLoop::Impl {
  ListenOptions opt;
  RecordSink* out;
  Clock* clock;
  bool paused = false;  // the sink is full: sockets are not read
  int ep = -1;
  std::unordered_map<int, std::unique_ptr<Handle>> handles;
  std::vector<Handle*> stream_listeners;
  std::vector<std::string> unix_paths;  // our sockets' files, removed at the end
  size_t connections = 0;
  bool accepting = true;
  SyslogRecordEncoder encoder;
  HttpIngest ingest;
  std::unique_ptr<TlsServer> tls;  // loaded with the first TLS URL
  std::vector<int> replies;  // HTTP connections with replies to send after the next flush
  std::string scratch;
  std::string local_host = HostName();
  int64_t now = 0;
  int64_t next_sweep = 0;  // monotonic time of the next look for idle HTTP connections
  Status write_error;
  // recvmmsg's buffers, and the last datagram sender's address as text.
  size_t dgram_size = 0;
  std::unique_ptr<char[]> dgrams;
  mmsghdr msgs[kBatch];
  iovec iovs[kBatch];
  sockaddr_storage addrs[kBatch];
  sockaddr_storage last_addr = {};
  std::string last_peer;
  char rbuf[64 * 1024];

  Impl(const ListenOptions& o, RecordSink* w, Clock* c)
      : opt(o), out(w), clock(c), ingest(o.max_body_bytes, o.bearer_token) {
    ep = epoll_create1(EPOLL_CLOEXEC);
    dgram_size = opt.max_message_bytes < 65535 ? opt.max_message_bytes : 65535;
    dgrams.reset(new char[dgram_size * kBatch]);
  }
  ~Impl() {
    for (auto& [fd, h] : handles) close(fd);
    if (ep >= 0) close(ep);
    for (const std::string& p : unix_paths) unlink(p.c_str());
  }

  Handle* Add(Role role, int fd) {
    auto h = std::make_unique<Handle>();
    h->role = role;
    h->fd = fd;
    Handle* p = h.get();
    handles[fd] = std::move(h);
    epoll_event ev = {};
    ev.events = paused && role == Role::kTcp ? 0u : uint32_t{EPOLLIN};
    ev.data.ptr = p;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    return p;
  }

  void Remove(Handle* h) {
    h->tls.reset();  // its close_notify goes out before the socket closes
    epoll_ctl(ep, EPOLL_CTL_DEL, h->fd, nullptr);
    close(h->fd);
    if (h->role == Role::kTcp || h->role == Role::kHttp) connections--;
    handles.erase(h->fd);
  }

  void Emit(std::string_view raw, bool truncated, const SyslogPeer& peer) {
    scratch.clear();
    encoder.Append(raw, truncated, now, peer, &scratch);
    out->Append(scratch);
  }

  // Reads up to `rounds` batches of datagrams.
  void ReadDatagrams(Handle* h, int rounds) {
    const bool unix = h->role == Role::kUnix;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < kBatch; i++) {
        iovs[i] = {dgrams.get() + i * dgram_size, dgram_size};
        msgs[i].msg_hdr = {};
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = unix ? nullptr : &addrs[i];
        msgs[i].msg_hdr.msg_namelen = unix ? 0 : sizeof addrs[i];
      }
      int n = recvmmsg(h->fd, msgs, kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) return;
      for (int i = 0; i < n; i++) {
        SyslogPeer peer{unix ? "unix" : "udp", "", unix ? std::string_view(local_host) : std::string_view()};
        if (!unix) {
          if (msgs[i].msg_hdr.msg_namelen != 0 && memcmp(&addrs[i], &last_addr, msgs[i].msg_hdr.msg_namelen) != 0) {
            last_addr = addrs[i];
            last_peer = AddressText(addrs[i]);
          }
          peer.address = last_peer;
        }
        bool cut = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
        Emit(std::string_view(dgrams.get() + i * dgram_size, msgs[i].msg_len), cut, peer);
      }
      if (n < kBatch) return;
    }
  }

  void Accept(Handle* l) {
    while (accepting) {
      if (connections >= opt.max_connections) {
        PauseAccepting();
        return;
      }
      sockaddr_storage ss = {};
      socklen_t len = sizeof ss;
      int fd = accept4(l->fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) PauseAccepting();
        return;
      }
      Handle* h = Add(l->role == Role::kTcpListen ? Role::kTcp : Role::kHttp, fd);
      h->peer = AddressText(ss);
      if (l->tls_listener) h->tls = tls->Accept(fd);
      if (h->role == Role::kTcp) {
        h->framer = std::make_unique<SyslogFramer>(opt.max_message_bytes);
      } else {
        h->http = std::make_unique<HttpConnection>(&ingest, h->peer, opt.max_body_bytes);
        h->active = clock->MonoNanos();
      }
      connections++;
    }
  }

  void PauseAccepting() {
    for (Handle* l : stream_listeners) epoll_ctl(ep, EPOLL_CTL_DEL, l->fd, nullptr);
    accepting = false;
  }
  void ResumeAccepting() {
    for (Handle* l : stream_listeners) {
      epoll_event ev = {};
      ev.events = EPOLLIN;
      ev.data.ptr = l;
      epoll_ctl(ep, EPOLL_CTL_ADD, l->fd, &ev);
    }
    accepting = true;
  }

  // Reads up to `rounds` times; at the end of the stream (or an error) hands
  // out the frame in progress and closes the connection.
  void ReadTcp(Handle* h, int rounds) {
    SyslogPeer peer{"tcp", h->peer, ""};
    auto emit = [&](std::string_view m, bool cut) { Emit(m, cut, peer); };
    for (int r = 0; r < rounds; r++) {
      ssize_t n = Recv(h, rbuf, sizeof rbuf);
      if (n > 0) {
        h->framer->Feed(std::string_view(rbuf, static_cast<size_t>(n)), emit);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
      h->framer->Finish(emit);
      Remove(h);
      return;
    }
  }

  // Reads HTTP requests; their records go out, their replies wait for the
  // flush (SendReplies).  At the end of the stream, or once a reply ends
  // the connection, reading stops.
  void ReadHttp(Handle* h, int rounds) {
    for (int r = 0; r < rounds && (h->lingering || !h->http->closing()); r++) {
      ssize_t n = Recv(h, rbuf, sizeof rbuf);
      if (n > 0 && h->lingering) {
        // What a refused request still sends is read and dropped, so that
        // closing does not reset the connection before the client has read
        // its reply; a client that sends on and on is cut off.
        h->discarded += static_cast<size_t>(n);
        if (h->discarded > opt.max_body_bytes) {
          Remove(h);
          return;
        }
        continue;
      }
      if (n > 0) {
        scratch.clear();
        h->http->OnData(std::string_view(rbuf, static_cast<size_t>(n)), now, &scratch);
        out->Append(scratch);
        if (!h->http->pending().empty()) replies.push_back(h->fd);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
      if (h->lingering || h->http->pending().empty()) {
        Remove(h);
      } else {
        shutdown(h->fd, SHUT_RD);
        Watch(h, false, true);
      }
      return;
    }
    if (!h->lingering && h->http->closing()) Watch(h, false, !h->http->pending().empty());
  }

  void Watch(Handle* h, bool in, bool outp) {
    epoll_event ev = {};
    ev.events = (in ? uint32_t{EPOLLIN} : 0u) | (outp ? uint32_t{EPOLLOUT} : 0u);
    ev.data.ptr = h;
    h->want_write = outp;
    epoll_ctl(ep, EPOLL_CTL_MOD, h->fd, &ev);
  }

  // Sends what an HTTP connection has to say; closes it when its last
  // reply is sent.
  void SendPending(Handle* h) {
    std::string& p = h->http->pending();
    while (!p.empty()) {
      ssize_t n = Send(h, p.data(), p.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      if (n <= 0) {
        Remove(h);
        return;
      }
      p.erase(0, static_cast<size_t>(n));
    }
    bool closing = h->http->closing();
    if (p.empty() && closing) {
      if (!h->lingering) {
        shutdown(h->fd, SHUT_WR);
        h->lingering = true;
        Watch(h, true, false);
      }
    } else if (h->want_write != !p.empty()) {
      Watch(h, !closing, !p.empty());
    }
  }

  // After the records are flushed: the replies that say they are taken.
  void SendReplies() {
    for (int fd : replies) {
      auto it = handles.find(fd);
      if (it != handles.end() && it->second->role == Role::kHttp) SendPending(it->second.get());
    }
    replies.clear();
  }

  void Serve(Handle* h, int rounds, uint32_t events = EPOLLIN) {
    now = clock->NowNanos();
    switch (h->role) {
      case Role::kUdp:
      case Role::kUnix: ReadDatagrams(h, rounds); break;
      case Role::kTcpListen:
      case Role::kHttpListen: Accept(h); break;
      case Role::kTcp: ReadTcp(h, rounds); break;
      case Role::kHttp:
        h->active = clock->MonoNanos();
        if (events & EPOLLOUT) {
          SendPending(h);
          if (handles.count(h->fd) == 0) return;
        }
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ReadHttp(h, rounds);
        break;
      case Role::kWake: break;
    }
  }

  // HTTP clients that keep a connection open and say nothing (idle
  // keep-alive, a stalled or slow-dripping client) would hold their slots
  // for good: each is closed after opt.http_idle_nanos without an event.
  void SweepIdle() {
    int64_t mono = clock->MonoNanos();
    if (mono < next_sweep) return;
    next_sweep = mono + kSeconds;
    std::vector<Handle*> idle;
    for (auto& [fd, h] : handles) {
      if (h->role == Role::kHttp && mono - h->active >= opt.http_idle_nanos) idle.push_back(h.get());
    }
    for (Handle* h : idle) Remove(h);
  }

  // While the sink is full, syslog sockets are not read (TCP senders wait,
  // the kernel drops datagrams); HTTP posts are read and answered 503.
  void Pause(bool full) {
    if (full == paused) return;
    paused = full;
    ingest.set_full(full);
    for (auto& [fd, h] : handles) {
      if (h->role != Role::kTcp && h->role != Role::kUdp && h->role != Role::kUnix) continue;
      epoll_event ev = {};
      ev.events = full ? 0u : uint32_t{EPOLLIN};
      ev.data.ptr = h.get();
      epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    }
  }

  // Stop: no new connections; read what every socket holds; end each stream.
  void Drain() {
    for (Handle* l : stream_listeners) Remove(l);
    stream_listeners.clear();
    std::vector<Handle*> all;
    for (auto& [fd, h] : handles) all.push_back(h.get());
    for (Handle* h : all) {
      int fd = h->fd;
      Role role = h->role;
      Serve(h, kDrainRounds);  // may close and free h
      auto it = handles.find(fd);
      if (role == Role::kTcp && it != handles.end() && it->second.get() == h) {
        h->framer->Finish([&](std::string_view m, bool cut) { Emit(m, cut, SyslogPeer{"tcp", h->peer, ""}); });
      }
    }
  }
};

ListenLoop::ListenLoop(const ListenOptions& opt, RecordSink* out, Clock* clock)
    : impl_(std::make_unique<Impl>(opt, out, clock)) {}
ListenLoop::~ListenLoop() = default;

void ListenLoop::SetSink(RecordSink* sink) { impl_->out = sink; }

Status ListenLoop::Listen(const ListenAddress& a) {
  if (a.tls && !impl_->tls) {
    if (impl_->opt.tls_cert.empty() || impl_->opt.tls_key.empty()) {
      return Status::InvalidArgument(a.url + ": TLS needs --tls-cert and --tls-key");
    }
    if (Status s = TlsServer::Load(impl_->opt.tls_cert, impl_->opt.tls_key, &impl_->tls); !s.ok()) return s;
  }
  int fd = -1;
  std::string bound;
  if (Status s = a.Open(&fd, &bound); !s.ok()) return s;
  Role role = a.kind == ListenAddress::kSyslogUdp    ? Role::kUdp
              : a.kind == ListenAddress::kSyslogUnix ? Role::kUnix
              : a.kind == ListenAddress::kHttp       ? Role::kHttpListen
                                                     : Role::kTcpListen;
  Handle* h = impl_->Add(role, fd);
  h->tls_listener = a.tls;
  if (role == Role::kTcpListen || role == Role::kHttpListen) impl_->stream_listeners.push_back(h);
  if (role == Role::kUnix) impl_->unix_paths.push_back(a.path);
  bound_.push_back(bound);
  return Status::OK();
}

Status ListenLoop::Run(int wake_fd, const std::function<void()>& drain_wake, const std::function<bool()>& stop) {
  Impl& m = *impl_;
  // The wake descriptor is the caller's: watched, never closed here.
  Handle wake;
  wake.role = Role::kWake;
  wake.fd = wake_fd;
  if (wake_fd >= 0) {
    epoll_event ev = {};
    ev.events = EPOLLIN;
    ev.data.ptr = &wake;
    epoll_ctl(m.ep, EPOLL_CTL_ADD, wake_fd, &ev);
  }
  struct Unwatch {
    int ep, fd;
    ~Unwatch() {
      if (fd >= 0) epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
    }
  } unwatch{m.ep, wake_fd};
  epoll_event evs[64];
  while (!stop()) {
    m.out->Tick();
    m.Pause(m.out->full());
    m.SweepIdle();
    int n = epoll_wait(m.ep, evs, 64, 1000);
    if (n < 0 && errno != EINTR) return Status::FromErrno("epoll_wait", errno);
    for (int i = 0; i < n; i++) {
      Handle* h = static_cast<Handle*>(evs[i].data.ptr);
      if (h->role == Role::kWake) {
        drain_wake();
        continue;
      }
      // A handle closed earlier in this batch is gone from the map.
      auto it = m.handles.find(h->fd);
      if (it == m.handles.end() || it->second.get() != h) continue;
      m.Serve(h, kReadRounds, evs[i].events);
    }
    if (Status s = m.out->Commit(); !s.ok() && m.write_error.ok()) m.write_error = s;
    if (m.write_error.ok()) m.SendReplies();
    if (!m.write_error.ok()) return m.write_error;
    if (m.out->closed()) return Status::OK();
    if (!m.accepting && m.connections < m.opt.max_connections) m.ResumeAccepting();
  }
  m.Pause(false);
  m.Drain();
  if (Status s = m.out->Commit(); !s.ok() && m.write_error.ok()) m.write_error = s;
  if (m.write_error.ok()) m.SendReplies();
  return m.write_error;
}

}  // namespace lc
