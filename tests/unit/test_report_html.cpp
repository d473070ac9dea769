#include "altkit/report/html.hpp"
#include "altkit/xml/handles.hpp"

#include <libxml/HTMLparser.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace altkit;

namespace {

validate::DocumentResult doc(const std::string& file, validate::Verdict v, std::uint64_t bytes,
                             const std::string& code = "", const std::string& schema = "s.xsd") {
  validate::DocumentResult r;
  r.file = file;
  r.schema = schema;
  r.verdict = v;
  r.bytes = bytes;
  if (!code.empty()) {
    r.diagnostics.push_back(diag::Diagnostic{file, 3, 7, "/m/x", diag::Severity::error, code, "bad value", ""});
  }
  return r;
}

std::string page_of(report::HtmlPage& page, const report::Summary& s) {
  std::ostringstream out;
  page.write(out, s);
  return out.str();
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("report::html_text") {
  CHECK(report::html_text("plain æøå 𝄞") == "plain æøå 𝄞");
  CHECK(report::html_text("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert('x') &amp; &quot;y&quot;&lt;/script&gt;");
  CHECK(report::html_text("a\nb\tc") == "a<span class=\"esc\">\\n</span>b<span class=\"esc\">\\t</span>c");
  CHECK(report::html_text("latin1 \xE6 name") == "latin1 <span class=\"esc\">\\xE6</span> name");
  CHECK(report::html_text("cut \xE2\x82") == "cut <span class=\"esc\">\\xE2</span><span class=\"esc\">\\x82</span>");
  CHECK(report::html_text("rtl \xE2\x80\xAEgpj.exe") == "rtl <span class=\"esc\">\\u202E</span>gpj.exe");
  CHECK(report::html_text("overlong \xC0\xAF") ==
        "overlong <span class=\"esc\">\\xC0</span><span class=\"esc\">\\xAF</span>");
}

TEST_CASE("report::HtmlPage counts every document and keeps a bounded page") {
  report::HtmlLimits limits;
  limits.listed = 50;
  limits.names = 20;
  auto run = [&](int documents) {
    report::HtmlPage page("corpus-check", limits);
    report::Summary s;
    for (int i = 0; i < documents; ++i) {
      auto r = doc(
          "d/" + std::to_string(i) + ".xml", i % 4 == 1 ? validate::Verdict::invalid : validate::Verdict::valid,
          100 + static_cast<std::uint64_t>(i) % 997, i % 4 == 1 ? (i % 8 == 1 ? "value-pattern" : "value-length") : "",
          "schema-" + std::to_string(i % 30) + ".xsd");
      s.add(r);
      page.document(r);
    }
    return page_of(page, s);
  };
  std::string small = run(1000);
  std::string large = run(100000);
  CHECK(large.find("<dd id=\"documents\">100000</dd>") != std::string::npos);
  CHECK(large.find("<dd id=\"invalid\">25000</dd>") != std::string::npos);
  CHECK(large.find("<dd id=\"findings\">25000</dd>") != std::string::npos);
  CHECK(large.find("<td class=\"n\">12500</td>") != std::string::npos); // each class's findings
  // 50 findings listed, the rest said; 30 schemas past the 20 names counted apart.
  CHECK(large.find("24950 more not listed") != std::string::npos);
  CHECK(count_of(large, "<td class=\"msg\">bad value") == 50);
  CHECK(large.find("(other names)") != std::string::npos);
  // The page does not grow with the run.
  CHECK(large.size() < small.size() + small.size() / 10);
  // The largest documents, largest first: 1096 bytes is the most i % 997 gives.
  auto at = large.find("<section id=\"largest\">");
  REQUIRE(at != std::string::npos);
  CHECK(large.find("title=\"1096 bytes\"", at) < large.find("title=\"1095 bytes\"", at));
}

TEST_CASE("report::HtmlPage escapes names and draws no script") {
  report::HtmlPage page("seres-validate");
  report::Summary s;
  auto r = doc("<script>alert(1)</script>\n\xFF.xml", validate::Verdict::invalid, 5, "value-pattern",
               "x\"><svg onload=alert(1)>.xsd");
  r.diagnostics[0].message = "value '</td><script>' not allowed";
  r.micros = 1500;
  s.add(r);
  page.document(r);
  std::string html = page_of(page, s);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<svg onload") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;<span class=\"esc\">\\n</span><span "
                  "class=\"esc\">\\xFF</span>.xml") != std::string::npos);
  CHECK(html.find("1.5 ms") != std::string::npos); // among the slowest
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  // Well-formed enough for libxml2's HTML parser, with every section there.
  xml::xml_ptr<xmlDoc> parsed(htmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "UTF-8",
                                             HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
  REQUIRE(parsed);
  for (const char* id : {"summary", "classes", "schemas", "slowest", "largest", "findings-list"}) {
    CHECK(html.find(std::string("<section id=\"") + id + "\">") != std::string::npos);
  }
}

TEST_CASE("report::HtmlPage a migration: services, rejects, fields not carried over") {
  report::HtmlPage page("altut-convert");
  report::MigrationTotals t;
  t.files = 1;
  for (int i = 0; i < 7; ++i) {
    report::HtmlMessage m;
    m.file = "in.xml";
    m.line = 10 + static_cast<std::uint64_t>(i);
    m.reference = "ref-" + std::to_string(i);
    m.service = i < 4 ? "SKATT" : "NAV<b>";
    m.converted = i % 3 != 0;
    if (!m.converted) {
      m.reject_code = "unmapped-short-name";
      m.reject_reason = "no service code for it";
    }
    m.lost.push_back({"/Message/@viewFormat", "html", "not mapped to Altinn II"});
    page.message(m);
    ++t.messages;
    ++(m.converted ? t.converted : t.rejected);
    ++t.lost;
  }
  std::ostringstream out;
  page.write(out, t);
  std::string html = out.str();
  CHECK(html.find("<dd id=\"messages\">7</dd>") != std::string::npos);
  CHECK(html.find("<dd id=\"rejected\">3</dd>") != std::string::npos);
  CHECK(html.find("<code>NAV&lt;b&gt;</code></td><td class=\"n\">2</td><td class=\"n\">1</td>") != std::string::npos);
  CHECK(html.find("<code>SKATT</code></td><td class=\"n\">2</td><td class=\"n\">2</td>") != std::string::npos);
  CHECK(html.find("<code>unmapped-short-name</code></td><td class=\"n\">3</td>") != std::string::npos);
  CHECK(html.find("<code>/Message/@viewFormat</code></td><td class=\"n\">7</td>") != std::string::npos);
  CHECK(html.find("message 'ref-0' (SKATT) rejected") != std::string::npos);
}
