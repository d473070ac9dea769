#include "test_helpers.hpp"

#include "altkit/report/reporter.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/root_peek.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace altkit;
using validate::Verdict;
namespace fs = std::filesystem;

namespace {

const char* k_valid = "<melding dataFormatProvider=\"SERES\" dataFormatId=\"9001\" dataFormatVersion=\"10001\">"
                      "<Skjemainnhold><virksomhet><organisasjonsnummer orid=\"18\">910000009</organisasjonsnummer>"
                      "<navn>Fjellheim AS</navn></virksomhet>%ROWS%</Skjemainnhold></melding>";

std::string doc(const std::string& rows) {
  std::string s = k_valid;
  return s.replace(s.find("%ROWS%"), 6, rows);
}

validate::DocumentResult run(schema::Engine engine, const std::string& xml, const schema::CompiledSchema* s,
                             bool allow_row_id = false) {
  validate::ValidateSettings settings;
  settings.allow_altinn_row_id = allow_row_id;
  validate::DocumentValidator v(engine, settings);
  io::MemorySource src(xml, "input");
  return v.validate(src, s);
}

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};

} // namespace

TEST_CASE("validate::DocumentValidator::validate") {
  xml::XercesPlatform platform;
  auto s = test::compile(test::k_schema);
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto ok = run(engine, doc(""), s.get());
      CHECK(ok.verdict == Verdict::valid);
      CHECK(ok.diagnostics.empty());
      CHECK(ok.file == "input");

      // One finding, with its exact place: line 1 (one-line payload), column and element path.
      auto bad = run(engine, doc("<arbeidsgiver><virksomhetsnummer orid=\"18\">12</virksomhetsnummer></arbeidsgiver>"),
                     s.get());
      CHECK(bad.verdict == Verdict::invalid);
      REQUIRE(bad.diagnostics.size() == 1);
      const auto& d = bad.diagnostics[0];
      CHECK(d.line == 1);
      CHECK(d.column == 275); // just after </virksomhetsnummer>, where the value is complete
      CHECK(d.path == "/melding/Skjemainnhold/arbeidsgiver/virksomhetsnummer");
      CHECK(d.code == "value-pattern");

      // The second row of a repeating group is named by its position.
      auto second = run(engine,
                        doc("<arbeidsgiver><virksomhetsnummer orid=\"18\">973000001</virksomhetsnummer></arbeidsgiver>"
                            "<arbeidsgiver><virksomhetsnummer>973000002</virksomhetsnummer></arbeidsgiver>"),
                        s.get());
      REQUIRE_FALSE(second.diagnostics.empty());
      // A finding about an attribute names it at the end of its path.
      CHECK(second.diagnostics[0].path == "/melding/Skjemainnhold/arbeidsgiver[2]/virksomhetsnummer/@orid");
      CHECK(second.diagnostics[0].code == "missing-attribute");
    }
  }
}

TEST_CASE("validate::DocumentValidator::validate refuses what could read or fetch") {
  xml::XercesPlatform platform;
  auto s = test::compile(test::k_schema);
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE melding [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<melding>&x;</melding>";
  const std::string laughs = "<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                             "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><m>&c;&c;&c;&c;</m>";
  std::string deep;
  for (int i = 0; i < 10000; ++i) {
    deep += "<a>";
  }
  for (int i = 0; i < 10000; ++i) {
    deep += "</a>";
  }
  const std::string long_attr = "<melding x=\"" + std::string(10 * 1024 * 1024, 'x') + "\"/>";
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto r = run(engine, xxe, s.get());
      CHECK(r.verdict == Verdict::unreadable);
      CHECK(test::has_code(r.diagnostics, "doctype-forbidden"));
      for (const auto& d : r.diagnostics) {
        CHECK(d.message.find("root:") == std::string::npos); // nothing of /etc/passwd
      }
      CHECK(r.diagnostics[0].line == 2);
      r = run(engine, laughs, s.get());
      CHECK(r.verdict == Verdict::unreadable);
      CHECK(test::has_code(r.diagnostics, "doctype-forbidden"));
      r = run(engine, deep, s.get());
      CHECK(r.verdict == Verdict::unreadable);
      CHECK(test::has_code(r.diagnostics, "too-deep"));
      r = run(engine, long_attr, s.get());
      CHECK(r.verdict == Verdict::unreadable);
      r = run(engine, "", s.get());
      CHECK(r.verdict == Verdict::unreadable);
      CHECK(r.diagnostics.at(0).message == "document is empty (0 bytes)");
      r = run(engine, "<melding><a></melding>", s.get());
      CHECK(r.verdict == Verdict::unreadable);
      CHECK(test::has_code(r.diagnostics, "not-well-formed"));
    }
  }
}

TEST_CASE("validate::finish groups altinnRowId findings") {
  xml::XercesPlatform platform;
  auto s = test::compile(test::k_schema);
  std::string rows;
  for (int i = 1; i <= 4; ++i) {
    rows += "<arbeidsgiver altinnRowId=\"row-" + std::to_string(i) +
            "\"><virksomhetsnummer orid=\"18\">973000001</virksomhetsnummer></arbeidsgiver>";
  }
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto r = run(engine, doc(rows), s.get());
      CHECK(r.verdict == Verdict::invalid);
      REQUIRE(r.diagnostics.size() == 1);
      CHECK(r.diagnostics[0].code == "altinn-row-id");
      CHECK(r.diagnostics[0].message.rfind("4 altinnRowId attributes", 0) == 0);
      CHECK(r.diagnostics[0].path == "/melding/Skjemainnhold/arbeidsgiver/@altinnRowId");
      auto allowed = run(engine, doc(rows), s.get(), true);
      CHECK(allowed.verdict == Verdict::valid);
      CHECK(allowed.diagnostics.empty());
    }
  }
}

TEST_CASE("validate::finish names the root the schema expects") {
  xml::XercesPlatform platform;
  auto s = test::compile(test::k_schema);
  std::string xml = doc("");
  xml.replace(xml.find("<melding"), 8, "<Ansattmelding_M");
  xml.replace(xml.rfind("</melding>"), 10, "</Ansattmelding_M>");
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto r = run(engine, xml, s.get());
      CHECK(r.verdict == Verdict::invalid);
      REQUIRE(r.diagnostics.size() == 1);
      CHECK(r.diagnostics[0].code == "wrong-root");
      CHECK(r.diagnostics[0].message.find("expects 'melding' ('Ansattmelding_M' is the name of its type)") !=
            std::string::npos);
    }
  }
}

TEST_CASE("validate::merge_engines") {
  validate::DocumentResult x;
  validate::DocumentResult l;
  x.verdict = Verdict::invalid;
  l.verdict = Verdict::valid;
  x.diagnostics.push_back(diag::Diagnostic{"f", 2, 5, "/a", diag::Severity::error, "value-type", "bad", "xerces"});
  auto m = validate::merge_engines(x, l);
  CHECK(m.verdict == Verdict::invalid);
  REQUIRE(m.diagnostics.size() == 2);
  CHECK(m.diagnostics[0].message == "bad (xerces only)");
  CHECK(m.diagnostics[1].code == "engines-disagree");
  l.verdict = Verdict::invalid;
  l.diagnostics.push_back(
      diag::Diagnostic{"f", 2, 5, "/a", diag::Severity::error, "value-pattern", "worse", "libxml2"});
  m = validate::merge_engines(x, l);
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].engine == "both");
  // Classified differently at one place: the specific code wins over the catch-all value-type.
  CHECK(m.diagnostics[0].message == "worse");
  CHECK(m.diagnostics[0].code == "value-pattern");
}

TEST_CASE("validate::peek_root") {
  auto p = validate::peek_root(std::make_unique<io::MemorySource>(
      "<?xml version=\"1.0\"?>\n<ns:melding xmlns:ns=\"urn:x\" dataFormatId=\"1\" ns:other=\"2\"><a/></ns:melding>",
      "in"));
  REQUIRE(p.root.found);
  CHECK(p.root.ns == "urn:x");
  CHECK(p.root.local == "melding");
  CHECK(p.root.qname == "ns:melding");
  CHECK(p.root.attributes.size() == 1);
  CHECK(p.root.attributes.at("dataFormatId") == "1");
  CHECK(p.root.line == 2);
  // The whole document is still there for the validator.
  CHECK(io::read_all(*p.source).size() == 98);
  auto bad = validate::peek_root(std::make_unique<io::MemorySource>("not xml", "in"));
  CHECK_FALSE(bad.root.found);
  CHECK(io::read_all(*bad.source) == "not xml");
}

TEST_CASE("validate::DocumentValidator reused across documents gives each what a fresh one gives") {
  // Workers keep one validator (and libxml2 parser context) for every document they check: no
  // state of one document (namespaces in scope, a stopped parse, a DOCTYPE, the sibling
  // counters of the path) may show in the next one's result.
  xml::XercesPlatform platform;
  auto s = test::compile(test::k_schema);
  std::vector<std::string> names;
  for (const char* f : {"valid.xml", "invalid.xml", "bad/truncated.xml", "valid-utf16le.xml", "bad/not-well-formed.xml",
                        "altinn-row-id.xml", "bad/deep.xml", "invalid-v10002.xml", "bad/xxe-file.xml",
                        "valid-latin1.xml", "bad/billion-laughs.xml", "type-name-root.xml", "bad/empty.xml",
                        "valid-cp1252.xml", "bad/wrong-encoding.xml", "invalid.xml", "bad/binary.bin", "valid.xml"}) {
    names.push_back(test::k_corpus + "/seres-validate/docs/" + f);
  }
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      validate::DocumentValidator reused(engine, validate::ValidateSettings{});
      for (const auto& name : names) {
        CAPTURE(name);
        io::FileSource a(name);
        auto in_sequence = reused.validate(a, s.get());
        validate::DocumentValidator fresh(engine, validate::ValidateSettings{});
        io::FileSource b(name);
        auto alone = fresh.validate(b, s.get());
        CHECK(report::to_json_line(in_sequence) == report::to_json_line(alone));
      }
    }
  }
}

TEST_CASE("validate::DocumentValidator reused: names of earlier documents do not use up a later one's") {
  // libxml2 refuses new names once a dictionary holds about 10 MB of them; 600 documents with a
  // 40,000-character name each (24 MB) through one validator must all be well-formed.
  validate::DocumentValidator reused(schema::Engine::libxml2, validate::ValidateSettings{});
  std::size_t bad = 0;
  for (int i = 0; i < 600; ++i) {
    std::string name = "e" + std::to_string(i) + std::string(40000, 'x');
    io::MemorySource src("<" + name + "/>", "doc" + std::to_string(i));
    auto r = reused.validate(src, nullptr);
    bad += r.verdict == Verdict::valid ? 0 : 1;
  }
  CHECK(bad == 0);
}

namespace {
/// A schema whose K leaf types each have their own pattern (character classes, \d), and a
/// document that matches every one of them.
std::pair<std::string, std::string> many_patterns(int k) {
  std::string types, elements, values;
  for (int i = 0; i < k; ++i) {
    char lo = static_cast<char>('a' + i % 13);
    char hi = static_cast<char>(lo + 1 + i % 11);
    std::string n = std::to_string(i);
    types += "<xs:simpleType name=\"t" + n + "\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"[" + lo + "-" +
             hi + "]{2}[^x-z]\\d{1," + std::to_string(1 + i % 5) + "}\"/></xs:restriction></xs:simpleType>";
    elements += "<xs:element name=\"e" + n + "\" type=\"t" + n + "\"/>";
    values += "<e" + n + ">" + std::string(2, lo) + "q" + std::string(1 + i % 5, '7') + "</e" + n + ">";
  }
  return {"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">" + types +
              "<xs:element name=\"doc\"><xs:complexType><xs:sequence>" + elements +
              "</xs:sequence></xs:complexType></xs:element></xs:schema>",
          "<doc>" + values + "</doc>"};
}
} // namespace

TEST_CASE("validate: workers sharing one compiled schema meet it at once, and every verdict holds (Xerces' lazy regex "
          "maps)") {
  // Xerces builds a character class's lookup table the first time a pattern uses it, without a
  // lock, and publishes the table before filling it: two workers meeting a fresh schema at once
  // then saw a valid value fail its pattern, or tripped Xerces' assertion and ended the process.
  // compile_schema builds those tables before any worker can see the schema.
  xml::XercesPlatform platform;
  auto [xsd, xml] = many_patterns(1500);
  auto dir = fs::temp_directory_path() / ("altkit-patterns-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto path = (dir / "patterns.xsd").string();
  std::ofstream(path) << xsd;
  constexpr int k_threads = 4;
  for (int round = 0; round < 8; ++round) {
    CAPTURE(round);
    diag::DiagnosticSink sink;
    auto s = schema::compile_schema(path, schema::Engine::xerces, sink);
    REQUIRE(s);
    std::atomic<int> ready{0};
    std::vector<validate::DocumentResult> results(k_threads);
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) {
      threads.emplace_back([&, t] {
        validate::DocumentValidator v(schema::Engine::xerces, {});
        io::MemorySource src(xml, "doc" + std::to_string(t));
        ready.fetch_add(1);
        while (ready.load() < k_threads) {
          std::this_thread::yield(); // all start together, on a schema no one has used yet
        }
        results[static_cast<std::size_t>(t)] = v.validate(src, s.get());
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    for (const auto& r : results) {
      std::string first = r.diagnostics.empty() ? std::string() : r.diagnostics[0].message;
      INFO(first);
      CHECK(r.verdict == Verdict::valid);
    }
  }
  fs::remove_all(dir);
}
