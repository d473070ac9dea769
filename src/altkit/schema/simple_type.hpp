#pragma once

#include "altkit/schema/xsd_model.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace altkit::schema {

/// A simple type compiled once for checking values (the compiled validation engine, issue 20):
/// the whiteSpace rule, the lexical space of its built-in type, its facets parsed into value
/// space, its patterns compiled with libxml2's xmlRegexp (XSD regular expressions, XSD 1.0 Part 2
/// Appendix F). Lists and unions as in Part 2 §2.5.1.2-3. Rules: XML Schema 1.0 Part 2 (Second
/// Edition), §3 (built-in types) and §4.3 (facets).
///
/// Thread-safety: immutable after compile(); check() and the other members may be called from any
/// number of threads at once (the compiled regular expressions are only read).
class CompiledSimpleType {
public:
  /// XSD 1.0 Part 2 §3.3.8/§3.3.9/§3.3.10: the built-ins whose values take part in ID/IDREF checks.
  enum class IdKind { none, id, idref, idrefs };

  /// Compiles `type`. Returns null and sets `why` (one line, e.g. "built-in type xs:NOTATION is
  /// not covered", "pattern '…' is not a valid XSD regular expression") when the type uses
  /// something this checker does not cover; the caller then leaves the schema to libxml2. Not
  /// covered: xs:QName and xs:NOTATION (need namespace context), xs:ENTITY and xs:ENTITIES (need a
  /// DTD), enumeration and bounds on xs:duration, facets that do not apply to the type (an invalid
  /// schema, left to libxml2 to report), an enumeration or bound value outside the type.
  static std::shared_ptr<const CompiledSimpleType> compile(const SimpleType& type, std::string& why);

  virtual ~CompiledSimpleType() = default;

  /// Checks `raw` (the characters of an attribute value or of an element's simple content, as
  /// parsed, before whitespace processing): whiteSpace, then the lexical space, then every facet.
  /// `raw` is well-formed UTF-8, as libxml2's parser delivers it (on other bytes libxml2's regexp
  /// engine reports an encoding error to this thread's libxml2 error handler).
  /// Returns true when valid. When invalid and `problem` is not null, sets it to one line naming
  /// the value and the rule it breaks, e.g. "'12a' is not a valid xs:integer" or "'ABCDE' is longer
  /// than maxLength 4". Allocates nothing on the valid path for atomic types (the normalised value
  /// and the NUL-terminated copy a pattern needs live in per-thread buffers), except what libxml2's
  /// xmlRegexpExec mallocs itself for a pattern with counted or ambiguous parts.
  virtual bool check(std::string_view raw, std::string* problem) const = 0;

  /// True when `a` and `b` are both valid and equal in the value space (fixed values: XSD 1.0
  /// Part 1 cvc-elt 5.2.2.2.2, cvc-au); "1.0" and "1" are equal as decimals, not as strings.
  virtual bool equal(std::string_view a, std::string_view b) const = 0;

  /// The value after whiteSpace processing (§4.3.6), for ID/IDREF bookkeeping and messages.
  virtual std::string normalized(std::string_view raw) const = 0;

  virtual IdKind id_kind() const = 0;
};

} // namespace altkit::schema
