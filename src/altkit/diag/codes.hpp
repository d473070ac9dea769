#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/diag/exit_code.hpp"

#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace altkit::diag {

/// The tools of altkit, as a set of bits (a finding code names the tools that emit it).
enum class Tool : unsigned {
  seres_validate = 1U << 0,
  altut_convert = 1U << 1,
  replyref_rewrite = 1U << 2,
  corpus_check = 1U << 3,
  corpus_gen = 1U << 4,
  confirmations_convert = 1U << 5,
};

/// Every tool, in the README's order.
inline constexpr Tool k_tools[] = {Tool::seres_validate, Tool::altut_convert, Tool::replyref_rewrite,
                                   Tool::corpus_check,   Tool::corpus_gen,    Tool::confirmations_convert};

/// The tool's executable name ("seres-validate").
constexpr std::string_view tool_name(Tool t) {
  switch (t) {
  case Tool::seres_validate:
    return "seres-validate";
  case Tool::altut_convert:
    return "altut-convert";
  case Tool::replyref_rewrite:
    return "replyref-rewrite";
  case Tool::corpus_check:
    return "corpus-check";
  case Tool::corpus_gen:
    return "corpus-gen";
  case Tool::confirmations_convert:
    return "confirmations-convert";
  }
  return "";
}

/// One finding code: what every tool prints in brackets after a finding and writes as `code` /
/// `ruleId` in its reports. The name is stable (scripts match on it); the texts may improve.
struct CodeInfo {
  std::string_view name;    ///< kebab-case, e.g. "not-well-formed"
  ExitCode exit_class;      ///< the exit code the finding calls for as an error; ok for warnings and notes
  Severity severity;        ///< the severity it is reported at unless a tool's option says otherwise
  unsigned tools;           ///< the tools that emit it (bits of Tool)
  std::string_view summary; ///< one line, a sentence (SARIF rule shortDescription)
  std::string_view help;    ///< what it means and what to do (SARIF rule help)

  constexpr bool emitted_by(Tool t) const { return (tools & static_cast<unsigned>(t)) != 0; }
};

namespace detail {
inline constexpr unsigned k_sv = static_cast<unsigned>(Tool::seres_validate);
inline constexpr unsigned k_ac = static_cast<unsigned>(Tool::altut_convert);
inline constexpr unsigned k_rr = static_cast<unsigned>(Tool::replyref_rewrite);
inline constexpr unsigned k_cc = static_cast<unsigned>(Tool::corpus_check);
inline constexpr unsigned k_cg = static_cast<unsigned>(Tool::corpus_gen);
inline constexpr unsigned k_cf = static_cast<unsigned>(Tool::confirmations_convert);
inline constexpr unsigned k_validators = k_sv | k_cc; // corpus-check validates as seres-validate does
inline constexpr unsigned k_converters = k_ac | k_cc; // corpus-check --convert-check runs altut-convert's checks
} // namespace detail

/// Every finding code altkit emits (README, "Finding codes"; tests/unit/test_diag_codes.cpp holds
/// the README's lists against it). Grouped by exit class, as the README lists them.
inline constexpr CodeInfo k_codes[] = {
    // ---- the input cannot be read as XML (exit 3) ----
    {"not-well-formed", ExitCode::unreadable, Severity::fatal,
     detail::k_sv | detail::k_ac | detail::k_rr | detail::k_cc | detail::k_cf, "The document is not well-formed XML.",
     "The parser stopped here: the document breaks XML's syntax (an unclosed tag, a stray '&' or '<', bytes that "
     "are not in the declared encoding, or an empty file), so nothing after this point was checked. Fix the "
     "document at the reported line and column."},
    {"doctype-forbidden", ExitCode::unreadable, Severity::fatal,
     detail::k_sv | detail::k_ac | detail::k_rr | detail::k_cc | detail::k_cf,
     "DOCTYPE declarations are refused: no DTD, entity or external reference is processed.",
     "SERES and Altinn documents have no DOCTYPE. altkit refuses one outright, before anything in it is read, so "
     "entity expansion (billion laughs), external entities (XXE) and DTD fetching cannot happen. Remove the "
     "DOCTYPE declaration."},
    {"too-deep", ExitCode::unreadable, Severity::fatal, detail::k_sv | detail::k_rr | detail::k_cc,
     "Element nesting exceeds the configured bound.",
     "Elements are nested deeper than the parse limit (256 levels), which no SERES or Altinn document needs; the "
     "parse stopped there to bound memory and time."},
    {"attribute-too-long", ExitCode::unreadable, Severity::fatal, detail::k_sv | detail::k_cc,
     "An attribute value exceeds the configured bound.",
     "An attribute value is longer than the parse limit (10,000,000 bytes); the parse stopped there to bound "
     "memory."},
    // Bounded work per document (issue 16: xml/limits.hpp, BoundedSource; the engines' time checks).
    {"too-many-attributes", ExitCode::unreadable, Severity::fatal, detail::k_sv | detail::k_cc,
     "An element has more attributes or namespace declarations than the configured bound.",
     "One start tag holds more attributes than --max-attributes (default 10,000) or more namespace declarations "
     "than --max-namespaces (default 1,000). Both engines compare a tag's attributes with each other before "
     "anything else sees them, libxml2 in quadratic time, so the parse stops there."},
    {"too-large", ExitCode::unreadable, Severity::fatal, detail::k_sv | detail::k_cc,
     "A document is larger than the configured bound.",
     "The document (a file, or an archive member once unpacked) is larger than --max-document-size (default 1 GiB); "
     "the rest was not read. A small archive can hold a huge member (a zip bomb)."},
    {"too-slow", ExitCode::unreadable, Severity::fatal, detail::k_sv | detail::k_cc,
     "A document was not finished within the time budget.",
     "Checking the document took longer than --time-budget (default 60 s) and was stopped at the element named; "
     "the run went on. A schema pattern that backtracks (see schema-lint) is the usual cause."},
    {"unreadable", ExitCode::unreadable, Severity::fatal,
     detail::k_sv | detail::k_ac | detail::k_rr | detail::k_cc | detail::k_cf, "The input could not be read.",
     "The file could not be opened or read (missing, no permission, a directory, an I/O error, a broken archive "
     "member). The message names the system's reason."},
    {"encoding-mismatch", ExitCode::unreadable, Severity::fatal,
     detail::k_sv | detail::k_ac | detail::k_rr | detail::k_cc | detail::k_cf,
     "The encoding declaration contradicts the bytes.",
     "The XML declaration names one encoding but the bytes are in another: a UTF-8 byte order mark under "
     "encoding=\"ISO-8859-1\", or 8-bit bytes under encoding=\"utf-16\" (what a .NET StringWriter writes). XML 1.0 "
     "(4.3.3, Appendix F) makes it a fatal error; read on, every non-ASCII character would be garbled (\u00f8 as "
     "\u00c3\u00b8). Declare the encoding the bytes are in, or save the file in the declared one."},
    {"unsupported-encoding", ExitCode::unreadable, Severity::fatal, detail::k_rr,
     "The document's encoding cannot be spliced byte for byte.",
     "replyref-rewrite keeps every byte it does not rewrite, which needs an encoding that writes markup as ASCII "
     "bytes. A stateful or non-ASCII encoding (UTF-7, ISO-2022-*, EBCDIC, UCS-2/4) cannot be spliced: convert the "
     "file to UTF-8 first."},
    {"soap-without-altut", ExitCode::unreadable, Severity::fatal, detail::k_converters,
     "A SOAP envelope without an altutMessage element.",
     "The input is a SOAP envelope, but it carries no altutMessage element with the escaped AltUt document, so "
     "there is nothing to convert."},
    {"not-altut", ExitCode::unreadable, Severity::fatal, detail::k_converters,
     "The document is not an AltUt file: no GovOrgan/AltUt/Message.",
     "altut-convert reads AltUt batch files (GovOrgan, AltUt, Message). This document has none of them; check "
     "that the right file was given."},

    // ---- findings: the document is invalid against its schema (exit 1) ----
    {"invalid-content", ExitCode::findings, Severity::error, detail::k_validators,
     "An element's content does not match its content model.",
     "A child element is missing, unexpected or out of order, or text stands where the schema allows none. The "
     "message names what the schema expected here."},
    {"undeclared-element", ExitCode::findings, Severity::error, detail::k_validators,
     "An element is not declared by the schema.",
     "The schema declares no element of this name (or not in this namespace). Check its spelling and namespace."},
    {"attribute-not-allowed", ExitCode::findings, Severity::error, detail::k_validators,
     "An attribute is not allowed by the schema.",
     "The element's type declares no attribute of this name. Remove it or check its spelling and namespace."},
    {"missing-attribute", ExitCode::findings, Severity::error, detail::k_validators, "A required attribute is missing.",
     "The schema requires this attribute on the element (use=\"required\"); add it."},
    {"fixed-value", ExitCode::findings, Severity::error, detail::k_validators,
     "A value differs from the schema's fixed value.",
     "The schema fixes this element's or attribute's value (often dataFormatId, dataFormatVersion or orid); the "
     "document must carry exactly that value."},
    {"nil", ExitCode::findings, Severity::error, detail::k_validators, "An xsi:nil use the schema does not allow.",
     "xsi:nil=\"true\" is only allowed on a nillable element, and such an element must then be empty."},
    {"value-type", ExitCode::findings, Severity::error, detail::k_validators, "A value is not valid for its datatype.",
     "The value is not a lexical form of its XSD datatype (a date, a number, a boolean, ...): for example "
     "'2019-13-01' as xs:date or '1,5' as xs:decimal."},
    {"value-pattern", ExitCode::findings, Severity::error, detail::k_validators,
     "A value does not match the pattern facet.",
     "The value does not match the regular expression the schema's pattern facet requires (for example nine "
     "digits for an organisasjonsnummer). The message shows the pattern."},
    {"value-enumeration", ExitCode::findings, Severity::error, detail::k_validators,
     "A value is not in the enumeration.", "The value is not one of the code list's values. The message lists them."},
    {"value-length", ExitCode::findings, Severity::error, detail::k_validators, "A value violates a length facet.",
     "The value is shorter or longer than the schema's length, minLength or maxLength facet allows (counted in "
     "characters)."},
    {"value-range", ExitCode::findings, Severity::error, detail::k_validators,
     "A value is outside the inclusive/exclusive bounds.",
     "The value is below the minimum or above the maximum the schema's minInclusive, minExclusive, maxInclusive or "
     "maxExclusive facet allows."},
    {"value-digits", ExitCode::findings, Severity::error, detail::k_validators,
     "A value has too many total or fraction digits.",
     "The number has more digits than the schema's totalDigits facet allows, or more decimals than its "
     "fractionDigits facet."},
    {"identity-constraint", ExitCode::findings, Severity::error, detail::k_validators,
     "An identity constraint (key, keyref, unique) fails.",
     "A value the schema declares unique is repeated, a key is missing, or a reference names no key."},
    {"schema-invalid", ExitCode::findings, Severity::error, detail::k_validators,
     "The document is not valid against the schema.",
     "A validity error the engine reported without a more telling class; the message gives the engine's words."},
    {"altinn-row-id", ExitCode::findings, Severity::error, detail::k_validators,
     "altinnRowId attributes (added by Altinn 3) that the schema does not allow.",
     "Altinn 3 adds an altinnRowId attribute to repeating rows, which SERES schemas do not declare. They are "
     "counted in one finding per document; --allow-altinn-row-id accepts them."},
    {"wrong-root", ExitCode::findings, Severity::error, detail::k_validators,
     "The root element is not one the schema declares.",
     "The document's root element is not a global element of the schema, or is in another namespace. A root "
     "named after the schema's type (BliTjenesteeier_M instead of melding) is told apart: the message names the "
     "root the schema expects."},
    {"not-routed", ExitCode::findings, Severity::error, detail::k_validators,
     "No schema in the catalog matches the document's root.",
     "No schema of the catalog claims the document's root element and identifying attributes (namespace, "
     "dataFormatId/dataFormatVersion, skjemanummer/spesifikasjonsnummer). The message names the keys the document "
     "carried and the nearest candidates."},
    {"engines-disagree", ExitCode::findings, Severity::error, detail::k_validators,
     "Two engines reach different verdicts.",
     "With --engine both, one engine found the document valid (or readable) and the other did not; the stricter "
     "verdict wins. The findings of one engine only are marked (xerces only) or (libxml2 only). With --engine "
     "compiled or auto, the compiled engine found the document invalid and libxml2, asked for the explanation, "
     "found it valid: the message names where the compiled engine stopped and why; the document stays invalid. "
     "Either is a bug to report."},

    // ---- findings: Norwegian identifier checks (--check-ids; issue 19, item 4) ----
    {"invalid-orgnr", ExitCode::findings, Severity::error, detail::k_validators,
     "An element that holds an organisasjonsnummer does not hold a valid one.",
     "With --check-ids, elements whose schema type or name says organisasjonsnummer (README, \"Identifier "
     "checks\") must hold 9 digits whose last is the MOD11 check digit of the first 8 (weights 3 2 7 6 5 4 3 2), "
     "as Altinn checks them. The message names the value and what is wrong with it."},
    {"invalid-fnr", ExitCode::findings, Severity::error, detail::k_validators,
     "An element that holds a fødselsnummer or D-nummer does not hold a valid one.",
     "With --check-ids, elements whose schema type or name says fødselsnummer or D-nummer must hold 11 digits: a "
     "birth date that exists (a D-nummer adds 4 to the first digit), an individual number and two MOD11 check "
     "digits. Synthetic test numbers (month + 40 or + 80) pass only with --allow-synthetic-ids."},
    {"invalid-kontonr", ExitCode::findings, Severity::error, detail::k_validators,
     "An element that holds a kontonummer does not hold a valid one.",
     "With --check-ids, elements whose schema type or name says kontonummer must hold 11 digits whose last is the "
     "MOD11 check digit of the first 10 (weights 5 4 3 2 7 6 5 4 3 2)."},

    // ---- findings: a message altut-convert rejects (exit 1) ----
    {"no-short-name", ExitCode::findings, Severity::error, detail::k_converters,
     "The message has no shortName, so no Altinn II service.",
     "An AltUt Message's shortName names its Altinn II service (ServiceCode_ServiceEdition, or a legacy name the "
     "service map lists). Without one the message cannot be converted; it is copied to <file>.rejected.xml."},
    {"unmapped-short-name", ExitCode::findings, Severity::error, detail::k_converters | detail::k_rr,
     "A legacy free-text shortName is not in the service map.",
     "The shortName is free text (\"Skatteoppgjør 2007\"), which is looked up in the service map, never guessed. "
     "Add a shortName row to the map. replyref-rewrite leaves it unchanged and warns (an error with --strict)."},
    {"service-code-too-long", ExitCode::findings, Severity::error, detail::k_converters,
     "The shortName's ServiceCode is over 7 characters and is not in the service map.",
     "Altinn II ServiceCodes have at most 7 characters. Map the shortName in the service map, or correct it."},
    {"no-message-reference", ExitCode::findings, Severity::error, detail::k_converters,
     "The message has no messageReference.",
     "Altinn II needs a SendersReference, taken from messageReference; without it confirmations could not be "
     "matched either."},
    {"no-participant", ExitCode::findings, Severity::error, detail::k_converters, "The message has no Participant.",
     "A Correspondence is made per Participant; a message without one has no receiver."},
    {"no-reportee", ExitCode::findings, Severity::error, detail::k_converters, "A Participant has no id (Reportee).",
     "The Participant's id becomes the Correspondence's Reportee, which Altinn II requires."},
    {"invalid-date", ExitCode::findings, Severity::error, detail::k_converters,
     "A VisibleDate, DueDate or AllowSystemDeleteDate is not a date.",
     "The value is neither an xs:date nor an xs:dateTime, so it cannot be carried over."},
    {"invalid-base64", ExitCode::findings, Severity::error, detail::k_converters, "An attachment is not valid base64.",
     "Line breaks and missing padding are repaired; anything else that is not base64 cannot be decoded and would "
     "lose the attachment."},
    {"invalid-reply-service", ExitCode::findings, Severity::error, detail::k_converters,
     "A reply option's ServiceCode names no Altinn II service.",
     "ReplyMessage/Form/ServiceCode must be ServiceCode_ServiceEdition, or a name the service map lists."},
    {"unmapped-form", ExitCode::findings, Severity::error, detail::k_ac | detail::k_rr,
     "A reply option's form (formNumber, version) is not in the service map.",
     "Add a form row to the service map. altut-convert rejects the message only with --strict (otherwise the "
     "reference is reported as a field not carried over); replyref-rewrite leaves it unchanged and warns (an "
     "error with --strict)."},
    {"stylesheet-failed", ExitCode::findings, Severity::error, detail::k_converters,
     "The mapping stylesheet failed on this message.",
     "The XSLT mapping stopped with an error for this message (an xsl:message terminate, or an extension "
     "function that refused its input); the message names the reason."},
    // -- altut-convert --to altinn3 (issue 18, Altinn 3 output): messages rejected (exit 1) --
    {"no-resource-id", ExitCode::findings, Severity::error, detail::k_ac,
     "The message's service has no Altinn 3 resource id in the service map.",
     "Altinn 3 addresses a resource, not a ServiceCode/ServiceEdition. Give the service a resourceId in the "
     "service map (a sixth column, on a service, form or shortName row); the message is rejected until then."},
    {"invalid-recipient", ExitCode::findings, Severity::error, detail::k_ac,
     "A Participant id is neither an organisasjonsnummer nor a fødselsnummer/D-nummer.",
     "Altinn 3 recipients are URNs: 9 digits with a valid MOD11 check digit become "
     "urn:altinn:organization:identifier-no:..., 11 digits that are a valid fødselsnummer or D-nummer become "
     "urn:altinn:person:identifier-no:...; anything else cannot be addressed and rejects the message."},
    {"altinn3-request-invalid", ExitCode::findings, Severity::error, detail::k_ac,
     "The Altinn 3 request made from the message breaks a rule of the request schema, or its body cannot be read "
     "whole.",
     "Each request.json is validated against schemas/altinn3/initialize-correspondences.schema.json (the limits "
     "of Altinn's own request models: a title of 1 to 255 characters, a body of 1 to 30,000, ...) before it is "
     "written; the message names the field and the rule. Shorten or complete the AltUt field it comes from. A "
     "body whose HTML nests deeper than 256 levels cannot be read to its end and is refused the same way."},

    // ---- a schema, stylesheet or mapping table failed to load (exit 4) ----
    {"schema-error", ExitCode::load_failed, Severity::error, detail::k_validators | detail::k_ac | detail::k_cf,
     "The schema does not compile.",
     "An engine refused the schema (an undefined type, a contradicting facet, an include that cannot be read); "
     "no document was validated against it."},
    {"schema-unreadable", ExitCode::load_failed, Severity::error,
     detail::k_validators | detail::k_ac | detail::k_cg | detail::k_cf,
     "The schema file could not be read or is not well-formed.",
     "The schema file is missing, unreadable or not well-formed XML."},
    {"not-a-schema", ExitCode::load_failed, Severity::error, detail::k_validators | detail::k_ac,
     "The file is not an XML Schema: its root element is not xs:schema.",
     "The file given as a schema is XML, but not an XML Schema document."},
    {"catalog-conflict", ExitCode::load_failed, Severity::error, detail::k_validators,
     "Two schemas of the catalog claim the same root.",
     "Two schemas claim the same namespace, root element and identifying attributes, so a document with that root "
     "could not be routed. Remove one of them from the catalog folder."},
    {"catalog-empty", ExitCode::load_failed, Severity::error, detail::k_validators, "The catalog holds no .xsd file.",
     "The catalog folder (and its subfolders) holds no file named *.xsd."},
    {"catalog-unreadable", ExitCode::load_failed, Severity::error, detail::k_validators,
     "The catalog is not a readable directory.", "--catalog names a folder of schemas; this is none."},
    {"xml-catalog", ExitCode::load_failed, Severity::error, detail::k_validators, "An XML catalog could not be read.",
     "--xml-catalog (or XML_CATALOG_FILES) names an OASIS XML catalog file that maps schema locations to local "
     "files; this one is missing, not well-formed, not a catalog, or names a catalog on the network."},
    {"map-unreadable", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "The service map could not be read.", "The service map file is missing or unreadable."},
    {"map-syntax", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "A service map line is not valid CSV or misses a field.",
     "The service map is RFC 4180 CSV with the header kind,name,version,serviceCode,serviceEditionCode and five "
     "fields on every line; a shortName row has no version."},
    {"map-kind", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "A service map row's kind is neither form nor shortName.", "The kind column is 'form' or 'shortName'."},
    {"map-service-code", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "A service map row's serviceCode is empty or over 7 characters.",
     "Altinn II ServiceCodes have 1 to 7 characters."},
    {"map-edition", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "A service map row's serviceEditionCode is not a whole number.",
     "The edition is a whole number (leading zeros are dropped: 03 is 3)."},
    {"map-duplicate", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "A service map row repeats an earlier one.",
     "The same form (formNumber, version) or shortName is listed twice with the same service; remove one row."},
    {"map-conflict", ExitCode::load_failed, Severity::error, detail::k_converters | detail::k_rr | detail::k_cf,
     "Two service map rows map the same key to different services.",
     "The same form (formNumber, version) or shortName is mapped to two different services; the map must say "
     "which one is meant."},
    {"stylesheet-error", ExitCode::load_failed, Severity::error, detail::k_converters,
     "The mapping stylesheet could not be loaded.",
     "The XSLT stylesheet (--stylesheet, or altkit's own in the data folder) is missing, not well-formed, or not "
     "valid XSLT 1.0."},

    // ---- output could not be written (exit 5) ----
    {"write-failed", ExitCode::write_failed, Severity::fatal, detail::k_ac | detail::k_cf,
     "An output file could not be written.",
     "The output (a batch file, a payload, the rejected messages) could not be written: a full disk, no "
     "permission, a missing folder. Nothing half-written is left behind."},

    // ---- no effect on the exit code ----
    {"schema-warning", ExitCode::ok, Severity::warning, detail::k_sv, "A warning about the schema itself.",
     "The schema compiled, but an engine warned about it (often a missing xs:import such as seres.xsd or "
     "kodebibliotek.xsd). Printed once per schema, not once per document."},
    // ---- the compiled validation engine (issue 20) ----
    {"schema-not-compiled", ExitCode::ok, Severity::warning, detail::k_validators,
     "The compiled engine does not cover a construct the schema uses; libxml2 validates its documents.",
     "With --engine compiled or auto, a schema using anything outside what the compiled engine covers (identity "
     "constraints, substitution groups, xsi:type, xs:redefine, a content model that is not deterministic, ...) is "
     "validated by libxml2 instead. Printed once per schema, naming the construct, file and line; the verdicts are "
     "libxml2's."},
    {"import-refused", ExitCode::ok, Severity::warning, detail::k_validators,
     "A schema import or include names a network location, which altkit does not read.",
     "altkit never uses the network: an xs:import, xs:include or xs:redefine whose schemaLocation is an http:// "
     "(or other remote) URL is not read. Give a local copy: change the schemaLocation, or map the URL to a file "
     "with an OASIS XML catalog (--xml-catalog FILE or XML_CATALOG_FILES). Reported once per schema, at the import."},
    {"schema-lint", ExitCode::ok, Severity::warning, detail::k_sv,
     "A code list whose length facets reject some of its own values, or a pattern that backtracks badly.",
     "altkit's own check: an enumeration whose length, minLength or maxLength facet rejects some of its own "
     "values, so documents can never use them; or a pattern whose matching time can grow exponentially with a "
     "value's length (a group repeated without bound that holds another such repetition, or whose alternatives "
     "can begin with the same character, as in (a|aa)*b). Neither engine reports it."},
    {"windows-1252-bytes", ExitCode::ok, Severity::warning, detail::k_sv | detail::k_ac | detail::k_rr | detail::k_cc,
     "A document declared ISO-8859-1 holds bytes 0x80-0x9F, which only make sense as Windows-1252.",
     "In ISO-8859-1 the bytes 0x80-0x9F are C1 control characters, which no one writes; in Windows-1252 they are "
     "letters and punctuation (\u20ac, \u2013, \u201c, \u2019). The file was most likely saved by Windows and "
     "labelled Latin-1. The first such byte is reported. Declare encoding=\"windows-1252\"; altut-convert and "
     "replyref-rewrite read such files as Windows-1252 with --latin1-as-windows-1252 (a note then says so)."},
    {"lost-field", ExitCode::ok, Severity::note, detail::k_converters,
     "An AltUt field has no Altinn II target and is not carried over.",
     "The field (one Altinn documents as not mapped, an unknown element or attribute, a form the map lacks) is "
     "listed so nothing vanishes unseen; the message converts without it."},

    // ---- altut-convert fidelity (issue 18): a reject (exit 1), then warnings ----
    {"output-invalid", ExitCode::findings, Severity::error, detail::k_ac,
     "The message's output fails altkit's target schema.",
     "What the mapping made of this message is not valid against the output kind's schema (xsd/): a value the "
     "target does not allow (a LanguageCode other than 1033, 1044 or 2068, a MessageSummary over 512 characters), "
     "or a custom stylesheet's mistake. It is not written: the message is rejected with the schema's first finding "
     "and copied to <file>.rejected.xml, and the other messages of the file are written."},
    {"hidden-character", ExitCode::ok, Severity::warning, detail::k_ac,
     "A shortName holds a character a reader cannot see.",
     "A no-break space (U+00A0) or another Unicode space reads as a space, a zero-width or direction mark, soft "
     "hyphen or byte order mark is removed; the message names each such character. Correct the source system or "
     "list the name in the service map."},
    {"service-code-leading-zeros", ExitCode::ok, Severity::warning, detail::k_ac,
     "A ServiceCode has leading zeros; it is kept as written.",
     "The edition is read as a number (0003 is 3) but a ServiceCode is a string (domain.md 11 A5): '004711' and "
     "'4711' are different services to Altinn II. Check which one the service owner registered."},
    {"local-time-gap", ExitCode::ok, Severity::warning, detail::k_ac,
     "A local time the time zone skips (clocks go forward); moved forward by the gap.",
     "The date has no offset, so it is a local time in --timezone, and that time does not exist there (Europe/Oslo: "
     "02:00-02:59 on the last Sunday of March). It is taken as the same time before the change, which the clock "
     "shows one hour later (02:30 becomes 03:30 summer time), in every output kind."},
    {"local-time-twice", ExitCode::ok, Severity::warning, detail::k_ac,
     "A local time the time zone has twice (clocks go back); the first is taken.",
     "The date has no offset, so it is a local time in --timezone, and that time occurs twice there (Europe/Oslo: "
     "02:00-02:59 on the last Sunday of October). The first occurrence, in summer time, is taken in every output "
     "kind; give the value an offset to choose the other."},

    // ---- confirmations-convert (issue 18): one block, every exit class; "conf-" keeps its names apart ----
    {"conf-not-confirmations", ExitCode::unreadable, Severity::fatal, detail::k_cf,
     "The input is neither an Altinn II CorrespondenceConfirmations file nor Altinn 3 correspondence details.",
     "confirmations-convert reads CorrespondenceConfirmations (namespace .../correspondence/confirmations/2009/10 "
     "or 2010/10) and the JSON of Altinn 3's GET /correspondence/api/v1/correspondence/{id}/details (an object, an "
     "array of them, or JSON Lines). Check that the right file was given."},
    {"conf-json-syntax", ExitCode::unreadable, Severity::fatal, detail::k_cf, "The Altinn 3 JSON cannot be parsed.",
     "The file starts like JSON but is not valid JSON (RFC 8259); the message names the place. Nothing in it was "
     "converted."},
    {"conf-header-invalid", ExitCode::findings, Severity::error, detail::k_cf,
     "The shipment's header is not valid against the confirmations schema, so no confirmation of it is written.",
     "SequenceNo, PreviousSequenceNo, SystemUserCode (3-15 characters), ShipmentDateTime (xs:dateTime) and "
     "CountConfirmationsInShipment (xs:int) make the AltUtConfirmationBatch's header; without a valid one no batch "
     "can be written, and every confirmation of the file is counted rejected."},
    {"conf-invalid", ExitCode::findings, Severity::error, detail::k_cf,
     "A confirmation is not valid against its input format.",
     "An Altinn II Confirmation failed the confirmations schema (a missing or misplaced element, a dateTime or int "
     "that is not one), or an Altinn 3 correspondence lacks a field the conversion needs (resourceId, "
     "sendersReference, recipient, statusHistory) or has one of the wrong type. The message gives the reason."},
    {"conf-no-edition", ExitCode::findings, Severity::error, detail::k_cf,
     "The confirmation has no ServiceEdition, so no shortName can be written.",
     "An AltUt shortName is ServiceCode_ServiceEdition; Altinn II leaves the edition out when the latest was meant, "
     "which the AltUt receiver cannot tell. The confirmation is rejected rather than guessed."},
    {"conf-bad-service", ExitCode::findings, Severity::error, detail::k_cf,
     "ServiceCode and ServiceEdition cannot be written as a shortName that reads back.",
     "The shortName C_E must read back as the same service: the code 1-7 ASCII characters without '_' or "
     "whitespace, the edition digits. List the service in the map (--map) with the legacy name the receiver knows."},
    {"conf-unmapped-resource", ExitCode::findings, Severity::error, detail::k_cf,
     "An Altinn 3 resourceId is not in the resource map.",
     "Altinn 3 names a resource, not ServiceCode/ServiceEdition; --resource-map (CSV: resourceId,shortName) says "
     "which AltUt shortName each resource stands for. Add a row; a shortName is never guessed."},
    {"conf-recipient", ExitCode::findings, Severity::error, detail::k_cf,
     "An Altinn 3 recipient is neither an organisation number nor a person number.",
     "The recipient (urn:altinn:organization:identifier-no:..., urn:altinn:person:identifier-no:..., or the bare "
     "number) becomes participantId: 9 digits with a valid MOD11 check digit, or 11 digits with valid check digits "
     "and date."},
    {"conf-no-reference", ExitCode::findings, Severity::error, detail::k_cf,
     "The confirmation names no message reference, so the receiver cannot match it.",
     "CorrespondenceReference (Altinn II) or sendersReference (Altinn 3) becomes messageReference, the only key an "
     "AltUt receiver has to find the message confirmed; an empty one is rejected."},
    {"conf-no-read", ExitCode::findings, Severity::error, detail::k_cf,
     "An Altinn 3 correspondence was confirmed but has no Read event.",
     "AltUtConfirmationBatch requires Read/ReadDateTime in every Confirmation; the read time is not invented from "
     "the confirmation's."},
    {"conf-login-method", ExitCode::findings, Severity::error, detail::k_cf,
     "No LoginMethod 1-4 can be written for the confirmation.",
     "AltUt's LoginMethod is 1 (password), 2 (PIN), 3 or 4 (PKI). An Altinn II AuthenticationMethod outside 1-4 has "
     "no AltUt value; Altinn 3 names none at all, so a Confirmed event needs --login-method N."},
    {"conf-output-invalid", ExitCode::findings, Severity::error, detail::k_cf,
     "The converted confirmation fails altkit's AltUtConfirmationBatch schema.",
     "Every Confirmation is checked against the output schema before it is written; one that fails is rejected "
     "with the validator's reason instead of spoiling the batch file."},
    {"conf-count-mismatch", ExitCode::ok, Severity::warning, detail::k_cf,
     "CountConfirmationsInShipment differs from the Confirmations in the file.",
     "The header's count is not what the file holds. confirmationsInBatch is always the number of Confirmations "
     "written."},
    {"conf-sequence-gap", ExitCode::ok, Severity::warning, detail::k_cf,
     "A shipment's PreviousSequenceNo is not the SequenceNo of the one before it.",
     "Among the inputs of one run, from one SystemUserCode, each PreviousSequenceNo should name the SequenceNo of "
     "the file before; otherwise a shipment is missing or out of order, and the AltUt receiver will see the gap."},
    {"conf-empty-batch", ExitCode::ok, Severity::warning, detail::k_cf,
     "No confirmation of the file could be written, so no batch file is written for it.",
     "AltUtConfirmationBatch needs at least one Confirmation. The receiver will not see this SequenceNo; the "
     "rejects above say why."},
    {"conf-legacy-ambiguous", ExitCode::ok, Severity::warning, detail::k_cf,
     "Several legacy shortNames of the map name the same service; C_E is written.",
     "The map (--map) lists more than one shortName row for this ServiceCode and ServiceEdition, so the name the "
     "receiver used cannot be told; the confirmation carries ServiceCode_ServiceEdition."},
    {"conf-unread", ExitCode::ok, Severity::note, detail::k_cf,
     "An Altinn 3 correspondence has neither a Read nor a Confirmed event: nothing to confirm yet.",
     "It is not a confirmation and is not counted as one; a later export will carry it once it is read."},
};

/// The number of codes in k_codes.
inline constexpr std::size_t k_code_count = sizeof(k_codes) / sizeof(k_codes[0]);

/// The index in k_codes of the code of this name, or k_code_count when altkit has none. Usable at
/// compile time (by index, not pointer: GCC's sanitizers make pointer tests non-constant).
constexpr std::size_t code_index(std::string_view name) {
  for (std::size_t i = 0; i < k_code_count; ++i) {
    if (k_codes[i].name == name) {
      return i;
    }
  }
  return k_code_count;
}

/// The code of this name, or nullptr when altkit has none.
constexpr const CodeInfo* find_code(std::string_view name) {
  std::size_t i = code_index(name);
  return i < k_code_count ? &k_codes[i] : nullptr;
}

namespace detail {
/// For the named constants below: a name not in k_codes does not compile (the throw is not a
/// constant expression).
constexpr const CodeInfo& registered(std::string_view name) {
  std::size_t i = code_index(name);
  if (i >= k_code_count) {
    throw std::logic_error("not a registered finding code");
  }
  return k_codes[i];
}
} // namespace detail

/// Named codes, so call sites cannot misspell one: Diagnostic::of(code::value_pattern).
namespace code {
// clang-format off
inline constexpr const CodeInfo& not_well_formed = detail::registered("not-well-formed");
inline constexpr const CodeInfo& doctype_forbidden = detail::registered("doctype-forbidden");
inline constexpr const CodeInfo& too_deep = detail::registered("too-deep");
inline constexpr const CodeInfo& attribute_too_long = detail::registered("attribute-too-long");
inline constexpr const CodeInfo& too_many_attributes = detail::registered("too-many-attributes");
inline constexpr const CodeInfo& too_large = detail::registered("too-large");
inline constexpr const CodeInfo& too_slow = detail::registered("too-slow");
inline constexpr const CodeInfo& unreadable = detail::registered("unreadable");
inline constexpr const CodeInfo& encoding_mismatch = detail::registered("encoding-mismatch");
inline constexpr const CodeInfo& unsupported_encoding = detail::registered("unsupported-encoding");
inline constexpr const CodeInfo& soap_without_altut = detail::registered("soap-without-altut");
inline constexpr const CodeInfo& not_altut = detail::registered("not-altut");
inline constexpr const CodeInfo& invalid_content = detail::registered("invalid-content");
inline constexpr const CodeInfo& undeclared_element = detail::registered("undeclared-element");
inline constexpr const CodeInfo& attribute_not_allowed = detail::registered("attribute-not-allowed");
inline constexpr const CodeInfo& missing_attribute = detail::registered("missing-attribute");
inline constexpr const CodeInfo& fixed_value = detail::registered("fixed-value");
inline constexpr const CodeInfo& nil = detail::registered("nil");
inline constexpr const CodeInfo& value_type = detail::registered("value-type");
inline constexpr const CodeInfo& value_pattern = detail::registered("value-pattern");
inline constexpr const CodeInfo& value_enumeration = detail::registered("value-enumeration");
inline constexpr const CodeInfo& value_length = detail::registered("value-length");
inline constexpr const CodeInfo& value_range = detail::registered("value-range");
inline constexpr const CodeInfo& value_digits = detail::registered("value-digits");
inline constexpr const CodeInfo& identity_constraint = detail::registered("identity-constraint");
inline constexpr const CodeInfo& schema_invalid = detail::registered("schema-invalid");
inline constexpr const CodeInfo& altinn_row_id = detail::registered("altinn-row-id");
inline constexpr const CodeInfo& wrong_root = detail::registered("wrong-root");
inline constexpr const CodeInfo& not_routed = detail::registered("not-routed");
inline constexpr const CodeInfo& engines_disagree = detail::registered("engines-disagree");
inline constexpr const CodeInfo& invalid_orgnr = detail::registered("invalid-orgnr");
inline constexpr const CodeInfo& invalid_fnr = detail::registered("invalid-fnr");
inline constexpr const CodeInfo& invalid_kontonr = detail::registered("invalid-kontonr");
inline constexpr const CodeInfo& no_short_name = detail::registered("no-short-name");
inline constexpr const CodeInfo& unmapped_short_name = detail::registered("unmapped-short-name");
inline constexpr const CodeInfo& service_code_too_long = detail::registered("service-code-too-long");
inline constexpr const CodeInfo& no_message_reference = detail::registered("no-message-reference");
inline constexpr const CodeInfo& no_participant = detail::registered("no-participant");
inline constexpr const CodeInfo& no_reportee = detail::registered("no-reportee");
inline constexpr const CodeInfo& invalid_date = detail::registered("invalid-date");
inline constexpr const CodeInfo& invalid_base64 = detail::registered("invalid-base64");
inline constexpr const CodeInfo& invalid_reply_service = detail::registered("invalid-reply-service");
inline constexpr const CodeInfo& unmapped_form = detail::registered("unmapped-form");
inline constexpr const CodeInfo& stylesheet_failed = detail::registered("stylesheet-failed");
inline constexpr const CodeInfo& no_resource_id = detail::registered("no-resource-id");
inline constexpr const CodeInfo& invalid_recipient = detail::registered("invalid-recipient");
inline constexpr const CodeInfo& altinn3_request_invalid = detail::registered("altinn3-request-invalid");
inline constexpr const CodeInfo& schema_error = detail::registered("schema-error");
inline constexpr const CodeInfo& schema_unreadable = detail::registered("schema-unreadable");
inline constexpr const CodeInfo& not_a_schema = detail::registered("not-a-schema");
inline constexpr const CodeInfo& catalog_conflict = detail::registered("catalog-conflict");
inline constexpr const CodeInfo& catalog_empty = detail::registered("catalog-empty");
inline constexpr const CodeInfo& catalog_unreadable = detail::registered("catalog-unreadable");
inline constexpr const CodeInfo& xml_catalog = detail::registered("xml-catalog");
inline constexpr const CodeInfo& map_unreadable = detail::registered("map-unreadable");
inline constexpr const CodeInfo& map_syntax = detail::registered("map-syntax");
inline constexpr const CodeInfo& map_kind = detail::registered("map-kind");
inline constexpr const CodeInfo& map_service_code = detail::registered("map-service-code");
inline constexpr const CodeInfo& map_edition = detail::registered("map-edition");
inline constexpr const CodeInfo& map_duplicate = detail::registered("map-duplicate");
inline constexpr const CodeInfo& map_conflict = detail::registered("map-conflict");
inline constexpr const CodeInfo& stylesheet_error = detail::registered("stylesheet-error");
inline constexpr const CodeInfo& write_failed = detail::registered("write-failed");
inline constexpr const CodeInfo& schema_warning = detail::registered("schema-warning");
inline constexpr const CodeInfo& schema_lint = detail::registered("schema-lint");
inline constexpr const CodeInfo& import_refused = detail::registered("import-refused");
inline constexpr const CodeInfo& schema_not_compiled = detail::registered("schema-not-compiled");
inline constexpr const CodeInfo& windows_1252_bytes = detail::registered("windows-1252-bytes");
inline constexpr const CodeInfo& lost_field = detail::registered("lost-field");
// altut-convert fidelity (issue 18)
inline constexpr const CodeInfo& output_invalid = detail::registered("output-invalid");
inline constexpr const CodeInfo& hidden_character = detail::registered("hidden-character");
inline constexpr const CodeInfo& service_code_leading_zeros = detail::registered("service-code-leading-zeros");
inline constexpr const CodeInfo& local_time_gap = detail::registered("local-time-gap");
inline constexpr const CodeInfo& local_time_twice = detail::registered("local-time-twice");

// confirmations-convert (issue 18)
inline constexpr const CodeInfo& conf_not_confirmations = detail::registered("conf-not-confirmations");
inline constexpr const CodeInfo& conf_json_syntax = detail::registered("conf-json-syntax");
inline constexpr const CodeInfo& conf_header_invalid = detail::registered("conf-header-invalid");
inline constexpr const CodeInfo& conf_invalid = detail::registered("conf-invalid");
inline constexpr const CodeInfo& conf_no_edition = detail::registered("conf-no-edition");
inline constexpr const CodeInfo& conf_bad_service = detail::registered("conf-bad-service");
inline constexpr const CodeInfo& conf_unmapped_resource = detail::registered("conf-unmapped-resource");
inline constexpr const CodeInfo& conf_recipient = detail::registered("conf-recipient");
inline constexpr const CodeInfo& conf_no_reference = detail::registered("conf-no-reference");
inline constexpr const CodeInfo& conf_no_read = detail::registered("conf-no-read");
inline constexpr const CodeInfo& conf_login_method = detail::registered("conf-login-method");
inline constexpr const CodeInfo& conf_output_invalid = detail::registered("conf-output-invalid");
inline constexpr const CodeInfo& conf_count_mismatch = detail::registered("conf-count-mismatch");
inline constexpr const CodeInfo& conf_sequence_gap = detail::registered("conf-sequence-gap");
inline constexpr const CodeInfo& conf_empty_batch = detail::registered("conf-empty-batch");
inline constexpr const CodeInfo& conf_legacy_ambiguous = detail::registered("conf-legacy-ambiguous");
inline constexpr const CodeInfo& conf_unread = detail::registered("conf-unread");
// clang-format on
} // namespace code

/// The exit code a finding calls for: its code's exit class when it is an error or fatal error,
/// ok for a warning or note; an error whose code altkit does not know is a finding (1).
inline ExitCode exit_class(const Diagnostic& d) {
  if (d.severity != Severity::error && d.severity != Severity::fatal) {
    return ExitCode::ok;
  }
  const CodeInfo* c = find_code(d.code);
  return c != nullptr && c->exit_class != ExitCode::ok ? c->exit_class : ExitCode::findings;
}

} // namespace altkit::diag
