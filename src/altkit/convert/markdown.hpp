#pragma once

// AltUt message bodies (HTML inside CDATA) as CommonMark, which Altinn 3 wants for messageBody,
// and HTML-free plain text for its title and summary.

#include <string>
#include <string_view>
#include <vector>

namespace altkit::convert {

/// What became of an HTML fragment.
struct MarkdownResult {
  std::string text; ///< CommonMark (html_to_commonmark) or plain text (html_to_plain_text)
  /// What had no CommonMark form and was left out, its text kept (e.g. "<table>", "<font>",
  /// "style attribute", "<img> (alt text kept)", "<script> (dropped with its content)"), each once,
  /// in the order first met.
  std::vector<std::string> lost;
  /// False when libxml2's HTML parser stopped before the end (a fatal error: nesting deeper than
  /// its 256 levels): the text after that point is missing from `text`.
  bool complete = true;
};

/// Converts an HTML fragment (libxml2's HTML parser, no network, errors tolerated as browsers do)
/// to CommonMark 0.30: paragraphs, line breaks (hard breaks), emphasis and strong emphasis,
/// links, ordered and bullet lists (nested), headings, block quotes, inline code and code blocks,
/// thematic breaks. Text is escaped so that it renders as itself (`*`, `_`, `[`, `<`, `&`, `\`,
/// a `#` or `1.` starting a line, ...); runs of whitespace collapse as HTML does. Everything
/// without a CommonMark form (tables, fonts, colours, underline, images, forms, ...) keeps its
/// text and is named in `lost`; scripts and styles are dropped with their content. Thread-safe
/// (libxml2 initialised: xml::init_libxml).
MarkdownResult html_to_commonmark(std::string_view html);

/// The text of an HTML fragment, whitespace collapsed to single spaces and trimmed: for Altinn 3's
/// plain-text title and summary. Markup met (any element) is named in `lost` as "markup removed".
/// Text without '<' or '&' is only collapsed. Thread-safe.
MarkdownResult html_to_plain_text(std::string_view html);

} // namespace altkit::convert
