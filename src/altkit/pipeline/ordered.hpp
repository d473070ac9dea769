#pragma once
// The one ordered pipeline every tool runs on: a producer thread finds the work, N workers do
// it in any order, and the results leave in input order, written by whichever worker holds the
// next one in line. A bounded window of jobs is in flight at any time, so memory stays bounded
// whatever the input's size, and a job's state lives only until its result is emitted.
//
// Shape (bloaty's, with ninja's bounded queue): -j 1 and -j N emit the same results in the same
// order, so reports are byte-identical. Used by seres-validate, altut-convert (messages of one
// file spread over all workers), replyref-rewrite and corpus-check.
#include "altkit/diag/interrupt.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace altkit::pipeline {

/// How much may be in flight. Units: jobs, and a caller-defined weight (bytes held in memory).
struct Settings {
  unsigned workers = 1;   ///< worker threads (>= 1)
  std::size_t batch = 32; ///< jobs handed from the producer to a worker at once
  std::size_t window = 0; ///< jobs queued, in work or waiting for an earlier one; 0: (16 + 4 * workers) * batch
  std::uint64_t weight_budget = 0;       ///< summed weight of queued jobs; 0: unbounded. One job always passes
  std::uint64_t batch_weight = 1U << 20; ///< a batch is handed over early once its jobs weigh this much
  std::chrono::milliseconds tick{250};   ///< how often the main thread's tick runs at least
  /// A job a worker has been on for longer than this is given up (Stages::abandon); 0: never.
  std::chrono::milliseconds job_budget{0};
};

/// The Settings::job_budget for a per-document time budget (0: none): the budget and 5 s more,
/// so that an engine that can stop itself at the budget (between elements) has done so first.
inline std::chrono::milliseconds give_up_after(std::chrono::milliseconds time_budget) {
  return time_budget.count() > 0 ? time_budget + std::chrono::seconds(5) : std::chrono::milliseconds(0);
}

/// How a run ended.
enum class Outcome {
  finished,    ///< every job produced was worked and emitted
  stopped,     ///< emit returned false (e.g. --fail-fast): nothing after that result was emitted
  interrupted, ///< SIGINT/SIGTERM (diag::stop_requested): what was emitted stays emitted
};

template <class Job> class Feed;
class Waker;

/// The stages of one run. `Worker` is a worker thread's own state (a validator, a converter),
/// made on that thread by `make_worker` and used only by it, except that the worker emitting
/// passes its own state to `emit`.
template <class Job, class Result, class Worker> struct Stages {
  /// Producer thread: finds the work and pushes it (Feed::push blocks while the window is full
  /// and returns false once the run is stopping: then return).
  std::function<void(Feed<Job>&)> produce;
  /// Each worker thread, once, before its first job.
  std::function<std::unique_ptr<Worker>()> make_worker;
  /// Optional. A worker, with the jobs it just took, before it works on the first (read-ahead).
  std::function<void(Worker&, std::vector<Job>&)> prepare;
  /// Any worker, any order: one job's result. May throw only for bugs (the run then rethrows).
  std::function<Result(Worker&, Job&)> work;
  /// In input order, one call at a time (never concurrently), from whichever worker holds the
  /// next result. False stops the run: nothing after it is emitted.
  std::function<bool(Worker&, Result&)> emit;
  /// Optional. The main thread, every Settings::tick and whenever `waker` is woken.
  std::function<void()> tick;
  /// Optional. The main thread, once the run ends, before it waits for the other threads:
  /// release whatever a worker may be waiting on that only the main thread would free.
  std::function<void()> before_join;
  /// Optional. Set up by run() so other threads can have `tick` run early.
  Waker* waker = nullptr;
  /// Optional (with Settings::job_budget). The main thread, for a job a worker has been on for
  /// longer than the budget (stuck inside one library call, which nothing can interrupt): the
  /// result emitted in its place. It may read only what `work` does not change, and the
  /// worker's state only through what is safe to read from another thread. The stuck thread
  /// is left to its call: a new worker takes its place, the jobs it still held go back to the
  /// queue, and if the call ever returns, its result is dropped and the thread ends, leaking
  /// its worker state (which may still be in use). run() counts it (diag::note_abandoned):
  /// the process must then end without waiting for that thread or freeing what it uses.
  std::function<Result(Worker&, const Job&)> abandon;
};

namespace detail {

template <class Job> struct Queued {
  std::uint64_t seq = 0;
  std::uint64_t weight = 0;
  Job job;
};

/// What one worker thread holds: the batch it took, the results it made of it so far, and the
/// job in hand since when. Guarded by `mu` while `busy` (the main thread may then take it all,
/// Stages::abandon); otherwise only the worker's thread touches it.
template <class Job, class Result, class Worker> struct Slot {
  std::mutex mu;
  std::vector<Job> jobs;
  std::vector<std::uint64_t> seqs;
  std::vector<std::pair<std::uint64_t, Result>> results;
  std::uint64_t weight = 0;
  std::size_t current = 0;
  Worker* worker = nullptr;
  std::chrono::steady_clock::time_point since;
  bool busy = false;
  bool abandoned = false;
  std::thread thread;
};

/// State shared by the producer, the workers and the main thread; every field below `mu`
/// is guarded by it unless atomic.
template <class Job, class Result> struct Shared {
  Settings settings;
  std::size_t window = 0;
  std::mutex mu;
  std::condition_variable cv_work;  // workers: a batch is queued, or the end
  std::condition_variable cv_space; // producer: the window has room again
  std::condition_variable cv_main;  // main thread: the end, or wake()
  std::deque<Queued<Job>> queue;
  std::map<std::uint64_t, Result> ready;
  std::uint64_t weight_queued = 0;
  std::atomic<std::uint64_t> produced{0};
  std::atomic<std::uint64_t> emitted{0};
  std::atomic<bool> producing{true};
  std::atomic<bool> stop{false};
  bool emitting = false;
  bool stopped_by_emit = false;
  unsigned abandoned = 0; // workers given up (Stages::abandon)
  bool woken = false;
  std::exception_ptr failure; // the first exception a thread saw

  bool window_open(std::size_t more, std::uint64_t more_weight) const {
    return produced - emitted + more <= window &&
           (settings.weight_budget == 0 || weight_queued == 0 || weight_queued + more_weight <= settings.weight_budget);
  }
  void stop_all() {
    stop = true;
    cv_work.notify_all();
    cv_space.notify_all();
    cv_main.notify_all();
  }
  void fail(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mu);
    if (!failure) {
      failure = std::move(e);
    }
    stop_all();
  }
};

} // namespace detail

/// The producer's side: jobs go out in batches.
template <class Job> class Feed {
public:
  virtual ~Feed() = default;
  /// Queues `job` (weight: what it holds in memory, in the caller's unit). Blocks while the
  /// window is full. False: the run is stopping; the producer should return.
  virtual bool push(Job job, std::uint64_t weight = 0) = 0;
  /// Hands over the jobs batched so far (e.g. before a slow step). False: stopping.
  virtual bool flush() = 0;
  /// True once the run is stopping (interrupt, emit said stop, or a failure).
  virtual bool stopping() const = 0;
};

/// Runs `stages` with `settings` on the calling thread (which becomes the main thread: it runs
/// `tick` and watches for SIGINT/SIGTERM) and returns when every job is emitted, or the run was
/// stopped. Rethrows the first exception a stage threw (a bug), after every thread has joined.
/// Thread safety: `stages` functions run as documented on Stages; the Settings are copied.
template <class Job, class Result, class Worker>
Outcome run(const Settings& settings, const Stages<Job, Result, Worker>& stages);

/// Lets any thread wake the main thread of a run in progress, so its tick runs now (for output
/// handed over by a worker). Calls before or after the run do nothing. Thread-safe.
class Waker {
public:
  void wake() const {
    std::lock_guard<std::mutex> lock(m_mu);
    if (m_fn) {
      m_fn();
    }
  }
  /// Used by run(): what wake() does while the run lasts.
  void set(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(m_mu);
    m_fn = std::move(fn);
  }

private:
  mutable std::mutex m_mu;
  std::function<void()> m_fn;
};

namespace detail {

template <class Job, class Result> class FeedImpl final : public Feed<Job> {
public:
  explicit FeedImpl(Shared<Job, Result>& s) : m_s(s) {}
  bool push(Job job, std::uint64_t weight) override {
    m_batch_weight += weight;
    m_batch.push_back(Queued<Job>{0, weight, std::move(job)});
    if (m_batch.size() >= m_s.settings.batch || m_batch_weight >= m_s.settings.batch_weight) {
      return flush();
    }
    return !m_s.stop.load();
  }
  bool flush() override {
    if (m_batch.empty()) {
      return !m_s.stop.load();
    }
    std::unique_lock<std::mutex> lock(m_s.mu);
    m_s.cv_space.wait(lock, [&] { return m_s.window_open(m_batch.size(), m_batch_weight) || m_s.stop.load(); });
    if (m_s.stop.load()) {
      m_batch.clear();
      return false;
    }
    for (auto& q : m_batch) {
      q.seq = m_s.produced++;
      m_s.queue.push_back(std::move(q));
    }
    m_s.weight_queued += m_batch_weight;
    m_batch.clear();
    m_batch_weight = 0;
    m_s.cv_work.notify_all();
    return true;
  }
  bool stopping() const override { return m_s.stop.load(); }

private:
  Shared<Job, Result>& m_s;
  std::vector<Queued<Job>> m_batch;
  std::uint64_t m_batch_weight = 0;
};

/// Called with `lock` held; returns with it held. Emits every result ready in sequence order,
/// unless another worker is doing so (it looks again before it stops, so nothing is left).
template <class Job, class Result, class Worker>
void emit_ready(Shared<Job, Result>& s, std::unique_lock<std::mutex>& lock, Worker& worker,
                const Stages<Job, Result, Worker>& stages) {
  if (s.emitting) {
    return;
  }
  s.emitting = true;
  std::vector<Result> out;
  while (!s.stop.load()) {
    out.clear();
    for (auto it = s.ready.find(s.emitted); it != s.ready.end(); it = s.ready.find(s.emitted)) {
      out.push_back(std::move(it->second));
      s.ready.erase(it);
      ++s.emitted;
    }
    if (out.empty()) {
      break;
    }
    if (s.produced - s.emitted <= s.window / 2) {
      s.cv_space.notify_one();
    }
    lock.unlock();
    bool go_on = true;
    try {
      for (auto& r : out) {
        if (diag::stop_requested() || !stages.emit(worker, r)) {
          go_on = false;
          break;
        }
        r = Result{}; // its state ends here
      }
    } catch (...) {
      lock.lock();
      s.emitting = false;
      throw;
    }
    lock.lock();
    if (!go_on) {
      s.stopped_by_emit = !diag::stop_requested();
      s.stop_all();
    }
  }
  s.emitting = false;
  if (s.stop.load() || (!s.producing && s.emitted == s.produced)) {
    s.cv_main.notify_all();
  }
}

/// A worker thread's life. False when it was given up (Stages::abandon): its worker state is
/// then leaked, since the call it was stuck in may still be using what it points at.
template <class Job, class Result, class Worker>
bool work_loop(Shared<Job, Result>& s, const Stages<Job, Result, Worker>& stages, Slot<Job, Result, Worker>& slot) {
  std::unique_ptr<Worker> worker = stages.make_worker();
  slot.worker = worker.get();
  std::vector<Job>& jobs = slot.jobs;
  std::vector<std::uint64_t>& seqs = slot.seqs;
  std::vector<std::pair<std::uint64_t, Result>>& results = slot.results;
  const unsigned workers = std::max(1u, s.settings.workers);
  for (;;) {
    jobs.clear();
    seqs.clear();
    std::uint64_t weight = 0;
    {
      std::unique_lock<std::mutex> lock(s.mu);
      // A worker started in place of one given up may find results ready to go before any job.
      emit_ready(s, lock, *worker, stages);
      s.cv_work.wait(lock, [&] { return !s.queue.empty() || !s.producing || s.stop.load(); });
      if (s.queue.empty() || s.stop.load()) {
        return true;
      }
      // A share of what is queued: up to a batch while plenty waits, one at a time when little
      // does (sizes are unknown: 20 large documents must not go 5 to a worker).
      std::size_t take = std::clamp<std::size_t>(s.queue.size() / (8 * workers), 1, s.settings.batch);
      for (std::size_t i = 0; i < take; ++i) {
        auto& q = s.queue.front();
        seqs.push_back(q.seq);
        weight += q.weight;
        jobs.push_back(std::move(q.job));
        s.queue.pop_front();
      }
    }
    slot.weight = weight;
    if (stages.prepare) {
      stages.prepare(*worker, jobs);
    }
    results.clear();
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (s.stop.load() || diag::stop_requested()) {
        return true; // the rest of the batch is never emitted: leave at once
      }
      {
        std::lock_guard<std::mutex> guard(slot.mu);
        slot.current = i;
        slot.since = std::chrono::steady_clock::now();
        slot.busy = true;
      }
      Result r = stages.work(*worker, jobs[i]);
      {
        std::lock_guard<std::mutex> guard(slot.mu);
        slot.busy = false;
        if (slot.abandoned) { // the main thread took the batch and put another worker in place
          (void)worker.release();
          return false;
        }
      }
      results.emplace_back(seqs[i], std::move(r));
      jobs[i] = Job{}; // its input is no longer needed
    }
    std::unique_lock<std::mutex> lock(s.mu);
    for (auto& [seq, r] : results) {
      s.ready.emplace(seq, std::move(r));
    }
    if (weight > 0) {
      s.weight_queued -= weight;
      s.cv_space.notify_one();
    }
    emit_ready(s, lock, *worker, stages);
  }
}

/// The main thread: gives up the job of every worker on it for longer than the budget
/// (Stages::abandon), hands on what that worker had done and still held, and starts a worker in
/// its place. The slots are a std::list: a slot stays where it is while its thread runs.
template <class Job, class Result, class Worker>
void abandon_overdue(Shared<Job, Result>& s, const Stages<Job, Result, Worker>& stages,
                     std::list<Slot<Job, Result, Worker>>& slots,
                     const std::function<void(Slot<Job, Result, Worker>&)>& start) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<Slot<Job, Result, Worker>*> given_up;
  for (auto& slot : slots) {
    std::vector<std::pair<std::uint64_t, Result>> done;
    std::vector<Queued<Job>> back;
    std::uint64_t weight = 0;
    {
      std::lock_guard<std::mutex> guard(slot.mu);
      if (!slot.busy || slot.abandoned || now - slot.since < s.settings.job_budget) {
        continue;
      }
      slot.abandoned = true;
      done = std::move(slot.results);
      done.emplace_back(slot.seqs[slot.current], stages.abandon(*slot.worker, slot.jobs[slot.current]));
      for (std::size_t i = slot.current + 1; i < slot.jobs.size(); ++i) {
        back.push_back(Queued<Job>{slot.seqs[i], 0, std::move(slot.jobs[i])});
      }
      weight = slot.weight;
    }
    std::lock_guard<std::mutex> lock(s.mu);
    for (auto& [seq, r] : done) {
      s.ready.emplace(seq, std::move(r));
    }
    for (auto it = back.rbegin(); it != back.rend(); ++it) {
      s.queue.push_front(std::move(*it));
    }
    s.weight_queued -= weight;
    ++s.abandoned;
    given_up.push_back(&slot);
  }
  for (auto* slot : given_up) {
    slot->thread.detach(); // never joined: it may never come back
    slots.emplace_back();
    start(slots.back());
  }
  if (!given_up.empty()) {
    std::lock_guard<std::mutex> lock(s.mu);
    s.cv_work.notify_all();
    s.cv_space.notify_all();
  }
}

} // namespace detail

namespace detail {

/// The main thread's part: ticks until every job is emitted, the run is stopped, or an
/// interrupt comes; then tells everyone to leave. True when interrupted.
template <class Job, class Result, class Worker>
bool wait_for_end(Shared<Job, Result>& s, const Stages<Job, Result, Worker>& stages,
                  const std::function<void()>& overdue) {
  bool interrupted = false;
  std::unique_lock<std::mutex> lock(s.mu);
  for (;;) {
    bool finished = false;
    s.cv_main.wait_for(lock, s.settings.tick, [&] {
      finished = s.stop.load() || (!s.producing && s.emitted == s.produced && !s.emitting) || diag::stop_requested();
      return finished || s.woken;
    });
    if (finished) {
      interrupted = diag::stop_requested();
      break;
    }
    s.woken = false;
    if (stages.tick || overdue) {
      lock.unlock();
      if (overdue) {
        overdue();
      }
      if (stages.tick) {
        stages.tick();
      }
      lock.lock();
    }
  }
  s.stop_all(); // done, interrupted or stopped: everyone leaves
  return interrupted;
}

template <class Job, class Result, class Worker>
std::thread start_producer(Shared<Job, Result>& s, const Stages<Job, Result, Worker>& stages) {
  return std::thread([&s, &stages] {
    FeedImpl<Job, Result> feed(s);
    try {
      stages.produce(feed);
      feed.flush();
    } catch (...) {
      s.fail(std::current_exception());
    }
    std::lock_guard<std::mutex> lock(s.mu);
    s.producing = false;
    s.cv_work.notify_all();
    s.cv_main.notify_all();
  });
}

} // namespace detail

template <class Job, class Result, class Worker>
Outcome run(const Settings& settings, const Stages<Job, Result, Worker>& stages) {
  // On the heap, shared with the threads: a worker given up (Stages::abandon) may come back
  // after run() has returned, and must find its state and slot still there.
  struct State {
    detail::Shared<Job, Result> s;
    std::list<detail::Slot<Job, Result, Worker>> slots;
  };
  auto state = std::make_shared<State>();
  detail::Shared<Job, Result>& s = state->s;
  s.settings = settings;
  s.settings.workers = std::max(1u, settings.workers);
  s.settings.batch = std::max<std::size_t>(1, settings.batch);
  s.window = settings.window != 0 ? settings.window
                                  : (16 + 4 * static_cast<std::size_t>(s.settings.workers)) * s.settings.batch;
  s.window = std::max(s.window, s.settings.batch);

  std::thread producer = detail::start_producer(s, stages);
  auto start = [&stages, weak = std::weak_ptr<State>(state)](detail::Slot<Job, Result, Worker>& slot) {
    slot.thread = std::thread([&stages, &slot, held = weak.lock()] {
      std::shared_ptr<State> keep = held; // the state outlives this thread, however it ends
      try {
        if (!detail::work_loop(keep->s, stages, slot)) {
          return; // given up: run() may be long gone; touch nothing more
        }
      } catch (...) {
        keep->s.fail(std::current_exception());
      }
    });
  };
  for (unsigned w = 0; w < s.settings.workers; ++w) {
    state->slots.emplace_back();
    start(state->slots.back());
  }
  std::function<void()> overdue;
  if (settings.job_budget.count() > 0 && stages.abandon) {
    overdue = [&] { detail::abandon_overdue<Job, Result, Worker>(s, stages, state->slots, start); };
  }
  if (stages.waker != nullptr) {
    stages.waker->set([&s] {
      std::lock_guard<std::mutex> lock(s.mu);
      s.woken = true;
      s.cv_main.notify_all();
    });
  }
  bool interrupted = detail::wait_for_end(s, stages, overdue);
  if (stages.before_join) {
    stages.before_join();
  }
  producer.join();
  for (auto& slot : state->slots) {
    if (slot.thread.joinable()) {
      slot.thread.join();
    }
  }
  if (s.abandoned > 0) {
    diag::note_abandoned(s.abandoned);
  }
  if (stages.waker != nullptr) {
    stages.waker->set(nullptr);
  }
  if (s.failure) {
    std::rethrow_exception(s.failure);
  }
  if (interrupted || diag::stop_requested()) {
    return Outcome::interrupted;
  }
  return s.stopped_by_emit ? Outcome::stopped : Outcome::finished;
}

} // namespace altkit::pipeline
