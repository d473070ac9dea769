#pragma once

#include <libxml/globals.h>
#include <libxml/xmlerror.h>

namespace altkit::xml {

/// Initialises libxml2 once for the process: xmlInitParser() and an external-entity loader that
/// refuses every URL that is not a local file (no network, ever). Call on the main thread before
/// any worker starts; further calls do nothing. Documents are opened through xml/parser.hpp.
void init_libxml();

/// libxml2 2.9 checks namespace names as ASCII URIs and complains about legal IRIs such as
/// http://seres.no/xsd/NAV/Oppfølgingsplan2_M/2014 (and about relative ones). Such a document is
/// well-formed: callers ignore these errors.
bool is_namespace_uri_complaint(const xmlError& e);

/// Routes this thread's libxml2 errors that carry no parser context (encoding conversion, I/O,
/// loader errors) to `func` for the scope's lifetime, then restores the handler it found, also
/// when an exception leaves the scope. libxml2 keeps this handler per thread.
class ErrorHandlerScope {
public:
  ErrorHandlerScope(void* ctx, xmlStructuredErrorFunc func)
      : m_ctx(xmlStructuredErrorContext), m_func(xmlStructuredError) {
    xmlSetStructuredErrorFunc(ctx, func);
  }
  ~ErrorHandlerScope() { xmlSetStructuredErrorFunc(m_ctx, m_func); }
  ErrorHandlerScope(const ErrorHandlerScope&) = delete;
  ErrorHandlerScope& operator=(const ErrorHandlerScope&) = delete;

private:
  void* m_ctx;
  xmlStructuredErrorFunc m_func;
};

/// A structured error handler that drops everything (for parses whose errors are read elsewhere).
void ignore_errors(void* ctx, xmlErrorPtr error);

} // namespace altkit::xml
