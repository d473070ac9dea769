// The compiled engine's verdict against Xerces' on mutated documents (issue 20): a few fixed
// schemas from corpus/ are compiled at start-up for both engines (each must be covered by the
// compiled engine); each input is validated against every one of them by a DocumentValidator of
// the engine under test (ALTKIT_FUZZ_ENGINE, the compiled engine) and one of Xerces, both reused
// across inputs as a worker reuses them. Compared: valid or not by the compiled engine's own
// verdict (DocumentValidator::compiled_verdict, before libxml2 explains a refused document; the
// run's where the compiled engine handed the document to libxml2), and the run's verdict.
// Invariants: both equal Xerces', unless tests/differential/known-differences.txt explains the
// difference (its schema glob matches the schema's name, its document glob matches "fuzz.xml"),
// or the difference is one of well-formedness that libxml2's own parser shares (either verdict is
// unreadable and a libxml2 validator gives the engine's verdict: libxml2 and Xerces parse
// differently, which is not the compiled engine's to settle); and no result carries an
// `engines-disagree` finding.

#include "fuzz_common.hpp"

#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/document.hpp"

#include <fnmatch.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

using namespace altkit;

#ifndef ALTKIT_FUZZ_ENGINE
#define ALTKIT_FUZZ_ENGINE altkit::schema::Engine::compiled
#endif

namespace {

/// The schemas, by their names in known-differences.txt (relative to the source tree).
const char* const kSchemas[] = {
    "corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd",
    "corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10002.xsd",
    "corpus/seres-validate/ids-data/Testdomene_Identifikatorer_M_9101_1.xsd",
};

struct Known {
  std::string schema_glob;
  std::string doc_glob;
};

struct Schema {
  std::string name;
  std::shared_ptr<const schema::CompiledSchema> tested;
  std::shared_ptr<const schema::CompiledSchema> xerces;
  std::shared_ptr<const schema::CompiledSchema> libxml;
};

struct State {
  std::vector<Schema> schemas;
  std::vector<Known> known;
  std::unique_ptr<validate::DocumentValidator> tested;
  std::unique_ptr<validate::DocumentValidator> xerces;
  std::unique_ptr<validate::DocumentValidator> libxml;
};

std::shared_ptr<const schema::CompiledSchema> compile(const std::string& path, schema::Engine engine) {
  diag::DiagnosticSink sink;
  auto s = schema::compile_schema(path, engine, sink);
  if (!s) {
    fuzz::fail("a fixed schema does not compile");
  }
  if (schema::uses_compiled(engine) && !s->grammar) {
    fuzz::fail("the compiled engine does not cover a fixed schema");
  }
  return s;
}

/// known-differences.txt: TAB-separated schema glob, document glob, clause, why; '#' comments.
std::vector<Known> read_known(const std::string& path) {
  std::vector<Known> known;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    Known k;
    if (std::getline(fields, k.schema_glob, '\t') && std::getline(fields, k.doc_glob, '\t')) {
      known.push_back(k);
    }
  }
  return known;
}

State& state() {
  static State* s = [] {
    fuzz::init_once();
    auto* st = new State;
    for (const char* name : kSchemas) {
      const std::string path = fuzz::data_dir() + "/" + name;
      st->schemas.push_back(Schema{name, compile(path, ALTKIT_FUZZ_ENGINE), compile(path, schema::Engine::xerces),
                                   compile(path, schema::Engine::libxml2)});
    }
    st->known = read_known(fuzz::data_dir() + "/tests/differential/known-differences.txt");
    st->tested = std::make_unique<validate::DocumentValidator>(ALTKIT_FUZZ_ENGINE, validate::ValidateSettings{});
    st->xerces = std::make_unique<validate::DocumentValidator>(schema::Engine::xerces, validate::ValidateSettings{});
    st->libxml = std::make_unique<validate::DocumentValidator>(schema::Engine::libxml2, validate::ValidateSettings{});
    return st;
  }();
  return *s;
}

validate::DocumentResult run(validate::DocumentValidator& v, const std::string& bytes,
                             const schema::CompiledSchema& schema) {
  io::MemorySource src(bytes, "fuzz.xml");
  return v.validate(src, &schema);
}

bool known_difference(const State& s, const std::string& schema_name) {
  for (const auto& k : s.known) {
    if (fnmatch(k.schema_glob.c_str(), schema_name.c_str(), 0) == 0 &&
        fnmatch(k.doc_glob.c_str(), "fuzz.xml", 0) == 0) {
      return true;
    }
  }
  return false;
}

void no_disagreement_finding(const validate::DocumentResult& r) {
  for (const auto& d : r.diagnostics) {
    if (d.code == "engines-disagree") {
      fuzz::fail("an engines-disagree finding: the compiled engine said invalid, libxml2 valid");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  State& s = state();
  const std::string bytes = fuzz::as_string(data, size);
  for (const auto& schema : s.schemas) {
    validate::DocumentResult t = run(*s.tested, bytes, *schema.tested);
    no_disagreement_finding(t);
    // The compiled engine stops at the first fault, so its own verdict says valid or not; whether
    // a document it refused is invalid or not well-formed further on, the run's verdict (libxml2's
    // explanation) says.
    const auto own = s.tested->compiled_verdict();
    const bool tested_valid = own ? *own == validate::Verdict::valid : t.verdict == validate::Verdict::valid;
    const validate::Verdict tested = t.verdict;
    validate::DocumentResult x = run(*s.xerces, bytes, *schema.xerces);
    if ((tested_valid == (x.verdict == validate::Verdict::valid) && tested == x.verdict) ||
        known_difference(s, schema.name)) {
      continue;
    }
    if (tested == validate::Verdict::unreadable || x.verdict == validate::Verdict::unreadable) {
      if (run(*s.libxml, bytes, *schema.libxml).verdict == tested) {
        continue; // libxml2's parser and Xerces' disagree on well-formedness
      }
    }
    std::fprintf(
        stderr, "schema %s: engine under test %s (%s), xerces %s\n", schema.name.c_str(), validate::to_string(tested),
        own ? (*own == validate::Verdict::valid ? "the compiled engine: valid" : "the compiled engine: not valid")
            : "handed to libxml2",
        validate::to_string(x.verdict));
    for (const auto* r : {&t, &x}) {
      if (!r->diagnostics.empty()) {
        const auto& d = r->diagnostics.front();
        std::fprintf(stderr, "  %s first finding: %zu:%zu [%s] %s\n", r == &t ? "tested" : "xerces",
                     static_cast<std::size_t>(d.line), static_cast<std::size_t>(d.column), d.code.c_str(),
                     d.message.c_str());
      }
    }
    fuzz::fail("the engine under test and Xerces give different verdicts");
  }
  return 0;
}
