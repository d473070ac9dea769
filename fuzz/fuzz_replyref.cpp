// replyref-rewrite's byte splicing on an untrusted AltUt file, with
// corpus/replyref/data/service-map.csv and legacy shortNames on. Checks what users rely on:
// nothing rewritten means every byte comes out unchanged, the counts match the bytes, and a
// well-formed input gives a well-formed output.

#include "fuzz_common.hpp"

#include "altkit/io/source.hpp"
#include "altkit/replyref/rewrite.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>

#include <memory>

using namespace altkit;

namespace {

const servicemap::ServiceMap& service_map() {
  static const servicemap::ServiceMap* m = [] {
    fuzz::init_once();
    diag::DiagnosticSink sink;
    auto loaded = servicemap::ServiceMap::load(fuzz::data_dir() + "/corpus/replyref/data/service-map.csv", sink);
    if (!loaded) {
      fuzz::fail("the seed service map does not load");
    }
    return loaded.release();
  }();
  return *m;
}

bool libxml_well_formed(const std::string& text) {
  xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "out.xml", nullptr,
                                xml::safe_parse_options() | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  bool ok = doc != nullptr;
  xmlFreeDoc(doc);
  return ok;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& map = service_map();
  std::string input = fuzz::as_string(data, size);
  io::MemorySource src(input, "fuzz.xml");
  std::string out;
  replyref::RewriteOptions options;
  options.short_names = true;
  std::uint64_t changes = 0;
  replyref::FileOutcome r = replyref::rewrite(
      src, map, options, [&](const char* d, std::size_t n) { out.append(d, n); },
      [&](const replyref::Change&) { ++changes; });
  if (!r.well_formed) {
    return 0;
  }
  if (changes != r.references()) {
    fuzz::fail("changes reported != references counted");
  }
  if (r.bytes_in != input.size() || r.bytes_out != out.size()) {
    fuzz::fail("byte counts do not match the bytes");
  }
  if (r.rewritten == 0 && out != input) {
    fuzz::fail("nothing rewritten, yet the output differs from the input");
  }
  if (r.rewritten > 0 && libxml_well_formed(input) && !libxml_well_formed(out)) {
    fuzz::fail("a well-formed input became a malformed output");
  }
  return 0;
}
