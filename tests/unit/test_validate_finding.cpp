// One finding model for both engines (validate/finding.hpp, the engines' classifiers,
// merge_engines), and values shown as they are (diag::tidy_engine_message). The field cases of
// ../shared/field (F04, F05, F11) are read when present.
#include "test_helpers.hpp"

#include "altkit/io/source.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/finding.hpp"
#include "altkit/validate/id_attributes.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace altkit;
using validate::Verdict;

namespace {

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};
const std::string k_field = std::string(ALTKIT_SHARED_DIR) + "/field";

validate::DocumentResult validate_file(validate::DocumentValidator& v, const std::string& path,
                                       const schema::CompiledSchema* s) {
  io::FileSource src(path);
  return v.validate(src, s);
}

} // namespace

TEST_CASE("diag::tidy_engine_message") {
  // A line feed or tab in a value is shown escaped, not as the space a pattern may allow.
  CHECK(diag::tidy_engine_message("Element 'a': [facet 'pattern'] The value 'A\nB' is not accepted by the "
                                  "pattern '[ -~]*'.\n") ==
        "element 'a': [facet 'pattern'] The value 'A\\nB' is not accepted by the pattern '[ -~]*'");
  CHECK(diag::tidy_engine_message("value 'A\tB' does not match") == "value 'A\\tB' does not match");
  CHECK(diag::tidy_engine_message("value 'x\ry\x01' bad") == "value 'x\\u000Dy\\u0001' bad");
  CHECK(diag::tidy_engine_message("value 'x\xC2\x96y' bad") == "value 'x\\u0096y' bad");  // a C1 control
  CHECK(diag::tidy_engine_message("value 'x\xC3\xB8y' bad") == "value 'x\xC3\xB8y' bad"); // a letter
  // Spaces inside a value are kept as they are; outside, the message is tidied as before.
  CHECK(diag::tidy_engine_message("The  value 'a  b'\n  is bad.") == "the value 'a  b' is bad");
  CHECK(diag::escape_controls("a\nb\tc") == "a\\nb\\tc");
}

TEST_CASE("validate::offending_value and validate::attribute_named") {
  using validate::attribute_named;
  using validate::offending_value;
  CHECK(offending_value("element 'a', attribute 'k': [facet 'pattern'] The value 'A\\nB' is not accepted") == "A\\nB");
  CHECK(offending_value("value 'A\\nB' does not match regular expression facet '[ -~]*'") == "A\\nB");
  CHECK(offending_value("element 'sum': '1,5' is not a valid value of the atomic type 'xs:decimal'") == "1,5");
  CHECK(offending_value("element 'sum': '' is not a valid value of the atomic type 'xs:decimal'").empty());
  CHECK(offending_value("element 'x': Duplicate key-sequence ['AF-1'] in unique identity-constraint 'u'") == "AF-1");
  CHECK(offending_value("element 'sum' is nil and must be empty").empty());
  CHECK(attribute_named("element 'melding', attribute 'kode': [facet 'pattern'] The value") == "kode");
  CHECK(attribute_named("missing required attribute 'valuta'") == "valuta");
  CHECK(attribute_named("element 'sum': The attribute 'valuta' is required but missing") == "valuta");
  CHECK(attribute_named("element 'sum' is nil and must be empty").empty());
}

TEST_CASE("validate::merge_engines pairs findings by code, path and value") {
  validate::DocumentResult x;
  validate::DocumentResult l;
  x.verdict = l.verdict = Verdict::invalid;
  // The same nil fault, placed at different columns by the engines: printed once, with the text
  // that names more.
  x.diagnostics.push_back(diag::Diagnostic{"f", 3, 47, "/faktura/sum", diag::Severity::error, "nil",
                                           "element 'sum' is nil and must be empty", "xerces"});
  l.diagnostics.push_back(diag::Diagnostic{"f", 3, 41, "/faktura/sum", diag::Severity::error, "nil",
                                           "element 'sum': Neither character nor element content is allowed because "
                                           "the element is 'nilled'",
                                           "libxml2"});
  // Two values at one place are two faults.
  x.diagnostics.push_back(diag::Diagnostic{"f", 5, 9, "/faktura/kode", diag::Severity::error, "value-pattern",
                                           "value 'A' does not match regular expression facet 'x'", "xerces"});
  l.diagnostics.push_back(diag::Diagnostic{"f", 5, 3, "/faktura/kode", diag::Severity::error, "value-pattern",
                                           "The value 'B' is not accepted by the pattern 'x'", "libxml2"});
  auto m = validate::merge_engines(x, l);
  REQUIRE(m.diagnostics.size() == 3);
  CHECK(m.diagnostics[0].engine == "both");
  CHECK(m.diagnostics[0].line == 3);
  CHECK(m.diagnostics[0].message.find("'nilled'") != std::string::npos);
  CHECK(m.diagnostics[1].message.find("(libxml2 only)") != std::string::npos);
  CHECK(m.diagnostics[2].message.find("(xerces only)") != std::string::npos);
}

TEST_CASE("field F04, F05, F11: one finding model for both engines", "[shared]") {
  if (!std::filesystem::exists(k_field + "/F05/expected.txt")) {
    WARN("skipped: " << k_field << " is absent");
    return;
  }
  xml::XercesPlatform platform;
  SECTION("F04: identity constraints are identity-constraint with every engine") {
    auto s = test::compile(k_field + "/F04/schema.xsd");
    for (auto engine : k_engines) {
      INFO(schema::to_string(engine));
      validate::DocumentValidator v(engine, {});
      CHECK(validate_file(v, k_field + "/F04/inst1-valid.xml", s.get()).verdict == Verdict::valid);
      auto r = validate_file(v, k_field + "/F04/inst2-invalid-dup-and-dangling.xml", s.get());
      CHECK(r.verdict == Verdict::invalid);
      CHECK(r.diagnostics.size() == 2);
      for (const auto& d : r.diagnostics) {
        CHECK(d.code == "identity-constraint");
      }
      auto r3 = validate_file(v, k_field + "/F04/inst3-invalid-dangling-only.xml", s.get());
      CHECK(r3.verdict == Verdict::invalid);
      REQUIRE(r3.diagnostics.size() == 1);
      CHECK(r3.diagnostics[0].code == "identity-constraint");
    }
  }
  SECTION("F05: one nil fault found by both engines is printed once") {
    auto s = test::compile(k_field + "/F05/schema.xsd");
    validate::DocumentValidator v(schema::Engine::both, {});
    auto r = validate_file(v, k_field + "/F05/inst3-invalid-nil-with-content.xml", s.get());
    CHECK(r.verdict == Verdict::invalid);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "nil");
    CHECK(r.diagnostics[0].engine == "both");
    auto r2 = validate_file(v, k_field + "/F05/inst2-invalid-nil-missing-required-attr.xml", s.get());
    REQUIRE(r2.diagnostics.size() == 1);
    CHECK(r2.diagnostics[0].path == "/faktura/sum/@valuta");
  }
  SECTION("F11: a line feed or tab in a value is shown, and the attribute named in the path") {
    auto s = test::compile(k_field + "/F11/schema.xsd");
    for (auto engine : k_engines) {
      INFO(schema::to_string(engine));
      validate::DocumentValidator v(engine, {});
      for (const char* valid : {"inst1-valid.xml", "inst5-valid-attr-literal-lf-normalised.xml"}) {
        CHECK(validate_file(v, k_field + "/F11/" + valid, s.get()).verdict == Verdict::valid);
      }
      auto lf = validate_file(v, k_field + "/F11/inst3-invalid-trailing-lf-charref.xml", s.get());
      REQUIRE(lf.diagnostics.size() == 1);
      CHECK(lf.diagnostics[0].code == "value-pattern");
      CHECK(validate::offending_value(lf.diagnostics[0].message) == "Hei hallo\\n");
      auto attr = validate_file(v, k_field + "/F11/inst4-invalid-attr-lf-charref.xml", s.get());
      REQUIRE(attr.diagnostics.size() == 1);
      CHECK(attr.diagnostics[0].path == "/melding/@kode");
      CHECK(validate::offending_value(attr.diagnostics[0].message) == "A\\nB");
      auto tab = validate_file(v, k_field + "/F11/inst6-invalid-attr-tab-charref.xml", s.get());
      REQUIRE(tab.diagnostics.size() == 1);
      CHECK(tab.diagnostics[0].path == "/melding/@kode");
      CHECK(validate::offending_value(tab.diagnostics[0].message) == "A\\tB");
    }
  }
}

TEST_CASE("validate::DocumentValidator names the value and the type of a bad date with every engine") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  test::write(dir.path / "s.xsd",
              "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
              "<xs:simpleType name='punkt'><xs:restriction><xs:simpleType><xs:list itemType='xs:decimal'/>"
              "</xs:simpleType><xs:length value='3'/></xs:restriction></xs:simpleType>"
              "<xs:element name='m'><xs:complexType><xs:sequence><xs:element name='d' type='xs:date'/>"
              "<xs:element name='p' type='punkt'/></xs:sequence>"
              "<xs:attribute name='a' type='xs:date'/></xs:complexType></xs:element></xs:schema>");
  auto s = test::compile((dir.path / "s.xsd").string());
  const std::string doc = "<m a='2024-01-0x'><d>2024-13-0x</d><p>1 2 3 4</p></m>";
  for (auto engine : k_engines) {
    INFO(schema::to_string(engine));
    validate::DocumentValidator v(engine, {});
    io::MemorySource src(doc, "input");
    auto r = v.validate(src, s.get());
    CHECK(r.verdict == Verdict::invalid);
    // One finding per fault: libxml2's "not a valid value of the list type" after the length
    // facet is the same fault again.
    REQUIRE(r.diagnostics.size() == 3);
    CHECK(r.diagnostics[0].path == "/m/@a");
    CHECK(r.diagnostics[0].code == "value-type");
    CHECK(validate::offending_value(r.diagnostics[0].message) == "2024-01-0x");
    CHECK(r.diagnostics[1].path == "/m/d");
    CHECK(r.diagnostics[1].code == "value-type");
    CHECK(validate::offending_value(r.diagnostics[1].message) == "2024-13-0x");
    CHECK(r.diagnostics[1].message.find("xs:date") != std::string::npos);
    CHECK(r.diagnostics[2].path == "/m/p");
    CHECK(r.diagnostics[2].code == "value-length");
  }
}

TEST_CASE("validate::id_attribute_names and xs:ID uniqueness with every engine") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  test::write(dir.path / "types.xsd",
              "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
              "<xs:simpleType name='MyId'><xs:restriction base='xs:ID'/></xs:simpleType></xs:schema>");
  test::write(dir.path / "s.xsd",
              "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:include schemaLocation='types.xsd'/>"
              "<xs:element name='m'><xs:complexType><xs:sequence>"
              "<xs:element name='p' maxOccurs='unbounded'><xs:complexType>"
              "<xs:attribute name='id' type='MyId'/></xs:complexType></xs:element>"
              "<xs:element name='r' minOccurs='0'><xs:complexType><xs:attribute name='nr' type='xs:ID'/>"
              "</xs:complexType></xs:element>"
              "<xs:element name='q' minOccurs='0'><xs:complexType><xs:attribute name='nr' type='xs:string'/>"
              "</xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element></xs:schema>");
  // 'nr' is xs:ID on r but a string on q: not guessed; 'id' is xs:ID through an included type.
  CHECK(validate::id_attribute_names((dir.path / "s.xsd").string()) == std::set<std::string>{"id"});
  auto s = test::compile((dir.path / "s.xsd").string());
  const std::string doc = "<m>\n<p id='a1'/>\n<p id='a2'/>\n<p id=' a1 '/>\n</m>";
  for (auto engine : k_engines) {
    INFO(schema::to_string(engine));
    validate::DocumentValidator v(engine, {});
    io::MemorySource src(doc, "input");
    auto r = v.validate(src, s.get());
    CHECK(r.verdict == Verdict::invalid);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].line == 4);
    CHECK(r.diagnostics[0].path == "/m/p[3]/@id");
    CHECK(validate::offending_value(r.diagnostics[0].message) == "a1");
    io::MemorySource ok("<m>\n<p id='a1'/>\n<p id='a2'/>\n</m>", "input");
    CHECK(v.validate(ok, s.get()).verdict == Verdict::valid);
  }
}
