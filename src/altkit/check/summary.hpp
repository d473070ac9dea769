#pragma once

#include "altkit/report/reporter.hpp"
#include "altkit/validate/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace altkit::check {

/// The count `key` of a report line (documents, bytes, line, column, ...): 0 when absent, the
/// value when it is a non-negative integer. Anything else (a float such as 8.9e44, a negative
/// number, a string) throws std::invalid_argument naming the key: nlohmann's own conversion of a
/// float out of range is undefined behaviour, and a negative one wraps (found by fuzz_merge).
std::uint64_t count_of(const nlohmann::json& j, const char* key);

/// A `document` line of a jsonl report as the result it was written from; false when the line
/// is not one.
bool result_from_line(const nlohmann::json& line, validate::DocumentResult& r);

/// One class of findings in the error histogram.
struct FindingClass {
  std::uint64_t count = 0;
  std::string example; ///< the smallest "file:line:col: message" of the class: the same whatever the order
};

/// The summary of a corpus run: counts by verdict and schema, and the error histogram. Built from
/// results as they come, or from report lines (merge, journal): both give the same summary.
struct CheckSummary {
  report::Summary counts;
  std::map<std::string, FindingClass> classes;

  void add(const validate::DocumentResult& r);
  /// Adds a `document` line of a jsonl report (and gives it back as a result in `as_result`
  /// when not null); false when the line is not one.
  bool add_line(const nlohmann::json& line, validate::DocumentResult* as_result = nullptr);
  /// The summary as text: counts, per-schema counts, the top `top` finding classes.
  std::string text(const std::string& tool, std::size_t top = 10) const;
};

} // namespace altkit::check
