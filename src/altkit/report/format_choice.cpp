#include "altkit/report/format_choice.hpp"

#include "altkit/diag/error.hpp"

#include <algorithm>
#include <cctype>

namespace altkit::report {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view tail) {
  if (s.size() < tail.size()) {
    return false;
  }
  return std::equal(tail.begin(), tail.end(), s.end() - static_cast<std::ptrdiff_t>(tail.size()),
                    [](char t, char c) { return t == std::tolower(static_cast<unsigned char>(c)); });
}

} // namespace

std::optional<Format> format_for_path(std::string_view path) {
  // Longest first: report.sarif.json is SARIF, not JSON Lines.
  static constexpr std::pair<std::string_view, Format> k_extensions[] = {
      {".sarif.json", Format::sarif}, {".sarif", Format::sarif}, {".jsonl", Format::jsonl}, {".ndjson", Format::jsonl},
      {".json", Format::jsonl},       {".xml", Format::junit},   {".txt", Format::text},    {".log", Format::text},
      {".html", Format::html},        {".htm", Format::html},
  };
  std::string_view name = path.substr(path.rfind('/') + 1); // npos + 1 == 0
  for (const auto& [ext, format] : k_extensions) {
    // A whole name ".xml" is a hidden file without an extension.
    if (name.size() > ext.size() && ends_with_nocase(name, ext)) {
      return format;
    }
  }
  return std::nullopt;
}

const char* format_name(Format f) {
  switch (f) {
  case Format::text:
    return "text";
  case Format::jsonl:
    return "jsonl";
  case Format::junit:
    return "junit";
  case Format::sarif:
    return "sarif";
  case Format::html:
    return "html";
  }
  return "text";
}

Format choose_format(std::string_view path, std::string_view given, const std::vector<Format>& supported,
                     Format fallback) {
  auto writes = [&](Format f) { return std::find(supported.begin(), supported.end(), f) != supported.end(); };
  // A format the tool does not write is not implied (corpus-check --report r.txt stays jsonl).
  std::optional<Format> by_name = format_for_path(path);
  bool implies = by_name.has_value() && writes(*by_name);
  Format implied = implies ? *by_name : fallback;
  if (given.empty()) {
    return implied;
  }
  Format explicit_format{};
  try {
    explicit_format = parse_format(std::string(given));
  } catch (const std::invalid_argument&) {
    throw diag::Error(diag::ExitCode::usage, "-f/--format " + std::string(given) + ": not a report format");
  }
  if (!writes(explicit_format)) {
    throw diag::Error(diag::ExitCode::usage,
                      "-f/--format " + std::string(given) + ": this tool does not write that format");
  }
  if (implies && implied != explicit_format) {
    throw diag::Error(diag::ExitCode::usage, "--report " + std::string(path) + " names a " + format_name(implied) +
                                                 " report, but -f/--format says " + std::string(given));
  }
  return explicit_format;
}

} // namespace altkit::report
