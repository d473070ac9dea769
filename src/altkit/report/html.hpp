#pragma once

#include "altkit/report/reporter.hpp"
#include "altkit/validate/result.hpp"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::report {

/// What an HTML page keeps of a run besides its counts; memory is bounded by these whatever the
/// run's size (a million documents keep the same few hundred rows).
struct HtmlLimits {
  std::size_t top = 10;     ///< rows of the slowest and largest documents
  std::size_t listed = 500; ///< findings (rejected messages) listed one by one; the rest are counted
  std::size_t names = 200;  ///< names counted apart per chart (classes, schemas, services, field paths);
                            ///< later names are counted together as "other names"
  std::size_t bars = 25;    ///< bars drawn per chart; the rest are summed in one row
};

/// One message of a migration as the page counts it (altut-convert fills it from its record).
struct HtmlMessage {
  struct Lost {
    std::string path;
    std::string value;
    std::string reason;
  };
  std::string file;
  std::uint64_t line = 0;
  std::string reference; ///< @messageReference
  std::string service;   ///< the message's shortName
  bool converted = false;
  std::string reject_code; ///< when rejected
  std::string reject_reason;
  std::vector<Lost> lost; ///< fields not carried over
};

/// The totals of a migration page.
struct MigrationTotals {
  std::uint64_t files = 0;
  std::uint64_t unreadable_files = 0;
  std::uint64_t messages = 0;
  std::uint64_t converted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t correspondences = 0;
  std::uint64_t lost = 0;
};

/// The HTML report of a run: one self-contained page (no script, no network: a
/// Content-Security-Policy allows nothing but its own inline style), the summary, charts drawn as
/// inline SVG, tables, and a capped list of findings saying how many more there are. Every name
/// and value is escaped (README, "HTML report"): markup characters as entities, control
/// characters, bytes that are not UTF-8 and bidirectional controls shown as \n, \xFF, \u202E.
/// Results are fed in input order and counted at once; write() draws the page. Memory is bounded
/// by HtmlLimits. Throws nothing of its own; std::bad_alloc. Not thread-safe: one owner.
class HtmlPage {
public:
  explicit HtmlPage(std::string tool, HtmlLimits limits = {});
  ~HtmlPage();
  HtmlPage(const HtmlPage&) = delete;
  HtmlPage& operator=(const HtmlPage&) = delete;

  /// Findings about a schema itself (load warnings or errors).
  void schema_findings(const std::string& schema, const std::vector<diag::Diagnostic>& diags);
  /// One document's verdict and findings; `r.micros` (0: not measured) ranks the slowest.
  void document(const validate::DocumentResult& r);
  /// One message of a migration.
  void message(const HtmlMessage& m);
  /// A finding that belongs to no document or message (a file that could not be read).
  void finding(const diag::Diagnostic& d);

  /// Writes the page of a validation run (seres-validate, corpus-check and its merge).
  void write(std::ostream& out, const Summary& s) const;
  /// Writes the page of a migration (altut-convert).
  void write(std::ostream& out, const MigrationTotals& t) const;

private:
  struct State;
  std::unique_ptr<State> m;
};

/// `s` as HTML text: & < > " ' as entities; control characters, bytes that are not UTF-8, C1
/// controls, bidirectional controls and line separators shown visibly (\n, \t, \xFF, \u202E) in
/// a span of class "esc", so that no name can add markup, break a line or reorder what follows.
/// Pure; thread-safe.
std::string html_text(std::string_view s);

/// The Reporter for Format::html: an HtmlPage written to `out` by finish().
std::unique_ptr<Reporter> make_html_reporter(const std::string& tool, std::ostream& out);

} // namespace altkit::report
