#pragma once

#include "altkit/io/spool.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace altkit::report {

/// Text appended piece by piece and written out once, held in an io::Spool (memory up to 1 MiB,
/// then an anonymous temporary file): what a report must hold back until the header that counts
/// it can be written (JUnit's testsuite counts come first). Memory stays bounded whatever the
/// run's size. Throws diag::Error(write_failed) when the temporary cannot be made or written.
/// Not thread-safe: one owner.
class SpooledText {
public:
  SpooledText& operator+=(std::string_view text) {
    m_spool.write(text);
    return *this;
  }
  bool empty() const { return m_spool.empty(); }
  /// Writes everything appended so far to `out` (the text stays: it can be written again).
  friend std::ostream& operator<<(std::ostream& out, SpooledText& text) {
    text.m_spool.copy_to(out);
    return out;
  }

private:
  io::Spool m_spool;
};

/// A SARIF log written as its results come, byte for byte what nlohmann::json's dump(2) prints
/// for the whole log (invalid UTF-8 replaced): its keys are sorted, so a run's "results" come
/// before its "tool" and the rules, and only what follows the results waits for the end.
/// `skeleton` is the log with an empty "results" array in its one run; every key printed before
/// "results" must be final in it (in SARIF: "$schema", "runs", "columnKind"). Nothing is written
/// before the first result or finish(). Not thread-safe: one owner.
class SarifStream {
public:
  SarifStream(std::ostream& out, const nlohmann::json& skeleton);
  /// Writes one result object (the log's head before it, the first time).
  void push_back(const nlohmann::json& result);
  /// Writes the rest of the log: `log` is the whole log with an empty "results" array, the same
  /// as the skeleton up to it. Throws std::logic_error when it is not.
  void finish(const nlohmann::json& log);
  std::uint64_t size() const { return m_count; }

private:
  /// The dump split around the results: `head` ends with `"results": [`, `tail` starts after `[]`.
  static void split(const std::string& dump, std::string& head, std::string& tail, std::string& indent);

  std::ostream& m_out;
  std::string m_head;
  std::string m_indent; ///< of a result's lines inside the results array
  std::uint64_t m_count = 0;
};

} // namespace altkit::report
