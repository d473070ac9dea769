#include "altkit/validate/routed.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/validate/root_peek.hpp"

#include <algorithm>
#include <chrono>

namespace altkit::validate {

DocumentResult unreadable_result(const std::string& file, const std::string& message) {
  DocumentResult r;
  r.file = file;
  r.verdict = Verdict::unreadable;
  r.diagnostics.push_back(diag::Diagnostic::fatal(diag::code::unreadable).at(file).message(message));
  return r;
}

namespace {

DocumentResult routed(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
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
        r.diagnostics.push_back(diag::Diagnostic::error(diag::code::not_routed)
                                    .at(r.file, peeked.root.line, peeked.root.column)
                                    .path("/" + peeked.root.qname)
                                    .message(route.problem));
      }
      return r;
    }
    return validator.validate(*peeked.source, route.schema);
  } catch (const diag::Error& e) {
    return unreadable_result(name, diag::tidy_message(e.what()));
  }
}

} // namespace

DocumentResult validate_routed(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                               const schema::CompiledSchema* single, const schema::Catalog* catalog) {
  // Timed for the HTML report's slowest documents; two clock reads are nothing beside a parse.
  auto start = std::chrono::steady_clock::now();
  DocumentResult r = routed(validator, std::move(src), single, catalog);
  r.micros = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
  r.micros = std::max<std::uint64_t>(r.micros, 1); // measured, even when under a microsecond
  return r;
}

} // namespace altkit::validate
