#pragma once

#include "altkit/validate/result.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::report {

/// Counts over a run, by verdict and by schema.
struct Summary {
  std::uint64_t documents = 0;
  std::uint64_t bytes = 0;
  std::uint64_t valid = 0;
  std::uint64_t invalid = 0;
  std::uint64_t unreadable = 0;
  std::uint64_t not_routed = 0;
  std::map<std::string, std::uint64_t> per_schema;

  void add(const validate::DocumentResult& r);
};

/// Receives a run's results in input order. Implementations write to the stream given at
/// construction; they hold no global state. Not thread-safe: the caller serialises.
class Reporter {
public:
  virtual ~Reporter() = default;
  /// Findings about a schema itself (warnings of a compiled schema, reported once).
  virtual void schema_findings(const std::string& schema, const std::vector<diag::Diagnostic>& diags) = 0;
  virtual void document(const validate::DocumentResult& r) = 0;
  virtual void finish(const Summary& s) = 0;
};

enum class Format { text, jsonl, junit, sarif, html };

/// Parses text|jsonl|junit|sarif|html; throws std::invalid_argument otherwise.
Format parse_format(const std::string& name);

/// `tool` names the tool in GNU lines and in SARIF's driver. Text goes to `out` as GNU lines
/// (the caller passes stderr); `quiet` leaves out the text summary.
std::unique_ptr<Reporter> make_reporter(Format f, const std::string& tool, std::ostream& out, bool quiet = false);

/// JSON for one diagnostic and one document result (shared by jsonl and corpus-check merge).
std::string to_json_line(const validate::DocumentResult& r);
/// The same line built with nlohmann::json, slower: what to_json_line must equal byte for byte.
std::string to_json_line_reference(const validate::DocumentResult& r);
/// Appends `s` as a JSON string: escaped as nlohmann::json dumps it (invalid UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view s);

} // namespace altkit::report
