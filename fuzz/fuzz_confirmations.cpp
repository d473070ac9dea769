// confirmations-convert on an untrusted input (Altinn II XML or Altinn 3 JSON): the FileConverter
// a worker uses, with altkit's three confirmation schemas and the sample maps of
// corpus/confirmations/inputs/. Every confirmation read must be written or rejected, and a file
// that cannot be read must write nothing.

#include "fuzz_common.hpp"

#include "altkit/confirm/converter.hpp"
#include "altkit/io/source.hpp"

#include <memory>
#include <sstream>

using namespace altkit;

namespace {

struct State {
  confirm::Schemas schemas;
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<confirm::ResourceMap> resources;
  confirm::MapSettings settings;
  std::unique_ptr<confirm::FileConverter> converter;
};

State& state() {
  static State* s = [] {
    fuzz::init_once();
    auto* st = new State;
    diag::DiagnosticSink sink;
    const std::string dir = fuzz::data_dir();
    st->schemas = confirm::Schemas::load(dir, sink);
    st->map = servicemap::ServiceMap::load(dir + "/corpus/confirmations/inputs/service-map.csv", sink);
    st->resources = confirm::ResourceMap::load(dir + "/corpus/confirmations/inputs/resources.csv", sink);
    if (sink.has_errors() || !st->schemas.ok() || !st->map || !st->resources) {
      fuzz::fail("the confirmation schemas or maps do not load");
    }
    st->settings.map = st->map.get();
    st->settings.resources = st->resources.get();
    st->settings.login_method = 4;
    st->converter = std::make_unique<confirm::FileConverter>(st->schemas, st->settings);
    return st;
  }();
  return *s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  State& s = state();
  io::MemorySource src(fuzz::as_string(data, size), "fuzz.xml");
  confirm::FileResult r = s.converter->convert(src);
  if (r.confirmations != r.written + r.rejected) {
    fuzz::fail("confirmations not accounted for (in != written + rejected)");
  }
  std::ostringstream body;
  r.body->copy_to(body);
  if ((!r.readable || !r.header_valid) && (r.written != 0 || !body.str().empty())) {
    fuzz::fail("a file that failed wrote confirmations");
  }
  if (r.written == 0 && !body.str().empty()) {
    fuzz::fail("text written for no confirmation");
  }
  for (const auto& d : r.diagnostics) {
    if (d.code.empty() || d.message.empty()) {
      fuzz::fail("a finding without a code or a message");
    }
  }
  return 0;
}
