#include "tools/netsim/run_pool.h"

#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace netsim::cli {

namespace {

// Blocks SIGINT and SIGTERM (the user's) and SIGUSR1 (the last worker waking the watcher) in this
// thread and the threads it starts; restores the mask on destruction.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  ~BlockedSignals() {
    // A signal that arrived after the last wait must not be delivered on unblocking.
    timespec zero{};
    while (sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

  // Waits up to `timeout` for a signal; returns it, or 0.
  int wait(std::chrono::milliseconds timeout) const {
    timespec t{};
    t.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    t.tv_nsec = static_cast<long>(timeout.count() % 1000) * 1'000'000;
    const int signal = sigtimedwait(&set_, nullptr, &t);
    return signal > 0 ? signal : 0;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

struct Slot {
  scenario::RunProgress progress;
  std::atomic<bool> busy{false};
};

std::string clock(double seconds) {
  const auto s = static_cast<long long>(std::max(0.0, seconds));
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

bool run_pool(std::size_t runs, const PoolOptions& options,
              const std::function<bool(std::size_t, scenario::RunProgress&)>& body,
              std::ostream& err) {
  const BlockedSignals signals;
  std::atomic<bool> cancel{false};
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<std::uint64_t> finished_events{0};
  std::atomic<unsigned> workers_left{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  const unsigned jobs = static_cast<unsigned>(std::clamp<std::size_t>(options.jobs, 1, runs));
  std::vector<std::unique_ptr<Slot>> slots;
  for (unsigned j = 0; j < jobs; ++j) slots.push_back(std::make_unique<Slot>());

  const pthread_t watcher = pthread_self();
  std::vector<std::thread> threads;
  workers_left = jobs;
  for (unsigned j = 0; j < jobs; ++j) {
    threads.emplace_back([&, slot = slots[j].get()] {
      while (!cancel.load()) {
        const std::size_t index = next.fetch_add(1);
        if (index >= runs) break;
        slot->progress.simulated_ns = 0;
        slot->progress.events = 0;
        slot->progress.cancel = &cancel;
        slot->busy = true;
        bool completed = false;
        try {
          completed = body(index, slot->progress);
        } catch (...) {
          // The first failure stops the pool and is rethrown to the caller.
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          cancel = true;
        }
        slot->busy = false;
        if (!completed) break;
        finished_events += slot->progress.events.load();
        ++finished;
      }
      if (--workers_left == 0) pthread_kill(watcher, SIGUSR1);
    });
  }

  const bool draw = options.progress && isatty(STDERR_FILENO) == 1;
  const auto start = std::chrono::steady_clock::now();
  bool drew = false;
  while (workers_left.load() > 0) {
    const int signal = signals.wait(std::chrono::milliseconds(100));
    if (signal == SIGINT || signal == SIGTERM) {
      if (cancel.exchange(true)) std::_Exit(130);
      if (draw) err << "\r\033[K";
      err << "netsim: interrupted; stopping (Ctrl-C again to quit at once)\n" << std::flush;
      drew = false;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Short runs finish before a progress line would help; draw from about two seconds on.
    if (!draw || cancel.load() || elapsed < 2) continue;
    double done = static_cast<double>(finished.load());
    std::uint64_t events = finished_events.load();
    double simulated = 0;
    for (const auto& slot : slots) {
      if (!slot->busy.load()) continue;
      const auto ns = static_cast<double>(slot->progress.simulated_ns.load());
      simulated = std::max(simulated, ns * 1e-9);
      done += ns / static_cast<double>(options.run_duration.ns());
      events += slot->progress.events.load();
    }
    const double fraction = done / static_cast<double>(runs);
    const std::string eta = fraction > 0 ? clock(elapsed * (1 - fraction) / fraction) : "?";
    const std::string what = runs > 1 ? fmt::format("{}/{} runs", finished.load(), runs)
                                      : fmt::format("{:.1f} of {:.1f} s simulated", simulated,
                                                    options.run_duration.to_seconds());
    const std::string line =
        fmt::format("{} · {:.2f} M events/s · {:.0f}% · ETA {}", what,
                    static_cast<double>(events) / elapsed * 1e-6, fraction * 100, eta);
    err << "\r\033[K" << line << std::flush;
    drew = true;
  }
  for (auto& t : threads) t.join();
  if (drew) err << "\r\033[K" << std::flush;
  if (error) std::rethrow_exception(error);
  return !cancel.load();
}

}  // namespace netsim::cli
