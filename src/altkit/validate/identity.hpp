#pragma once

#include "altkit/schema/schema_info.hpp"
#include "altkit/validate/result.hpp"

#include <string_view>
#include <vector>

namespace altkit::validate {

/// Gives each identity-constraint finding of `report` what the engines leave out (XSD 1.0 Part 1
/// §3.11.4, cvc-identity-constraint): the constraint's name, the value (as
/// `['v1', 'v2']`, one entry per field), and for a keyref whose value matches no key (reported by
/// both engines at the end of the declaring element) the position and path of the referencing
/// element. Reads `bytes` (the whole document, as the engine read it) a second time with the
/// safe SAX parser, evaluating the constraints' selector and field XPaths (the §3.11.6 subset:
/// `.//`, child steps, `*`, `prefix:*`, a final `@attribute`). Values are compared as the text
/// the document holds (the engines compare in the type's value space, so `1.0` and `1` may be
/// one decimal value): this names and places findings, it never adds or drops one (the verdict
/// stays the engine's). A finding it cannot pair with a value it found keeps the
/// engine's own text. Only called for schemas that declare identity constraints.
/// Thread-safe (per call state only) after xml::init_libxml(). Does not throw on bad input: a
/// document that does not parse leaves `report` as it is.
void explain_identity_findings(EngineReport& report, std::string_view bytes,
                               const std::vector<schema::IdentityConstraint>& constraints);

} // namespace altkit::validate
