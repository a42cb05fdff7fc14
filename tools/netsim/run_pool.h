// Runs a study's independent runs on worker threads while the calling thread watches them: it
// draws a progress line on stderr and turns Ctrl-C (SIGINT) or SIGTERM into a request to stop.
//
// Signals are blocked in every thread and taken synchronously by the watcher (sigtimedwait), so
// no handler and no global flag are needed. The first signal asks the runs to stop at their next
// slice of simulated time; a second one exits at once (status 130), for a run that will not stop.
// Results land in slots by run index, so what is written does not depend on the thread count.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <ostream>

#include "models/scenario/scenario_run.h"
#include "sim/time.h"

namespace netsim::cli {

struct PoolOptions {
  unsigned jobs = 1;           // worker threads (at most one per run)
  bool progress = false;       // draw a progress line (only if stderr is a terminal)
  sim::Duration run_duration;  // simulated time per run, for the progress line
};

// `body(index, progress)` performs run `index`; it returns false if it stopped early because
// `progress.cancel` was set. Returns false if the pool was interrupted.
bool run_pool(std::size_t runs, const PoolOptions& options,
              const std::function<bool(std::size_t, scenario::RunProgress&)>& body,
              std::ostream& err);

}  // namespace netsim::cli
