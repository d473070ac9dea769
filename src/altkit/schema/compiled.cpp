#include "altkit/schema/compiled.hpp"

#include "altkit/schema/compiled_grammar.hpp"
#include "altkit/schema/xsd_model.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <libxml/xmlerror.h>

#include "altkit/diag/codes.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace altkit::schema {

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
  if (name == "compiled") {
    return Engine::compiled;
  }
  if (name == "auto") {
    return Engine::automatic;
  }
  throw std::invalid_argument("unknown engine '" + name + "' (expected xerces, libxml2, both, compiled or auto)");
}

const char* to_string(Engine e) {
  switch (e) {
  case Engine::xerces:
    return "xerces";
  case Engine::libxml2:
    return "libxml2";
  case Engine::both:
    return "both";
  case Engine::compiled:
    return "compiled";
  case Engine::automatic:
    return "auto";
  }
  return "xerces";
}

CompiledSchema::CompiledSchema() = default;
CompiledSchema::~CompiledSchema() = default;

namespace {

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
  c->items.push_back(
      detail::schema_diag(c->path, e->file != nullptr ? e->file : "", e->line, e->int2, sev, e->message, "libxml2"));
}

bool compile_libxml(CompiledSchema& out, diag::DiagnosticSink& sink) {
  LibxmlCollector collector{out.path, {}};
  // The loader errors of imports (a missing seres.xsd) come through the per-thread handler.
  {
    xml::ErrorHandlerScope errors(&collector, libxml_schema_error);
    // libxml2's schema compiler reads the schema and its imports itself, not through
    // xml/parser.hpp: only local files reach it (init_libxml's entity loader), and the schema has
    // been read with the safe options once already (read_schema_info).
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
    sink.add(
        detail::schema_diag(out.path, out.path, 0, 0, diag::Severity::error, "schema failed to compile", "libxml2"));
  }
  return ok;
}

/// The compiled engine's grammar for a schema libxml2 compiled, or a schema-not-compiled warning
/// naming the construct it does not cover.
void compile_grammar(CompiledSchema& out) {
  diag::DiagnosticSink model_sink;
  CompiledGrammar::NotCovered why;
  if (auto model = read_schema_model(out.path, model_sink)) {
    out.grammar = CompiledGrammar::compile(*model, why);
  } else {
    why.construct = "a schema the model reader cannot read";
    why.file = out.path;
  }
  if (out.grammar) {
    return;
  }
  out.warnings.push_back(
      diag::Diagnostic::of(diag::code::schema_not_compiled)
          .at(why.file.empty() ? out.path : why.file, why.line > 0 ? static_cast<std::uint64_t>(why.line) : 0, 0)
          .severity(diag::Severity::warning)
          .engine("compiled")
          .message("the compiled engine does not cover " + why.construct +
                   ": libxml2 validates the documents of this schema"));
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
  std::size_t first_error = sink.items().size();
  bool ok = true;
  if (engine == Engine::xerces || engine == Engine::both) {
    out->xerces = xml::xerces().compile(out->path, out->warnings, sink, xml::location_resolver());
    ok = out->xerces != nullptr && ok;
  }
  if (engine != Engine::xerces) {
    ok = compile_libxml(*out, sink) && ok;
  }
  if (ok && uses_compiled(engine)) {
    compile_grammar(*out);
  }
  // An import refused for the network is said once, at the import (import-refused): the
  // engines' own words about that location ("attempt to load network entity", "skipping
  // import", "failed to load external entity") go; what follows from it (an undeclared
  // xml:lang, "grammar not found") stays.
  auto about_refused = [&](const diag::Diagnostic& d) {
    return !d.is(diag::code::import_refused) &&
           std::any_of(out->info.refused.begin(), out->info.refused.end(),
                       [&](const std::string& loc) { return d.message.find(loc) != std::string::npos; });
  };
  auto& items = sink.items();
  items.erase(std::remove_if(items.begin() + static_cast<long>(first_error), items.end(), about_refused), items.end());
  out->warnings.erase(std::remove_if(out->warnings.begin(), out->warnings.end(), about_refused), out->warnings.end());
  if (!ok) {
    // Said before the errors it explains (an undeclared xml:lang ...), since no warning of a
    // schema that failed is reported otherwise.
    std::vector<diag::Diagnostic> refused;
    for (const auto& d : out->info.lint) {
      if (d.is(diag::code::import_refused)) {
        refused.push_back(d);
      }
    }
    bool any_error = std::any_of(items.begin() + static_cast<long>(first_error), items.end(),
                                 [](const diag::Diagnostic& d) { return d.severity >= diag::Severity::error; });
    if (!any_error) {
      items.push_back(
          detail::schema_diag(path, path, 0, 0, diag::Severity::error, "schema failed to compile", to_string(engine)));
    }
    items.insert(items.begin() + static_cast<long>(first_error), refused.begin(), refused.end());
    return nullptr;
  }
  return out;
}

} // namespace altkit::schema
