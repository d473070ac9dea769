#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace altkit::diag {

enum class Severity { note, warning, error, fatal };

std::string_view to_string(Severity s);

struct CodeInfo; // a registered finding code (codes.hpp)
class DiagnosticBuilder;

/// One finding, the same for every engine and tool. line/column are 1-based; 0 means unknown.
/// Made with a builder that takes its code from the registry (codes.hpp):
///   Diagnostic::of(code::value_pattern).at(file, line, column).path(p).message(m).engine("xerces")
/// (The plain aggregate form still compiles for code not yet converted.)
struct Diagnostic {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string path; ///< element path, e.g. /melding/Skjemainnhold/arbeidsgiver[2]/orgnr
  Severity severity = Severity::error;
  std::string code;    ///< a registered code's name (codes.hpp), e.g. "not-well-formed"
  std::string message; ///< lower-case, no trailing period
  std::string engine;  ///< "xerces", "libxml2" or empty when not engine-specific
  /// A second place in the same file the finding belongs to (SARIF relatedLocations), with what
  /// stands there; related_line 0: none. --deep: the start of the embedded form it is in.
  std::uint64_t related_line = 0;
  std::uint64_t related_column = 0;
  std::string related_message{};

  /// Starts a finding of code `c` at the severity the registry gives it.
  static DiagnosticBuilder of(const CodeInfo& c);
  /// Starts a finding of code `c` at a chosen severity (a tool option may make a warning an error).
  static DiagnosticBuilder error(const CodeInfo& c);
  static DiagnosticBuilder fatal(const CodeInfo& c);
  static DiagnosticBuilder warning(const CodeInfo& c);
  static DiagnosticBuilder note(const CodeInfo& c);

  /// True when this finding carries code `c`.
  bool is(const CodeInfo& c) const;
};

/// The parts of a Diagnostic, each set by name; the builder converts to the Diagnostic when
/// done. Only usable as a temporary (each part consumes it): assign to a Diagnostic to keep one.
class [[nodiscard]] DiagnosticBuilder {
public:
  /// The file and the 1-based position in it (0: unknown).
  DiagnosticBuilder&& at(std::string file, std::uint64_t line = 0, std::uint64_t column = 0) && {
    m_d.file = std::move(file);
    return std::move(*this).position(line, column);
  }
  /// The position alone, for a finding whose file is filled in later.
  DiagnosticBuilder&& position(std::uint64_t line, std::uint64_t column = 0) && {
    m_d.line = line;
    m_d.column = column;
    return std::move(*this);
  }
  DiagnosticBuilder&& path(std::string element_path) && {
    m_d.path = std::move(element_path);
    return std::move(*this);
  }
  DiagnosticBuilder&& message(std::string text) && {
    m_d.message = std::move(text);
    return std::move(*this);
  }
  DiagnosticBuilder&& engine(std::string name) && {
    m_d.engine = std::move(name);
    return std::move(*this);
  }
  DiagnosticBuilder&& severity(Severity s) && {
    m_d.severity = s;
    return std::move(*this);
  }
  operator Diagnostic() && { return std::move(m_d); }
  Diagnostic build() && { return std::move(m_d); }

private:
  friend struct Diagnostic;
  DiagnosticBuilder(std::string_view code, Severity s) {
    m_d.code = code;
    m_d.severity = s;
  }
  Diagnostic m_d;
};

/// Renders `tool: file:line:col: severity: message [code]` (GNU style; unknown parts left out).
std::string format_gnu(std::string_view tool, const Diagnostic& d);

/// Writes each diagnostic as a GNU line.
void print_gnu(std::ostream& out, std::string_view tool, const std::vector<Diagnostic>& items);

/// Normalises an engine message to our style: one line, trimmed, first letter lower-case unless
/// it starts an acronym or a quoted name, no trailing period.
std::string tidy_message(std::string_view raw);

/// tidy_message for an engine's finding about a value or a name: inside single quotes (where
/// engines put values and names) nothing is collapsed, and control characters are shown as they
/// are: a line feed as `\n`, a tab as `\t`, any other as `\u00XX` (a value "A<LF>B" shown as
/// 'A B' would contradict a pattern that allows spaces). Outside quotes as tidy_message.
std::string tidy_engine_message(std::string_view raw);

/// `s` with control characters escaped as tidy_engine_message does inside quotes.
std::string escape_controls(std::string_view s);

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
