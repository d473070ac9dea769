#include "altkit/validate/routed.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/validate/root_peek.hpp"
#include "altkit/xml/limits.hpp"

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

DocumentResult too_slow_result(const std::string& file, const std::string& element, std::chrono::milliseconds budget) {
  DocumentResult r;
  r.file = file;
  r.verdict = Verdict::unreadable;
  std::string message = too_slow_message(budget);
  message = message.substr(0, message.find(": stopped")) +
            ": given up while the engine was inside one call that cannot be interrupted (a pattern that "
            "backtracks, see schema-lint); nothing of the document is reported";
  r.diagnostics.push_back(diag::Diagnostic::fatal(diag::code::too_slow).at(file).path(element).message(message));
  return r;
}

namespace {

/// A BoundedSource that owns what it reads, for peek_root (which keeps the source): libxml2
/// compares a root tag's attributes in quadratic time before the peek sees the tag.
class OwnedBoundedSource final : public io::ByteSource {
public:
  OwnedBoundedSource(std::unique_ptr<io::ByteSource> inner, const xml::ParseLimits& limits)
      : m_inner(std::move(inner)), m_limits(limits),
        m_bounded(*m_inner, m_limits, std::chrono::steady_clock::time_point::max(), true) {}
  std::size_t read(char* buf, std::size_t n) override { return m_bounded.read(buf, n); }
  const std::string& name() const override { return m_inner->name(); }

private:
  std::unique_ptr<io::ByteSource> m_inner;
  xml::ParseLimits m_limits;
  xml::BoundedSource m_bounded;
};

DocumentResult routed(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                      const schema::CompiledSchema* single, const schema::Catalog* catalog) {
  const std::string name = src->name();
  try {
    if (catalog == nullptr) {
      return validator.validate(*src, single);
    }
    src = std::make_unique<OwnedBoundedSource>(std::move(src), validator.limits());
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
  } catch (const xml::LimitExceeded& e) {
    // Met while peeking at the root (the validator's own source says where, for the rest).
    DocumentResult r = unreadable_result(name, e.what());
    r.diagnostics.back().code = e.finding_code();
    return r;
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
