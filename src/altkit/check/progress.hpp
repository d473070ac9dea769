#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace altkit::check {

/// corpus-check's progress line on a terminal ("files, MB, files/s, ETA"), redrawn in place at
/// most every 250 ms, and the closing "this run" rate line. Counts are atomics: the producer
/// and the emitting worker add, the main thread shows.
class ProgressLine {
public:
  /// `enabled`: draw the line at all (stderr is a terminal and the run is not --quiet).
  ProgressLine(std::ostream& err, bool enabled);

  void found() { m_found.fetch_add(1, std::memory_order_relaxed); } ///< producer: one more job
  void finding_done() { m_finding = false; }                        ///< producer: every input found
  void checked(std::uint64_t bytes) {                               ///< emitter: one more document
    m_docs.fetch_add(1, std::memory_order_relaxed);
    m_bytes.fetch_add(bytes, std::memory_order_relaxed);
  }
  void skipped() { m_skipped.fetch_add(1, std::memory_order_relaxed); } ///< emitter: a job with no document

  /// Main thread: redraws the line if 250 ms have passed.
  void show();
  /// Main thread: clears the line (before other output).
  void clear();
  /// "  this run: N documents in S s: F files/s, M MB/s\n"
  std::string rate_line() const;
  std::uint64_t documents() const { return m_docs.load(); }

private:
  using clock = std::chrono::steady_clock;
  std::ostream& m_err;
  bool m_enabled;
  clock::time_point m_started;
  clock::time_point m_last;
  std::atomic<std::uint64_t> m_found{0};
  std::atomic<std::uint64_t> m_docs{0};
  std::atomic<std::uint64_t> m_bytes{0};
  std::atomic<std::uint64_t> m_skipped{0};
  std::atomic<bool> m_finding{true};
};

} // namespace altkit::check
