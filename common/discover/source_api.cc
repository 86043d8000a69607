#include "common/discover/source_api.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace lc {

namespace {
constexpr int64_t kTombstoneNs = 600 * kSeconds;
constexpr int64_t kSettleNs = 100 * kMillis;
constexpr int64_t kPrimaryLookNs = 1 * kSeconds;

std::string K8sKey(const ContainerInfo& c) {
  if (c.k8s.namespace_name.empty() || c.k8s.pod.empty() || c.k8s.container.empty()) return "";
  return c.k8s.namespace_name + "/" + c.k8s.pod + "/" + c.k8s.container;
}
}  // namespace

SourceApi::SourceApi(std::vector<ContainerSource*> sources, ContainerApi* primary, Clock* clock,
                     SourceApiOptions opt)
    : sources_(std::move(sources)), primary_(primary), clock_(clock), opt_(std::move(opt)) {}

SourceApi::~SourceApi() { CloseEvents(); }

void SourceApi::Warn(const std::string& msg) { std::fprintf(stderr, "%s: %s\n", opt_.tool.c_str(), msg.c_str()); }

// With a primary, what connects (or not) is the engine: messages name it alone.
std::string SourceApi::Describe() const {
  if (primary_) return primary_->Describe();
  std::string d;
  for (ContainerSource* s : sources_) d += (d.empty() ? "" : ", ") + s->Describe();
  return d;
}

Status SourceApi::Version(std::string* runtime) {
  if (primary_) return primary_->Version(runtime);
  *runtime = sources_.empty() ? "" : sources_[0]->Describe().substr(0, sources_[0]->Describe().find(' '));
  return Status::OK();
}

Status SourceApi::Subscribe() {
  if (primary_) {
    if (Status s = primary_->Subscribe(); !s.ok()) return s;
  }
  if (opt_.inotify && inotify_fd_ < 0) inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  next_look_ = clock_->MonoNanos() + kPrimaryLookNs;
  return Status::OK();
}

void SourceApi::CloseEvents() {
  if (primary_) primary_->CloseEvents();
  if (inotify_fd_ >= 0) close(inotify_fd_);
  inotify_fd_ = -1;
  watched_.clear();
  watch_paths_.clear();
  refresh_due_ = 0;
}

void SourceApi::Sleep(int64_t ns) {
  if (primary_) return primary_->Sleep(ns);
  struct pollfd p = {opt_.wake_fd, POLLIN, 0};
  int ms = static_cast<int>(std::min<int64_t>((ns + 999'999) / 1'000'000, 3'600'000));
  if (poll(&p, opt_.wake_fd >= 0 ? 1 : 0, ms) > 0) {
    char buf[64];
    while (read(opt_.wake_fd, buf, sizeof buf) > 0) {
    }
  }
}

void SourceApi::Watch(const std::vector<std::string>& dirs) {
  if (inotify_fd_ < 0) return;
  for (const std::string& d : dirs) {
    // A rescan lists the same few hundred directories again: only those
    // without a watch cost a syscall.
    if (watched_.count(d)) continue;
    int wd = inotify_add_watch(inotify_fd_, d.c_str(),
                               IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR);
    if (wd < 0) continue;
    watched_.insert(d);
    watch_paths_[wd].push_back(d);
  }
}

// True if any change was queued.  A watch the kernel dropped (IN_IGNORED:
// its directory was removed) is forgotten, so the next scan adds one again
// if the directory is back; after an overflow, when such news may have been
// lost, every watch is added again (adding one twice keeps one).
bool SourceApi::DrainInotify() {
  if (inotify_fd_ < 0) return false;
  bool any = false;
  alignas(struct inotify_event) char buf[8192];
  for (;;) {
    ssize_t n = read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) break;
    any = true;
    for (ssize_t i = 0; i + static_cast<ssize_t>(sizeof(struct inotify_event)) <= n;) {
      const auto* e = reinterpret_cast<const struct inotify_event*>(buf + i);
      if (e->mask & IN_Q_OVERFLOW) {
        watched_.clear();
        watch_paths_.clear();
      } else if (e->mask & IN_IGNORED) {
        if (auto it = watch_paths_.find(e->wd); it != watch_paths_.end()) {
          for (const std::string& d : it->second) watched_.erase(d);
          watch_paths_.erase(it);
        }
      }
      i += sizeof(struct inotify_event) + e->len;
    }
  }
  return any;
}

Status SourceApi::WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) {
  int64_t deadline = clock_->MonoNanos() + timeout_ns;
  for (;;) {
    int64_t now = clock_->MonoNanos();
    if (refresh_due_ != 0 && now >= refresh_due_) {
      refresh_due_ = 0;
      Refresh(events);
      if (!events->empty()) return Status::OK();
    }
    if (now >= deadline) return Status::OK();
    int64_t until = deadline;
    if (refresh_due_ != 0) until = std::min(until, refresh_due_);
    if (primary_) {
      until = std::min(until, next_look_);
      Status s = primary_->WaitEvents(std::max<int64_t>(until - now, 0), events);
      // A container the primary speaks of is the primary's from now on, even
      // if a source's scan saw it first (started since the last List): its
      // view (labels, the engine's log path) wins, as in List.
      for (const RuntimeEvent& e : *events) {
        if (!primary_ids_.insert(e.id).second) continue;
        snapshot_.erase(e.id);
        encoded_.erase(e.id);
        tombstones_.erase(e.id);
      }
      if (!s.ok() || !events->empty()) return s;
      if (clock_->MonoNanos() >= next_look_) {
        next_look_ = clock_->MonoNanos() + kPrimaryLookNs;
        if (DrainInotify() && refresh_due_ == 0) refresh_due_ = clock_->MonoNanos() + kSettleNs;
      }
      // Back before its time with nothing: a signal woke it (the primary
      // drained the wake fd).  Let the loop look, as below without a
      // primary; looping on waited out the deadline (--rescan, 60 s) after
      // SIGTERM (found by lc-agent's tests).
      if (clock_->MonoNanos() < until) return Status::OK();
      continue;
    }
    struct pollfd p[2] = {{inotify_fd_, POLLIN, 0}, {opt_.wake_fd, POLLIN, 0}};
    int ms = static_cast<int>(std::min<int64_t>((until - now + 999'999) / 1'000'000, 3'600'000));
    int r = poll(p, 2, ms);
    if (r > 0 && (p[0].revents & POLLIN)) {
      if (DrainInotify() && refresh_due_ == 0) refresh_due_ = clock_->MonoNanos() + kSettleNs;
    }
    if (r > 0 && (p[1].revents & POLLIN)) {
      char buf[64];
      while (read(opt_.wake_fd, buf, sizeof buf) > 0) {
      }
      return Status::OK();  // a signal: let the loop look at it
    }
  }
}

void SourceApi::Refresh(std::vector<RuntimeEvent>* events) {
  std::map<std::string, ContainerInfo> next;
  std::set<std::string> k8s_seen;
  std::set<std::string> problems;
  for (ContainerSource* src : sources_) {
    SourceScan scan;
    Status s = src->Scan(&scan);
    if (!s.ok()) {
      if (opt_.warn_missing && missing_.insert(src->Describe()).second) {
        Warn(src->Describe() + ": " + s.message() + "; looking again at each rescan");
      }
      continue;
    }
    if (missing_.erase(src->Describe()) && opt_.warn_missing) Warn(src->Describe() + ": readable again");
    Watch(scan.dirs);
    for (const Status& p : scan.problems) {
      problems.insert(p.message());
      if (reported_.count(p.message()) == 0) Warn(p.message() + "; retried at the next scan");
    }
    for (ContainerInfo& c : scan.containers) {
      if (primary_ids_.count(c.id) || next.count(c.id)) continue;
      std::string key = K8sKey(c);
      if (!key.empty() && !k8s_seen.insert(key).second) continue;
      std::string id = c.id;
      next.emplace(id, std::move(c));
    }
  }
  reported_ = std::move(problems);
  int64_t now_wall = clock_->NowNanos(), now = clock_->MonoNanos();
  std::map<std::string, std::string> encoded;
  for (const auto& [id, c] : next) {
    std::string e;
    AppendUpsert(c, &e);
    auto old = encoded_.find(id);
    if (old == encoded_.end()) events->push_back({"start", id, now_wall});
    else if (old->second != e) events->push_back({"update", id, now_wall});
    encoded[id] = std::move(e);
    tombstones_.erase(id);
  }
  for (auto& [id, c] : snapshot_) {
    if (next.count(id)) continue;
    Tombstone t{std::move(c), now + kTombstoneNs};
    t.info.state = "exited";
    t.info.pid = 0;
    t.info.finished = now_wall;
    tombstones_[id] = std::move(t);
    events->push_back({"die", id, now_wall});
  }
  for (auto it = tombstones_.begin(); it != tombstones_.end();) {
    it = it->second.until_mono <= now ? tombstones_.erase(it) : std::next(it);
  }
  snapshot_ = std::move(next);
  encoded_ = std::move(encoded);
}

Status SourceApi::List(bool all, std::vector<std::string>* ids) {
  ids->clear();
  primary_ids_.clear();
  if (primary_) {
    if (Status s = primary_->List(all, ids); !s.ok()) return s;
    primary_ids_.insert(ids->begin(), ids->end());
  }
  std::vector<RuntimeEvent> ignored;  // the caller compares the listing itself
  Refresh(&ignored);
  for (const auto& [id, c] : snapshot_) ids->push_back(id);
  return Status::OK();
}

void SourceApi::Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) {
  out->clear();
  std::vector<std::string> primary_ids;
  for (const std::string& id : ids) {
    if (primary_ && !snapshot_.count(id) && !tombstones_.count(id)) primary_ids.push_back(id);
  }
  std::vector<Inspected> from_primary;
  if (!primary_ids.empty()) primary_->Inspect(primary_ids, &from_primary);
  size_t next_primary = 0;
  for (const std::string& id : ids) {
    Inspected r;
    r.id = id;
    if (auto it = snapshot_.find(id); it != snapshot_.end()) {
      r.parsed = true;
      r.info = it->second;
    } else if (auto t = tombstones_.find(id); t != tombstones_.end()) {
      r.parsed = true;
      r.info = t->second.info;
    } else if (primary_) {
      r = std::move(from_primary[next_primary++]);
    } else {
      r.status = Status::NotFound(id + ": no such container");
    }
    out->push_back(std::move(r));
  }
}

}  // namespace lc
