#include "altkit/schema/compiled.hpp"

#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces.hpp"

#include <libxml/xmlerror.h>
#include <xercesc/dom/DOMException.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <cstring>
#include <stdexcept>

namespace altkit::schema {

using namespace xercesc;

Engine parse_engine(const std::string& name) {
  if (name == "xerces") {
    return Engine::xerces;
  }
  if (name == "libxml2") {
    return Engine::libxml2;
  }
  if (name == "both") {
    return Engine::both;
  }
  throw std::invalid_argument("unknown engine '" + name + "' (expected xerces, libxml2 or both)");
}

const char* to_string(Engine e) {
  switch (e) {
  case Engine::xerces:
    return "xerces";
  case Engine::libxml2:
    return "libxml2";
  case Engine::both:
    return "both";
  }
  return "xerces";
}

CompiledSchema::CompiledSchema() = default;
CompiledSchema::~CompiledSchema() = default;

namespace {

diag::Diagnostic schema_diag(const std::string& fallback_file, std::string file, long line, long col,
                             diag::Severity sev, std::string message, const char* engine) {
  diag::Diagnostic d;
  d.file = file.empty() ? fallback_file : std::move(file);
  d.line = line > 0 ? static_cast<std::uint64_t>(line) : 0;
  d.column = col > 0 ? static_cast<std::uint64_t>(col) : 0;
  d.severity = sev;
  d.code = sev == diag::Severity::warning ? "schema-warning" : "schema-error";
  d.message = diag::tidy_message(message);
  d.engine = engine;
  return d;
}

// ---- libxml2 -------------------------------------------------------------

struct LibxmlCollector {
  std::string path;
  std::vector<diag::Diagnostic> items;
};

// libxml2 2.9 checks namespace names as ASCII URIs and warns on IRIs such as
// http://seres.no/xsd/StatistiskSentralbyrå/...; they are legal, so that warning is noise.
bool is_iri_false_alarm(const xmlError& e) {
  if (!xml::is_namespace_uri_complaint(e) && std::strstr(e.message, "is not a valid URI") == nullptr) {
    return false;
  }
  for (const char* p = e.message; *p != '\0'; ++p) {
    if (static_cast<unsigned char>(*p) >= 0x80) {
      return true;
    }
  }
  return false;
}

void libxml_schema_error(void* ctx, xmlErrorPtr e) {
  auto* c = static_cast<LibxmlCollector*>(ctx);
  if (e == nullptr || e->message == nullptr || is_iri_false_alarm(*e)) {
    return;
  }
  auto sev = e->level == XML_ERR_WARNING ? diag::Severity::warning : diag::Severity::error;
  c->items.push_back(schema_diag(c->path, e->file != nullptr ? e->file : "", e->line, e->int2, sev,
                                 e->message, "libxml2"));
}

bool compile_libxml(CompiledSchema& out, diag::DiagnosticSink& sink) {
  LibxmlCollector collector{out.path, {}};
  // The loader errors of imports (a missing seres.xsd) come through the per-thread handler.
  {
    xml::ErrorHandlerScope errors(&collector, libxml_schema_error);
    xml::xml_ptr<xmlSchemaParserCtxt> pctxt(xmlSchemaNewParserCtxt(out.path.c_str()));
    if (pctxt) {
      xmlSchemaSetParserStructuredErrors(pctxt.get(), libxml_schema_error, &collector);
      out.libxml.reset(xmlSchemaParse(pctxt.get()));
    }
  }
  bool ok = static_cast<bool>(out.libxml);
  bool any_error = false;
  for (auto& d : collector.items) {
    if (ok && d.severity == diag::Severity::error) {
      d.severity = diag::Severity::warning; // it compiled: what it complained of did not matter
      d.code = "schema-warning";
    }
    any_error = any_error || d.severity == diag::Severity::error;
    if (ok) {
      out.warnings.push_back(d);
    } else {
      sink.add(d);
    }
  }
  if (!ok && !any_error) {
    sink.add(schema_diag(out.path, out.path, 0, 0, diag::Severity::error, "schema failed to compile", "libxml2"));
  }
  return ok;
}

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
    auto d = schema_diag(m_path, file, static_cast<long>(e.getLineNumber()), static_cast<long>(e.getColumnNumber()),
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
      collector.items.push_back(schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
                                            xml::to_utf8(e.getMessage()), "xerces"));
    } catch (const SAXParseException&) {
      // already reported through the collector
    } catch (const DOMException& e) {
      // Xerces parses a schema into a DOM: an unsupported XML version (<?xml version="1.4"?>)
      // surfaces as a DOMException, which would otherwise end the process.
      collector.items.push_back(schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
                                            "cannot read schema: " + xml::to_utf8(e.getMessage()), "xerces"));
    } catch (const OutOfMemoryException&) {
      collector.items.push_back(schema_diag(out.path, out.path, 0, 0, diag::Severity::error,
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
      sink.add(schema_diag(out.path, out.path, 0, 0, diag::Severity::error, "schema failed to compile", "xerces"));
    }
    return false;
  }
  out.warnings.insert(out.warnings.end(), collector.items.begin(), collector.items.end());
  pool->lockPool(); // read-only from here on: shared by every worker
  out.xerces = std::move(pool);
  return true;
}

} // namespace

std::shared_ptr<const CompiledSchema> compile_schema(const std::string& path, Engine engine,
                                                     diag::DiagnosticSink& sink) {
  xml::init_libxml();
  auto out = std::make_shared<CompiledSchema>();
  out->path = path;
  auto info = read_schema_info(path, sink);
  if (!info) {
    return nullptr;
  }
  out->info = std::move(*info);
  out->warnings = out->info.lint;
  bool ok = true;
  if (engine == Engine::xerces || engine == Engine::both) {
    ok = compile_xerces(*out, sink) && ok;
  }
  if (engine == Engine::libxml2 || engine == Engine::both) {
    ok = compile_libxml(*out, sink) && ok;
  }
  if (!ok) {
    return nullptr;
  }
  return out;
}

} // namespace altkit::schema
