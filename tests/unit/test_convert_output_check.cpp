// MessageConverter's check of its own output against the target schema: a valid result passes
// without its batch text being read again, and whatever the result tree cannot vouch for (a
// schema finding, text written unescaped) is judged on the batch text as before, with the
// findings' lines in it.
#include "altkit/convert/message.hpp"
#include "altkit/convert/reader.hpp"
#include "test_helpers.hpp"

using namespace altkit;

namespace {

const std::string k_root = test::k_corpus + "/..";
const char* k_ns = "http://schemas.altinn.no/services/intermediary/correspondence/2009/10";

const char* k_message = R"(<?xml version="1.0" encoding="UTF-8"?>
<GovOrgan name="SKD"><AltUt sequenceno="7">
<Message shortName="4711_3" messageReference="R1"><Participant id="910000009"><Content>
<MessageHeader>Tittel</MessageHeader><MessageSummery>Sammendrag</MessageSummery><HTML>Tekst</HTML>
</Content></Participant></Message>
</AltUt></GovOrgan>)";

/// Converts the one Message of k_message with `stylesheet` against the Correspondences schema.
convert::MessageOutput convert_with(const std::string& stylesheet_path) {
  xml::init_libxml();
  convert::register_extensions();
  diag::DiagnosticSink sink;
  auto stylesheet = convert::Stylesheet::load(stylesheet_path, sink);
  auto target = schema::compile_schema(k_root + "/xsd/correspondences.xsd", schema::Engine::libxml2, sink);
  REQUIRE(stylesheet);
  REQUIRE(target);
  io::MemorySource src(k_message, "mem.xml");
  convert::MessageReader reader(src);
  convert::MessageInput in;
  REQUIRE(reader.next(in));
  convert::MessageConverter mc(*stylesheet, *target, convert::ConvertOptions{});
  return mc.convert(in, false);
}

} // namespace

TEST_CASE("MessageConverter: the mapping's valid output is converted", "[convert][output-check]") {
  auto out = convert_with(k_root + "/xslt/altut-to-correspondences.xsl");
  INFO(out.record.reject_reason);
  CHECK(out.record.converted);
  CHECK(out.record.correspondences == 1);
  CHECK(out.output_errors.empty());
  REQUIRE(out.parts.size() == 1);
  CHECK(out.parts[0].find("<ServiceCode>4711</ServiceCode>") != std::string::npos);
}

TEST_CASE("MessageConverter: output the schema refuses is rejected with the batch text's findings",
          "[convert][output-check]") {
  test::TempDir dir;
  auto xsl = dir.path / "bogus.xsl";
  test::write(xsl,
              std::string(R"(<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns=")") +
                  k_ns + R"(">
<xsl:template match="/Message"><Correspondences><Correspondence><Bogus/></Correspondence></Correspondences></xsl:template>
</xsl:stylesheet>)");
  auto out = convert_with(xsl.string());
  CHECK_FALSE(out.record.converted);
  CHECK(out.record.reject_code == "output-invalid");
  CHECK(out.record.reject_reason.find("its output fails the target schema: ") == 0);
  CHECK(out.record.reject_reason.find("Bogus") != std::string::npos);
  CHECK(out.parts.empty());
  REQUIRE_FALSE(out.output_errors.empty());
  // Lines of the batch text: declaration, root, SystemUserCode, ShipmentReference, SequenceNo,
  // then the Correspondence (line 6) holding Bogus (line 7).
  CHECK(out.output_errors.front().line == 7);
}

TEST_CASE("MessageConverter: text written unescaped is judged as written, not as the tree holds it",
          "[convert][output-check]") {
  // The result tree holds "<Injected/>" as the text of MessageBody (an xs:string: valid); written
  // unescaped (disable-output-escaping), the batch text holds an element the schema refuses.
  test::TempDir dir;
  auto xsl = dir.path / "unescaped.xsl";
  std::string text = R"xsl(<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:c="NS" xmlns:exsl="http://exslt.org/common" exclude-result-prefixes="c exsl">
<xsl:import href="ROOT/xslt/altut-to-correspondences.xsl"/>
<xsl:template match="/Message">
  <xsl:variable name="r"><xsl:apply-imports/></xsl:variable>
  <xsl:apply-templates select="exsl:node-set($r)/*" mode="copy"/>
</xsl:template>
<xsl:template match="@*|node()" mode="copy">
  <xsl:copy><xsl:apply-templates select="@*|node()" mode="copy"/></xsl:copy>
</xsl:template>
<xsl:template match="c:MessageBody/text()" mode="copy">
  <xsl:value-of select="."/><xsl:text disable-output-escaping="yes">&lt;Injected/&gt;</xsl:text>
</xsl:template>
</xsl:stylesheet>)xsl";
  text.replace(text.find("NS"), 2, k_ns);
  text.replace(text.find("ROOT"), 4, k_root);
  test::write(xsl, text);
  auto out = convert_with(xsl.string());
  INFO(out.record.reject_reason);
  CHECK_FALSE(out.record.converted);
  CHECK(out.record.reject_code == "output-invalid");
  // Read from the text, MessageBody holds an element: a simple type refuses it.
  CHECK(out.record.reject_reason.find("MessageBody': Element content is not allowed") != std::string::npos);
}
