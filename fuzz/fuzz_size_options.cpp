// The size and duration options (--max-document-size, --max-attributes, --max-namespaces,
// --time-budget: xml::parse_size and xml::parse_duration) from untrusted text. Invariants: a
// value parses or throws std::invalid_argument, nothing else; a size is at most 2^63 and reads
// back the same written as a byte count; a duration is within 0 and a week.

#include "fuzz_common.hpp"

#include "altkit/xml/limits.hpp"

#include <stdexcept>

using namespace altkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text = fuzz::as_string(data, size);
  try {
    std::uint64_t n = xml::parse_size(text);
    if (n > (1ULL << 63)) {
      fuzz::fail("a size over 2^63");
    }
    if (xml::parse_size(std::to_string(n)) != n) {
      fuzz::fail("a size that does not read back as its byte count");
    }
  } catch (const std::invalid_argument& e) {
    if (std::string(e.what()).empty()) {
      fuzz::fail("a size refused without a reason");
    }
  }
  try {
    auto d = xml::parse_duration(text);
    if (d.count() < 0 || d > std::chrono::hours(24 * 7)) {
      fuzz::fail("a duration outside 0 .. a week");
    }
  } catch (const std::invalid_argument& e) {
    if (std::string(e.what()).empty()) {
      fuzz::fail("a duration refused without a reason");
    }
  }
  return 0;
}
