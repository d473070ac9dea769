#include "altkit/convert/stylesheet.hpp"

#include "altkit/convert/values.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libexslt/exslt.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace altkit::convert {

namespace {

constexpr const char* k_ns = "urn:altkit:xslt";

const ExtensionContext* context_of(xmlXPathParserContextPtr ctxt) {
  xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
  return t != nullptr ? static_cast<const ExtensionContext*>(t->_private) : nullptr;
}

/// Pops `n` string arguments (in call order); false after raising an XPath error.
bool pop_strings(xmlXPathParserContextPtr ctxt, int nargs, int want, std::string* out) {
  if (nargs != want) {
    xmlXPathSetArityError(ctxt);
    return false;
  }
  for (int i = want - 1; i >= 0; --i) {
    xml::xml_ptr<xmlChar> s(xmlXPathPopString(ctxt));
    out[i] = s != nullptr ? reinterpret_cast<const char*>(s.get()) : "";
  }
  return true;
}

void push(xmlXPathParserContextPtr ctxt, const std::string& s) {
  valuePush(ctxt, xmlXPathNewString(reinterpret_cast<const xmlChar*>(s.c_str())));
}

/// One ak: function: pops `N` string arguments (in call order), pushes `f(args, ext)`.
template <int N, class F> void string_function(xmlXPathParserContextPtr ctxt, int nargs, F f) {
  std::string args[N > 0 ? N : 1];
  if (N > 0 && !pop_strings(ctxt, nargs, N, args)) {
    return;
  }
  if (N == 0 && nargs != 0) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  static const ExtensionContext k_none{};
  const ExtensionContext* ext = context_of(ctxt);
  push(ctxt, f(args, ext != nullptr ? *ext : k_none));
}

void fn_service_code(xmlXPathParserContextPtr c, int n) {
  string_function<1>(c, n, [](const std::string* a, const ExtensionContext& e) {
    auto r = resolve_short_name(a[0], e.map);
    return r.service ? r.service->code : std::string();
  });
}

void fn_service_edition(xmlXPathParserContextPtr c, int n) {
  string_function<1>(c, n, [](const std::string* a, const ExtensionContext& e) {
    auto r = resolve_short_name(a[0], e.map);
    return r.service ? r.service->edition : std::string();
  });
}

void fn_form_service_code(xmlXPathParserContextPtr c, int n) {
  string_function<2>(c, n, [](const std::string* a, const ExtensionContext& e) {
    auto svc = e.map != nullptr ? e.map->form(a[0], a[1]) : std::nullopt;
    return svc ? svc->code : std::string();
  });
}

void fn_form_service_edition(xmlXPathParserContextPtr c, int n) {
  string_function<2>(c, n, [](const std::string* a, const ExtensionContext& e) {
    auto svc = e.map != nullptr ? e.map->form(a[0], a[1]) : std::nullopt;
    return svc ? svc->edition : std::string();
  });
}

void fn_datetime(xmlXPathParserContextPtr c, int n) {
  string_function<2>(c, n, [](const std::string* a, const ExtensionContext& e) {
    return to_datetime(a[0], a[1] == "end", e.with_offset).value_or("");
  });
}

void fn_now(xmlXPathParserContextPtr c, int n) {
  string_function<0>(c, n, [](const std::string*, const ExtensionContext& e) { return now_datetime(e.with_offset); });
}

void fn_base64(xmlXPathParserContextPtr c, int n) {
  string_function<1>(c, n,
                     [](const std::string* a, const ExtensionContext&) { return repair_base64(a[0]).value_or(""); });
}

void fn_file_name(xmlXPathParserContextPtr c, int n) {
  string_function<1>(c, n, [](const std::string* a, const ExtensionContext&) { return attachment_file_name(a[0]); });
}

/// libxslt's own document loader, which reads xsl:import, xsl:include and document() targets
/// with XSLT_PARSE_OPTIONS (entity substitution, DTD loading).
xsltDocLoaderFunc g_libxslt_loader = nullptr;

/// The same loader with altkit's safe parser options instead (xml::safe_options).
xmlDocPtr safe_loader(const xmlChar* uri, xmlDictPtr dict, int options, void* ctxt, xsltLoadType type) {
  return g_libxslt_loader(uri, dict, xml::safe_options(options), ctxt, type);
}

struct ErrorCollector {
  std::string text;
};

void collect_error(void* ctx, const char* msg, ...) {
  auto* c = static_cast<ErrorCollector*>(ctx);
  va_list ap;
  va_start(ap, msg);
  char buf[1024];
  std::vsnprintf(buf, sizeof buf, msg, ap);
  va_end(ap);
  c->text += buf;
}

} // namespace

void XsltFree::operator()(xsltStylesheet* p) const {
  xsltFreeStylesheet(p);
}
void XsltFree::operator()(xsltSecurityPrefs* p) const {
  xsltFreeSecurityPrefs(p);
}
void XsltFree::operator()(xsltTransformContext* p) const {
  xsltFreeTransformContext(p);
}

void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] {
    xml::init_libxml();
    g_libxslt_loader = xsltDocDefaultLoader;
    xsltSetLoaderFunc(safe_loader);
    exsltRegisterAll();
    auto reg = [](const char* name, xmlXPathFunction f) {
      xsltRegisterExtModuleFunction(reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(k_ns), f);
    };
    reg("service-code", fn_service_code);
    reg("service-edition", fn_service_edition);
    reg("form-service-code", fn_form_service_code);
    reg("form-service-edition", fn_form_service_edition);
    reg("datetime", fn_datetime);
    reg("now", fn_now);
    reg("base64", fn_base64);
    reg("file-name", fn_file_name);
  });
}

std::unique_ptr<Stylesheet> Stylesheet::load(const std::string& path, diag::DiagnosticSink& sink) {
  register_extensions();
  auto fail = [&](std::uint64_t line, const std::string& message) {
    sink.add(diag::Diagnostic{path, line, 0, "", diag::Severity::error, "stylesheet-error", message, ""});
    return nullptr;
  };
  xml::xml_ptr<xmlDoc> doc = xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError* e = xmlGetLastError();
    return fail(e != nullptr ? static_cast<std::uint64_t>(e->line) : 0,
                "cannot read stylesheet" +
                    (e != nullptr && e->message != nullptr ? ": " + diag::tidy_message(e->message) : std::string()));
  }
  ErrorCollector errors;
  xsltSetGenericErrorFunc(&errors, collect_error);
  xslt_ptr<xsltStylesheet> style(xsltParseStylesheetDoc(doc.get()));
  xsltSetGenericErrorFunc(nullptr, nullptr);
  if (style == nullptr) {
    return fail(0, "stylesheet failed to compile: " + diag::tidy_message(errors.text));
  }
  doc.release(); // the stylesheet owns its document now (xsltParseStylesheetDoc)
  if (style->errors != 0) {
    return fail(0, "stylesheet failed to compile: " + diag::tidy_message(errors.text));
  }
  auto out = std::unique_ptr<Stylesheet>(new Stylesheet());
  out->m_style = std::move(style);
  out->m_path = path;
  out->m_security.reset(xsltNewSecurityPrefs());
  xsltSecurityPrefs* security = out->m_security.get();
  xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
  return out;
}

xmlDocPtr Stylesheet::apply(xmlDocPtr doc, const ExtensionContext& ext,
                            const std::vector<std::pair<std::string, std::string>>& params, std::string& error) const {
  xslt_ptr<xsltTransformContext> context(xsltNewTransformContext(m_style.get(), doc));
  if (context == nullptr) {
    error = "cannot create a transformation context";
    return nullptr;
  }
  xsltTransformContext* t = context.get();
  t->_private = const_cast<ExtensionContext*>(&ext);
  xsltSetCtxtSecurityPrefs(m_security.get(), t);
  ErrorCollector errors;
  xsltSetTransformErrorFunc(t, &errors, collect_error);
  for (const auto& [name, value] : params) {
    xsltQuoteOneUserParam(t, reinterpret_cast<const xmlChar*>(name.c_str()),
                          reinterpret_cast<const xmlChar*>(value.c_str()));
  }
  xml::xml_ptr<xmlDoc> result(xsltApplyStylesheetUser(m_style.get(), doc, nullptr, nullptr, nullptr, t));
  bool failed = t->state == XSLT_STATE_ERROR || t->state == XSLT_STATE_STOPPED;
  context.reset(); // the context is freed before the result is handed on or freed, as before
  if (result == nullptr || failed) {
    error = diag::tidy_message(errors.text.empty() ? "the transformation failed" : errors.text);
    return nullptr;
  }
  return result.release(); // the caller owns it (see apply's contract)
}

} // namespace altkit::convert
