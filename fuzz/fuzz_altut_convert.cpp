// altut-convert on an untrusted AltUt file: the Converter a worker uses (the shipped stylesheet,
// the Correspondences target schema, corpus/altut/inputs/service-map.csv), as a dry run.

#include "fuzz_common.hpp"

#include "altkit/convert/converter.hpp"
#include "altkit/io/source.hpp"

#include <memory>

using namespace altkit;

namespace {

struct State {
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<convert::Stylesheet> stylesheet;
  std::shared_ptr<const schema::CompiledSchema> target;
  std::unique_ptr<convert::Converter> converter;
};

State& state() {
  static State* s = [] {
    fuzz::init_once();
    auto* st = new State;
    diag::DiagnosticSink sink;
    const std::string dir = fuzz::data_dir();
    st->map = servicemap::ServiceMap::load(dir + "/corpus/altut/inputs/service-map.csv", sink);
    st->stylesheet = convert::Stylesheet::load(dir + "/xslt/altut-to-correspondences.xsl", sink);
    st->target = schema::compile_schema(dir + "/xsd/correspondences.xsd", schema::Engine::libxml2, sink);
    if (sink.has_errors() || !st->map || !st->stylesheet || !st->target) {
      fuzz::fail("the converter's map, stylesheet or schema does not load");
    }
    convert::ConvertOptions options;
    options.map = st->map.get();
    st->converter = std::make_unique<convert::Converter>(*st->stylesheet, *st->target, options);
    return st;
  }();
  return *s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  State& s = state();
  io::MemorySource src(fuzz::as_string(data, size), "fuzz.xml");
  std::uint64_t seen = 0;
  std::uint64_t rejected = 0;
  convert::FileConversion r = s.converter->convert(src, "", [&](const convert::MessageRecord& m) {
    ++seen;
    if (m.index != seen) {
      fuzz::fail("messages out of order");
    }
    if (!m.converted) {
      ++rejected;
      if (m.reject_code.empty()) {
        fuzz::fail("a rejected message without a code");
      }
    }
  });
  if (r.readable && (r.messages != seen || r.converted + r.rejected != r.messages || r.rejected != rejected)) {
    fuzz::fail("messages not accounted for (inputs != converted + rejected)");
  }
  if (!r.outputs.empty()) {
    fuzz::fail("a dry run wrote a file");
  }
  return 0;
}
