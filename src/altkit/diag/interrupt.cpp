#include "altkit/diag/interrupt.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <semaphore.h>
#include <set>
#include <thread>
#include <unistd.h>

namespace altkit::diag {

namespace {
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

// The watchdog waits on this semaphore; sem_post is async-signal-safe (signal-safety(7)).
sem_t g_signalled;

std::mutex& abandon_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::string>& abandon_paths() {
  static std::set<std::string> paths; // never destroyed before the watchdog may read it
  return paths;
}

extern "C" void on_signal(int) {
  int saved = errno;
  if (!g_stop.exchange(true, std::memory_order_relaxed)) {
    sem_post(&g_signalled);
  }
  errno = saved;
}

void watchdog() {
  while (sem_wait(&g_signalled) != 0) {
    // EINTR: wait again
  }
  std::this_thread::sleep_for(k_stop_grace);
  // Still here: the main thread is waiting for a worker that does not come back. A clean
  // exit would run destructors under that worker's feet; _exit ends everything now.
  {
    std::lock_guard<std::mutex> lock(abandon_mutex());
    for (const auto& p : abandon_paths()) {
      ::unlink(p.c_str());
    }
  }
  static constexpr char k_message[] =
      ": interrupted: the run did not stop within 1 s of the signal (a worker inside one long library call, or a "
      "long step between documents): ended at once, no report or output file written\n";
  const char* tool = program_invocation_short_name;
  ssize_t ignored = ::write(STDERR_FILENO, tool, std::strlen(tool));
  ignored = ::write(STDERR_FILENO, k_message, sizeof k_message - 1);
  (void)ignored;
  ::_exit(130);
}
} // namespace

void request_stop() noexcept {
  g_stop.store(true, std::memory_order_relaxed);
}

bool stop_requested() noexcept {
  return g_stop.load(std::memory_order_relaxed);
}

void install_stop_handlers() noexcept {
  static bool installed = false;
  if (!installed) {
    installed = true;
    if (sem_init(&g_signalled, 0, 0) == 0) {
      try {
        std::thread(watchdog).detach();
      } catch (...) {
        // no thread: runs still stop between documents, as before
      }
    }
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

namespace {
std::atomic<unsigned> g_abandoned{0};
} // namespace

void note_abandoned(unsigned workers) noexcept {
  g_abandoned.fetch_add(workers);
}

unsigned abandoned_workers() noexcept {
  return g_abandoned.load();
}

void remove_on_abandon(const std::string& path) {
  std::lock_guard<std::mutex> lock(abandon_mutex());
  abandon_paths().insert(path);
}

void forget_on_abandon(const std::string& path) {
  std::lock_guard<std::mutex> lock(abandon_mutex());
  abandon_paths().erase(path);
}

} // namespace altkit::diag
