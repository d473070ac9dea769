#pragma once

#include "altkit/diag/codes.hpp"
#include "altkit/diag/diagnostic.hpp"
#include "altkit/diag/exit_code.hpp"
#include "altkit/xml/limits.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace altkit::validate {

enum class Verdict { valid, invalid, unreadable, not_routed };

const char* to_string(Verdict v);

/// The exit code a verdict calls for: invalid and not routed are findings (1), unreadable is 3.
inline diag::ExitCode exit_code_for(Verdict v) {
  switch (v) {
  case Verdict::valid:
    return diag::ExitCode::ok;
  case Verdict::invalid:
  case Verdict::not_routed:
    return diag::ExitCode::findings;
  case Verdict::unreadable:
    return diag::ExitCode::unreadable;
  }
  return diag::ExitCode::internal;
}

/// The root element of a document as the parser saw it.
struct RootInfo {
  bool found = false;
  std::string ns;
  std::string local;
  std::string qname;
  std::map<std::string, std::string> attributes; ///< unqualified attributes only
  std::uint64_t line = 0;                        ///< where its start tag ends
  std::uint64_t column = 0;                      ///< the column after its '>' (as Xerces reports)
};

/// What one engine reported for one document, before altkit's own post-processing.
struct EngineReport {
  std::string engine;
  bool well_formed = true;
  std::vector<diag::Diagnostic> diagnostics;
  RootInfo root;
  std::uint64_t bytes = 0;
  /// The compiled engine only: why it left the verdict to libxml2 ("xsi:type", ...); empty when
  /// it decided. Such a document is not a disagreement.
  std::string undecided;
  /// The compiled engine only: its finding is one libxml2's streaming validator does not check
  /// (an IDREF naming no ID, XSD 1.0 Part 1 cvc-id.1): it stands as the explanation.
  bool beyond_libxml2 = false;
};

/// The outcome for one document: its verdict and every finding, in document order.
struct DocumentResult {
  std::string file;
  std::string schema; ///< path of the schema used, empty when none
  std::string engine;
  Verdict verdict = Verdict::valid;
  std::vector<diag::Diagnostic> diagnostics;
  std::uint64_t bytes = 0;
  std::uint64_t micros = 0; ///< wall time spent checking it, in microseconds (0: not measured; not in jsonl)
};

struct IdCheckOptions;
class IdRules;
/// Where a validator is (the element path), readable from another thread: a worker given up
/// while stuck inside one engine call is reported there (pipeline::Stages::abandon).
class Whereabouts {
public:
  /// Called at every element by the Xerces engine: copies into the storage kept from the last
  /// call (no allocation once it is large enough).
  void set(const std::string& path) {
    std::lock_guard<std::mutex> lock(m_mu);
    m_path.assign(path);
  }
  std::string get() const {
    std::lock_guard<std::mutex> lock(m_mu);
    return m_path;
  }

private:
  mutable std::mutex m_mu;
  std::string m_path;
};

struct ValidateSettings {
  bool allow_altinn_row_id = false;
  xml::ParseLimits limits;
  /// --check-ids and its options (validate/id_check.hpp); null: no identifier checks.
  std::shared_ptr<const IdCheckOptions> ids;
  /// Set by DocumentValidator for the schema at hand when `ids` is: the rules the engines apply.
  const IdRules* id_rules = nullptr;
  /// When the document in hand must be finished (limits.time_budget after it was begun), set by
  /// DocumentValidator for each document; the engines look at it between elements.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  /// Set by DocumentValidator: the Xerces engine says there which element it is in (Xerces may
  /// spend unbounded time in one call; libxml2 is stopped from its own callbacks instead).
  Whereabouts* where = nullptr;
};

/// The too-slow finding's message for a budget of `budget`.
inline std::string too_slow_message(std::chrono::milliseconds budget) {
  auto ms = budget.count();
  return "document not finished within the time budget of " +
         (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") +
         " (--time-budget): stopped at this element";
}

/// True once `settings.deadline` has passed. Looks at the clock every 64th call only
/// (`*calls` counts them): an engine asks at every element. Not thread-safe (per parse).
inline bool past_deadline(const ValidateSettings& settings, unsigned& calls) {
  return (++calls & 63U) == 0 && settings.deadline != std::chrono::steady_clock::time_point::max() &&
         std::chrono::steady_clock::now() >= settings.deadline;
}

/// The validation codes as C strings, for the engines' classifiers (xerces_validator.cpp,
/// libxml_validator.cpp), taken from the registry: new code uses diag::code and Diagnostic::of.
namespace code {
inline constexpr const char* not_well_formed = diag::code::not_well_formed.name.data();
inline constexpr const char* doctype_forbidden = diag::code::doctype_forbidden.name.data();
inline constexpr const char* too_deep = diag::code::too_deep.name.data();
inline constexpr const char* attribute_too_long = diag::code::attribute_too_long.name.data();
inline constexpr const char* too_slow = diag::code::too_slow.name.data();
inline constexpr const char* unreadable = diag::code::unreadable.name.data();
inline constexpr const char* invalid_content = diag::code::invalid_content.name.data();
inline constexpr const char* undeclared_element = diag::code::undeclared_element.name.data();
inline constexpr const char* attribute_not_allowed = diag::code::attribute_not_allowed.name.data();
inline constexpr const char* missing_attribute = diag::code::missing_attribute.name.data();
inline constexpr const char* fixed_value = diag::code::fixed_value.name.data();
inline constexpr const char* nil = diag::code::nil.name.data();
inline constexpr const char* value_type = diag::code::value_type.name.data();
inline constexpr const char* value_pattern = diag::code::value_pattern.name.data();
inline constexpr const char* value_enumeration = diag::code::value_enumeration.name.data();
inline constexpr const char* value_length = diag::code::value_length.name.data();
inline constexpr const char* value_range = diag::code::value_range.name.data();
inline constexpr const char* value_digits = diag::code::value_digits.name.data();
inline constexpr const char* identity_constraint = diag::code::identity_constraint.name.data();
inline constexpr const char* schema_invalid = diag::code::schema_invalid.name.data();
inline constexpr const char* altinn_row_id = diag::code::altinn_row_id.name.data();
inline constexpr const char* wrong_root = diag::code::wrong_root.name.data();
inline constexpr const char* not_routed = diag::code::not_routed.name.data();
inline constexpr const char* engines_disagree = diag::code::engines_disagree.name.data();
} // namespace code

} // namespace altkit::validate
