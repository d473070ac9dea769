#pragma once

// Norwegian identifier checks while validating (--check-ids): which elements hold an
// organisasjonsnummer, a fødselsnummer/D-nummer or a kontonummer is decided from the schema (the
// element's type names, their SERES concept, the element's name; README "Identifier checks"),
// or given as element paths; both engines feed each such element's text to an IdChecker, which
// checks it with altkit::ident when the element ends.

#include "altkit/diag/diagnostic.hpp"
#include "altkit/schema/schema_info.hpp"
#include "altkit/validate/id_flags.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace altkit::validate {

class PathTracker;

/// What an element holds, for the identifier checks.
enum class IdKind { none, orgnr, fnr, kontonr };

/// "orgnr", "fnr", "kontonr", "none".
const char* to_string(IdKind k);

/// An element path the user names with its kind: `/melding/arbeidsgiver/orgnr` (local names, no
/// positions: every such element) or `//orgnr` (that local name anywhere). Kind `none` turns the
/// check off for the elements it names.
struct IdPath {
  IdKind kind = IdKind::none;
  std::string path;
};

/// Parses `KIND=PATH` (KIND: orgnr, fnr, kontonr, none; PATH: `/a/b` or `//name`). Throws
/// std::invalid_argument with a one-line reason otherwise. Pure; thread-safe.
IdPath parse_id_path(std::string_view spec);

/// Reads a file of `KIND=PATH` lines (blank lines and `#` comments skipped). Throws
/// std::runtime_error naming the file and line when it cannot be read or a line is malformed.
std::vector<IdPath> read_id_paths(const std::string& file);

/// The run's identifier options; a copy lives in ValidateSettings.
struct IdCheckOptions {
  bool enabled = false;         ///< --check-ids
  bool allow_synthetic = false; ///< --allow-synthetic-ids: test numbers with month + 40 or + 80 pass
  std::vector<IdPath> paths;    ///< --check-id KIND=PATH and --id-paths FILE, in that order
};

/// The options `flags` describe, or null without --check-ids. Throws diag::Error: usage (2) for a
/// malformed --check-id, load_failed (4) for an --id-paths file that cannot be read or has a
/// malformed line (like a mapping table). Call on the main thread (reads the file).
std::shared_ptr<const IdCheckOptions> make_id_check_options(const IdFlags& flags);

/// How an element's text becomes its value (XSD 1.0 Part 2, 4.3.6 whiteSpace).
enum class Whitespace { preserve, replace, collapse };

/// Which elements of one schema are checked, and how. Built from the schema's element
/// declarations and the user's paths; immutable afterwards, so one may be shared by threads.
class IdRules {
public:
  /// `info` may be null (well-formedness only): then the element names and `paths` decide.
  IdRules(const schema::SchemaInfo* info, const IdCheckOptions& options);

  struct Rule {
    IdKind kind = IdKind::none;
    Whitespace ws = Whitespace::preserve;
  };
  /// The rule for an element named `local` whose position-free path of local names is `path`
  /// (only read when has_paths()).
  Rule lookup(std::string_view local, std::string_view path) const;
  bool has_paths() const { return !m_paths.empty() || !m_anywhere.empty(); }
  bool allow_synthetic() const { return m_allow_synthetic; }

private:
  std::unordered_map<std::string, Rule> m_by_name;  ///< from the schema and the names
  std::unordered_map<std::string, Rule> m_paths;    ///< /a/b/c
  std::unordered_map<std::string, Rule> m_anywhere; ///< //name
  bool m_allow_synthetic = false;
  bool m_names_only = false; ///< no schema: every element's name is looked at
};

/// The kind an element or type name stands for (README "Identifier checks": the name, without a
/// SERES `-datadef-N`/`-repformat-N` suffix or trailing digits, ends in Organisasjonsnummer,
/// Virksomhetsnummer, OrgNr, Foedselsnummer, Fodselsnummer, Fødselsnummer, Foedselsnr, Fnr,
/// DNummer, D-nummer, Kontonummer or KontoNr, case aside; the short ones start a word: Fnr,
/// arbeidstakerFnr, fnr, but not refnr). Exposed for tests.
IdKind id_kind_of_name(std::string_view name);

/// One document's identifier checks in one engine: the engine calls enter/leave for every
/// element and hands it the text of the element being collected. Not thread-safe: one per parse.
class IdChecker {
public:
  IdChecker(const IdRules& rules, const char* engine) : m_rules(rules), m_engine(engine) {}

  /// An element starts: `qname` as written, its start tag ending at `line`:`column`; `path` is the
  /// engine's path tracker, already standing on it. Returns whether its text is wanted.
  bool enter(std::string_view qname, const PathTracker& path, std::uint64_t line, std::uint64_t column);
  /// Is the innermost open element one whose text is collected?
  bool collecting() const { return !m_open.empty() && m_open.back().kind != IdKind::none; }
  /// Text of the innermost element (UTF-8; may come in pieces).
  void text(std::string_view utf8) {
    if (collecting()) {
      m_text.append(utf8);
    }
  }
  /// The innermost element ends: a finding (invalid-orgnr, invalid-fnr, invalid-kontonr) goes to
  /// `out` when its value is not a valid number of its kind. An empty value is left to the
  /// schema (nillable, minOccurs, minLength).
  void leave(std::vector<diag::Diagnostic>& out);

private:
  struct Open {
    IdKind kind = IdKind::none;
    Whitespace ws = Whitespace::preserve;
    std::size_t path_length = 0; ///< of m_local_path before this element
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    std::string path; ///< the engine's path, for a checked element only
  };
  const IdRules& m_rules;
  const char* m_engine;
  std::vector<Open> m_open;
  std::string m_local_path; ///< /a/b/c of local names (kept only when the rules have paths)
  std::string m_text;
};

} // namespace altkit::validate
