#include "daemon/signal_listener.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace edgecert::daemon {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

// Reads every queued signal; calls `report` for each when given.
void DrainSignals(int fd, const std::function<void(int)>* report) {
  signalfd_siginfo info{};
  while (::read(fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    if (report != nullptr) (*report)(static_cast<int>(info.ssi_signo));
  }
}

}  // namespace

Result<std::unique_ptr<SignalListener>> SignalListener::Start(std::function<void(int)> on_signal) {
  sigset_t handled;
  sigemptyset(&handled);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&handled, sig);
  sigset_t previous;
  if (int err = ::pthread_sigmask(SIG_BLOCK, &handled, &previous); err != 0) {
    return Internal("pthread_sigmask: " + ErrnoText(err));
  }
  auto restore = [&previous] { ::pthread_sigmask(SIG_SETMASK, &previous, nullptr); };
  ScopedFd signal_fd(::signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd.valid()) {
    int err = errno;
    restore();
    return Unavailable("signalfd: " + ErrnoText(err));
  }
  ScopedFd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake.valid()) {
    int err = errno;
    restore();
    return Unavailable("eventfd: " + ErrnoText(err));
  }
  auto listener = std::make_unique<SignalListener>(StartKey{}, std::move(on_signal), previous,
                                                   std::move(signal_fd), std::move(wake));
  // Created after the mask is set, so the thread blocks the signals too and reads them only from the fd.
  listener->thread_ = std::thread([l = listener.get()] { l->Run(); });
  return listener;
}

SignalListener::SignalListener(StartKey, std::function<void(int)> on_signal, sigset_t previous_mask,
                               ScopedFd signal_fd, ScopedFd wake)
    : on_signal_(std::move(on_signal)),
      previous_mask_(previous_mask),
      signal_fd_(std::move(signal_fd)),
      wake_(std::move(wake)) {}

SignalListener::~SignalListener() {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    thread_.join();
  }
  // A signal still pending would take its default action the moment it is unblocked.
  DrainSignals(signal_fd_.get(), nullptr);
  ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void SignalListener::Run() {
  for (;;) {
    pollfd fds[2] = {{wake_.get(), POLLIN, 0}, {signal_fd_.get(), POLLIN, 0}};
    int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents != 0) return;
    if (fds[1].revents != 0) DrainSignals(signal_fd_.get(), &on_signal_);
  }
}

}  // namespace edgecert::daemon
