#include "altkit/validate/routed.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/validate/root_peek.hpp"

namespace altkit::validate {

DocumentResult unreadable_result(const std::string& file, const std::string& message) {
  DocumentResult r;
  r.file = file;
  r.verdict = Verdict::unreadable;
  diag::Diagnostic d;
  d.file = file;
  d.severity = diag::Severity::fatal;
  d.code = code::unreadable;
  d.message = message;
  r.diagnostics.push_back(std::move(d));
  return r;
}

DocumentResult validate_routed(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                               const schema::CompiledSchema* single, const schema::Catalog* catalog) {
  const std::string name = src->name();
  try {
    if (catalog == nullptr) {
      return validator.validate(*src, single);
    }
    auto peeked = peek_root(std::move(src));
    if (!peeked.root.found) {
      return validator.validate(*peeked.source, nullptr); // not well-formed before the root: the parser says why
    }
    auto route = catalog->route(peeked.root.ns, peeked.root.local, peeked.root.attributes);
    if (route.schema == nullptr) {
      DocumentResult r = validator.validate(*peeked.source, nullptr);
      if (r.verdict == Verdict::valid) {
        r.verdict = Verdict::not_routed;
        diag::Diagnostic d;
        d.file = r.file;
        d.line = peeked.root.line;
        d.column = peeked.root.column;
        d.path = "/" + peeked.root.qname;
        d.severity = diag::Severity::error;
        d.code = code::not_routed;
        d.message = route.problem;
        r.diagnostics.push_back(std::move(d));
      }
      return r;
    }
    return validator.validate(*peeked.source, route.schema);
  } catch (const diag::Error& e) {
    return unreadable_result(name, diag::tidy_message(e.what()));
  }
}

} // namespace altkit::validate
