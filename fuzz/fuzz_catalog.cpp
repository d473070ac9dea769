// Catalog loading from an untrusted schema: the input is an XSD, optionally followed by a line
// "=====" and a document. The XSD is written to a private directory and loaded as a catalog with
// both engines (Xerces with full schema checking, libxml2); when it loads, the document's root is
// peeked and routed, and the document validated against what it routes to.

#include "fuzz_common.hpp"

#include "altkit/io/source.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/routed.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

using namespace altkit;
namespace fs = std::filesystem;

namespace {

const std::string& work_dir() {
  static const std::string dir = [] {
    fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("altkit-fuzz-catalog-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d.string();
  }();
  return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::init_once();
  std::string input = fuzz::as_string(data, size);
  std::string document;
  if (auto cut = input.find("\n=====\n"); cut != std::string::npos) {
    document = input.substr(cut + 7);
    input.resize(cut);
  }
  {
    std::ofstream out(work_dir() + "/schema.xsd", std::ios::binary | std::ios::trunc);
    out << input;
  }
  diag::DiagnosticSink sink;
  auto catalog = schema::Catalog::load(work_dir(), schema::Engine::both, sink);
  if ((catalog == nullptr) != sink.has_errors()) {
    fuzz::fail("a catalog that failed without an error, or loaded with one");
  }
  if (catalog && !document.empty()) {
    validate::DocumentValidator validator(schema::Engine::both, validate::ValidateSettings{});
    auto src = std::make_unique<io::MemorySource>(std::move(document), "fuzz.xml");
    validate::validate_routed(validator, std::move(src), nullptr, catalog.get());
  }
  return 0;
}
