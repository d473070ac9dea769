#include "altkit/validate/document.hpp"

#include "altkit/validate/identity.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/validate/finding.hpp"
#include "altkit/xml/encoding.hpp"
#include "altkit/xml/limits.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <regex>
#include <stdexcept>

namespace altkit::validate {

const char* to_string(Verdict v) {
  switch (v) {
  case Verdict::valid:
    return "valid";
  case Verdict::invalid:
    return "invalid";
  case Verdict::unreadable:
    return "unreadable";
  case Verdict::not_routed:
    return "not-routed";
  }
  return "invalid";
}

namespace {

bool is_row_id_finding(const diag::Diagnostic& d) {
  return d.is(diag::code::attribute_not_allowed) && d.message.find("'altinnRowId'") != std::string::npos;
}

void group_altinn_row_ids(std::vector<diag::Diagnostic>& diags, bool allowed) {
  auto first = std::find_if(diags.begin(), diags.end(), is_row_id_finding);
  if (first == diags.end()) {
    return;
  }
  if (allowed) {
    diags.erase(std::remove_if(diags.begin(), diags.end(), is_row_id_finding), diags.end());
    return;
  }
  std::size_t count = static_cast<std::size_t>(std::count_if(diags.begin(), diags.end(), is_row_id_finding));
  diag::Diagnostic grouped =
      diag::Diagnostic::of(diag::code::altinn_row_id)
          .at(first->file, first->line, first->column)
          .path(first->path)
          .severity(first->severity)
          .engine(first->engine)
          .message(std::to_string(count) + (count == 1 ? " altinnRowId attribute" : " altinnRowId attributes") +
                   " not allowed by the schema (first on " + first->path +
                   "); Altinn 3 adds them to repeating rows: --allow-altinn-row-id accepts them");
  diags.erase(std::remove_if(diags.begin(), diags.end(), is_row_id_finding), diags.end());
  // Keep document order: the grouped finding stands where the first one stood.
  auto pos = std::find_if(diags.begin(), diags.end(), [&](const diag::Diagnostic& d) {
    return d.line > grouped.line || (d.line == grouped.line && d.column > grouped.column);
  });
  diags.insert(pos, std::move(grouped));
}

std::string expected_roots(const schema::SchemaInfo& info, const std::string& root_local) {
  if (const auto* e = info.element_of_type(root_local)) {
    return "'" + e->name + "' ('" + root_local + "' is the name of its type)";
  }
  // The schema's own elements (top document, includes); an imported one's when it has none.
  bool has_own = std::any_of(info.elements.begin(), info.elements.end(), [](const auto& e) { return e.own; });
  std::string out;
  std::size_t shown = 0;
  for (const auto& e : info.elements) {
    if (has_own && !e.own) {
      continue;
    }
    if (shown == 5) {
      out += ", ...";
      break;
    }
    out += (shown == 0 ? "'" : ", '") + e.name + "'";
    ++shown;
  }
  return out.empty() ? "no global element at all" : out;
}

// wrong-root is a hint on the engine's own "no declaration for the root" finding: it names the
// root the schema expects, at the engine's position, and leaves out the cascade below it. When
// the engine did not complain about the root, there is nothing to add: the root may be any
// global element of the assembled schema set, whichever document declares it.
void check_root(EngineReport& report, const schema::CompiledSchema& schema) {
  const RootInfo& root = report.root;
  if (!root.found || !report.well_formed) {
    return;
  }
  const auto& info = schema.info;
  if (info.find_element(root.ns, root.local) != nullptr) {
    return;
  }
  auto engine_finding =
      std::find_if(report.diagnostics.begin(), report.diagnostics.end(), [&](const diag::Diagnostic& x) {
        return x.path == "/" + root.qname && x.is(diag::code::undeclared_element);
      });
  if (engine_finding == report.diagnostics.end()) {
    return;
  }
  // The finding stands where the engine's first one about the root stood.
  auto first_root = std::find_if(report.diagnostics.begin(), report.diagnostics.end(),
                                 [&](const diag::Diagnostic& x) { return x.path == "/" + root.qname; });
  const diag::Diagnostic place = *first_root;
  const auto* decl = info.find_element(root.local);
  std::string message;
  if (decl != nullptr) {
    auto ns_text = [](const std::string& ns) {
      return ns.empty() ? std::string("no namespace") : "namespace '" + ns + "'";
    };
    message = "root element '" + root.local + "' is in " + ns_text(root.ns) + " but the schema declares it in " +
              ns_text(decl->ns);
  } else {
    message = "root element '" + root.local + "' is not declared by the schema, which expects " +
              expected_roots(info, root.local);
  }
  std::size_t dropped = report.diagnostics.size();
  if (dropped > 1) {
    message += "; " + std::to_string(dropped - 1) + (dropped == 2 ? " further finding" : " further findings") +
               " below it left out";
  }
  diag::Diagnostic d = diag::Diagnostic::error(diag::code::wrong_root)
                           .at(place.file, place.line, place.column)
                           .path("/" + root.qname)
                           .message(std::move(message))
                           .engine(place.engine);
  report.diagnostics.clear();
  report.diagnostics.push_back(std::move(d));
}

/// "\n", "\t", "\r" and "\u00XX" back to the characters they stand for.
std::string unescape_controls(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[i + 1];
      if (c == 'n' || c == 't' || c == 'r') {
        out += c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
        ++i;
        continue;
      }
      if (c == 'u' && i + 5 < s.size() && s.compare(i + 2, 2, "00") == 0 &&
          std::isxdigit(static_cast<unsigned char>(s[i + 4])) && std::isxdigit(static_cast<unsigned char>(s[i + 5]))) {
        out += static_cast<char>(std::stoi(s.substr(i + 4, 2), nullptr, 16));
        i += 5;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

/// What an engine's fixed-value finding says: the element or attribute, its value, the fixed one.
struct FixedFinding {
  bool attribute = false;
  std::string name;
  std::string actual;
  std::string fixed;
};

// The engines' wordings (after diag::tidy_message):
//   libxml2: "element 'e': The actual value 'A' does not match the fixed value constraint 'F'"
//            "element 'e', attribute 'a': The value 'A' does not match the fixed value constraint 'F'"
//   Xerces:  "attribute 'a' has value 'A' that does not match its #FIXED value 'F'"
//   (Xerces compares element values in the value space already: "content of element 'e' differs
//   from its declared fixed value" names no value and is never a false finding.)
std::optional<FixedFinding> parse_fixed_finding(const diag::Diagnostic& d) {
  static const std::regex k_libxml_attr(
      R"(^element '[^']*', attribute '([^']*)': the (?:actual )?value '(.*)' does not match the fixed value constraint '(.*)'$)",
      std::regex::icase);
  static const std::regex k_libxml_elem(
      R"(^element '([^']*)': the (?:actual )?value '(.*)' does not match the fixed value constraint '(.*)'$)",
      std::regex::icase);
  static const std::regex k_xerces_attr(
      R"(^attribute '([^']*)' has value '(.*)' that does not match its #fixed value '(.*)'$)", std::regex::icase);
  std::string text = d.message;
  if (auto at = text.find(" (at /"); at != std::string::npos) {
    text.erase(at); // a path the message may carry at its end
  }
  std::smatch m;
  if (std::regex_match(text, m, k_libxml_attr) || std::regex_match(text, m, k_xerces_attr)) {
    return FixedFinding{true, m[1], m[2], m[3]};
  }
  if (std::regex_match(text, m, k_libxml_elem)) {
    return FixedFinding{false, m[1], m[2], m[3]};
  }
  return std::nullopt;
}

// XSD 1.0 compares a fixed value in the value space of its type (cvc-elt 5.2.2.2.2, cvc-au):
// 1.5 = 1.50 (decimal), 1 = true (boolean), 007 = 7 (integer), after the type's whitespace rule.
// libxml2 compares element values as text, Xerces attribute values: a fixed-value finding whose
// value equals the fixed one in the declared type's value space is the engine's mistake and goes.
// The declaration is found by kind, name and fixed text; when that is ambiguous (two
// declarations of another type) or the type is not a built-in altkit knows, the finding stays.
void correct_fixed_values(std::vector<diag::Diagnostic>& diags, const schema::SchemaInfo& info) {
  auto wrong = [&](const diag::Diagnostic& d) {
    if (!d.is(diag::code::fixed_value)) {
      return false;
    }
    auto f = parse_fixed_finding(d);
    if (!f) {
      return false;
    }
    std::string builtin;
    bool found = false;
    for (const auto& v : info.fixed_values) {
      if (v.attribute != f->attribute || v.name != f->name) {
        continue;
      }
      auto same_fixed = v.value == f->fixed || schema::same_value(v.builtin, v.value, f->fixed).value_or(false);
      if (!same_fixed) {
        continue;
      }
      if (found && v.builtin != builtin) {
        return false;
      }
      builtin = v.builtin;
      found = true;
    }
    if (!found) {
      return false;
    }
    auto same = schema::same_value(builtin, f->actual, f->fixed);
    if (!same) {
      // A value shown with its controls escaped (\n, \t, \u00XX) is not a lexical form of a
      // number or a boolean as it stands: compare what it stands for.
      same = schema::same_value(builtin, unescape_controls(f->actual), f->fixed);
    }
    return same.value_or(false);
  };
  diags.erase(std::remove_if(diags.begin(), diags.end(), wrong), diags.end());
}

/// A code that says less than another for the same fault (a facet reported as a type error).
bool is_catch_all(const diag::Diagnostic& d) {
  return d.is(diag::code::value_type) || d.is(diag::code::schema_invalid);
}

/// How much an engine message names: the offending value first, then every single-quoted
/// string (names, facets, constraints).
std::size_t specificity(const std::string& message) {
  std::size_t quoted = static_cast<std::size_t>(std::count(message.begin(), message.end(), '\'')) / 2;
  return (offending_value(message).empty() ? 0 : 1000) + quoted;
}

bool has_error(const std::vector<diag::Diagnostic>& diags) {
  return std::any_of(diags.begin(), diags.end(), [](const diag::Diagnostic& d) {
    return d.severity == diag::Severity::error || d.severity == diag::Severity::fatal;
  });
}

/// An engine's complaint about bytes that are not UTF-8, put at the bad byte and worded the same
/// for both engines: Xerces decodes in blocks and reports where its block began, with the raw
/// byte in its message (not UTF-8 itself).
EngineReport place_encoding_error(EngineReport report, const xml::EncodingCheckedSource& src) {
  auto complains = [](const diag::Diagnostic& d) {
    return d.severity == diag::Severity::fatal && d.is(diag::code::not_well_formed) &&
           (d.message.find("UTF-8") != std::string::npos || d.message.find("byte") != std::string::npos);
  };
  // Only then is the bad byte looked for (a file is read again for it: EncodingCheckedSource).
  if (std::none_of(report.diagnostics.begin(), report.diagnostics.end(), complains)) {
    return report;
  }
  auto [line, column] = src.first_bad_utf8();
  if (line == 0) {
    return report;
  }
  for (auto& d : report.diagnostics) {
    if (!complains(d)) {
      continue;
    }
    d.line = line;
    d.column = column;
    if (d.engine == "xerces") {
      d.path.clear(); // where its block began, not where the byte is
    }
    d.message = xml::not_utf8_message(src.first_bad_byte(), src.facts().declared);
  }
  return report;
}

/// A limit the source ran into (xml::BoundedSource) in place of what the engine made of the read
/// that failed (an I/O error, not well-formed): the limit's finding, on the element the engine was
/// in when it has one.
EngineReport place_limit(EngineReport report, const xml::BoundedSource& src) {
  const auto& hit = src.hit();
  if (!hit) {
    return report;
  }
  std::string path;
  auto& ds = report.diagnostics;
  for (auto it = ds.begin(); it != ds.end();) {
    if (it->severity == diag::Severity::fatal) {
      path = path.empty() ? it->path : path;
      it = ds.erase(it);
    } else {
      ++it;
    }
  }
  const diag::CodeInfo* info = diag::find_code(hit->code);
  diag::Diagnostic d = diag::Diagnostic::fatal(info != nullptr ? *info : diag::code::unreadable)
                           .at(src.name(), hit->line, hit->column)
                           .path(path)
                           .message(hit->message)
                           .engine(report.engine);
  ds.push_back(std::move(d));
  report.well_formed = false;
  return report;
}

} // namespace

DocumentResult finish(EngineReport report, const schema::CompiledSchema* schema, const ValidateSettings& settings) {
  DocumentResult r;
  r.engine = report.engine;
  r.bytes = report.bytes;
  if (schema != nullptr) {
    r.schema = schema->path;
    group_altinn_row_ids(report.diagnostics, settings.allow_altinn_row_id);
    correct_fixed_values(report.diagnostics, schema->info);
    check_root(report, *schema);
  }
  r.diagnostics = std::move(report.diagnostics);
  if (report.bytes == 0 && !report.well_formed) {
    // The engines word an empty input oddly ("extra content", "invalid document structure").
    for (auto& d : r.diagnostics) {
      if (d.is(diag::code::not_well_formed)) {
        d.message = "document is empty (0 bytes)";
        d.line = d.column = 0;
      }
    }
  }
  if (!report.well_formed) {
    r.verdict = Verdict::unreadable;
  } else {
    r.verdict = has_error(r.diagnostics) ? Verdict::invalid : Verdict::valid;
  }
  return r;
}

DocumentResult merge_engines(DocumentResult x, DocumentResult l) {
  DocumentResult r;
  r.file = x.file;
  r.schema = x.schema;
  r.engine = "both";
  r.bytes = x.bytes;
  // One fault found by both engines is printed once. The engines place a finding at different
  // columns (libxml2 where it noticed, Xerces after the tag) and word it differently, so a pair
  // is first sought by what the finding is about: its code, its element or attribute, and the
  // value it names; then, for what is left, by its place (same line, column and path), where
  // the engines may classify the same fault differently. Each finding pairs with at most one.
  auto by_subject = [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
    return a.code == b.code && a.path == b.path && offending_value(a.message) == offending_value(b.message);
  };
  auto by_place = [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
    return a.line == b.line && a.column == b.column && (a.path == b.path || a.path.empty() || b.path.empty());
  };
  std::vector<int> partner(x.diagnostics.size(), -1);
  std::vector<bool> l_used(l.diagnostics.size(), false);
  for (auto same : {+by_subject, +by_place}) {
    for (std::size_t i = 0; i < x.diagnostics.size(); ++i) {
      for (std::size_t j = 0; partner[i] < 0 && j < l.diagnostics.size(); ++j) {
        if (!l_used[j] && same(x.diagnostics[i], l.diagnostics[j])) {
          l_used[j] = true;
          partner[i] = static_cast<int>(j);
        }
      }
    }
  }
  for (std::size_t i = 0; i < x.diagnostics.size(); ++i) {
    diag::Diagnostic& d = x.diagnostics[i];
    if (partner[i] >= 0) {
      // The more specific finding wins: of two codes, the one that is not a catch-all; of two
      // texts with one code, the one naming the value, then more names; else Xerces'.
      diag::Diagnostic& o = l.diagnostics[static_cast<std::size_t>(partner[i])];
      bool libxml_wins =
          d.code != o.code ? is_catch_all(d) && !is_catch_all(o) : specificity(o.message) > specificity(d.message);
      diag::Diagnostic& kept = libxml_wins ? o : d;
      kept.engine = "both";
      r.diagnostics.push_back(std::move(kept));
      continue;
    }
    d.message += " (xerces only)";
    r.diagnostics.push_back(std::move(d));
  }
  for (std::size_t i = 0; i < l.diagnostics.size(); ++i) {
    if (!l_used[i]) {
      l.diagnostics[i].message += " (libxml2 only)";
      r.diagnostics.push_back(std::move(l.diagnostics[i]));
    }
  }
  std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(), [](const auto& a, const auto& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  if (x.verdict != l.verdict) {
    r.diagnostics.push_back(diag::Diagnostic::error(diag::code::engines_disagree)
                                .at(r.file)
                                .engine("both")
                                .message(std::string("engines disagree: xerces finds the document ") +
                                         to_string(x.verdict) + ", libxml2 " + to_string(l.verdict)));
  }
  // The stricter verdict wins: unreadable > invalid > valid.
  auto rank = [](Verdict v) { return v == Verdict::unreadable ? 2 : v == Verdict::invalid ? 1 : 0; };
  r.verdict = rank(x.verdict) >= rank(l.verdict) ? x.verdict : l.verdict;
  if (r.verdict == Verdict::valid && x.verdict != l.verdict) {
    r.verdict = Verdict::invalid;
  }
  return r;
}

namespace {

/// An engine's report with its identity-constraint findings explained (validate/identity.hpp).
EngineReport explained(EngineReport report, const std::string& bytes, const schema::CompiledSchema* schema) {
  if (schema != nullptr) {
    explain_identity_findings(report, bytes, schema->info.identity);
  }
  return report;
}

/// The result for a document that could not be read whole.
DocumentResult unreadable(const std::string& name, std::string engine, const std::exception& e,
                          const schema::CompiledSchema* schema, const ValidateSettings& settings) {
  EngineReport failed;
  failed.engine = std::move(engine);
  failed.well_formed = false;
  failed.diagnostics.push_back(
      diag::Diagnostic::fatal(diag::code::unreadable).at(name).message(diag::tidy_message(e.what())));
  DocumentResult r = finish(std::move(failed), schema, settings);
  r.file = name;
  return r;
}

/// The bytes an engine read, kept so that another can read the document again. A source that
/// can be read at an offset (a regular file, bytes in memory: io::ByteSource::can_read_at) is
/// read there again and nothing is copied; from any other the bytes are kept in memory up to
/// 8 MiB, then in an anonymous temporary file (tmpfile(3)), so a large document costs no memory
/// for them. replay() gives them back, then the rest of the inner source.
class Recording final : public io::ByteSource {
public:
  Recording(io::ByteSource& inner, std::string& memory)
      : m_inner(inner), m_memory(memory), m_reread(inner.can_read_at()) {
    m_memory.clear();
  }

  std::size_t read(char* buf, std::size_t n) override {
    std::size_t got = m_inner.read(buf, n);
    if (got > 0) {
      if (m_reread) {
        m_read += got;
      } else {
        keep(buf, got);
      }
    }
    return got;
  }
  const std::string& name() const override { return m_inner.name(); }

  /// What was read, then the rest of the inner source. Once, after the recording engine is done.
  std::unique_ptr<io::ByteSource> replay() {
    if (m_file && std::fseek(m_file.get(), 0, SEEK_SET) != 0) {
      throw std::runtime_error("cannot read back the temporary copy of the document");
    }
    return std::make_unique<Replay>(*this);
  }

private:
  static constexpr std::size_t k_in_memory = 8U << 20;

  void keep(const char* p, std::size_t n) {
    if (!m_file && m_memory.size() + n <= k_in_memory) {
      m_memory.append(p, n);
      return;
    }
    if (!m_file) {
      m_file.reset(std::tmpfile());
      if (!m_file || std::fwrite(m_memory.data(), 1, m_memory.size(), m_file.get()) != m_memory.size()) {
        throw std::runtime_error("cannot keep a temporary copy of the document");
      }
      m_memory.clear();
    }
    if (std::fwrite(p, 1, n, m_file.get()) != n) {
      throw std::runtime_error("cannot keep a temporary copy of the document");
    }
  }

  class Replay final : public io::ByteSource {
  public:
    explicit Replay(Recording& r) : m_r(r) {}
    std::size_t read(char* buf, std::size_t n) override {
      if (m_r.m_reread && m_pos < m_r.m_read) {
        std::size_t k =
            m_r.m_inner.read_at(buf, static_cast<std::size_t>(std::min<std::uint64_t>(n, m_r.m_read - m_pos)), m_pos);
        if (k == 0) { // the file is shorter than it was a moment ago
          throw std::runtime_error("the document changed while it was being read");
        }
        m_pos += k;
        return k;
      }
      if (m_pos < m_r.m_memory.size()) {
        std::size_t k = std::min(n, m_r.m_memory.size() - m_pos);
        std::memcpy(buf, m_r.m_memory.data() + m_pos, k);
        m_pos += k;
        return k;
      }
      if (m_r.m_file && !m_file_done) {
        std::size_t k = std::fread(buf, 1, n, m_r.m_file.get());
        if (k > 0) {
          return k;
        }
        m_file_done = true;
      }
      return m_r.m_inner.read(buf, n);
    }
    const std::string& name() const override { return m_r.name(); }

  private:
    Recording& m_r;
    std::size_t m_pos = 0;
    bool m_file_done = false;
  };

  io::ByteSource& m_inner;
  std::string& m_memory;
  bool m_reread;            ///< read again at offsets instead of keeping a copy
  std::uint64_t m_read = 0; ///< the bytes read (when m_reread)
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file{nullptr, &std::fclose};
};

/// The first error the compiled engine reported, as the engines-disagree finding names it.
std::string compiled_reason(const DocumentResult& r) {
  for (const auto& d : r.diagnostics) {
    if (d.severity == diag::Severity::error || d.severity == diag::Severity::fatal) {
      return "line " + std::to_string(d.line) + ", column " + std::to_string(d.column) +
             (d.path.empty() ? std::string() : ", " + d.path) + ": " + d.message + " [" + d.code + "]";
    }
  }
  return "no finding";
}

} // namespace

DocumentValidator::DocumentValidator(schema::Engine engine, ValidateSettings settings)
    : m_engine(engine), m_settings(settings) {
  if (engine == schema::Engine::xerces || engine == schema::Engine::both) {
    m_xerces = make_xerces_validator();
  }
  if (engine != schema::Engine::xerces) {
    m_libxml = make_libxml_validator();
  }
  if (schema::uses_compiled(engine)) {
    m_compiled = make_compiled_validator();
  }
}

const ValidateSettings& DocumentValidator::settings_for(const schema::CompiledSchema* schema) {
  if (!m_settings.ids || !m_settings.ids->enabled) {
    return m_settings;
  }
  auto it = m_id_rules.find(schema);
  if (it == m_id_rules.end()) {
    it = m_id_rules
             .emplace(schema, std::make_unique<IdRules>(schema != nullptr ? &schema->info : nullptr, *m_settings.ids))
             .first;
  }
  m_with_rules = m_settings;
  m_with_rules.id_rules = it->second.get();
  return m_with_rules;
}

DocumentResult DocumentValidator::validate(io::ByteSource& raw, const schema::CompiledSchema* schema) {
  DocumentResult r;
  // The declaration is held against the bytes before an engine reads them (xml/encoding.hpp):
  // both engines read some contradictions on, garbling the text.
  std::unique_ptr<xml::EncodingCheckedSource> checked;
  try {
    checked = std::make_unique<xml::EncodingCheckedSource>(raw);
  } catch (const std::exception& e) {
    EngineReport failed;
    failed.engine = to_string(m_engine);
    failed.well_formed = false;
    failed.diagnostics.push_back(
        diag::Diagnostic::fatal(diag::code::unreadable).at(raw.name()).message(diag::tidy_message(e.what())));
    r = finish(std::move(failed), schema, m_settings);
    r.file = raw.name();
    return r;
  }
  if (checked->facts().mismatch) {
    EngineReport failed;
    failed.engine = to_string(m_engine);
    failed.well_formed = false;
    diag::Diagnostic d = xml::mismatch_finding(checked->facts());
    d.file = raw.name();
    failed.diagnostics.push_back(std::move(d));
    r = finish(std::move(failed), schema, m_settings);
    r.file = raw.name();
    return r;
  }
  // Limits neither engine keeps in time (size, attributes per tag, the time budget), on the bytes;
  // the identifier rules of this schema (--check-ids).
  ValidateSettings settings = settings_for(schema);
  settings.where = m_where.get();
  m_where->set(std::string());
  if (settings.limits.time_budget.count() > 0) {
    settings.deadline = std::chrono::steady_clock::now() + settings.limits.time_budget;
  }
  const std::string& kind = checked->facts().bytes;
  bool ascii_compatible = kind.empty() || kind.rfind("UTF-8", 0) == 0 || kind.rfind("8-bit", 0) == 0;
  xml::BoundedSource bounded(*checked, settings.limits, settings.deadline, ascii_compatible);
  r = validate_checked(*checked, bounded, schema, settings);
  if (auto w = checked->c1_finding()) {
    w->file = r.file;
    w->engine.clear();
    auto pos = std::find_if(r.diagnostics.begin(), r.diagnostics.end(), [&](const diag::Diagnostic& d) {
      return d.line > w->line || (d.line == w->line && d.column > w->column);
    });
    r.diagnostics.insert(pos, std::move(*w));
  }
  return r;
}

DocumentResult DocumentValidator::validate_checked(const xml::EncodingCheckedSource& checked, xml::BoundedSource& src,
                                                   const schema::CompiledSchema* schema,
                                                   const ValidateSettings& settings) {
  DocumentResult r;
  // The engine's report, with the limit the source ran into (if any) said instead of the read
  // error the engine saw.
  // `bytes`: the document, kept to explain identity-constraint findings (validate/identity.hpp).
  auto engine_report = [&](EngineValidator& engine, io::ByteSource& in, const std::string* bytes) {
    EngineReport report = engine.run(in, schema, settings);
    if (bytes != nullptr) {
      report = explained(std::move(report), *bytes, schema);
    }
    return place_limit(place_encoding_error(std::move(report), checked), src);
  };
  // Both engines read the same bytes: the document is read once and replayed to each. Identity
  // findings are explained from a second reading (validate/identity.hpp): only for schemas that
  // declare identity constraints. Other documents stream.
  const bool keep_bytes = m_engine == schema::Engine::both || (schema != nullptr && !schema->info.identity.empty());
  std::string bytes;
  if (keep_bytes) {
    try {
      bytes = io::read_all(src);
    } catch (const xml::LimitExceeded&) {
      // said below
    } catch (const std::exception& e) {
      return unreadable(src.name(), to_string(m_engine), e, schema, m_settings);
    }
    if (src.hit()) {
      EngineReport failed;
      failed.engine = to_string(m_engine);
      failed.well_formed = false;
      r = finish(place_limit(std::move(failed), src), schema, settings);
      r.file = src.name();
      return r;
    }
  }
  m_compiled_verdict.reset();
  if (schema::uses_compiled(m_engine) && schema != nullptr && schema->grammar && settings.id_rules == nullptr &&
      !keep_bytes) {
    return validate_compiled(checked, src, schema, settings);
  }
  if (m_engine == schema::Engine::both) {
    io::MemorySource for_xerces(bytes, src.name());
    io::MemorySource for_libxml(bytes, src.name());
    auto x = finish(engine_report(*m_xerces, for_xerces, &bytes), schema, settings);
    auto l = finish(engine_report(*m_libxml, for_libxml, &bytes), schema, settings);
    x.file = l.file = src.name();
    return merge_engines(std::move(x), std::move(l));
  }
  EngineValidator& engine = m_engine == schema::Engine::xerces ? *m_xerces : *m_libxml; // compiled: libxml2 alone
  if (keep_bytes) {
    io::MemorySource memory(bytes, src.name());
    r = finish(engine_report(engine, memory, &bytes), schema, settings);
  } else {
    r = finish(engine_report(engine, src, nullptr), schema, settings);
  }
  r.file = src.name();
  return r;
}

DocumentResult DocumentValidator::validate_compiled(const xml::EncodingCheckedSource& checked, xml::BoundedSource& src,
                                                    const schema::CompiledSchema* schema,
                                                    const ValidateSettings& settings) {
  auto placed = [&](EngineReport report) { return place_limit(place_encoding_error(std::move(report), checked), src); };
  Recording recording(src, m_replay);
  EngineReport compiled;
  try {
    compiled = m_compiled->run(recording, schema, settings);
  } catch (const std::exception& e) {
    return unreadable(src.name(), to_string(m_engine), e, schema, m_settings);
  }
  std::optional<DocumentResult> fast;
  if (compiled.undecided.empty()) {
    bool beyond_libxml2 = compiled.beyond_libxml2;
    fast = finish(placed(std::move(compiled)), schema, settings);
    fast->file = src.name();
    fast->engine = "compiled";
    m_compiled_verdict = fast->verdict;
    // Valid: done. A limit the source ran into: its finding is the same whichever engine read.
    // A fault libxml2 does not check (an unresolved IDREF): the compiled finding explains it.
    if (fast->verdict == Verdict::valid || src.hit() || beyond_libxml2) {
      return std::move(*fast);
    }
  }
  // The thorough engine explains (or decides, when the compiled engine did not).
  DocumentResult r;
  try {
    auto again = recording.replay();
    r = finish(placed(m_libxml->run(*again, schema, settings)), schema, settings);
  } catch (const std::exception& e) {
    return unreadable(src.name(), to_string(m_engine), e, schema, m_settings);
  }
  r.file = src.name();
  if (fast && r.verdict == Verdict::valid) {
    diag::Diagnostic d =
        diag::Diagnostic::error(diag::code::engines_disagree)
            .at(r.file)
            .engine("compiled")
            .message(std::string("engines disagree: the compiled engine finds the document ") +
                     to_string(fast->verdict) + " (" + compiled_reason(*fast) + "), libxml2 finds it valid");
    r.diagnostics.push_back(std::move(d));
    r.verdict = Verdict::invalid;
  }
  return r;
}

} // namespace altkit::validate
