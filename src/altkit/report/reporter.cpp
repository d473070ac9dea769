#include "altkit/report/reporter.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/report/names.hpp"

#include "altkit/io/base64.hpp"
#include "altkit/io/encoder.hpp"

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
  if (name == "html") {
    return Format::html;
  }
  throw std::invalid_argument("unknown format '" + name + "' (expected text, jsonl, junit, sarif or html)");
}

void put_name(json& j, const std::string& name) {
  if (io::is_utf8(name)) {
    j["file"] = name;
  } else {
    j["file"] = diag::escape_name(name);
    j["file_bytes"] = io::base64_encode(name);
  }
}

json diag_json(const diag::Diagnostic& d) {
  json j{{"line", d.line}, {"column", d.column},
         {"path", d.path}, {"severity", std::string(diag::to_string(d.severity))},
         {"code", d.code}, {"message", d.message}};
  put_name(j, d.file);
  if (!d.engine.empty()) {
    j["engine"] = d.engine;
  }
  return j;
}

namespace {

/// `,"key":` (as given) and the value as a JSON string.
void field(std::string& out, const char* key, std::string_view value) {
  out += key;
  append_json_string(out, value);
}

/// `,"file":` and the name, as put_name writes it (keys in sorted order: "file_bytes" next).
void name_field(std::string& out, const char* key, const std::string& name) {
  if (io::is_utf8(name)) {
    field(out, key, name);
    return;
  }
  field(out, key, diag::escape_name(name));
  field(out, ",\"file_bytes\":", io::base64_encode(name));
}

} // namespace

void append_json_string(std::string& out, std::string_view s) {
  // The common case in one pass: printable ASCII without quote or backslash (file names,
  // schema paths, codes) is copied as it is.
  bool plain = true;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out.append(s.data(), s.size());
    out += '"';
    return;
  }
  if (!io::is_utf8(s)) {
    // Rare: let nlohmann replace the broken sequences exactly as every other line of ours does.
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += '"';
  std::size_t run = 0; // start of the bytes not yet copied: they need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default: {
      static const char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string to_json_line(const validate::DocumentResult& r) {
  // Written directly (one line per document on corpus-check's hot path), byte for byte what
  // nlohmann::json would dump: keys in sorted order, no spaces. test_report_reporters checks it.
  std::string out;
  out.reserve(160 + r.file.size() + r.schema.size() + r.diagnostics.size() * 200);
  out += "{\"bytes\":";
  out += std::to_string(r.bytes);
  out += ",\"diagnostics\":[";
  bool first = true;
  for (const auto& d : r.diagnostics) {
    out += first ? "{" : ",{";
    first = false;
    field(out, "\"code\":", d.code);
    out += ",\"column\":";
    out += std::to_string(d.column);
    if (!d.engine.empty()) {
      field(out, ",\"engine\":", d.engine);
    }
    name_field(out, ",\"file\":", d.file);
    out += ",\"line\":";
    out += std::to_string(d.line);
    field(out, ",\"message\":", d.message);
    field(out, ",\"path\":", d.path);
    field(out, ",\"severity\":", diag::to_string(d.severity));
    out += '}';
  }
  field(out, "],\"engine\":", r.engine);
  name_field(out, ",\"file\":", r.file);
  field(out, ",\"schema\":", r.schema);
  field(out, ",\"type\":\"document\",\"verdict\":", validate::to_string(r.verdict));
  out += '}';
  return out;
}

/// The same line through nlohmann::json: the reference to_json_line must equal (tests).
std::string to_json_line_reference(const validate::DocumentResult& r) {
  json diags = json::array();
  for (const auto& d : r.diagnostics) {
    diags.push_back(diag_json(d));
  }
  json j{{"type", "document"},
         {"schema", r.schema},
         {"engine", r.engine},
         {"bytes", r.bytes},
         {"verdict", validate::to_string(r.verdict)},
         {"diagnostics", diags}};
  put_name(j, r.file);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace altkit::report
