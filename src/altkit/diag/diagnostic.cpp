#include "altkit/diag/diagnostic.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/names.hpp"

#include <cctype>
#include <ostream>

namespace altkit::diag {

std::string_view to_string(Severity s) {
  switch (s) {
  case Severity::note:
    return "note";
  case Severity::warning:
    return "warning";
  case Severity::error:
    return "error";
  case Severity::fatal:
    return "fatal error";
  }
  return "error";
}

DiagnosticBuilder Diagnostic::of(const CodeInfo& c) {
  return DiagnosticBuilder(c.name, c.severity);
}
DiagnosticBuilder Diagnostic::error(const CodeInfo& c) {
  return DiagnosticBuilder(c.name, Severity::error);
}
DiagnosticBuilder Diagnostic::fatal(const CodeInfo& c) {
  return DiagnosticBuilder(c.name, Severity::fatal);
}
DiagnosticBuilder Diagnostic::warning(const CodeInfo& c) {
  return DiagnosticBuilder(c.name, Severity::warning);
}
DiagnosticBuilder Diagnostic::note(const CodeInfo& c) {
  return DiagnosticBuilder(c.name, Severity::note);
}

bool Diagnostic::is(const CodeInfo& c) const {
  return code == c.name;
}

std::string format_gnu(std::string_view tool, const Diagnostic& d) {
  std::string out;
  out.reserve(d.file.size() + d.message.size() + 48);
  out.append(tool).append(": ");
  if (!d.file.empty()) {
    out.append(escape_name(d.file));
    if (d.line > 0) {
      out.append(":").append(std::to_string(d.line));
      if (d.column > 0) {
        out.append(":").append(std::to_string(d.column));
      }
    }
    out.append(": ");
  }
  out.append(to_string(d.severity)).append(": ").append(d.message);
  if (!d.code.empty()) {
    out.append(" [").append(d.code).append("]");
  }
  return out;
}

void print_gnu(std::ostream& out, std::string_view tool, const std::vector<Diagnostic>& items) {
  for (const auto& d : items) {
    out << format_gnu(tool, d) << '\n';
  }
}

namespace {

/// The end of a tidied message: no trailing period or space, and the first letter lower-case
/// unless the first word is an acronym ("XML", "DOCTYPE").
std::string finish_sentence(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) {
    s.pop_back();
  }
  if (s.size() >= 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
      !std::isupper(static_cast<unsigned char>(s[1]))) {
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  }
  return s;
}

std::size_t append_escaped(std::string& out, std::string_view s, std::size_t i); // below

/// One line: runs of whitespace become one space. With `keep_quoted`, what stands between
/// single quotes (a value) keeps its whitespace, controls shown escaped.
std::string tidy(std::string_view raw, bool keep_quoted) {
  std::string s;
  s.reserve(raw.size());
  bool quoted = false;
  bool space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (keep_quoted && c == '\'') {
      quoted = !quoted;
    } else if (quoted) {
      i += append_escaped(s, raw, i) - 1;
      continue;
    } else if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !s.empty();
      continue;
    }
    if (space) {
      s.push_back(' ');
      space = false;
    }
    s.push_back(c);
  }
  return finish_sentence(std::move(s));
}

} // namespace

std::string tidy_message(std::string_view raw) {
  return tidy(raw, false);
}

namespace {

/// Appends the character at `s[i]`, escaped when it is a control character (C0, DEL, or C1 as
/// UTF-8: C2 80 to C2 9F); returns the number of bytes it took.
std::size_t append_escaped(std::string& out, std::string_view s, std::size_t i) {
  static const char k_hex[] = "0123456789ABCDEF";
  auto u = static_cast<unsigned char>(s[i]);
  if (s[i] == '\n') {
    out += "\\n";
  } else if (s[i] == '\t') {
    out += "\\t";
  } else if (u < 0x20 || u == 0x7F) {
    out += "\\u00";
    out += k_hex[u >> 4];
    out += k_hex[u & 0xF];
  } else if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
    auto v = static_cast<unsigned char>(s[i + 1]);
    out += "\\u00";
    out += k_hex[v >> 4];
    out += k_hex[v & 0xF];
    return 2;
  } else {
    out += s[i];
  }
  return 1;
}

} // namespace

std::string escape_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    i += append_escaped(out, s, i);
  }
  return out;
}

std::string tidy_engine_message(std::string_view raw) {
  // Whitespace at either end is the engine's (libxml2 ends each message with a line feed).
  std::size_t b = 0;
  std::size_t e = raw.size();
  while (b < e && (raw[b] == '\n' || raw[b] == '\r' || raw[b] == '\t' || raw[b] == ' ')) {
    ++b;
  }
  while (e > b && (raw[e - 1] == '\n' || raw[e - 1] == '\r' || raw[e - 1] == '\t' || raw[e - 1] == ' ')) {
    --e;
  }
  raw = raw.substr(b, e - b);
  return tidy(raw, true);
}

bool DiagnosticSink::has_errors() const {
  for (const auto& d : m_items) {
    if (d.severity == Severity::error || d.severity == Severity::fatal) {
      return true;
    }
  }
  return false;
}

} // namespace altkit::diag
