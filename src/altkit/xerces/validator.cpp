// Streaming validation with Xerces-C++: a SAX2 reader per schema and thread, built on the
// schema's locked grammar pool (never loading anything itself), scanned progressively so a
// limit can stop it at once. Findings come from the reader's XMLErrorReporter hook, which gives
// Xerces' own error code, so both engines share our codes.
#include "altkit/xerces/module_api.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/validate/finding.hpp"
#include "altkit/validate/id_check.hpp"
#include "altkit/validate/path_tracker.hpp"
#include "altkit/xerces/bridge.hpp"

#include <xercesc/framework/XMLErrorCodes.hpp>
#include <xercesc/framework/XMLPScanToken.hpp>
#include <xercesc/framework/XMLValidityCodes.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/schema/SchemaSymbols.hpp>
#include <xercesc/validators/schema/SchemaValidator.hpp>

#include <algorithm>
#include <cstring>
#include <optional>

namespace altkit::xerces {

using namespace xercesc;
namespace code = validate::code;
using validate::elide_path;
using validate::EngineReport;
using validate::EngineValidator;
using validate::PathTracker;
using validate::RootInfo;
using validate::ValidateSettings;

namespace {

const char* classify_datatype(const std::string& msg) {
  if (msg.find("regular expression") != std::string::npos || msg.find("pattern") != std::string::npos) {
    return code::value_pattern;
  }
  if (msg.find("enumeration") != std::string::npos) {
    return code::value_enumeration;
  }
  if (msg.find("length") != std::string::npos) {
    return code::value_length;
  }
  if (msg.find("Inclusive") != std::string::npos || msg.find("Exclusive") != std::string::npos ||
      msg.find("inclusive") != std::string::npos || msg.find("exclusive") != std::string::npos) {
    return code::value_range;
  }
  if (msg.find("digits") != std::string::npos || msg.find("Digits") != std::string::npos) {
    return code::value_digits;
  }
  return code::value_type;
}

const char* classify(unsigned int c, const std::string& msg) {
  switch (c) {
  case XMLValid::ElementNotDefined:
  case XMLValid::GrammarNotFound:
    return code::undeclared_element;
  case XMLValid::ElementNotValidForContent:
  case XMLValid::NotEnoughElemsForCM:
  case XMLValid::EmptyNotValidForContent:
  case XMLValid::NoCharDataInCM:
  case XMLValid::NonWSContent:
  case XMLValid::EmptyElemHasContent:
  case XMLValid::ElementNotQualified:
    return code::invalid_content;
  case XMLValid::AttNotDefined:
  case XMLValid::AttNotDefinedForElement:
    return code::attribute_not_allowed;
  case XMLValid::RequiredAttrNotProvided:
    return code::missing_attribute;
  case XMLValid::NotSameAsFixedValue:
  case XMLValid::FixedDifferentFromActual:
    return code::fixed_value;
  case XMLValid::NillNotAllowed:
  case XMLValid::NilAttrNotEmpty:
    return code::nil;
  case XMLValid::DoesNotMatchEnumList:
    return code::value_enumeration;
  case XMLValid::DatatypeError:
  case XMLValid::DatatypeValidationFailure:
    return classify_datatype(msg);
  default:
    if (c >= XMLValid::IC_FieldMultipleMatch && c <= XMLValid::IC_KeyNotFound) { // unique, key, keyref too
      return code::identity_constraint;
    }
    return code::schema_invalid;
  }
}

/// The name a user knows a simple type by: a named type's own ("xs:date", "orgnrType"), an
/// anonymous one's nearest named base, a list type's as "list of" its item type.
std::string type_name(const DatatypeValidator* dv, const Utf16ToUtf8& utf8) {
  for (int guard = 0; dv != nullptr && guard < 64; ++guard) {
    if (dv->getType() == DatatypeValidator::List) {
      const auto* list = dynamic_cast<const ListDatatypeValidator*>(dv);
      if (list != nullptr && list->getItemTypeDTV() != nullptr && dv->getAnonymous()) {
        return "list of " + type_name(list->getItemTypeDTV(), utf8);
      }
    }
    if (!dv->getAnonymous() && dv->getTypeLocalName() != nullptr) {
      std::string local = utf8(dv->getTypeLocalName());
      bool builtin = XMLString::equals(dv->getTypeUri(), SchemaSymbols::fgURI_SCHEMAFORSCHEMA);
      return (builtin ? "xs:" : "") + local;
    }
    dv = dv->getBaseValidator();
  }
  return {};
}

/// Thrown from a handler to end a scan at once (a DOCTYPE, a limit).
struct StopScan {};

/// Everything about the document being scanned on this reader.
class Session final : public DefaultHandler {
public:
  Session(const ValidateSettings& settings, EngineReport& report, const Utf16ToUtf8& utf8)
      : m_settings(settings), m_report(report), m_utf8(utf8) {
    if (settings.id_rules != nullptr) {
      m_numbers.emplace(*settings.id_rules, "xerces");
    }
  }

  /// The simple type being checked when Xerces reports a finding (for a datatype finding that
  /// does not name it); set by the reader just before on_error.
  std::string current_type;

  void on_error(unsigned int err, const XMLCh* domain, XMLErrorReporter::ErrTypes type, const XMLCh* text,
                XMLFileLoc line, XMLFileLoc col) {
    if (m_stopped) {
      return;
    }
    diag::Diagnostic d;
    d.line = line;
    d.column = col;
    d.message = diag::tidy_message(m_utf8(text));
    d.engine = "xerces";
    bool validity = XMLString::equals(domain, XMLUni::fgValidityDomain);
    if (type == XMLErrorReporter::ErrType_Fatal) {
      m_report.well_formed = false;
      if (m_fatal_seen) {
        return;
      }
      m_fatal_seen = true;
      d.severity = diag::Severity::fatal;
      d.code = code::not_well_formed;
      d.path = m_path.path();
      m_report.diagnostics.push_back(std::move(d));
      return;
    }
    d.severity = type == XMLErrorReporter::ErrType_Warning ? diag::Severity::warning : diag::Severity::error;
    d.message = diag::tidy_engine_message(m_utf8(text)); // values shown as they are
    // Datatype findings (facets, lexical form) come in Xerces' general error domain, whose codes
    // do not name them: classify those by their wording.
    d.code = validity ? classify(err, d.message) : classify_datatype(d.message);
    if (!validity && validate::offending_value(d.message).empty()) {
      // "invalid character encountered", "empty string encountered": Xerces names neither the
      // value nor the type. An element's type is known now, its value when it ends; an
      // attribute's value at the start tag (see startElement).
      m_untold.push_back({m_pending.size(), current_type});
    }
    // Xerces reports a start tag's findings before its startElement event, an end tag's before
    // its endElement: the element they belong to is known at the next event.
    m_pending.push_back(std::move(d));
  }

  void startElement(const XMLCh* uri, const XMLCh* localname, const XMLCh* qname, const Attributes& attrs) override {
    if (validate::past_deadline(m_settings, m_clock_calls)) {
      stop(code::too_slow, validate::too_slow_message(m_settings.limits.time_budget));
    }
    if (m_path.depth() >= m_settings.limits.max_depth) {
      stop(code::too_deep, "element nesting deeper than " + std::to_string(m_settings.limits.max_depth) + " levels");
    }
    for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
      if (XMLString::stringLen(attrs.getValue(i)) > m_settings.limits.max_attribute_length) {
        stop(code::attribute_too_long, "attribute '" + m_utf8(attrs.getQName(i)) + "' is longer than " +
                                           std::to_string(m_settings.limits.max_attribute_length) + " bytes");
      }
    }
    std::string q = m_utf8(qname);
    m_path.push(q);
    if (m_numbers) {
      m_number_text.clear();
      m_numbers->enter(q, m_path, m_locator != nullptr ? m_locator->getLineNumber() : 0,
                       m_locator != nullptr ? m_locator->getColumnNumber() : 0);
    }
    if (m_settings.where != nullptr) {
      m_settings.where->set(m_path.path());
    }
    // Findings of a start tag are about its attributes. Xerces does not say which; with one
    // attribute (namespace declarations and xsi: aside) there is no doubt. (The type Xerces
    // has at hand then is not the attribute's: it is left out.)
    const XMLSize_t none = attrs.getLength();
    XMLSize_t only = none;
    for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
      if (!XMLString::equals(attrs.getURI(i), SchemaSymbols::fgURI_XSI)) {
        only = only == none ? i : none + 1;
      }
    }
    for (const auto& [i, type] : m_untold) {
      if (i < m_pending.size() && only < none) {
        m_pending[i].message = "value '" + diag::escape_controls(m_utf8(attrs.getValue(only))) + "' of attribute '" +
                               m_utf8(attrs.getQName(only)) + "': " + m_pending[i].message;
      }
    }
    m_untold.clear();
    m_text.clear();
    flush(&attrs);
    RootInfo& root = m_report.root;
    if (!root.found) {
      root.found = true;
      root.qname = q;
      root.local = m_utf8(localname);
      root.ns = m_utf8(uri);
      for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
        if (XMLString::stringLen(attrs.getURI(i)) == 0) {
          root.attributes[m_utf8(attrs.getLocalName(i))] = m_utf8(attrs.getValue(i));
        }
      }
    }
  }

  void endElement(const XMLCh*, const XMLCh*, const XMLCh*) override {
    for (const auto& [i, type] : m_untold) {
      if (i < m_pending.size()) {
        m_pending[i].message = "value '" + diag::escape_controls(m_utf8(m_text.c_str())) + "' is not a valid " +
                               (type.empty() ? std::string("value of its type") : type) + ": " + m_pending[i].message;
      }
    }
    m_untold.clear();
    m_text.clear();
    flush();
    if (m_numbers) {
      if (m_numbers->collecting()) {
        m_numbers->text(m_utf8(m_number_text.c_str()));
      }
      m_number_text.clear();
      m_numbers->leave(m_report.diagnostics);
    }
    if (validate::past_deadline(m_settings, m_clock_calls)) {
      stop(code::too_slow, validate::too_slow_message(m_settings.limits.time_budget));
    }
    m_path.pop();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (m_numbers && m_numbers->collecting()) {
      m_number_text.append(chars, length);
    }
    // Kept as Xerces gives it (a copy, no transcoding): only a finding that needs it reads it.
    if (m_text.size() < 200) { // enough to show a value
      m_text.append(chars, std::min<XMLSize_t>(length, 200));
    }
  }

  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override {
    stop(code::doctype_forbidden,
         "doctype declarations are not allowed: dtds, entities and external references are disabled for safety");
  }

  void fatal_unreadable(const std::string& message) {
    m_report.well_formed = false;
    if (!m_fatal_seen) {
      m_fatal_seen = true;
      diag::Diagnostic d;
      d.severity = diag::Severity::fatal;
      d.code = code::unreadable;
      d.message = diag::tidy_message(message);
      d.engine = "xerces";
      m_report.diagnostics.push_back(std::move(d));
    }
  }

  void finish() { flush(); }

private:
  /// Places the pending findings on the current element; those of a start tag (`attrs`) that are
  /// about one of its attributes on the attribute (`/@name`). Xerces names the attribute in
  /// some messages; a datatype finding names only the value, which tells the attribute.
  void flush(const Attributes* attrs = nullptr) {
    for (auto& d : m_pending) {
      d.path = m_path.path();
      std::string a = validate::attribute_named(d.message);
      if (a.empty() && attrs != nullptr && d.code.compare(0, 6, "value-") == 0) {
        std::string v = validate::offending_value(d.message);
        for (XMLSize_t i = 0; i < attrs->getLength() && a.empty(); ++i) {
          if (diag::escape_controls(m_utf8(attrs->getValue(i))) == v) {
            a = m_utf8(attrs->getQName(i));
          }
        }
      }
      if (!a.empty()) {
        d.path += "/@" + a;
      }
      m_report.diagnostics.push_back(std::move(d));
    }
    m_pending.clear();
  }

  [[noreturn]] void stop(const char* c, std::string message) {
    flush();
    if (!m_fatal_seen) {
      diag::Diagnostic d;
      d.severity = diag::Severity::fatal;
      d.code = c;
      d.message = std::move(message);
      d.path = elide_path(m_path.path());
      d.engine = "xerces";
      if (m_locator != nullptr) {
        d.line = m_locator->getLineNumber();
        d.column = m_locator->getColumnNumber();
      }
      m_report.diagnostics.push_back(std::move(d));
    }
    m_fatal_seen = true;
    m_stopped = true;
    m_report.well_formed = false;
    throw StopScan{};
  }

public:
  void setDocumentLocator(const Locator* const locator) override { m_locator = locator; }

private:
  const ValidateSettings& m_settings;
  EngineReport& m_report;
  const Utf16ToUtf8& m_utf8; ///< the validator's, made once
  PathTracker m_path;
  std::vector<diag::Diagnostic> m_pending;
  /// Pending datatype findings that name no value, with the type at hand when reported.
  std::vector<std::pair<std::size_t, std::string>> m_untold;
  std::basic_string<XMLCh> m_text;              ///< the current element's character content (its start)
  std::optional<validate::IdChecker> m_numbers; ///< --check-ids
  std::basic_string<XMLCh> m_number_text;       ///< the text of the element m_numbers collects
  const Locator* m_locator = nullptr;
  bool m_fatal_seen = false;
  bool m_stopped = false;
  unsigned m_clock_calls = 0; ///< see past_deadline()
};

/// A SAX2 reader that hands every error, with Xerces' own code, to the current Session.
class CodedReader final : public SAX2XMLReaderImpl {
public:
  CodedReader(XMLGrammarPool* pool, const Utf16ToUtf8& utf8)
      : SAX2XMLReaderImpl(XMLPlatformUtils::fgMemoryManager, pool), m_utf8(utf8) {}
  Session* session = nullptr;

  void error(const unsigned int code, const XMLCh* const domain, const XMLErrorReporter::ErrTypes type,
             const XMLCh* const text, const XMLCh* const, const XMLCh* const, const XMLFileLoc line,
             const XMLFileLoc col) override {
    if (session != nullptr) {
      session->current_type.clear();
      if (auto* sv = dynamic_cast<SchemaValidator*>(getValidator()); sv != nullptr) {
        session->current_type = type_name(sv->getCurrentDatatypeValidator(), m_utf8);
      }
      session->on_error(code, domain, type, text, line, col);
    }
  }

private:
  const Utf16ToUtf8& m_utf8;
};

class XercesValidator final : public EngineValidator {
public:
  XercesValidator() { m_security.setEntityExpansionLimit(100); }

  EngineReport run(io::ByteSource& src, const schema::CompiledSchema* schema,
                   const ValidateSettings& settings) override {
    EngineReport report;
    report.engine = "xerces";
    CodedReader& reader = reader_for(schema);
    Session session(settings, report, m_utf8);
    reader.session = &session;
    reader.setContentHandler(&session);
    reader.setLexicalHandler(&session);
    CountingSource counted(src);
    ByteSourceInput input(counted);
    XMLPScanToken token;
    bool aborted = false;
    try {
      if (reader.parseFirst(input, token)) {
        while (reader.parseNext(token)) {
        }
      }
    } catch (const StopScan&) {
      aborted = true;
    } catch (const diag::Error& e) {
      session.fatal_unreadable(e.what());
      aborted = true;
    } catch (const XMLException& e) {
      session.fatal_unreadable(m_utf8(e.getMessage()));
      aborted = true;
    } catch (const SAXException& e) {
      session.fatal_unreadable(m_utf8(e.getMessage()));
      aborted = true;
    } catch (const OutOfMemoryException&) {
      session.fatal_unreadable("out of memory");
      aborted = true;
    }
    if (aborted) {
      try {
        reader.parseReset(token);
      } catch (const XMLException&) {
        // Stopped inside parseFirst: there was no scan to reset; the next parseFirst starts anew.
      }
    }
    session.finish();
    reader.session = nullptr;
    reader.setContentHandler(nullptr);
    reader.setLexicalHandler(nullptr);
    report.bytes = counted.count;
    for (auto& d : report.diagnostics) {
      d.file = src.name();
    }
    return report;
  }

private:
  struct CountingSource final : io::ByteSource {
    explicit CountingSource(io::ByteSource& s) : inner(s) {}
    std::size_t read(char* buf, std::size_t n) override {
      std::size_t k = inner.read(buf, n);
      count += k;
      return k;
    }
    const std::string& name() const override { return inner.name(); }
    io::ByteSource& inner;
    std::uint64_t count = 0;
  };

  CodedReader& reader_for(const schema::CompiledSchema* schema) {
    auto it = m_readers.find(schema);
    if (it != m_readers.end()) {
      return *it->second;
    }
    auto* pool = schema != nullptr ? static_cast<XMLGrammarPool*>(schema->xerces.get()) : nullptr;
    if (schema != nullptr) {
      m_pools.push_back(schema->xerces); // alive while a reader uses it, even one given up (ordered.hpp)
    }
    auto r = std::make_unique<CodedReader>(pool, m_utf8);
    bool validate = pool != nullptr;
    r->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    r->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
    r->setFeature(XMLUni::fgXercesSchema, validate);
    r->setFeature(XMLUni::fgSAX2CoreValidation, validate);
    r->setFeature(XMLUni::fgXercesDynamic, false);
    r->setFeature(XMLUni::fgXercesSchemaFullChecking, false); // done once, at load
    r->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, validate);
    r->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
    r->setFeature(XMLUni::fgXercesLoadSchema, false); // never follow xsi:schemaLocation
    r->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    r->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    r->setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
    r->setProperty(XMLUni::fgXercesSecurityManager, &m_security);
    r->setXMLEntityResolver(&m_refuse);
    // The reader reports errors to itself (our error() override) only while an ErrorHandler is
    // installed; this one is never called, since error() does not forward.
    r->setErrorHandler(&m_unused_handler);
    auto* raw = r.get();
    m_readers.emplace(schema, std::move(r));
    return *raw;
  }

  SecurityManager m_security;
  Utf16ToUtf8 m_utf8; // element names and messages of every document, through one transcoder
  RefuseAllResolver m_refuse;
  DefaultHandler m_unused_handler;
  std::vector<std::shared_ptr<void>> m_pools; ///< the grammar pools of m_readers (freed after them)
  std::map<const schema::CompiledSchema*, std::unique_ptr<CodedReader>> m_readers;
};

} // namespace

std::unique_ptr<validate::EngineValidator> make_validator() {
  return std::make_unique<XercesValidator>();
}

} // namespace altkit::xerces
