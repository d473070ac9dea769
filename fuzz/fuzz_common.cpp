#include "fuzz_common.hpp"

#include "altkit/convert/stylesheet.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"

namespace altkit::fuzz {

std::string data_dir() {
  const char* env = std::getenv("ALTKIT_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : ALTKIT_SOURCE_DIR;
}

void init_once() {
  // Never destroyed (grammars cached by the targets outlive main()), but reachable: no leak.
  static xml::XercesPlatform* platform = [] {
    xml::init_libxml();
    auto* p = new xml::XercesPlatform();
    convert::register_extensions();
    return p;
  }();
  (void)platform;
}

} // namespace altkit::fuzz
