#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/servicemap/service_map.hpp"

#include <libxslt/security.h>
#include <libxslt/xsltInternals.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace altkit::convert {

/// What the extension functions need, set per transformation (xsltTransformContext::_private).
struct ExtensionContext {
  const servicemap::ServiceMap* map = nullptr;
  bool with_offset = false;
};

/// Frees the libxslt handles a Stylesheet owns or makes; use through xslt_ptr<T>.
struct XsltFree {
  void operator()(xsltStylesheet* p) const;
  void operator()(xsltSecurityPrefs* p) const;
  void operator()(xsltTransformContext* p) const;
};
template <class T> using xslt_ptr = std::unique_ptr<T, XsltFree>;

/// A compiled XSLT stylesheet, shared read-only by every worker. Loaded with altkit's safe
/// parser options; transformations run with libxslt security preferences that forbid writing
/// files, creating directories and network access. Call load() on the main thread.
class Stylesheet {
public:
  /// Compiles `path`; errors go to `sink` with their line and the result is null.
  static std::unique_ptr<Stylesheet> load(const std::string& path, diag::DiagnosticSink& sink);
  ~Stylesheet() = default;
  Stylesheet(const Stylesheet&) = delete;
  Stylesheet& operator=(const Stylesheet&) = delete;

  /// Runs the stylesheet on `doc` with `ext` for the ak: functions and string parameters
  /// (`name`, `value`; values are literal strings). Returns the result document (owned by the
  /// caller), or null with the reason in `error`. Thread-safe.
  xmlDocPtr apply(xmlDocPtr doc, const ExtensionContext& ext,
                  const std::vector<std::pair<std::string, std::string>>& params, std::string& error) const;

  const std::string& path() const { return m_path; }

private:
  Stylesheet() = default;
  xslt_ptr<xsltStylesheet> m_style;
  xslt_ptr<xsltSecurityPrefs> m_security;
  std::string m_path;
};

/// Registers the ak: extension functions with libxslt (process-wide, once, main thread).
void register_extensions();

} // namespace altkit::convert
