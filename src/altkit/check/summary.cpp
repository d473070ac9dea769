#include "altkit/check/summary.hpp"

#include "altkit/diag/diagnostic.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/base64.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace altkit::check {

namespace {

void count_class(std::map<std::string, FindingClass>& classes, const std::string& code, const std::string& example) {
  FindingClass& c = classes[code];
  ++c.count;
  if (c.example.empty() || example < c.example) {
    c.example = example;
  }
}

std::string example_of(const std::string& file, std::uint64_t line, std::uint64_t col, const std::string& message) {
  std::string s = diag::escape_name(file);
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (col > 0) {
      s += ":" + std::to_string(col);
    }
  }
  return s + ": " + message;
}

/// The name a report's JSON object gives: "file_bytes" (base64) when the name is not UTF-8, else
/// "file". Throws when neither is a string, or "file_bytes" is not base64.
std::string name_of(const nlohmann::json& j) {
  auto bytes = j.find("file_bytes");
  if (bytes == j.end()) {
    return j.at("file").get<std::string>();
  }
  auto name = io::base64_decode(bytes->get<std::string>());
  if (!name) {
    throw std::invalid_argument("file_bytes is not base64");
  }
  return *name;
}

} // namespace

void CheckSummary::add(const validate::DocumentResult& r) {
  counts.add(r);
  for (const auto& d : r.diagnostics) {
    if (d.severity == diag::Severity::error || d.severity == diag::Severity::fatal) {
      count_class(classes, d.code, example_of(r.file, d.line, d.column, d.message));
    }
  }
}

std::uint64_t count_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) {
    return 0;
  }
  if (it->is_number_unsigned()) {
    return it->get<std::uint64_t>();
  }
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(it->get<std::int64_t>());
  }
  throw std::invalid_argument(std::string("'") + key + "' is not a count: " + it->dump());
}

bool result_from_line(const nlohmann::json& j, validate::DocumentResult& r) {
  if (!j.is_object() || j.value("type", "") != "document") {
    return false;
  }
  try {
    r.file = name_of(j);
    r.schema = j.value("schema", "");
    r.engine = j.value("engine", "");
    r.bytes = count_of(j, "bytes");
    std::string v = j.at("verdict").get<std::string>();
    if (v != "valid" && v != "invalid" && v != "unreadable" && v != "not-routed") {
      return false;
    }
    r.verdict = v == "invalid"      ? validate::Verdict::invalid
                : v == "unreadable" ? validate::Verdict::unreadable
                : v == "not-routed" ? validate::Verdict::not_routed
                                    : validate::Verdict::valid;
    r.diagnostics.clear();
    for (const auto& d : j.value("diagnostics", nlohmann::json::array())) {
      diag::Diagnostic x;
      x.file = d.contains("file") ? name_of(d) : std::string();
      x.line = count_of(d, "line");
      x.column = count_of(d, "column");
      x.path = d.value("path", "");
      x.code = d.value("code", "");
      x.message = d.value("message", "");
      x.engine = d.value("engine", "");
      std::string sev = d.value("severity", "error");
      x.severity = sev == "warning"       ? diag::Severity::warning
                   : sev == "note"        ? diag::Severity::note
                   : sev == "fatal error" ? diag::Severity::fatal
                                          : diag::Severity::error;
      r.diagnostics.push_back(std::move(x));
    }
  } catch (const std::exception&) {
    return false; // a key of the wrong type: not a document line
  }
  return true;
}

bool CheckSummary::add_line(const nlohmann::json& j, validate::DocumentResult* as_result) {
  validate::DocumentResult r;
  if (!result_from_line(j, r)) {
    return false;
  }
  add(r);
  if (as_result != nullptr) {
    *as_result = std::move(r);
  }
  return true;
}

std::string CheckSummary::text(const std::string& tool, std::size_t top) const {
  char mb[32];
  std::snprintf(mb, sizeof mb, "%.1f", static_cast<double>(counts.bytes) / (1024.0 * 1024.0));
  std::string out =
      tool + ": " + std::to_string(counts.documents) + (counts.documents == 1 ? " document, " : " documents, ") + mb +
      " MB: " + std::to_string(counts.valid) + " valid, " + std::to_string(counts.invalid) + " invalid, " +
      std::to_string(counts.unreadable) + " unreadable, " + std::to_string(counts.not_routed) + " not routed\n";
  for (const auto& [schema, n] : counts.per_schema) {
    out += "  schema " + std::filesystem::path(schema).filename().string() + ": " + std::to_string(n) +
           (n == 1 ? " document\n" : " documents\n");
  }
  std::vector<std::pair<std::string, FindingClass>> sorted(classes.begin(), classes.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
  if (!sorted.empty()) {
    out += "  findings by class:\n";
  }
  for (std::size_t i = 0; i < sorted.size() && i < top; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "    %8llu  %-22s ", static_cast<unsigned long long>(sorted[i].second.count),
                  sorted[i].first.c_str());
    out += line + std::string("e.g. ") + sorted[i].second.example + "\n";
  }
  return out;
}

} // namespace altkit::check
