#include "common/base/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <initializer_list>

namespace lc {
namespace {

std::atomic<int> g_stop{0};
std::atomic<bool> g_report{false};
std::atomic<bool> g_reload{false};
std::atomic<bool> g_drain{false};
int g_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  int saved = errno;
  if (sig == SIGTERM || sig == SIGINT) {
    int expected = 0;
    g_stop.compare_exchange_strong(expected, sig);
  } else if (sig == SIGUSR1) {
    g_report = true;
  } else if (sig == SIGHUP) {
    g_reload = true;
  } else if (sig == SIGUSR2) {
    g_drain = true;
  }
  if (g_pipe[1] >= 0) {
    char c = 0;
    (void)!write(g_pipe[1], &c, 1);
  }
  errno = saved;
}

}  // namespace

void InstallSignalHandlers() {
  if (g_pipe[0] < 0 && pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0) g_pipe[0] = g_pipe[1] = -1;
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR and loops re-check
  for (int sig : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int StopSignal() { return g_stop.load(); }
bool TakeReportRequest() { return g_report.exchange(false); }
bool TakeReloadRequest() { return g_reload.exchange(false); }
bool DrainRequested() { return g_drain.load(); }
int ExitStatusForStop(int sig) { return sig == SIGINT ? 130 : 0; }
int SignalFd() { return g_pipe[0]; }
void DrainSignalFd() {
  char buf[64];
  while (g_pipe[0] >= 0 && read(g_pipe[0], buf, sizeof buf) > 0) {
  }
}

}  // namespace lc
