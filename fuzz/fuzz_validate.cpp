// Validation of untrusted documents, one engine per binary (ALTKIT_FUZZ_ENGINE): the root is
// peeked, routed through a catalog over corpus/seres-validate/schemas, and validated by the same
// DocumentValidator a seres-validate or corpus-check worker uses (reused across inputs, as there).
// Invariants: the verdict agrees with the findings, and the reused validator says exactly what a
// fresh one says (no state of an earlier input may show: parser context, dictionary, path).

#include "fuzz_common.hpp"

#include "altkit/io/source.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/routed.hpp"

#include <memory>

using namespace altkit;

namespace {

struct State {
  std::unique_ptr<schema::Catalog> catalog;
  std::unique_ptr<validate::DocumentValidator> validator;
};

State& state() {
  static State* s = [] {
    fuzz::init_once();
    auto* st = new State;
    diag::DiagnosticSink sink;
    st->catalog = schema::Catalog::load(fuzz::data_dir() + "/corpus/seres-validate/schemas", ALTKIT_FUZZ_ENGINE, sink);
    if (!st->catalog) {
      fuzz::fail("the seed catalog does not load");
    }
    st->validator = std::make_unique<validate::DocumentValidator>(ALTKIT_FUZZ_ENGINE, validate::ValidateSettings{});
    return st;
  }();
  return *s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  State& s = state();
  auto src = std::make_unique<io::MemorySource>(fuzz::as_string(data, size), "fuzz.xml");
  validate::DocumentResult r = validate::validate_routed(*s.validator, std::move(src), nullptr, s.catalog.get());
  {
    validate::DocumentValidator fresh(ALTKIT_FUZZ_ENGINE, validate::ValidateSettings{});
    auto again = std::make_unique<io::MemorySource>(fuzz::as_string(data, size), "fuzz.xml");
    validate::DocumentResult f = validate::validate_routed(fresh, std::move(again), nullptr, s.catalog.get());
    if (report::to_json_line(r) != report::to_json_line(f)) {
      fuzz::fail("the reused validator and a fresh one disagree");
    }
  }
  bool has_error = false;
  for (const auto& d : r.diagnostics) {
    has_error = has_error || d.severity == diag::Severity::error || d.severity == diag::Severity::fatal;
    if (d.message.empty()) {
      fuzz::fail("a finding without a message");
    }
  }
  if ((r.verdict == validate::Verdict::valid) == has_error) {
    fuzz::fail("the verdict disagrees with the findings");
  }
  return 0;
}
