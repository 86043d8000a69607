// Signals: how a long-running tool learns it should stop (SIGTERM, SIGINT),
// report (SIGUSR1), reload (SIGHUP) or drain (SIGUSR2: a reader reads what
// it follows to the end, as --once would, then exits; lc-agent's stop of a
// removed config).
//
// InstallSignalHandlers() ignores SIGPIPE (EPIPE is handled where we write)
// and installs handlers that only set flags; the main loop polls them and
// does the work (flush, save state) in normal context.  Blocking waits in
// the loops are short (or woken by EINTR), so a signal is acted on promptly.
#ifndef LC_COMMON_SIGNALS_H_
#define LC_COMMON_SIGNALS_H_

namespace lc {

void InstallSignalHandlers();

// The first stop signal received: 0, SIGTERM or SIGINT.
int StopSignal();
// True once since the last call if SIGUSR1 arrived.
bool TakeReportRequest();
// True once since the last call if SIGHUP arrived.
bool TakeReloadRequest();
// True (for good) once SIGUSR2 arrived.
bool DrainRequested();
// Exit status for a tool stopped by `sig`: 130 for SIGINT, else 0.
int ExitStatusForStop(int sig);
// A file descriptor that becomes readable when any handled signal arrives,
// for loops that sleep in poll(); read it empty with DrainSignalFd().
int SignalFd();
void DrainSignalFd();

}  // namespace lc

#endif  // LC_COMMON_SIGNALS_H_
