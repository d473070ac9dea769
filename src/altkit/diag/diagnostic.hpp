#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::diag {

enum class Severity { note, warning, error, fatal };

std::string_view to_string(Severity s);

/// One finding, the same for every engine and tool. line/column are 1-based; 0 means unknown.
struct Diagnostic {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string path;    ///< element path, e.g. /melding/Skjemainnhold/arbeidsgiver[2]/orgnr
  Severity severity = Severity::error;
  std::string code;    ///< stable kebab-case identifier, e.g. "not-well-formed"
  std::string message; ///< lower-case, no trailing period
  std::string engine;  ///< "xerces", "libxml2" or empty when not engine-specific
};

/// Renders `tool: file:line:col: severity: message [code]` (GNU style; unknown parts left out).
std::string format_gnu(std::string_view tool, const Diagnostic& d);

/// Writes each diagnostic as a GNU line.
void print_gnu(std::ostream& out, std::string_view tool, const std::vector<Diagnostic>& items);

/// Normalises an engine message to our style: one line, trimmed, first letter lower-case unless
/// it starts an acronym or a quoted name, no trailing period.
std::string tidy_message(std::string_view raw);

/// Collects diagnostics in order. Not thread-safe: one sink per worker.
class DiagnosticSink {
public:
  void add(Diagnostic d) { m_items.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return m_items; }
  std::vector<Diagnostic>& items() { return m_items; }
  bool has_errors() const;
  void clear() { m_items.clear(); }

private:
  std::vector<Diagnostic> m_items;
};

} // namespace altkit::diag
