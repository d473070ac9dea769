#pragma once

#include "altkit/check/summary.hpp"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace altkit::check {

/// corpus-check's --journal: the document lines of the results emitted so far, one per line,
/// flushed to the kernel as each is written, so a run killed at any point can go on from there.
/// A journal counts names: a list naming a file twice, cut off between the two, still checks the
/// second on resume.
class Journal {
public:
  /// Reads what an earlier run journalled at `path` (a missing file is an empty journal): its
  /// document lines are added to `summary`; lines cut short by a kill are dropped (checked
  /// again). Then opens `path` for appending. Throws diag::Error (write_failed) when it cannot.
  Journal(const std::string& path, CheckSummary& summary);

  /// The lines read back, as they were (a jsonl report starts with them).
  const std::vector<std::string>& lines() const { return m_lines; }

  /// True, once per journalled occurrence, for a name the journal holds: skip it.
  /// Thread-safe (the producer and a worker walking a listed folder ask); costs no lock once
  /// every journalled name has been met.
  bool already_done(const std::string& name);

  /// Appends one document line (without its newline) and hands it to the kernel.
  /// One writer at a time (the pipeline's emitter).
  void append(const std::string& line);

private:
  std::vector<std::string> m_lines;
  std::map<std::string, std::uint64_t> m_done;
  std::mutex m_mu;
  std::atomic<bool> m_any{false};
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file{nullptr, &std::fclose};
};

} // namespace altkit::check
