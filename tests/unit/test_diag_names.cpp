// File names are bytes, and every report gives them back exactly (issue 16, items 1 and 9).
#include "altkit/check/summary.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/base64.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/xml/handles.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace altkit;

namespace {

/// Awkward names: not UTF-8, a line feed that would forge a line, controls, backslashes that
/// look like escapes, Norwegian letters, a C1 control.
const std::vector<std::string> k_names = {
    "lat\xF8.xml",
    "lat\xE6.xml",
    "dir/x\nseres-validate: forged.xml:1:1: error: forged [x].xml",
    "tab\tcr\rdel\x7F nul-free \x01.xml",
    "back\\slash \\x41 \\n.xml",
    "blåbær ÆØÅ.xml",
    "c1 \xC2\x85 and cut \xE2\x82.xml",
    "",
};

validate::DocumentResult result_for(const std::string& name) {
  validate::DocumentResult r;
  r.file = name;
  r.schema = "s.xsd";
  r.engine = "xerces";
  r.verdict = validate::Verdict::invalid;
  r.diagnostics.push_back(
      diag::Diagnostic{name, 2, 3, "/m", diag::Severity::error, "invalid-content", "bad & <worse>", "xerces"});
  return r;
}

} // namespace

TEST_CASE("diag::escape_name") {
  CHECK(diag::escape_name("lat\xF8.xml") == "lat\\xF8.xml");
  CHECK(diag::escape_name("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(diag::escape_name("a\\b") == "a\\\\b");
  CHECK(diag::escape_name("\x01\x7F") == "\\x01\\x7F");
  CHECK(diag::escape_name("blåbær.xml") == "blåbær.xml"); // UTF-8 as it is
  CHECK(diag::escape_name("\xC2\x85") == "\\u0085");      // C1 control
  CHECK(diag::escape_name("\xE2\x82") == "\\xE2\\x82");   // cut sequence: bytes
  for (const auto& n : k_names) {
    INFO(n);
    std::string shown = diag::escape_name(n);
    CHECK(shown.find('\n') == std::string::npos);
    CHECK(diag::unescape_name(shown) == n);
  }
  // Every byte value, alone and after a lead byte, reads back.
  for (int b = 0; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    CHECK(diag::unescape_name(diag::escape_name(one)) == one);
    std::string two = "\xC3" + one;
    CHECK(diag::unescape_name(diag::escape_name(two)) == two);
  }
  // Two names that differ only in a byte that is not UTF-8 never look alike.
  CHECK(diag::escape_name("lat\xF8.xml") != diag::escape_name("lat\xE6.xml"));
}

TEST_CASE("diag::utf8_length_at") {
  CHECK(diag::utf8_length_at("a", 0) == 1);
  CHECK(diag::utf8_length_at("æ", 0) == 2);
  CHECK(diag::utf8_length_at("€", 0) == 3);
  CHECK(diag::utf8_length_at("𝄞", 0) == 4);
  CHECK(diag::utf8_length_at("\xF8", 0) == 0);
  CHECK(diag::utf8_length_at("\xC0\xAF", 0) == 0);         // overlong
  CHECK(diag::utf8_length_at("\xED\xA0\x80", 0) == 0);     // surrogate
  CHECK(diag::utf8_length_at("\xF4\x90\x80\x80", 0) == 0); // past U+10FFFF
  CHECK(diag::utf8_length_at("\xE2\x82", 0) == 0);         // cut
}

TEST_CASE("io::base64_encode") {
  CHECK(io::base64_encode("") == "");
  CHECK(io::base64_encode("f") == "Zg==");
  CHECK(io::base64_encode("fo") == "Zm8=");
  CHECK(io::base64_encode("foo") == "Zm9v");
  CHECK(io::base64_encode("lat\xF8.xml") == "bGF0+C54bWw=");
  for (const auto& n : k_names) {
    CHECK(io::base64_decode(io::base64_encode(n)) == n);
  }
  CHECK_FALSE(io::base64_decode("Zg="));
  CHECK_FALSE(io::base64_decode("Z!=="));
}

TEST_CASE("report: every format gives every name back exactly") {
  for (const auto& name : k_names) {
    INFO(diag::escape_name(name));
    validate::DocumentResult r = result_for(name);

    // jsonl, read back as a journal or merge reads it
    std::string line = report::to_json_line(r);
    CHECK(line == report::to_json_line_reference(r));
    auto j = nlohmann::json::parse(line); // valid JSON (UTF-8) whatever the name
    validate::DocumentResult back;
    REQUIRE(check::result_from_line(j, back));
    CHECK(back.file == name);
    CHECK(back.diagnostics.at(0).file == name);

    // text: one line, the name escaped
    std::ostringstream text;
    report::make_reporter(report::Format::text, "tool", text, true)->document(r);
    CHECK(text.str() == "tool: " + diag::escape_name(name) + (name.empty() ? "" : ":2:3") + (name.empty() ? "" : ": ") +
                            "error: bad & <worse> (at /m) [invalid-content]\n");

    // JUnit: well-formed, the name attribute reads back
    std::ostringstream junit;
    auto ju = report::make_reporter(report::Format::junit, "tool", junit);
    report::Summary s;
    s.add(r);
    ju->document(r);
    ju->finish(s);
    std::string x = junit.str();
    xml::xml_ptr<xmlDoc> doc(
        xmlReadMemory(x.data(), static_cast<int>(x.size()), "junit.xml", nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR));
    REQUIRE(doc);
    xmlNode* tc = xmlDocGetRootElement(doc.get())->children;
    while (tc != nullptr &&
           !(tc->type == XML_ELEMENT_NODE && xmlStrEqual(tc->name, reinterpret_cast<const xmlChar*>("testsuite")))) {
      tc = tc->next;
    }
    REQUIRE(tc != nullptr);
    tc = tc->children;
    while (tc != nullptr && tc->type != XML_ELEMENT_NODE) {
      tc = tc->next;
    }
    REQUIRE(tc != nullptr);
    xml::xml_ptr<xmlChar> attr(xmlGetProp(tc, reinterpret_cast<const xmlChar*>("name")));
    REQUIRE(attr);
    CHECK(diag::unescape_name(reinterpret_cast<const char*>(attr.get())) == name);

    // SARIF: the URI percent-decodes to the name's bytes
    std::ostringstream sarif;
    auto sa = report::make_reporter(report::Format::sarif, "tool", sarif);
    sa->document(r);
    sa->finish(report::Summary{});
    auto sj = nlohmann::json::parse(sarif.str());
    std::string uri = sj["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    std::string decoded;
    for (std::size_t i = 0; i < uri.size(); ++i) {
      if (uri[i] == '%' && i + 2 < uri.size()) {
        decoded += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += uri[i];
      }
    }
    CHECK(decoded == name);
  }
}
