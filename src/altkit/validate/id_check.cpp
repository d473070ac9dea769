#include "altkit/validate/id_check.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/ident/ident.hpp"
#include "altkit/validate/path_tracker.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

namespace altkit::validate {

const char* to_string(IdKind k) {
  switch (k) {
  case IdKind::orgnr:
    return "orgnr";
  case IdKind::fnr:
    return "fnr";
  case IdKind::kontonr:
    return "kontonr";
  case IdKind::none:
    break;
  }
  return "none";
}

namespace {

/// `name` without a SERES/Brønnøysund suffix ("-datadef-1938", "-repformat-222").
std::string_view without_suffix(std::string_view name) {
  for (std::string_view suffix : {"-datadef-", "-repformat-"}) {
    if (auto at = name.find(suffix); at != std::string_view::npos) {
      return name.substr(0, at);
    }
  }
  return name;
}

/// The name lower-cased (ASCII, and Æ Ø Å as ae o a) with hyphens and underscores left out,
/// and for each character kept whether a word starts there (the name's start, an upper-case
/// letter, or after a hyphen or underscore).
void fold(std::string_view name, std::string& folded, std::vector<bool>& starts) {
  bool after_separator = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == '-' || c == '_') {
      after_separator = true;
      continue;
    }
    bool upper = c >= 'A' && c <= 'Z';
    std::string_view out;
    char one = static_cast<char>(upper ? c - 'A' + 'a' : c);
    if (c == 0xC3 && i + 1 < name.size()) {
      unsigned char d = static_cast<unsigned char>(name[i + 1]);
      upper = d >= 0x80 && d <= 0x9F;
      switch (d | 0x20) {
      case 0xB8: // ø Ø
        out = "o";
        break;
      case 0xA6: // æ Æ
        out = "ae";
        break;
      case 0xA5: // å Å
        out = "a";
        break;
      default:
        break;
      }
      if (!out.empty()) {
        ++i;
      }
    }
    if (out.empty()) {
      out = std::string_view(&one, 1);
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
      folded.push_back(out[k]);
      starts.push_back(k == 0 && (upper || after_separator));
    }
    after_separator = false;
  }
}

} // namespace

IdKind id_kind_of_name(std::string_view name) {
  std::string folded;
  std::vector<bool> starts;
  fold(without_suffix(name), folded, starts);
  while (!folded.empty() && folded.back() >= '0' && folded.back() <= '9') { // "Organisasjonsnummer-18"
    folded.pop_back();
    starts.pop_back();
  }
  struct Ending {
    std::string_view text;
    IdKind kind;
    bool word; ///< must start a word: a short ending would match inside others (refnr, landnummer)
  };
  static constexpr Ending k_endings[] = {
      {"organisasjonsnummer", IdKind::orgnr, false},
      {"orgnr", IdKind::orgnr, true},
      {"virksomhetsnummer", IdKind::orgnr, false},
      {"foedselsnummer", IdKind::fnr, false},
      {"fodselsnummer", IdKind::fnr, false},
      {"foedselsnr", IdKind::fnr, true},
      {"fodselsnr", IdKind::fnr, true},
      {"fnr", IdKind::fnr, true},
      {"dnummer", IdKind::fnr, true},
      {"kontonummer", IdKind::kontonr, false},
      {"kontonr", IdKind::kontonr, true},
  };
  for (const auto& e : k_endings) {
    if (folded.size() >= e.text.size() && folded.compare(folded.size() - e.text.size(), e.text.size(), e.text) == 0 &&
        (!e.word || starts[folded.size() - e.text.size()])) {
      return e.kind;
    }
  }
  return IdKind::none;
}

IdPath parse_id_path(std::string_view spec) {
  auto eq = spec.find('=');
  if (eq == std::string_view::npos) {
    throw std::invalid_argument("'" + std::string(spec) + "' is not KIND=PATH");
  }
  std::string_view kind = spec.substr(0, eq);
  IdPath p;
  p.path = std::string(spec.substr(eq + 1));
  if (kind == "orgnr") {
    p.kind = IdKind::orgnr;
  } else if (kind == "fnr") {
    p.kind = IdKind::fnr;
  } else if (kind == "kontonr") {
    p.kind = IdKind::kontonr;
  } else if (kind != "none") {
    throw std::invalid_argument("unknown identifier kind '" + std::string(kind) + "' in '" + std::string(spec) +
                                "' (orgnr, fnr, kontonr or none)");
  }
  bool anywhere = p.path.rfind("//", 0) == 0;
  std::string_view rest = std::string_view(p.path).substr(anywhere ? 2 : 1);
  if (p.path.empty() || p.path[0] != '/' || rest.empty() || rest.back() == '/' ||
      rest.find_first_of("[]@*") != std::string_view::npos || (anywhere && rest.find('/') != std::string_view::npos) ||
      rest.find("//") != std::string_view::npos) {
    throw std::invalid_argument("'" + p.path + "' is not an element path (/a/b/c of local names, or //name)");
  }
  return p;
}

std::vector<IdPath> read_id_paths(const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(file + ": cannot read: " + std::strerror(errno));
  }
  std::vector<IdPath> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    auto first = line.find_first_not_of(" \t\r");
    auto last = line.find_last_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') {
      continue;
    }
    try {
      out.push_back(parse_id_path(std::string_view(line).substr(first, last - first + 1)));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(file + ":" + std::to_string(n) + ": " + e.what());
    }
  }
  if (in.bad()) {
    throw std::runtime_error(file + ": cannot read: " + std::strerror(errno));
  }
  return out;
}

std::shared_ptr<const IdCheckOptions> make_id_check_options(const IdFlags& flags) {
  if (!flags.check_ids) {
    return nullptr;
  }
  auto o = std::make_shared<IdCheckOptions>();
  o->enabled = true;
  o->allow_synthetic = flags.allow_synthetic;
  for (const auto& spec : flags.specs) {
    try {
      o->paths.push_back(parse_id_path(spec));
    } catch (const std::invalid_argument& e) {
      throw diag::Error(diag::ExitCode::usage, std::string("--check-id: ") + e.what());
    }
  }
  if (!flags.file.empty()) {
    try {
      auto more = read_id_paths(flags.file);
      o->paths.insert(o->paths.end(), more.begin(), more.end());
    } catch (const std::runtime_error& e) {
      throw diag::Error(diag::ExitCode::load_failed, std::string("--id-paths ") + e.what());
    }
  }
  return o;
}

namespace {

Whitespace whitespace_of(const std::string& builtin) {
  if (builtin == "string") {
    return Whitespace::preserve;
  }
  if (builtin == "normalizedString") {
    return Whitespace::replace;
  }
  return builtin.empty() ? Whitespace::preserve : Whitespace::collapse;
}

/// A built-in type an identifier can be written in: the string and integer families (SERES
/// writes orgnr as xs:string with a pattern, Brønnøysund's RR forms as xs:integer).
bool can_hold_digits(const std::string& builtin) {
  static const std::set<std::string> k_types{
      "",        "string",          "normalizedString", "token", "integer",     "nonNegativeInteger",
      "long",    "positiveInteger", "unsignedLong",     "int",   "unsignedInt", "decimal",
      "NMTOKEN", "anySimpleType"};
  return k_types.count(builtin) != 0;
}

/// The kind a declaration stands for: its nearest named type (or that type's SERES concept)
/// that names one, else its own name; none for a type that cannot hold digits (a boolean
/// harOrganisasjonsnummer).
IdKind kind_of_decl(const schema::ElementDecl& d) {
  if (!can_hold_digits(d.builtin)) {
    return IdKind::none;
  }
  for (const auto& t : d.type_names) {
    if (IdKind k = id_kind_of_name(t); k != IdKind::none) {
      return k;
    }
  }
  return id_kind_of_name(d.name);
}

} // namespace

IdRules::IdRules(const schema::SchemaInfo* info, const IdCheckOptions& options)
    : m_allow_synthetic(options.allow_synthetic), m_names_only(info == nullptr) {
  std::unordered_map<std::string, Whitespace> ws_by_name;
  std::set<std::string> ambiguous;
  if (info != nullptr) {
    for (const auto& d : info->element_decls) {
      IdKind k = kind_of_decl(d);
      Whitespace ws = whitespace_of(d.builtin);
      ws_by_name.emplace(d.name, ws);
      if (k == IdKind::none) {
        continue;
      }
      auto [it, first] = m_by_name.emplace(d.name, Rule{k, ws});
      if (!first && it->second.kind != k) {
        ambiguous.insert(d.name); // two declarations of one name, two kinds: neither is checked
      }
    }
  }
  for (const auto& name : ambiguous) {
    m_by_name.erase(name);
  }
  for (const auto& p : options.paths) {
    bool anywhere = p.path.rfind("//", 0) == 0;
    std::string local = p.path.substr(p.path.rfind('/') + 1);
    auto ws = ws_by_name.find(local);
    Rule r{p.kind, ws != ws_by_name.end() ? ws->second : Whitespace::preserve};
    (anywhere ? m_anywhere[local] : m_paths[p.path]) = r; // a later line wins
  }
}

IdRules::Rule IdRules::lookup(std::string_view local, std::string_view path) const {
  if (!m_paths.empty()) {
    if (auto it = m_paths.find(std::string(path)); it != m_paths.end()) {
      return it->second;
    }
  }
  std::string name(local);
  if (!m_anywhere.empty()) {
    if (auto it = m_anywhere.find(name); it != m_anywhere.end()) {
      return it->second;
    }
  }
  if (auto it = m_by_name.find(name); it != m_by_name.end()) {
    return it->second;
  }
  if (m_names_only) { // no schema: the name decides, the text is taken as written
    return Rule{id_kind_of_name(name), Whitespace::preserve};
  }
  return {};
}

bool IdChecker::enter(std::string_view qname, const PathTracker& path, std::uint64_t line, std::uint64_t column) {
  if (!m_open.empty() && m_open.back().kind != IdKind::none) {
    m_open.back().kind = IdKind::none; // it has element content: not a number
  }
  auto colon = qname.find(':');
  std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  Open o;
  o.path_length = m_local_path.size();
  if (m_rules.has_paths()) {
    m_local_path.append("/").append(local);
  }
  IdRules::Rule r = m_rules.lookup(local, m_local_path);
  o.kind = r.kind;
  o.ws = r.ws;
  if (o.kind != IdKind::none) {
    o.line = line;
    o.column = column;
    o.path = path.path();
  }
  m_open.push_back(std::move(o));
  m_text.clear();
  return m_open.back().kind != IdKind::none;
}

namespace {

std::string apply_whitespace(std::string s, Whitespace ws) {
  if (ws == Whitespace::preserve) {
    return s;
  }
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  if (ws == Whitespace::replace) {
    return s;
  }
  std::string out;
  for (char c : s) {
    if (c != ' ' || (!out.empty() && out.back() != ' ')) {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

} // namespace

void IdChecker::leave(std::vector<diag::Diagnostic>& out) {
  if (m_open.empty()) {
    return;
  }
  Open o = std::move(m_open.back());
  m_open.pop_back();
  m_local_path.resize(o.path_length);
  if (o.kind == IdKind::none) {
    return;
  }
  std::string value = apply_whitespace(std::move(m_text), o.ws);
  m_text.clear();
  if (value.empty()) {
    return;
  }
  ident::Result r;
  const diag::CodeInfo* code = nullptr;
  const char* what = "";
  switch (o.kind) {
  case IdKind::orgnr:
    r = ident::check_organisasjonsnummer(value);
    code = &diag::code::invalid_orgnr;
    what = "organisasjonsnummer";
    break;
  case IdKind::fnr:
    r = ident::check_personnummer(value, m_rules.allow_synthetic());
    code = &diag::code::invalid_fnr;
    what = "fødselsnummer or D-nummer";
    break;
  case IdKind::kontonr:
    r = ident::check_kontonummer(value);
    code = &diag::code::invalid_kontonr;
    what = "kontonummer";
    break;
  case IdKind::none:
    return;
  }
  if (r.ok()) {
    return;
  }
  diag::Diagnostic d = diag::Diagnostic::of(*code)
                           .at("", o.line, o.column)
                           .path(o.path)
                           .engine(m_engine)
                           .message("value '" + diag::escape_controls(value) + "' is not a valid " + what + ": it " +
                                    std::string(ident::describe(r.verdict)));
  // The finding stands at the start tag: before what the engine said about the element's end.
  auto pos = out.end();
  while (pos != out.begin() &&
         (std::prev(pos)->line > d.line || (std::prev(pos)->line == d.line && std::prev(pos)->column > d.column))) {
    --pos;
  }
  out.insert(pos, std::move(d));
}

} // namespace altkit::validate
