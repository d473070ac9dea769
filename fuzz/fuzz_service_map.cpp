// Service-map loading from untrusted CSV text: the RFC 4180 reader and every row check. A map
// either loads with no error or fails with at least one, and what loads answers lookups.

#include "fuzz_common.hpp"

#include "altkit/servicemap/service_map.hpp"

using namespace altkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text = fuzz::as_string(data, size);
  diag::DiagnosticSink sink;
  auto map = servicemap::ServiceMap::parse(text, "fuzz.csv", sink);
  if ((map == nullptr) != sink.has_errors()) {
    fuzz::fail("a map that failed without an error, or loaded with one");
  }
  for (const auto& d : sink.items()) {
    if (d.message.empty()) {
      fuzz::fail("a diagnostic without a message");
    }
  }
  if (map) {
    // Lookups of every field of the text's first line must not throw or crash.
    std::string first = text.substr(0, text.find('\n'));
    (void)map->form(first, "");
    (void)map->form(first, first);
    (void)map->short_name(first);
    for (const auto& [k, v] : std::initializer_list<std::pair<std::string, std::string>>{{"RF-1047", "2"}, {"", ""}}) {
      if (auto s = map->form(k, v); s && (s->code.empty() || s->edition.empty())) {
        fuzz::fail("a mapped form without a code or edition");
      }
    }
  }
  return 0;
}
