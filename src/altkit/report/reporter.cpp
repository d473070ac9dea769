#include "altkit/report/reporter.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace altkit::report {

using nlohmann::json;

void Summary::add(const validate::DocumentResult& r) {
  ++documents;
  bytes += r.bytes;
  switch (r.verdict) {
  case validate::Verdict::valid:
    ++valid;
    break;
  case validate::Verdict::invalid:
    ++invalid;
    break;
  case validate::Verdict::unreadable:
    ++unreadable;
    break;
  case validate::Verdict::not_routed:
    ++not_routed;
    break;
  }
  if (!r.schema.empty()) {
    ++per_schema[r.schema];
  }
}

Format parse_format(const std::string& name) {
  if (name == "text") {
    return Format::text;
  }
  if (name == "jsonl") {
    return Format::jsonl;
  }
  if (name == "junit") {
    return Format::junit;
  }
  if (name == "sarif") {
    return Format::sarif;
  }
  throw std::invalid_argument("unknown format '" + name + "' (expected text, jsonl, junit or sarif)");
}

json diag_json(const diag::Diagnostic& d) {
  json j{{"file", d.file},
         {"line", d.line},
         {"column", d.column},
         {"path", d.path},
         {"severity", std::string(diag::to_string(d.severity))},
         {"code", d.code},
         {"message", d.message}};
  if (!d.engine.empty()) {
    j["engine"] = d.engine;
  }
  return j;
}

std::string to_json_line(const validate::DocumentResult& r) {
  json diags = json::array();
  for (const auto& d : r.diagnostics) {
    diags.push_back(diag_json(d));
  }
  json j{{"type", "document"},      {"file", r.file},   {"schema", r.schema},
         {"engine", r.engine},      {"bytes", r.bytes}, {"verdict", validate::to_string(r.verdict)},
         {"diagnostics", diags}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace altkit::report
