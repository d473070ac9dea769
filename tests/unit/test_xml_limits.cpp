// xml/limits.hpp: the bounds kept on a document's bytes (BoundedSource) and the size and
// duration options.
#include "altkit/diag/codes.hpp"
#include "altkit/io/source.hpp"
#include "altkit/xml/byte_count.hpp"
#include "altkit/xml/limits.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace altkit;

namespace {

using Clock = std::chrono::steady_clock;

/// Reads `doc` through a BoundedSource in `chunk`-byte reads; the limit it hit, if any.
std::optional<xml::LimitHit> read_bounded(const std::string& doc, const xml::ParseLimits& limits, std::size_t chunk = 7,
                                          bool scan = true, Clock::time_point deadline = Clock::time_point::max()) {
  io::MemorySource mem(doc, "input");
  xml::BoundedSource src(mem, limits, deadline, scan);
  std::string buf(chunk, '\0');
  std::string out;
  try {
    for (std::size_t n; (n = src.read(buf.data(), chunk)) > 0;) {
      out.append(buf, 0, n);
    }
  } catch (const xml::LimitExceeded&) {
    REQUIRE(src.hit());
    return src.hit();
  }
  CHECK(out == doc); // bytes pass unchanged
  return src.hit();
}

std::string element_with(std::size_t attributes, const std::string& prefix = "a") {
  std::string doc = "<?xml version=\"1.0\"?>\n<root>\n  <e";
  for (std::size_t i = 0; i < attributes; ++i) {
    doc += " " + prefix + std::to_string(i) + "=\"v\"";
  }
  return doc + "/>\n</root>\n";
}

} // namespace

TEST_CASE("xml::BoundedSource attributes per element") {
  xml::ParseLimits limits;
  limits.max_attributes = 5;
  CHECK_FALSE(read_bounded(element_with(5), limits));
  auto hit = read_bounded(element_with(6), limits);
  REQUIRE(hit);
  CHECK(std::string(hit->code) == "too-many-attributes");
  CHECK(hit->message == "element 'e' has more than 5 attributes (--max-attributes)");
  CHECK(hit->line == 3);
  // Counted per element: five on each of many elements is fine.
  std::string many = "<r>";
  for (int i = 0; i < 50; ++i) {
    many += "<e a='1' b='2' c='3' d='4' f='5'/>";
  }
  CHECK_FALSE(read_bounded(many + "</r>", limits));
  limits.max_attributes = 0; // none
  CHECK_FALSE(read_bounded(element_with(50), limits));
}

TEST_CASE("xml::BoundedSource namespace declarations") {
  xml::ParseLimits limits;
  limits.max_namespaces = 3;
  limits.max_attributes = 3;
  CHECK_FALSE(read_bounded(element_with(3, "xmlns:p"), limits));
  auto hit = read_bounded(element_with(4, "xmlns:p"), limits);
  REQUIRE(hit);
  CHECK(hit->message == "element 'e' has more than 3 namespace declarations (--max-namespaces)");
  // Three declarations and three attributes on one element: each within its own bound.
  CHECK_FALSE(read_bounded("<e xmlns='u' xmlns:a='u' xmlns:b='u' x='1' y = '2' z=\"3\"/>", limits));
  // xmlnsfoo is an attribute, not a declaration.
  CHECK(read_bounded("<e xmlnsa='1' xmlnsb='2' xmlnsc='3' xmlnsd='4'/>", limits));
}

TEST_CASE("xml::BoundedSource lines and names across values, end tags and reads") {
  // The scanner jumps over quoted values and end tags and takes element names in runs: the lines
  // inside them still count, and a name split between two reads is whole in the message.
  xml::ParseLimits limits;
  limits.max_attributes = 2;
  const std::string doc = "<r a='one\ntwo\nthree'>\n</r\n><Skjemainnhold-grp-1234 a='1' b=\"x\ny\" c='3'/>";
  for (std::size_t chunk : {1, 2, 3, 5, 7, 64}) {
    auto hit = read_bounded(doc, limits, chunk);
    REQUIRE(hit);
    CHECK(hit->message == "element 'Skjemainnhold-grp-1234' has more than 2 attributes (--max-attributes)");
    CHECK(hit->line == 6);
  }
}

TEST_CASE("xml::BoundedSource leaves markup that is not a start tag alone") {
  xml::ParseLimits limits;
  limits.max_attributes = 1;
  // '=' in values, comments, processing instructions, CDATA sections and text are not attributes.
  CHECK_FALSE(read_bounded("<e a='x=y=z' />", limits));
  CHECK_FALSE(read_bounded("<e a=\"x='y'\"/>", limits));
  CHECK_FALSE(read_bounded("<r><!-- <e a='1' b='2'> -- > --></r>", limits, 3));
  CHECK_FALSE(read_bounded("<?pi a='1' b='2'?><r/>", limits, 2));
  CHECK_FALSE(read_bounded("<r><![CDATA[<e a='1' b='2'> ]] > ]]></r>", limits, 5));
  CHECK_FALSE(read_bounded("<r>a=1 b=2 c=3</r>", limits));
  CHECK_FALSE(read_bounded("<r></r a= b=>", limits)); // an end tag (not well-formed: the parser says so)
  // ... and after each of them, a start tag is counted again.
  CHECK(read_bounded("<r><!-- c --><?p?><![CDATA[x]]><e a='1' b='2'/></r>", limits, 1));
  // Not scanned (an encoding that is not ASCII-compatible): only size and time are kept.
  CHECK_FALSE(read_bounded(element_with(5), limits, 7, false));
}

TEST_CASE("xml::BoundedSource document size") {
  xml::ParseLimits limits;
  limits.max_document_bytes = 100;
  CHECK_FALSE(read_bounded(std::string(100, ' '), limits));
  auto hit = read_bounded("<r>\n" + std::string(200, ' ') + "</r>", limits, 64);
  REQUIRE(hit);
  CHECK(std::string(hit->code) == "too-large");
  CHECK(hit->message == "document larger than 100 bytes (--max-document-size): the rest was not read");
  CHECK(hit->line == 2);
  CHECK(hit->column == 97); // where the 101st byte is
}

TEST_CASE("xml::BoundedSource time budget") {
  xml::ParseLimits limits;
  limits.time_budget = std::chrono::milliseconds(1500);
  auto hit = read_bounded("<r/>", limits, 7, true, Clock::now() - std::chrono::seconds(1));
  REQUIRE(hit);
  CHECK(std::string(hit->code) == "too-slow");
  CHECK(hit->message == "document not finished within the time budget of 1500 ms (--time-budget): stopped while "
                        "reading it");
  limits.time_budget = std::chrono::milliseconds(0); // none: the deadline is not looked at
  CHECK_FALSE(read_bounded("<r/>", limits, 7, true, Clock::now() - std::chrono::seconds(1)));
}

TEST_CASE("xml::parse_size") {
  CHECK(xml::parse_size("0") == 0);
  CHECK(xml::parse_size("512") == 512);
  CHECK(xml::parse_size("64K") == 64ULL << 10);
  CHECK(xml::parse_size("64kb") == 64ULL << 10);
  CHECK(xml::parse_size("1G") == 1ULL << 30);
  CHECK(xml::parse_size("2GiB") == 2ULL << 30);
  CHECK(xml::parse_size("8388608T") == 1ULL << 63);
  CHECK_THROWS_WITH(xml::parse_size(""), "empty size");
  CHECK_THROWS_WITH(xml::parse_size("M"), "'M' is not a size (e.g. 512M, 2G)");
  CHECK_THROWS_WITH(xml::parse_size("-1"), "'-1' is not a size (e.g. 512M, 2G)");
  CHECK_THROWS_WITH(xml::parse_size("5Q"), "unknown size unit 'Q' (K, M, G or T)");
  CHECK_THROWS_WITH(xml::parse_size("18014398509481984G"),
                    "size '18014398509481984G' is too large (at most 2^63 bytes)");
  CHECK_THROWS_WITH(xml::parse_size("8388609T"), "size '8388609T' is too large (at most 2^63 bytes)");
  CHECK_THROWS_WITH(xml::parse_size("99999999999999999999"),
                    "size '99999999999999999999' is too large (at most 2^63 bytes)");
}

TEST_CASE("xml::parse_duration") {
  using std::chrono::milliseconds;
  CHECK(xml::parse_duration("60") == milliseconds(60000));
  CHECK(xml::parse_duration("1.5") == milliseconds(1500));
  CHECK(xml::parse_duration("90s") == milliseconds(90000));
  CHECK(xml::parse_duration("250ms") == milliseconds(250));
  CHECK(xml::parse_duration("2m") == milliseconds(120000));
  CHECK(xml::parse_duration("0") == milliseconds(0));
  CHECK_THROWS_WITH(xml::parse_duration(""), "empty duration");
  CHECK_THROWS_WITH(xml::parse_duration("."), "'.' is not a duration (e.g. 60, 90s)");
  CHECK_THROWS_WITH(xml::parse_duration("5h"), "unknown duration unit 'h' (ms, s or m)");
  CHECK_THROWS_WITH(xml::parse_duration("1e9"), "unknown duration unit 'e9' (ms, s or m)");
  CHECK_THROWS_WITH(xml::parse_duration("999999999999"), "duration '999999999999' is too long (at most a week)");
}

TEST_CASE("xml::BoundedSource places a limit hit at its line and column in any chunking") {
  // Lines are counted once per read, after the markup scan; a hit inside a read counts them up to
  // its byte. The place must not depend on where the reads begin and end.
  xml::ParseLimits limits;
  limits.max_attributes = 3;
  std::string doc = "<?xml version=\"1.0\"?>\n<r>\n";
  for (int i = 0; i < 300; ++i) {
    doc += "  <e a='x\ny' b='2'>text\r\nmore</e>\n";
  }
  doc += "  <f a='1' b='2' c='3' d='4'/>\n</r>\n";
  // Where the fourth attribute's '=' is: the scanner's place (bytes, 1-based).
  std::size_t at = doc.find("d='4'") + 1;
  std::uint64_t line = 1 + static_cast<std::uint64_t>(std::count(doc.begin(), doc.begin() + at, '\n'));
  std::uint64_t column = at - doc.rfind('\n', at);
  for (std::size_t chunk : {1, 3, 16, 17, 4000, 65536}) {
    auto hit = read_bounded(doc, limits, chunk);
    REQUIRE(hit);
    CHECK(hit->line == line);
    CHECK(hit->column == column);
  }
}

TEST_CASE("xml::count_byte and find_byte agree with looking at one byte at a time") {
  std::string s;
  std::uint32_t x = 12345;
  for (int i = 0; i < 70000; ++i) { // past 255 blocks of 16: the lanes are summed before they overflow
    x = x * 1103515245 + 12345;
    s.push_back("ab\n\n<x\xC3\n"[(x >> 16) % 8]);
  }
  for (std::size_t n : {0, 1, 7, 8, 15, 16, 17, 31, 4079, 4080, 4081, 4096, 65535, 70000}) {
    for (char c : {'\n', '<', '\xC3', 'z'}) {
      CHECK(xml::count_byte(s.data(), n, c) == static_cast<std::size_t>(std::count(s.begin(), s.begin() + n, c)));
    }
  }
  for (std::size_t from : {0, 1, 15, 16, 100, 4095}) {
    for (char c : {'\n', '<', '\xC3', 'z'}) {
      std::size_t n = s.size() - from;
      auto at = s.find(c, from);
      CHECK(xml::find_byte(s.data() + from, n, c) == (at == std::string::npos ? nullptr : s.data() + at));
      CHECK(xml::find_byte(s.data() + from, 5, c) ==
            (at == std::string::npos || at >= from + 5 ? nullptr : s.data() + at));
    }
  }
  std::string all_lf(5000, '\n');
  CHECK(xml::count_byte(all_lf.data(), all_lf.size(), '\n') == 5000);
  CHECK(xml::last_byte(s.data(), 100, '\n') == s.data() + s.rfind('\n', 99));
  CHECK(xml::last_byte("abc", 3, '\n') == nullptr);
}
