// AltUt HTML bodies to CommonMark (convert/markdown.hpp): each mapping row on its own, then the
// Markdown written rendered back with cmark, the CommonMark reference library, and compared
// with the HTML it came from: the same text and the same structure.
#include "altkit/convert/markdown.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"

#include <catch2/catch.hpp>
#include <cmark.h>
#include <libxml/HTMLparser.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

using altkit::convert::html_to_commonmark;
using altkit::convert::html_to_plain_text;

namespace {

std::string md(const std::string& html) {
  return html_to_commonmark(html).text;
}

std::string render(const std::string& markdown) {
  char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
  std::string s = html;
  std::free(html);
  return s;
}

/// What a reader sees of an HTML fragment: its text (whitespace collapsed) and the sequence of
/// structural elements (b/i/tt spelled as strong/em/code), those without a CommonMark form left
/// out (they are named in the loss report instead).
struct Seen {
  std::string text;
  std::vector<std::string> structure;
};

void walk(const xmlNode* n, Seen& s) {
  static const std::map<std::string, std::string> k_same{{"b", "strong"}, {"i", "em"}, {"tt", "code"}};
  static const std::set<std::string> k_structural{"p",  "em", "strong", "a",  "ul", "ol",         "li",  "h1",   "h2",
                                                  "h3", "h4", "h5",     "h6", "br", "blockquote", "pre", "code", "hr"};
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE) {
      s.text += reinterpret_cast<const char*>(n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    std::string name = reinterpret_cast<const char*>(n->name);
    if (auto it = k_same.find(name); it != k_same.end()) {
      name = it->second;
    }
    if (name == "code" && n->parent != nullptr &&
        std::string(reinterpret_cast<const char*>(n->parent->name)) == "pre") {
      walk(n->children, s); // cmark writes <pre><code>: the pre is the structure
      continue;
    }
    if (k_structural.count(name) != 0) {
      s.structure.push_back(name);
    }
    s.text += ' ';
    walk(n->children, s);
    s.text += ' ';
  }
}

Seen seen(const std::string& html) {
  altkit::xml::init_libxml();
  altkit::xml::xml_ptr<xmlDoc> doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), "t", "UTF-8",
                                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  REQUIRE(doc);
  Seen s;
  walk(xmlDocGetRootElement(doc.get())->children, s);
  std::string collapsed;
  for (char c : s.text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!collapsed.empty() && collapsed.back() != ' ') {
        collapsed += ' ';
      }
    } else {
      collapsed += c;
    }
  }
  while (!collapsed.empty() && collapsed.back() == ' ') {
    collapsed.pop_back();
  }
  s.text = collapsed;
  return s;
}

/// The HTML the Markdown renders to shows what the source HTML showed.
void round_trip(const std::string& html) {
  std::string markdown = md(html);
  std::string back = render(markdown);
  INFO("html:     " << html << "\nmarkdown: " << markdown << "\nrendered: " << back);
  Seen want = seen(html);
  Seen got = seen(back);
  CHECK(got.text == want.text);
  CHECK(got.structure == want.structure);
}

} // namespace

TEST_CASE("convert::html_to_commonmark maps each HTML construct", "[convert][markdown]") {
  CHECK(md("<p>Hei Ola,</p><p>her er oppgjøret.</p>") == "Hei Ola,\n\nher er oppgjøret.");
  CHECK(md("<p>linje en<br>linje to<br/></p>") == "linje en\\\nlinje to");
  CHECK(md("<p><b>fet</b> og <i>kursiv</i>, <strong>sterk</strong> <em>vekt</em></p>") ==
        "**fet** og *kursiv*, **sterk** *vekt*");
  CHECK(md("<p><b>fet </b>tekst</p>") == "**fet** tekst"); // the space moves outside the markers
  CHECK(md("<p>Se <a href=\"https://www.altinn.no/a b\">Altinn</a>.</p>") ==
        "Se [Altinn](<https://www.altinn.no/a%20b>).");
  CHECK(md("<ul><li>en</li><li>to</li></ul>") == "- en\n- to");
  CHECK(md("<ol start=\"3\"><li>tre</li><li>fire</li></ol>") == "3. tre\n4. fire");
  CHECK(md("<ul><li>en<ul><li>under</li></ul></li></ul>") == "- en\n  - under");
  CHECK(md("<h1>Tittel</h1><h3>Under</h3>") == "# Tittel\n\n### Under");
  CHECK(md("<blockquote><p>sitat</p><p>to</p></blockquote>") == "> sitat\n>\n> to");
  CHECK(md("<p>kjør <code>make demo</code></p>") == "kjør `make demo`");
  CHECK(md("<pre>linje 1\n  linje 2</pre>") == "```\nlinje 1\n  linje 2\n```");
  CHECK(md("<p>a</p><hr><p>b</p>") == "a\n\n---\n\nb");
  CHECK(md("<ul><li>a</li></ul><ul><li>b</li></ul>") == "- a\n\n* b"); // two lists stay two
  CHECK(md("") == "");
  CHECK(md("Bare tekst &amp; mer") == "Bare tekst \\& mer");
}

TEST_CASE("convert::html_to_commonmark escapes text that would be markup", "[convert][markdown]") {
  CHECK(md("<p>*ikke* _kursiv_ [lenke] `kode` \\ &lt;b&gt;</p>") ==
        "\\*ikke\\* \\_kursiv\\_ \\[lenke\\] \\`kode\\` \\\\ \\<b\\>");
  CHECK(md("<p># ikke overskrift</p>") == "\\# ikke overskrift");
  CHECK(md("<p>1. ikke liste</p>") == "1\\. ikke liste");
  CHECK(md("<p>- ikke liste</p>") == "\\- ikke liste");
  CHECK(md("<p>a<br>- b</p>") == "a\\\n\\- b");
  CHECK(md("<p>&amp;nbsp; og &amp;#65;</p>") == "\\&nbsp; og \\&#65;");
  CHECK(md("<p>Hei&nbsp;Ola</p>") == "Hei\xC2\xA0Ola"); // U+00A0 stays
}

TEST_CASE("convert::html_to_commonmark keeps the text of what has no CommonMark form, and names it",
          "[convert][markdown]") {
  auto r = html_to_commonmark("<table><tr><td>Beløp</td><td>100</td></tr><tr><td>Sum</td><td>100</td></tr></table>"
                              "<p><font color=\"red\">rød</font> <u>under</u> <img src=\"x.png\" alt=\"logo\"></p>"
                              "<script>alert(1)</script><p style=\"color:blue\">blå</p>");
  CHECK(r.text == "Beløp | 100\n\nSum | 100\n\nrød under logo\n\nblå");
  CHECK(r.lost == std::vector<std::string>{"<table> (cells kept as text)",
                                           "presentation attributes (style, colour, size, alignment)", "<font>", "<u>",
                                           "<img> (image dropped, its alt text kept)",
                                           "<script> (dropped with its content)"});
  CHECK(html_to_commonmark("<p><b>fet</b> <a href=\"https://x.no\">lenke</a></p>").lost.empty());
}

TEST_CASE("convert::html_to_commonmark says when the HTML parser stopped before the end", "[convert][markdown]") {
  std::string deep = "<p>før</p>";
  for (int i = 0; i < 300; ++i) {
    deep += "<div>";
  }
  deep += "x<p>etter</p>";
  auto r = html_to_commonmark(deep);
  CHECK_FALSE(r.complete);
  CHECK(r.text.find("etter") == std::string::npos); // what libxml2 gave up on
  CHECK(html_to_commonmark("<div><div><p>x</p></div></div>").complete);
}

TEST_CASE("convert::html_to_plain_text", "[convert][markdown]") {
  CHECK(html_to_plain_text("  Skatteoppgjøret   ditt\n er klart ").text == "Skatteoppgjøret ditt er klart");
  CHECK(html_to_plain_text("  Skatt & avgift ").text == "Skatt & avgift");
  CHECK(html_to_plain_text("  Skatt & avgift ").lost.empty());
  auto r = html_to_plain_text("<b>Viktig:</b> oppgjør");
  CHECK(r.text == "Viktig: oppgjør");
  CHECK(r.lost.size() == 1);
}

TEST_CASE("convert::html_to_commonmark round trip through cmark keeps text and structure",
          "[convert][markdown][cmark]") {
  round_trip("<p>Hei&nbsp;Ola,</p><p>oppgjøret er klart &amp; venter.</p>");
  round_trip("<h2>Skatteoppgjøret 2023</h2><p>Du får <b>1 234 kr</b> <i>tilbake</i>.<br>Utbetaling i juni.</p>");
  round_trip("<ul><li>Lønn</li><li>Renter<ul><li>bank</li><li>lån</li></ul></li></ul><ol><li>én</li><li>to</li></ol>");
  round_trip("<blockquote><p>Sitat med <a href=\"https://www.skatteetaten.no/\">lenke</a></p></blockquote>");
  round_trip("<p>Kode: <code>a*b_c</code></p><pre>x = [1, 2]\n  *y* = `z`</pre>");
  round_trip("<p>*stjerner* og _streker_ og [klammer] og #1. og \\ og &lt;tag&gt; og &amp;amp;</p>");
  round_trip("<p># ikke</p><p>1. ikke</p><p>+ ikke</p><p>&gt; ikke</p><p>ÆØÅ æøå é ü</p>");
  round_trip("<ul><li>a</li></ul><ul><li>b</li></ul><hr><p>slutt</p>");
  round_trip("Løs tekst <b>uten</b> avsnitt");
}
