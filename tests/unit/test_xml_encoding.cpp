// The encoding declaration held against the bytes (xml/encoding.hpp), and what every tool that
// reads XML makes of it: seres-validate and corpus-check (DocumentValidator, every engine),
// altut-convert (MessageReader) and replyref-rewrite (replyref::rewrite). The field cases of
// ../shared/field/F15 are read when present.
#include "test_helpers.hpp"

#include "altkit/convert/reader.hpp"
#include "altkit/io/source.hpp"
#include "altkit/replyref/rewrite.hpp"
#include "altkit/servicemap/service_map.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/xml/encoding.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>

using namespace altkit;
using validate::Verdict;

namespace {

const std::string k_utf8_bom = "\xEF\xBB\xBF";

std::string utf16le(const std::string& ascii, bool bom) {
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

std::unique_ptr<servicemap::ServiceMap> empty_map() {
  diag::DiagnosticSink sink;
  auto m = servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n", "map", sink);
  REQUIRE(m);
  return m;
}

/// An AltUt file the reader hands no Message from: what finish() makes of it.
convert::FileConversion read_without_messages(const std::string& bytes) {
  io::MemorySource src(bytes, "input");
  convert::MessageReader reader(src);
  convert::MessageInput in;
  CHECK_FALSE(reader.next(in));
  convert::FileConversion result;
  reader.finish(result);
  return result;
}

/// replyref::rewrite of `bytes` with an empty map; what it wrote goes to `out`.
replyref::FileOutcome rewrite_bytes(const std::string& bytes, std::string& out) {
  io::MemorySource src(bytes, "input");
  auto map = empty_map();
  return replyref::rewrite(
      src, *map, {}, [&](const char* p, std::size_t n) { out.append(p, n); }, [](const replyref::Change&) {});
}

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};

validate::DocumentResult validate_bytes(schema::Engine engine, const std::string& bytes) {
  validate::DocumentValidator v(engine, {});
  io::MemorySource src(bytes, "input");
  return v.validate(src, nullptr);
}

} // namespace

TEST_CASE("xml::inspect_encoding") {
  SECTION("a UTF-8 byte order mark under an ISO-8859-1 declaration") {
    auto f = xml::inspect_encoding(k_utf8_bom + "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>");
    CHECK(f.mismatch);
    CHECK(f.declared == "ISO-8859-1");
    CHECK(f.bytes.find("UTF-8") == 0);
    CHECK(f.line == 1);
    CHECK(f.column == 31); // the name's first character, the byte order mark not counted
    CHECK_FALSE(f.latin1);
  }
  SECTION("a UTF-8 byte order mark under a UTF-8 declaration, or none") {
    CHECK_FALSE(xml::inspect_encoding(k_utf8_bom + "<?xml version='1.0' encoding='utf-8'?><a/>").mismatch);
    CHECK_FALSE(xml::inspect_encoding(k_utf8_bom + "<?xml version='1.0'?><a/>").mismatch);
    CHECK_FALSE(xml::inspect_encoding(k_utf8_bom + "<a/>").mismatch);
  }
  SECTION("8-bit bytes under a utf-16 declaration (.NET StringWriter)") {
    auto f = xml::inspect_encoding("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<a>s\xC3\xB8k</a>");
    CHECK(f.mismatch);
    CHECK(f.declared == "utf-16");
    CHECK(f.bytes.find("UTF-8 without a byte order mark") == 0);
    auto g = xml::inspect_encoding("<?xml version=\"1.0\"\n  encoding=\"UCS-2\"?><a/>");
    CHECK(g.mismatch);
    CHECK(g.bytes.find("8-bit") == 0);
    CHECK(g.line == 2);
    CHECK(g.column == 13);
  }
  SECTION("UTF-16 bytes under their own declaration, and under an 8-bit one") {
    CHECK_FALSE(xml::inspect_encoding(utf16le("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", true)).mismatch);
    CHECK_FALSE(xml::inspect_encoding(utf16le("<?xml version=\"1.0\" encoding=\"UTF-16LE\"?><a/>", false)).mismatch);
    auto f = xml::inspect_encoding(utf16le("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", true));
    CHECK(f.mismatch);
    CHECK(f.bytes.find("UTF-16LE") == 0);
  }
  SECTION("ISO-8859-1 under any of its names") {
    for (const char* name : {"ISO-8859-1", "iso-8859-1", "latin1", "ISO_8859-1:1987", "l1", "CP819"}) {
      auto f = xml::inspect_encoding(std::string("<?xml version='1.0' encoding='") + name + "'?><a/>");
      CHECK(f.latin1);
      CHECK_FALSE(f.mismatch);
    }
    CHECK_FALSE(xml::inspect_encoding("<?xml version='1.0' encoding='windows-1252'?><a/>").latin1);
    CHECK_FALSE(xml::inspect_encoding("<?xml version='1.0' encoding='ISO-8859-15'?><a/>").latin1);
  }
  SECTION("no declaration, or something that is not one") {
    CHECK(xml::inspect_encoding("<a/>").declared.empty());
    CHECK_FALSE(xml::inspect_encoding("<?xml-stylesheet encoding='utf-16'?><a/>").mismatch);
    CHECK_FALSE(xml::inspect_encoding("").mismatch);
  }
}

TEST_CASE("xml::EncodingCheckedSource") {
  const std::string doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>\n  caf\xE9 \x96 x\x93y</a>";
  io::MemorySource inner(doc, "input");
  xml::EncodingCheckedSource src(inner);
  CHECK(src.facts().latin1);
  CHECK_FALSE(src.c1_finding());   // nothing read yet
  CHECK(io::read_all(src) == doc); // every byte unchanged
  auto w = src.c1_finding();
  REQUIRE(w);
  CHECK(w->code == "windows-1252-bytes");
  CHECK(w->severity == diag::Severity::warning);
  CHECK(w->line == 3);
  CHECK(w->column == 8); // the first of them (0x96), not the second
  CHECK(w->message.find("0x96") != std::string::npos);
  CHECK(w->message.find("\u2013") != std::string::npos); // what Windows-1252 means by it
  auto note = src.c1_finding(true);
  REQUIRE(note);
  CHECK(note->severity == diag::Severity::note);

  io::MemorySource clean_inner("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9</a>", "input");
  xml::EncodingCheckedSource clean(clean_inner);
  io::read_all(clean);
  CHECK_FALSE(clean.c1_finding());
}

TEST_CASE("validate::DocumentValidator refuses a declaration the bytes contradict") {
  xml::XercesPlatform platform;
  const std::string bom_latin1 = k_utf8_bom + "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>S\xC3\xB8k</a>";
  const std::string utf16_label = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<a>S\xC3\xB8k</a>";
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      for (const auto& bytes : {bom_latin1, utf16_label}) {
        auto r = validate_bytes(engine, bytes);
        CHECK(r.verdict == Verdict::unreadable);
        REQUIRE(r.diagnostics.size() == 1);
        const auto& d = r.diagnostics[0];
        CHECK(d.code == "encoding-mismatch");
        CHECK(d.severity == diag::Severity::fatal);
        CHECK(d.file == "input");
        CHECK(d.line == 1);
        CHECK(d.column > 0);
        CHECK(d.message.find("declaration says '") != std::string::npos);
        CHECK(d.message.find("but the bytes are ") != std::string::npos);
      }
      auto ok = validate_bytes(engine, utf16le("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", true));
      CHECK(ok.verdict == Verdict::valid);
      auto warned = validate_bytes(engine, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>x\x96y</a>");
      CHECK(warned.verdict == Verdict::valid); // a warning, not a verdict
      REQUIRE(warned.diagnostics.size() == 1);
      CHECK(warned.diagnostics[0].code == "windows-1252-bytes");
      CHECK(warned.diagnostics[0].line == 2);
      CHECK(warned.diagnostics[0].column == 5);
    }
  }
}

TEST_CASE("convert::MessageReader and replyref::rewrite refuse a declaration the bytes contradict") {
  const std::string altut = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<AltUt><GovOrgan name=\"x\"/></AltUt>";
  {
    convert::FileConversion result = read_without_messages(altut);
    CHECK_FALSE(result.readable);
    CHECK(test::has_code(result.diagnostics, "encoding-mismatch"));
  }
  {
    std::string out;
    auto o = rewrite_bytes(altut, out);
    CHECK_FALSE(o.well_formed);
    CHECK(test::has_code(o.diagnostics, "encoding-mismatch"));
    CHECK(out.empty());
  }
}

TEST_CASE("UTF-8 that is not well-formed inside a CDATA section is refused by every tool, at its byte") {
  // libxml2's push parser (xmlTextReader, replyref's) lets overlong forms through in a CDATA
  // section; the pull parser and Xerces do not. Found by fuzz_altut_convert: the reader handed
  // the bytes on and the worker's parse failed ("internal error"). Unicode Table 3-7: C1 BD,
  // E0 81 BF (overlong), ED A0 80 (a surrogate), F4 90 80 80 (past U+10FFFF).
  for (const std::string bad : {"\xC1\xBD", "\xE0\x81\xBF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF0\x80\x81\xBF"}) {
    INFO("bytes " << bad.size());
    {
      io::MemorySource inner("<?xml version=\"1.0\"?>\n<a>\xC3\xB8<![CDATA[x" + bad + "y]]></a>", "input");
      xml::EncodingCheckedSource src(inner, false);
      io::read_all(src);
      CHECK(src.first_bad_utf8() == std::make_pair(std::uint64_t{2}, std::uint64_t{15}));
      CHECK(src.first_bad_byte() == static_cast<unsigned char>(bad[0]));
    }
    const std::string altut =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GovOrgan name=\"SKD\"><AltUt sequenceno=\"1\">\n"
        "<Message shortName=\"4711_1\" messageReference=\"R\"><Participant id=\"910000000\">"
        "<Content><HTML><![CDATA[x" +
        bad + "y]]></HTML></Content></Participant></Message></AltUt></GovOrgan>\n";
    {
      convert::FileConversion result = read_without_messages(altut);
      CHECK_FALSE(result.readable);
      REQUIRE(test::has_code(result.diagnostics, "not-well-formed"));
      CHECK(result.diagnostics[0].line == 3);
    }
    {
      std::string out;
      auto o = rewrite_bytes(altut, out);
      CHECK_FALSE(o.well_formed);
      CHECK(test::has_code(o.diagnostics, "not-well-formed"));
    }
  }
}

TEST_CASE("convert::MessageReader and replyref::rewrite read Latin-1 as Windows-1252 when asked") {
  // "Søk – 1": ø is 0xF8 in both, the en dash 0x96 only in Windows-1252.
  const std::string altut = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                            "<AltUt><Message messageReference=\"S\xF8k \x96 1\"/></AltUt>";
  for (bool as_1252 : {false, true}) {
    DYNAMIC_SECTION("as Windows-1252: " << as_1252) {
      io::MemorySource src(altut, "input");
      convert::MessageReader reader(src, as_1252);
      convert::MessageInput in;
      REQUIRE(reader.next(in));
      convert::build_document(in); // what a worker does with the text the reader hands on
      xml::xml_ptr<xmlChar> ref(
          xmlGetProp(xmlDocGetRootElement(in.doc.get()), reinterpret_cast<const xmlChar*>("messageReference")));
      std::string value = reinterpret_cast<const char*>(ref.get());
      CHECK(value == (as_1252 ? "S\xC3\xB8k \xE2\x80\x93 1" : "S\xC3\xB8k \xC2\x96 1"));
      CHECK_FALSE(reader.next(in));
      convert::FileConversion result;
      reader.finish(result);
      CHECK(result.readable);
      REQUIRE(result.diagnostics.size() == 1);
      CHECK(result.diagnostics[0].code == "windows-1252-bytes");
      CHECK(result.diagnostics[0].severity == (as_1252 ? diag::Severity::note : diag::Severity::warning));

      io::MemorySource again(altut, "input");
      auto map_owner = empty_map();
      const servicemap::ServiceMap& map = *map_owner;
      replyref::RewriteOptions options;
      options.latin1_as_windows_1252 = as_1252;
      std::string out;
      auto o = replyref::rewrite(
          again, map, options, [&](const char* p, std::size_t n) { out.append(p, n); }, [](const replyref::Change&) {});
      CHECK(o.well_formed);
      CHECK(out == altut); // nothing to rewrite: every byte as it was
      CHECK(test::has_code(o.diagnostics, "windows-1252-bytes"));
    }
  }
}

TEST_CASE("field F15: encodings, declaration against the bytes", "[shared]") {
  const std::string dir = std::string(ALTKIT_SHARED_DIR) + "/field/F15";
  if (!std::filesystem::exists(dir + "/expected.txt")) {
    WARN("skipped: " << dir << " is absent");
    return;
  }
  xml::XercesPlatform platform;
  auto s = test::compile(dir + "/schema.xsd");
  struct Case {
    const char* file;
    Verdict verdict;
    const char* code;
  };
  const Case cases[] = {
      {"inst1-notwf-declared-utf16-bytes-utf8.xml", Verdict::unreadable, "encoding-mismatch"},
      {"inst2-valid-utf16le-bom.xml", Verdict::valid, nullptr},
      {"inst3-notwf-utf8-bom-declared-latin1.xml", Verdict::unreadable, "encoding-mismatch"},
      {"inst4-valid-latin1.xml", Verdict::valid, nullptr},
      {"inst5-notwf-latin1-bytes-no-declaration.xml", Verdict::unreadable, "not-well-formed"},
      {"mojibake/inst1-notwf-utf8-bom-declared-latin1.xml", Verdict::unreadable, "encoding-mismatch"},
  };
  for (auto engine : k_engines) {
    validate::DocumentValidator v(engine, {});
    for (const auto& c : cases) {
      INFO(schema::to_string(engine) << " " << c.file);
      io::FileSource src(dir + "/" + c.file);
      auto r = v.validate(src, s.get());
      CHECK(r.verdict == c.verdict);
      if (c.code != nullptr) {
        REQUIRE_FALSE(r.diagnostics.empty());
        CHECK(r.diagnostics[0].code == c.code);
        CHECK(r.diagnostics[0].line > 0);
      }
      if (std::string(c.file).find("inst5") == 0) {
        // Invalid UTF-8 is placed at its byte with every engine (line 4, column 12).
        CHECK(r.diagnostics[0].line == 4);
        CHECK(r.diagnostics[0].column == 12);
      }
    }
  }
}

TEST_CASE("xml::EncodingCheckedSource::first_bad_utf8") {
  // Lines of every length around the 8-byte steps of the scan, with æøå in some, then a byte
  // that is not UTF-8: its line and column (in characters) whatever the read sizes.
  std::string doc = "<?xml version=\"1.0\"?>\n<a>";
  std::uint64_t line = 2;
  std::uint64_t col = 4;
  for (int k = 0; k < 40; ++k) {
    for (int j = 0; j < k; ++j) {
      doc += (j % 7 == 3) ? "\xC3\xB8" : "x";
      ++col;
    }
    doc += '\n';
    ++line;
    col = 1;
  }
  doc += "ab\xF8"
         "c</a>";
  col += 2;
  for (std::size_t chunk : {1, 3, 8, 13, 4096}) {
    struct Chunked final : io::ByteSource {
      Chunked(const std::string& s, std::size_t c) : data(s), size(c) {}
      std::size_t read(char* buf, std::size_t n) override {
        std::size_t k = std::min({n, size, data.size() - pos});
        std::memcpy(buf, data.data() + pos, k);
        pos += k;
        return k;
      }
      const std::string& name() const override { return data; }
      const std::string& data;
      std::size_t size;
      std::size_t pos = 0;
    } inner(doc, chunk);
    xml::EncodingCheckedSource src(inner);
    CHECK(src.facts().utf8);
    io::read_all(src);
    INFO("chunk " << chunk);
    CHECK(src.first_bad_utf8() == std::make_pair(line, col));
    CHECK(src.first_bad_byte() == 0xF8);
  }
  {
    // A source that can be read again (memory, a file) is scanned only when asked, up to what has
    // been read by then, and from where the last look ended: the same place as the scan on the fly.
    io::MemorySource rereadable(doc, "input");
    xml::EncodingCheckedSource src(rereadable);
    REQUIRE(rereadable.can_read_at());
    std::string buf(doc.size(), '\0');
    std::size_t before = doc.find('\xF8');
    std::size_t got = 0;
    while (got < before) {
      got += src.read(buf.data() + got, before - got);
    }
    CHECK(src.first_bad_utf8() == std::make_pair(std::uint64_t{0}, std::uint64_t{0})); // not read yet
    io::read_all(src);
    CHECK(src.first_bad_utf8() == std::make_pair(line, col));
    CHECK(src.first_bad_byte() == 0xF8);
  }
  io::MemorySource good_inner("<a>\xC3\xB8\xE2\x80\x93\xF0\x9F\x98\x80</a>", "input");
  xml::EncodingCheckedSource good(good_inner);
  io::read_all(good);
  CHECK(good.first_bad_utf8() == std::make_pair(std::uint64_t{0}, std::uint64_t{0}));
}
