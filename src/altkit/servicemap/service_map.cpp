#include "altkit/servicemap/service_map.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/io/encoder.hpp"
#include "altkit/io/source.hpp"
#include "altkit/servicemap/csv.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <iconv.h>
#include <optional>
#include <stdexcept>

namespace altkit::servicemap {

namespace {

constexpr std::size_t k_max_code_length = 7; // Altinn II batch XSD: ServiceCode maxLength 7

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) {
    return {};
  }
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

namespace {

constexpr std::size_t k_max_map_bytes = 16U << 20; // thousands of rows take well under 1 MiB

/// Line and column (1-based, in bytes) of offset `at` in `text`.
std::pair<std::size_t, std::size_t> position(std::string_view text, std::size_t at) {
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  std::size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
  std::size_t column = (nl == std::string_view::npos || at == 0) ? at + 1 : at - nl;
  return {line, column};
}

/// `text` in `encoding`, as UTF-8 (iconv). Throws std::runtime_error naming what went wrong.
std::string to_utf8(const std::string& text, const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error("unknown encoding '" + encoding + "'");
  }
  std::string out(text.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    throw std::runtime_error("not " + encoding + " at byte " + std::to_string(text.size() - in_left + 1));
  }
  out.resize(out.size() - out_left);
  return out;
}

/// A form version of digits as a number ("02" and "2" are one version); anything else as it is.
std::string version_key(const std::string& v) {
  if (!all_digits(v)) {
    return v;
  }
  return v.substr(std::min(v.find_first_not_of('0'), v.size() - 1));
}

} // namespace

std::unique_ptr<ServiceMap> ServiceMap::load(const std::string& path, diag::DiagnosticSink& sink,
                                             const std::string& encoding) {
  std::string text;
  auto unreadable = [&](std::string why) {
    if (why.rfind(path + ": ", 0) == 0) {
      why.erase(0, path.size() + 2); // the diagnostic names the file already
    }
    sink.add(diag::Diagnostic::of(diag::code::map_unreadable).at(path).message("cannot read service map: " + why));
    return nullptr;
  };
  try {
    auto src = io::open_input(path);
    text = io::read_all(*src, k_max_map_bytes);
  } catch (const std::exception& e) {
    return unreadable(e.what());
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    auto [line, column] = position(text, nul);
    sink.add(diag::Diagnostic::of(diag::code::map_syntax).at(path, line, column).message("a NUL byte in the map"));
    return nullptr;
  }
  std::string lower = encoding;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.empty() || lower == "utf-8" || lower == "utf8") {
    if (auto bad = io::first_invalid_utf8(text)) {
      auto [line, column] = position(text, *bad);
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
      sink.add(diag::Diagnostic::of(diag::code::map_syntax)
                   .at(path, line, column)
                   .message(std::string("byte ") + byte +
                            " is not UTF-8: save the map as UTF-8, or name its encoding with --map-encoding "
                            "(e.g. --map-encoding windows-1252 for a spreadsheet's Latin-1 export)"));
      return nullptr;
    }
  } else {
    try {
      text = to_utf8(text, encoding);
    } catch (const std::exception& e) {
      return unreadable(std::string("--map-encoding ") + encoding + ": " + e.what());
    }
  }
  return parse(text, path, sink);
}

namespace {

using Fail = std::function<void(std::size_t line, const diag::CodeInfo& code, const std::string& message)>;

const std::vector<std::string> k_header{"kind", "name", "version", "serviceCode", "serviceEditionCode"};
constexpr const char* k_resource_column = "resourceId";
constexpr std::size_t k_max_resource_length = 255; // Altinn 3 BaseCorrespondenceExt.ResourceId: 1 to 255

/// One data row, its fields trimmed and checked on their own (not against other rows).
struct Row {
  std::string kind, key, version;
  Service service;
  std::string resource; ///< six-column maps: the Altinn 3 resource id (may be blank)
};

/// Checks the resource id of a row (six-column maps); faults go to `bad`.
void check_resource(const Row& row, const std::function<void(const diag::CodeInfo&, const std::string&)>& bad) {
  if (row.kind == "service" && row.resource.empty()) {
    bad(diag::code::map_syntax, "a service row needs a resourceId");
  }
  if (utf8_length(row.resource) > k_max_resource_length || row.resource.find_first_of(" \t\r\n") != std::string::npos) {
    bad(diag::code::map_syntax, "resourceId '" + row.resource + "' must be 1 to 255 characters without whitespace");
  }
}

/// Checks a row's fields; every fault goes to `fail`. The edition loses its leading zeros.
std::optional<Row> check_row(const CsvRecord& rec, const Fail& fail, std::size_t columns) {
  if (rec.fields.size() != columns) {
    fail(rec.line, diag::code::map_syntax,
         "expected " + std::to_string(columns) + " fields, found " + std::to_string(rec.fields.size()));
    return std::nullopt;
  }
  Row row{trim(rec.fields[0]), trim(rec.fields[1]), trim(rec.fields[2]),
          Service{trim(rec.fields[3]), trim(rec.fields[4]), rec.line}, columns > 5 ? trim(rec.fields[5]) : ""};
  bool ok = true;
  auto bad = [&](const diag::CodeInfo& code, const std::string& message) {
    fail(rec.line, code, message);
    ok = false;
  };
  bool service_row = row.kind == "service" && columns > 5;
  if (row.kind != "form" && row.kind != "shortName" && !service_row) {
    bad(diag::code::map_kind, columns > 5 ? "kind must be 'form', 'shortName' or 'service', not '" + row.kind + "'"
                                          : "kind must be 'form' or 'shortName', not '" + row.kind + "'");
  }
  if (service_row && (!row.key.empty() || !row.version.empty())) {
    bad(diag::code::map_syntax, "a service row has no name and no version");
  } else if (!service_row && row.key.empty()) {
    bad(diag::code::map_syntax, "name is empty");
  }
  if (row.kind == "shortName" && !row.version.empty()) {
    bad(diag::code::map_syntax, "a shortName row has no version");
  }
  Service& svc = row.service;
  if (svc.code.empty() || utf8_length(svc.code) > k_max_code_length) {
    bad(diag::code::map_service_code,
        "serviceCode '" + svc.code + "' must have 1 to " + std::to_string(k_max_code_length) + " characters");
  }
  if (service_row && svc.edition.empty()) {
    // a service row without an edition gives every edition of the code its resource
  } else if (!all_digits(svc.edition)) {
    bad(diag::code::map_edition, "serviceEditionCode '" + svc.edition + "' is not a whole number");
  } else {
    svc.edition.erase(0, std::min(svc.edition.find_first_not_of('0'), svc.edition.size() - 1));
  }
  if (columns > 5) {
    check_resource(row, bad);
  }
  return ok ? std::optional<Row>(std::move(row)) : std::nullopt;
}

/// A row naming what an earlier row named: listed twice (same service) or a conflict.
void report_repeat(const Row& row, const Service& earlier, const Fail& fail) {
  const Service& svc = row.service;
  bool same = earlier.code == svc.code && earlier.edition == svc.edition;
  std::string what = row.kind + " '" + row.key + "'" + (row.version.empty() ? "" : " version '" + row.version + "'");
  fail(svc.line, same ? diag::code::map_duplicate : diag::code::map_conflict,
       same ? what + " is listed twice (first on line " + std::to_string(earlier.line) + ")"
            : what + " maps to " + svc.joined() + " here but to " + earlier.joined() + " on line " +
                  std::to_string(earlier.line));
}

/// The header's columns: 5 (the original map) or 6 (with resourceId); 0 when it is neither.
std::size_t header_columns(const CsvRecord& header) {
  std::vector<std::string> got;
  for (const auto& f : header.fields) {
    got.push_back(trim(f));
  }
  if (got == k_header) {
    return 5;
  }
  if (got.size() == 6 && std::equal(k_header.begin(), k_header.end(), got.begin()) && got[5] == k_resource_column) {
    return 6;
  }
  return 0;
}

} // namespace

std::unique_ptr<ServiceMap> ServiceMap::parse(std::string_view text, const std::string& name,
                                              diag::DiagnosticSink& sink) {
  Fail fail = [&](std::size_t line, const diag::CodeInfo& code, const std::string& message) {
    sink.add(diag::Diagnostic::of(code).at(name, line).message(message));
  };
  auto csv = parse_csv(text);
  if (csv.error) {
    fail(csv.error->line, diag::code::map_syntax, csv.error->message);
    return nullptr;
  }
  if (csv.records.empty()) {
    fail(1, diag::code::map_syntax,
         "service map is empty: expected the header kind,name,version,serviceCode,serviceEditionCode");
    return nullptr;
  }
  const std::size_t columns = header_columns(csv.records[0]);
  if (columns == 0) {
    fail(csv.records[0].line, diag::code::map_syntax,
         "header must be kind,name,version,serviceCode,serviceEditionCode (and optionally resourceId)");
    return nullptr;
  }
  auto map = std::unique_ptr<ServiceMap>(new ServiceMap());
  bool ok = true;
  for (std::size_t r = 1; r < csv.records.size(); ++r) {
    auto row = check_row(csv.records[r], fail, columns);
    if (!row) {
      ok = false;
      continue;
    }
    const Service* earlier = nullptr;
    if (row->kind == "form") {
      auto [it, inserted] = map->m_forms.emplace(std::make_pair(row->key, version_key(row->version)), row->service);
      earlier = inserted ? nullptr : &it->second;
    } else if (row->kind == "shortName") {
      auto [it, inserted] = map->m_short_names.emplace(row->key, row->service);
      earlier = inserted ? nullptr : &it->second;
    }
    if (earlier != nullptr) {
      report_repeat(*row, *earlier, fail);
      ok = false;
    }
    if (!row->resource.empty() && !map->add_resource(row->service, row->resource, row->kind == "service", fail)) {
      ok = false;
    }
  }
  return ok ? std::move(map) : nullptr;
}

bool ServiceMap::add_resource(const Service& svc, const std::string& resource, bool service_row, const Fail& fail) {
  auto [it, inserted] =
      m_resources.emplace(std::make_pair(svc.code, svc.edition), Resource{resource, svc.line, service_row});
  if (inserted) {
    return true;
  }
  std::string service = svc.edition.empty() ? "service " + svc.code + " (any edition)" : "service " + svc.joined();
  if (it->second.id != resource) {
    fail(svc.line, diag::code::map_conflict,
         service + " has resourceId '" + resource + "' here but '" + it->second.id + "' on line " +
             std::to_string(it->second.line));
    return false;
  }
  if (service_row && it->second.service_row) {
    fail(svc.line, diag::code::map_duplicate,
         service + " is listed twice (first on line " + std::to_string(it->second.line) + ")");
    return false;
  }
  return true;
}

std::optional<std::string> ServiceMap::resource(const std::string& code, const std::string& edition) const {
  auto it = m_resources.find({code, edition});
  if (it == m_resources.end()) {
    it = m_resources.find({code, ""});
  }
  if (it == m_resources.end()) {
    return std::nullopt;
  }
  return it->second.id;
}

std::optional<Service> ServiceMap::form(const std::string& form_number, const std::string& version) const {
  auto it = m_forms.find({form_number, version_key(version)});
  if (it == m_forms.end()) {
    it = m_forms.find({form_number, ""});
  }
  if (it == m_forms.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<Service> ServiceMap::short_name(const std::string& name) const {
  auto it = m_short_names.find(name);
  if (it == m_short_names.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string> ServiceMap::legacy_names(const std::string& code, const std::string& edition) const {
  std::string wanted = edition;
  if (!wanted.empty()) {
    wanted.erase(0, std::min(wanted.find_first_not_of('0'), wanted.size() - 1)); // as rows are kept
  }
  std::vector<std::string> out;
  for (const auto& [name, svc] : m_short_names) {
    if (svc.code == code && svc.edition == wanted) {
      out.push_back(name);
    }
  }
  return out;
}

std::optional<std::string> short_name_for(std::string_view code, std::string_view edition) {
  auto plain = [](char c) {
    return (static_cast<unsigned char>(c) & 0x80) == 0 && c != '_' && c != ' ' && c != '\t' && c != '\n' && c != '\r';
  };
  bool digits =
      !edition.empty() && std::all_of(edition.begin(), edition.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (code.empty() || code.size() > 7 || !std::all_of(code.begin(), code.end(), plain) || !digits) {
    return std::nullopt;
  }
  std::size_t zeros = std::min(edition.find_first_not_of('0'), edition.size() - 1);
  return std::string(code) + "_" + std::string(edition.substr(zeros));
}

} // namespace altkit::servicemap
