// Xerces' half of schema::compile_schema (module_api.hpp): the grammar pool, loaded, frozen and
// locked.
#include "altkit/xerces/module_api.hpp"

#include "altkit/schema/compiled.hpp"
#include "altkit/xerces/bridge.hpp"

#include <xercesc/dom/DOMException.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/validators/datatype/DatatypeValidatorFactory.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/datatype/UnionDatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaAttDef.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include <unordered_set>
#include <vector>

namespace altkit::xerces {

using namespace xercesc;

namespace {

// ---- Xerces --------------------------------------------------------------

class XercesCollector final : public ErrorHandler {
public:
  explicit XercesCollector(std::string path) : m_path(std::move(path)) {}
  void warning(const SAXParseException& e) override { add(e, diag::Severity::warning); }
  void error(const SAXParseException& e) override { add(e, diag::Severity::error); }
  void fatalError(const SAXParseException& e) override { add(e, diag::Severity::error); }
  void resetErrors() override {}
  std::vector<diag::Diagnostic> items;

private:
  void add(const SAXParseException& e, diag::Severity sev) {
    // Xerces repeats some schema errors (once per pass): keep each finding once.
    std::string file = name_of_system_id(to_utf8(e.getSystemId()));
    if (file.rfind("file://", 0) == 0) {
      file.erase(0, 7);
    }
    auto d =
        schema::detail::schema_diag(m_path, file, static_cast<long>(e.getLineNumber()),
                                    static_cast<long>(e.getColumnNumber()), sev, to_utf8(e.getMessage()), "xerces");
    for (const auto& seen : items) {
      if (seen.file == d.file && seen.line == d.line && seen.column == d.column && seen.message == d.message) {
        return;
      }
    }
    items.push_back(std::move(d));
  }
  std::string m_path;
};

/// A regular expression's token tree, read through a pointer to the protected member named via
/// a derived class (plain C++; the class is never made).
struct RegexTokens : RegularExpression {
  static Token* RegularExpression::*tree() { return &RegexTokens::fTokenTree; }
};
/// A datatype's compiled pattern (DatatypeValidator::getRegex is protected), the same way.
struct DatatypeRegex : DatatypeValidator {
  using Getter = RegularExpression* (DatatypeValidator::*)() const;
  static Getter get() { return &DatatypeRegex::getRegex; }
};

/// Builds, on this thread, what Xerces would otherwise build lazily, unlocked, the first time a
/// document needs it, so that the grammar really is read-only once workers share it:
/// - a pattern's character classes (RangeToken) get their lookup table on first use, published
///   before it is filled: a second worker then read an empty table and failed a valid value, or
///   two built it and Xerces' assertion ended the process (reproduced by a unit test: 1,500
///   patterns, 4 threads, within 8 rounds). Some of those classes (\d, \w, ...) are
///   process-wide singletons shared by every schema, as are the built-in types' patterns;
/// - a complex type's content model, its formatted text (for findings) and its attribute list.
class GrammarFreezer {
public:
  void pool(XMLGrammarPool& pool) {
    auto grammars = pool.getGrammarEnumerator();
    while (grammars.hasMoreElements()) {
      Grammar& g = grammars.nextElement();
      if (g.getGrammarType() == Grammar::SchemaGrammarType) {
        grammar(static_cast<SchemaGrammar&>(g));
      }
    }
    if (auto* builtin = DatatypeValidatorFactory::getBuiltInRegistry()) {
      RefHashTableOfEnumerator<DatatypeValidator> it(builtin, false);
      while (it.hasMoreElements()) {
        datatype(&it.nextElement());
      }
    }
  }

private:
  void grammar(SchemaGrammar& g) {
    auto elements = g.getElemEnumerator();
    while (elements.hasMoreElements()) {
      SchemaElementDecl& e = elements.nextElement();
      complex_type(e.getComplexTypeInfo());
      datatype(e.getDatatypeValidator());
    }
    if (auto* types = g.getComplexTypeRegistry()) {
      RefHashTableOfEnumerator<ComplexTypeInfo> it(types, false);
      while (it.hasMoreElements()) {
        complex_type(&it.nextElement());
      }
    }
    if (auto* attributes = g.getAttributeDeclRegistry()) {
      RefHashTableOfEnumerator<XMLAttDef> it(attributes, false);
      while (it.hasMoreElements()) {
        datatype(static_cast<SchemaAttDef&>(it.nextElement()).getDatatypeValidator());
      }
    }
    if (auto* registry = g.getDatatypeRegistry();
        registry != nullptr && registry->getUserDefinedRegistry() != nullptr) {
      RefHashTableOfEnumerator<DatatypeValidator> it(registry->getUserDefinedRegistry(), false);
      while (it.hasMoreElements()) {
        datatype(&it.nextElement());
      }
    }
  }

  void complex_type(ComplexTypeInfo* type) {
    if (type == nullptr || !m_seen.insert(type).second) {
      return;
    }
    type->getContentModel();
    type->getFormattedContentModel();
    XMLAttDefList& attributes = type->getAttDefList();
    for (XMLSize_t i = 0; i < attributes.getAttDefCount(); ++i) {
      datatype(static_cast<SchemaAttDef&>(attributes.getAttDef(i)).getDatatypeValidator());
    }
    datatype(type->getDatatypeValidator());
    complex_type(type->getBaseComplexTypeInfo());
  }

  void datatype(DatatypeValidator* type) {
    for (; type != nullptr && m_seen.insert(type).second; type = type->getBaseValidator()) {
      if (RegularExpression* re = (type->*DatatypeRegex::get())()) {
        token(re->*RegexTokens::tree());
      }
      if (type->getType() == DatatypeValidator::Union) {
        if (auto* members = static_cast<UnionDatatypeValidator*>(type)->getMemberTypeValidators()) {
          for (XMLSize_t i = 0; i < members->size(); ++i) {
            datatype(members->elementAt(i));
          }
        }
      } else if (type->getType() == DatatypeValidator::List) {
        datatype(static_cast<ListDatatypeValidator*>(type)->getItemTypeDTV());
      }
    }
  }

  /// Walks a token tree without recursion (a pattern may nest groups deeply).
  void token(Token* root) {
    std::vector<Token*> todo{root};
    while (!todo.empty()) {
      Token* t = todo.back();
      todo.pop_back();
      if (t == nullptr || !m_seen.insert(t).second) {
        continue;
      }
      if (t->getTokenType() == Token::T_RANGE || t->getTokenType() == Token::T_NRANGE) {
        static_cast<RangeToken*>(t)->createMap();
      }
      for (XMLSize_t i = 0; i < t->size(); ++i) {
        todo.push_back(t->getChild(i));
      }
    }
  }

  std::unordered_set<const void*> m_seen;
};

} // namespace

std::shared_ptr<void> compile_schema(const std::string& path, std::vector<diag::Diagnostic>& warnings,
                                     diag::DiagnosticSink& sink, const xml::LocationResolver* locations) {
  auto pool = std::make_unique<XMLGrammarPoolImpl>(XMLPlatformUtils::fgMemoryManager);
  XercesCollector collector(path);
  LocalOnlyResolver resolver(locations);
  bool loaded = false;
  {
    auto parser = std::make_unique<SAX2XMLReaderImpl>(XMLPlatformUtils::fgMemoryManager, pool.get());
    parser->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    parser->setFeature(XMLUni::fgXercesSchema, true);
    parser->setFeature(XMLUni::fgSAX2CoreValidation, true);
    parser->setFeature(XMLUni::fgXercesDynamic, false);
    parser->setFeature(XMLUni::fgXercesSchemaFullChecking, true); // else a broken schema passes
    parser->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
    parser->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    parser->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    parser->setErrorHandler(&collector);
    parser->setXMLEntityResolver(&resolver);
    FileInput input(path);
    try {
      loaded = parser->loadGrammar(input, Grammar::SchemaGrammarType, true) != nullptr;
    } catch (const XMLException& e) {
      collector.items.push_back(
          schema::detail::schema_diag(path, path, 0, 0, diag::Severity::error, to_utf8(e.getMessage()), "xerces"));
    } catch (const SAXParseException&) {
      // already reported through the collector
    } catch (const DOMException& e) {
      // Xerces parses a schema into a DOM: an unsupported XML version (<?xml version="1.4"?>)
      // surfaces as a DOMException, which would otherwise end the process.
      collector.items.push_back(schema::detail::schema_diag(
          path, path, 0, 0, diag::Severity::error, "cannot read schema: " + to_utf8(e.getMessage()), "xerces"));
    } catch (const OutOfMemoryException&) {
      collector.items.push_back(schema::detail::schema_diag(path, path, 0, 0, diag::Severity::error,
                                                            "cannot read schema: out of memory", "xerces"));
    }
  }
  bool any_error = false;
  for (const auto& d : collector.items) {
    any_error = any_error || d.severity == diag::Severity::error;
  }
  if (!loaded || any_error) {
    for (auto& d : collector.items) {
      sink.add(d);
    }
    if (!any_error) {
      sink.add(
          schema::detail::schema_diag(path, path, 0, 0, diag::Severity::error, "schema failed to compile", "xerces"));
    }
    return nullptr;
  }
  warnings.insert(warnings.end(), collector.items.begin(), collector.items.end());
  GrammarFreezer().pool(*pool); // nothing left for a worker to build
  pool->lockPool();             // read-only from here on: shared by every worker
  return std::shared_ptr<XMLGrammarPool>(pool.release());
}

} // namespace altkit::xerces
