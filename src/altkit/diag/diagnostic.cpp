#include "altkit/diag/diagnostic.hpp"

#include "altkit/diag/codes.hpp"

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
    out.append(d.file);
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

std::string tidy_message(std::string_view raw) {
  std::string s;
  s.reserve(raw.size());
  bool space = false;
  for (char c : raw) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !s.empty();
      continue;
    }
    if (space) {
      s.push_back(' ');
      space = false;
    }
    s.push_back(c);
  }
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) {
    s.pop_back();
  }
  // Lower-case the first letter unless the first word is an acronym ("XML", "DOCTYPE").
  if (s.size() >= 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
      !std::isupper(static_cast<unsigned char>(s[1]))) {
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  }
  return s;
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
