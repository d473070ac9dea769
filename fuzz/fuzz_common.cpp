#include "fuzz_common.hpp"

#include "altkit/convert/stylesheet.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces.hpp"

namespace altkit::fuzz {

std::string data_dir() {
  const char* env = std::getenv("ALTKIT_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : ALTKIT_SOURCE_DIR;
}

void init_once() {
  static const bool done = [] {
    xml::init_libxml();
    new xml::XercesPlatform(); // never destroyed: grammars cached by the targets outlive main()
    convert::register_extensions();
    return true;
  }();
  (void)done;
}

} // namespace altkit::fuzz
