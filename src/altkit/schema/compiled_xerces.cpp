// Xerces' half of compile_schema, built into the Xerces module (xml/xerces_module.hpp).
#include "altkit/schema/compiled.hpp"

#include "altkit/xml/xerces.hpp"

#include <xercesc/dom/DOMException.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace altkit::schema {

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
    std::string file = xml::to_utf8(e.getSystemId());
    if (file.rfind("file://", 0) == 0) {
      file.erase(0, 7);
    }
    auto d = detail::schema_diag(m_path, file, static_cast<long>(e.getLineNumber()), static_cast<long>(e.getColumnNumber()),
                         sev, xml::to_utf8(e.getMessage()), "xerces");
    for (const auto& seen : items) {
      if (seen.file == d.file && seen.line == d.line && seen.column == d.column && seen.message == d.message) {
        return;
      }
    }
    items.push_back(std::move(d));
  }
  std::string m_path;
};

} // namespace

bool compile_xerces(CompiledSchema& out, diag::DiagnosticSink& sink) {
  auto pool = std::make_unique<XMLGrammarPoolImpl>(XMLPlatformUtils::fgMemoryManager);
  XercesCollector collector(out.path);
  xml::LocalOnlyResolver resolver;
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
    xml::FileInput input(out.path);
    try {
      loaded = parser->loadGrammar(input, Grammar::SchemaGrammarType, true) != nullptr;
    } catch (const XMLException& e) {
      collector.items.push_back(detail::schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
                                            xml::to_utf8(e.getMessage()), "xerces"));
    } catch (const SAXParseException&) {
      // already reported through the collector
    } catch (const DOMException& e) {
      // Xerces parses a schema into a DOM: an unsupported XML version (<?xml version="1.4"?>)
      // surfaces as a DOMException, which would otherwise end the process.
      collector.items.push_back(detail::schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
                                            "cannot read schema: " + xml::to_utf8(e.getMessage()), "xerces"));
    } catch (const OutOfMemoryException&) {
      collector.items.push_back(detail::schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
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
      sink.add(detail::schema_diag(out.path, out.path, 0, 0, diag::Severity::error, "schema failed to compile", "xerces"));
    }
    return false;
  }
  out.warnings.insert(out.warnings.end(), collector.items.begin(), collector.items.end());
  pool->lockPool(); // read-only from here on: shared by every worker
  out.xerces = std::shared_ptr<XMLGrammarPool>(pool.release());
  return true;
}


} // namespace altkit::schema
