#pragma once

#include "altkit/check/fingerprint.hpp"
#include "altkit/check/summary.hpp"
#include "altkit/diag/exit_code.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace altkit::check {

/// corpus-check's --journal: the run's fingerprint, then the document lines of the results
/// emitted so far in input order, each line `<16 hex digits of its FNV-1a 64> <json>`, handed to
/// the kernel as each is written, so a run killed at any point can go on from there.
/// A journal counts names: a list naming a file twice, cut off between the two, still checks the
/// second on resume.
class Journal {
public:
  /// Reads what an earlier run journalled at `path` (a missing or empty file is a new journal):
  /// its document lines are added to `summary`. From the first line whose check sum or JSON is
  /// wrong (a kill inside a write, an edit) to the end, lines are dropped, cut from the file and
  /// their documents checked again: `dropped()` says how many. Then opens `path` for appending,
  /// writing `run`'s fingerprint first when the journal is new or `restart` is set (which empties
  /// it). Throws diag::Error: usage (2) when the journal was written by a run with another
  /// fingerprint, or is not a journal, and `restart` is not set (the message says what differs);
  /// write_failed (5) when it cannot be written.
  Journal(const std::string& path, const Fingerprint& run, bool restart, CheckSummary& summary);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Damaged lines dropped at the end (the cut-off header of a new journal counts as one).
  std::uint64_t dropped() const { return m_dropped; }
  /// The exit code the journalled results call for (1 for a finding, 3 for an unreadable one).
  diag::ExitCode code() const { return m_code; }
  std::uint64_t documents() const { return m_documents; }

  /// Calls `fn` with each journalled document line (its JSON, as a jsonl report holds it), in
  /// order, reading the file again (memory stays bounded). Call before the first append().
  void replay(const std::function<void(const std::string&)>& fn) const;

  /// True, once per journalled occurrence, for a name the journal holds: skip it.
  /// Thread-safe (the producer and a worker walking a listed folder ask); costs no lock once
  /// every journalled name has been met.
  bool already_done(const std::string& name);

  /// Appends one document line (its JSON, without a newline) with its check sum, in one write to
  /// the kernel. One writer at a time (the pipeline's emitter). Throws diag::Error (write_failed).
  void append(const std::string& line);

  /// `<check sum> <json>` for a journal line: shared with the tests.
  static std::string framed(const std::string& json);

private:
  std::string m_path;
  std::uint64_t m_good = 0; ///< bytes of header and whole, verified lines
  std::uint64_t m_dropped = 0;
  std::uint64_t m_documents = 0;
  diag::ExitCode m_code = diag::ExitCode::ok;
  std::map<std::string, std::uint64_t> m_done;
  std::mutex m_mu;
  std::atomic<bool> m_any{false};
  int m_fd = -1;
};

/// Splits a framed journal line: the JSON when its check sum holds, "" otherwise.
std::string_view verified_json(std::string_view framed_line);

} // namespace altkit::check
