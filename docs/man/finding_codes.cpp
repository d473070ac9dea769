// Prints the FINDING CODES section of altkit(7) in scdoc from the registry (diag/codes.hpp), so
// the manual lists exactly the codes the tools emit. Run by the build (cmake/Manual.cmake).
#include "altkit/diag/codes.hpp"

#include <cstddef>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

using altkit::diag::CodeInfo;
using altkit::diag::ExitCode;

/// Text as scdoc shows it literally: its markup characters escaped.
std::string literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '_' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string tools_of(const CodeInfo& c) {
  std::string out;
  for (auto t : altkit::diag::k_tools) {
    if (c.emitted_by(t)) {
      out += (out.empty() ? "" : ", ") + std::string(altkit::diag::tool_name(t));
    }
  }
  return out;
}

} // namespace

int main() {
  struct Group {
    ExitCode exit;
    const char* title;
  };
  // Errors by exit class, then the warnings and notes, which leave the exit code alone.
  const Group groups[] = {{ExitCode::findings, "Exit 1: findings"},
                          {ExitCode::unreadable, "Exit 3: an input unreadable or not well-formed"},
                          {ExitCode::load_failed, "Exit 4: a schema, stylesheet or mapping table failed to load"},
                          {ExitCode::write_failed, "Exit 5: output could not be written"},
                          {ExitCode::ok, "Warnings and notes: no effect on the exit code"}};
  std::size_t listed = 0;
  for (const Group& g : groups) {
    std::cout << "## " << g.title << "\n\n";
    for (const CodeInfo& c : altkit::diag::k_codes) {
      if (c.exit_class != g.exit) {
        continue;
      }
      ++listed;
      std::cout << '*' << c.name << "* (" << to_string(c.severity) << "; " << tools_of(c) << ")\n\t"
                << literal(c.summary) << ' ' << literal(c.help) << "\n\n";
    }
  }
  if (listed != std::size(altkit::diag::k_codes)) {
    std::cerr << "finding_codes: a code has an exit class with no group here\n";
    return 1;
  }
  return 0;
}
