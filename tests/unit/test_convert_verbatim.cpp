// The Messages of an AltUt file byte for byte (VerbatimScanner), as MessageReader hands them on
// and FileWriter copies rejected ones: <file>.rejected.xml holds the input's own bytes.
#include "altkit/convert/command.hpp"
#include "altkit/convert/reader.hpp"
#include "altkit/convert/verbatim.hpp"
#include "altkit/convert/writer.hpp"
#include "test_helpers.hpp"

#include <libxml/parser.h>

#include <sstream>

using namespace altkit;
using convert::VerbatimFrame;
using convert::VerbatimScanner;

namespace {

struct Scanned {
  std::vector<std::string> messages;
  std::vector<std::shared_ptr<const VerbatimFrame>> frames;
  bool failed = false;
};

/// Feeds `bytes` in chunks of `chunk` bytes, taking messages as they complete.
Scanned scan(const std::string& bytes, std::size_t chunk, bool own_declaration = true) {
  VerbatimScanner s(own_declaration);
  Scanned out;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    s.feed(bytes.data() + at, std::min(chunk, bytes.size() - at));
    std::string m;
    std::shared_ptr<const VerbatimFrame> f;
    while (s.take(m, f)) {
      out.messages.push_back(m);
      out.frames.push_back(f);
    }
  }
  out.failed = s.failed();
  return out;
}

/// ASCII and Latin-1 text as UTF-16 (little-endian unless `big`), with a byte order mark.
std::string utf16(const std::string& latin1, bool big = false) {
  std::string out = big ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : latin1) {
    char hi = 0;
    out += big ? std::string{hi, c} : std::string{c, hi};
  }
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string k_m1 = "<Message shortName=\"1_1\" messageReference=\"A&gt;\" note='a>b'>\n"
                         "    <Participant id=\"1\"></Participant>\n"
                         "    <!-- <Message> in a comment --><Content><HTML><![CDATA[</Message> <Message>]]></HTML>"
                         "</Content>\n"
                         "    <Message nested=\"1\"/>\n"
                         "  </Message>";
const std::string k_m2 = "<a:Message xmlns:a=\"urn:x\" shortName=\"1_1\"/>";
const std::string k_m3 = "<Message\r\n   shortName=\"S\xF8k\"></Message>";
const std::string k_file = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<!-- x -->\n<GovOrgan name=\"N\">\n"
                           "<AltUt\n sequenceno=\"4\">\n  " +
                           k_m1 + "\n  " + k_m2 + "\n" + k_m3 + "\n</AltUt></GovOrgan>\n";

} // namespace

TEST_CASE("VerbatimScanner: each Message's bytes, whatever the chunks", "[convert][verbatim]") {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{4096}}) {
    INFO("chunk " << chunk);
    auto s = scan(k_file, chunk);
    CHECK_FALSE(s.failed);
    REQUIRE(s.messages.size() == 3);
    CHECK(s.messages[0] == k_m1);
    CHECK(s.messages[1] == k_m2);
    CHECK(s.messages[2] == k_m3);
    const VerbatimFrame& f = *s.frames[0];
    CHECK(f.prologue == "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
    CHECK(f.encoding == "ISO-8859-1");
    REQUIRE(f.open_tags.size() == 2);
    CHECK(f.open_tags[0] == "<GovOrgan name=\"N\">");
    CHECK(f.open_tags[1] == "<AltUt\n sequenceno=\"4\">");
    CHECK(f.end_tag(1) == "</AltUt>");
    CHECK(s.frames[2] == s.frames[0]); // one frame while the ancestors stay
  }
}

TEST_CASE("VerbatimScanner: UTF-16 in two-byte units, byte order mark kept", "[convert][verbatim]") {
  for (bool big : {false, true}) {
    std::string file = utf16("<GovOrgan name=\"N\"><AltUt>" + k_m3 + "</AltUt></GovOrgan>", big);
    auto s = scan(file, 3);
    REQUIRE(s.messages.size() == 1);
    CHECK(s.messages[0] == utf16(k_m3, big).substr(2));
    const VerbatimFrame& f = *s.frames[0];
    CHECK(f.prologue == file.substr(0, 2));
    CHECK(f.unit == 2);
    CHECK(f.encoding == (big ? "UTF-16BE" : "UTF-16LE"));
    CHECK(f.text("\n") == (big ? std::string("\0\n", 2) : std::string("\n\0", 2)));
    CHECK(f.end_tag(0) == utf16("</GovOrgan>", big).substr(2));
  }
}

TEST_CASE("VerbatimScanner: what it gives up on", "[convert][verbatim]") {
  CHECK(scan("<!DOCTYPE GovOrgan><GovOrgan><AltUt><Message/></AltUt></GovOrgan>", 5).failed);
  CHECK(scan(std::string("\0\0\0<", 4) + "rest", 8).failed); // UCS-4
  // A document that is text already (a SOAP envelope's AltUt) gets a UTF-8 declaration.
  auto inner =
      scan("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><GovOrgan><AltUt><Message/></AltUt></GovOrgan>", 9, false);
  REQUIRE(inner.messages.size() == 1);
  CHECK(inner.frames[0]->prologue == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  CHECK(inner.frames[0]->encoding == "UTF-8");
}

TEST_CASE("MessageReader: each Message's bytes as in the file, the frame in the header", "[convert][verbatim]") {
  io::MemorySource src(k_file, "mem.xml");
  convert::MessageReader reader(src);
  convert::MessageInput in;
  std::vector<std::string> raw;
  std::shared_ptr<const VerbatimFrame> frame;
  while (reader.next(in)) {
    raw.push_back(in.raw);
    frame = in.header->frame;
  }
  convert::FileConversion end;
  reader.finish(end);
  CHECK(end.readable);
  REQUIRE(raw.size() == 3);
  CHECK(raw[0] == k_m1);
  CHECK(raw[2] == k_m3);
  REQUIRE(frame);
  CHECK(frame->open_tags.size() == 2);
}

TEST_CASE("run_convert: rejected messages are the input's bytes, in its encoding", "[convert][verbatim]") {
  test::TempDir dir;
  // Latin-1, indented, an empty element written out in full, CRLF inside a tag: all kept.
  std::string rejected = "<Message messageReference=\"R2\"   >\r\n\t<Participant id=\"910000009\"></Participant>"
                         "<Content><MessageHeader>S\xF8knad</MessageHeader></Content></Message>";
  std::string input =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<GovOrgan name=\"SKD\">\n  <AltUt sequenceno=\"3\">\n"
      "    <Message shortName=\"4711_3\" messageReference=\"R1\"><Participant id=\"910000009\"/>"
      "</Message>\n    " +
      rejected + "\n  </AltUt>\n</GovOrgan>\n";
  test::write(dir.path / "in.xml", input);
  convert::ConvertCommandOptions o;
  o.data_dir = test::k_corpus + "/..";
  o.inputs = {(dir.path / "in.xml").string()};
  o.output_dir = (dir.path / "out").string();
  o.quiet = true;
  std::ostringstream out, err;
  auto rc = convert::run_convert(o, out, err);
  INFO(err.str());
  CHECK(rc == diag::ExitCode::findings);
  std::string copy = slurp(dir.path / "out" / "in.rejected.xml");
  CHECK(copy == "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!-- messages altut-convert rejected, as they were; "
                "the reasons are in its report -->\n<GovOrgan name=\"SKD\">\n<AltUt sequenceno=\"3\">\n" +
                    rejected + "\n</AltUt>\n</GovOrgan>\n");
  // And it is a document that reads back as the same text.
  xmlDocPtr doc = xmlReadMemory(copy.data(), static_cast<int>(copy.size()), "copy", nullptr, XML_PARSE_NONET);
  REQUIRE(doc != nullptr);
  xmlChar* title = xmlNodeGetContent(xmlDocGetRootElement(doc));
  CHECK(std::string(reinterpret_cast<const char*>(title)).find("S\xC3\xB8knad") != std::string::npos);
  xmlFree(title);
  xmlFreeDoc(doc);
}

TEST_CASE("run_convert: a UTF-16 file's rejected messages stay UTF-16, byte for byte", "[convert][verbatim]") {
  test::TempDir dir;
  const std::string message =
      "<Message messageReference=\"R\" >\n  <Participant id=\"1\"><Content><MessageHeader>S\xF8k"
      "</MessageHeader></Content></Participant></Message>";
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>";
  test::write(dir.path / "in.xml",
              utf16(head + "\n<GovOrgan name=\"S\"><AltUt>\n" + message + "\n</AltUt></GovOrgan>\n"));
  convert::ConvertCommandOptions o;
  o.data_dir = test::k_corpus + "/..";
  o.inputs = {(dir.path / "in.xml").string()};
  o.output_dir = (dir.path / "out").string();
  o.quiet = true;
  std::ostringstream out, err;
  CHECK(convert::run_convert(o, out, err) == diag::ExitCode::findings); // no shortName
  INFO(err.str());
  CHECK(slurp(dir.path / "out" / "in.rejected.xml") ==
        utf16(head +
              "\n<!-- messages altut-convert rejected, as they were; the reasons are in its report -->\n"
              "<GovOrgan name=\"S\">\n<AltUt>\n" +
              message + "\n</AltUt>\n</GovOrgan>\n"));
}
