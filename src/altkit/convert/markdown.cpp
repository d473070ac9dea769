#include "altkit/convert/markdown.hpp"

#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <set>

namespace altkit::convert {

namespace {

// Marks the start of a text node's output: a line that starts with it gets the line-start
// escapes ('#', '-', '1.' ...), which markup written by us (`**`, `[`) must not get. Removed
// before the text leaves.
constexpr char k_text_start = '\x01';
// A hard line break inside inline content, until the paragraph is finished.
constexpr char k_break = '\n';

std::string name_of(const xmlNode* n) {
  std::string s = reinterpret_cast<const char*>(n->name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string attribute(const xmlNode* n, const char* name) {
  xml::xml_ptr<xmlChar> v(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)));
  return v ? reinterpret_cast<const char*>(v.get()) : "";
}

/// Runs of HTML whitespace as one space (U+00A0 is not whitespace in HTML, and stays).
std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
    }
    if (space && out.empty()) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  if (space) {
    out += ' ';
  }
  return out;
}

std::string trim(const std::string& s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(s[b])) {
    ++b;
  }
  while (e > b && is_space(s[e - 1])) {
    --e;
  }
  return s.substr(b, e - b);
}

/// Text escaped so CommonMark shows it as itself, wherever on a line it stands.
std::string escape_inline(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    if (std::strchr("\\`*_[]<>&", c) != nullptr && c != '\0') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

/// The escapes a line needs when text starts it: block markers and list numbers.
std::string escape_line_start(const std::string& s) {
  if (s.empty()) {
    return s;
  }
  if (std::strchr("#-+=~>|", s[0]) != nullptr) {
    return "\\" + s;
  }
  std::size_t digits = 0;
  while (digits < s.size() && digits < 10 && s[digits] >= '0' && s[digits] <= '9') {
    ++digits;
  }
  if (digits > 0 && digits < s.size() && (s[digits] == '.' || s[digits] == ')')) {
    return s.substr(0, digits) + "\\" + s.substr(digits);
  }
  return s;
}

/// The longest run of `c` in `s`.
std::size_t longest_run(std::string_view s, char c) {
  std::size_t best = 0;
  std::size_t run = 0;
  for (char x : s) {
    run = x == c ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

/// Finishes inline content as the lines of a paragraph (or heading): spaces collapsed and
/// trimmed, hard breaks as "\" + newline (none first or last), line starts escaped.
std::vector<std::string> finish_lines(const std::string& raw) {
  std::vector<std::string> lines;
  std::string cur;
  auto flush = [&] {
    std::string t = trim(cur);
    cur.clear();
    if (!t.empty() && t[0] == k_text_start) {
      t = t.substr(1);
      t = k_text_start + escape_line_start(t);
    }
    t.erase(std::remove(t.begin(), t.end(), k_text_start), t.end());
    t = trim(t);
    if (!t.empty()) {
      lines.push_back(t);
    }
  };
  for (char c : raw) {
    if (c == k_break) {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  // A text node's leading space may sit before its start mark: "x \x01- y" starts no line, fine;
  // but a line " \x01- y" was trimmed above, so the mark is first there.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    lines[i] += "\\";
  }
  // Double spaces left where two nodes met.
  for (auto& l : lines) {
    std::string out;
    for (char c : l) {
      if (c == ' ' && !out.empty() && out.back() == ' ') {
        continue;
      }
      out += c;
    }
    l = out;
  }
  return lines;
}

enum class Kind { none, paragraph, heading, list_bullet, list_ordered, quote, code, rule };

struct Block {
  Kind kind = Kind::none;
  std::vector<std::string> lines;
  bool alternate = false; ///< a list with the other marker ('*', ')'), after a list of its kind
};

class Writer {
public:
  std::vector<std::string> lost;

  /// The blocks of `n`'s children.
  std::vector<Block> blocks(const xmlNode* n) {
    std::vector<Block> out;
    std::string para;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_block(c)) {
        flush_paragraph(para, out);
        block(c, out);
      } else {
        para += inline_node(c);
      }
    }
    flush_paragraph(para, out);
    return out;
  }

  /// Blocks as text: a blank line between blocks (a list right after a paragraph in a list item
  /// follows it directly, so the list stays tight).
  static std::vector<std::string> join(const std::vector<Block>& bs, bool in_item) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < bs.size(); ++i) {
      if (i > 0) {
        bool tight = in_item && bs[i - 1].kind == Kind::paragraph &&
                     (bs[i].kind == Kind::list_bullet || bs[i].kind == Kind::list_ordered);
        if (!tight) {
          lines.emplace_back();
        }
      }
      lines.insert(lines.end(), bs[i].lines.begin(), bs[i].lines.end());
    }
    return lines;
  }

  void lose(const std::string& what) {
    if (m_seen.insert(what).second) {
      lost.push_back(what);
    }
  }

private:
  std::set<std::string> m_seen;
  int m_em = 0;
  int m_strong = 0;
  int m_link = 0;

  static bool is_block(const xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE) {
      return false;
    }
    static const std::set<std::string> k{
        "p",    "div",        "h1",     "h2",         "h3",      "h4",      "h5",      "h6",    "ul",    "ol",
        "li",   "blockquote", "pre",    "hr",         "table",   "tr",      "thead",   "tbody", "tfoot", "dl",
        "dt",   "dd",         "center", "section",    "article", "header",  "footer",  "nav",   "main",  "address",
        "form", "fieldset",   "figure", "figcaption", "details", "summary", "caption", "head",  "aside"};
    return k.count(name_of(n)) != 0;
  }

  void note_attributes(const xmlNode* n) {
    static const std::set<std::string> k{"style", "color", "bgcolor", "face",  "size",
                                         "align", "width", "height",  "border"};
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      std::string an = reinterpret_cast<const char*>(a->name);
      if (k.count(an) != 0) {
        lose("presentation attributes (style, colour, size, alignment)");
        return;
      }
    }
  }

  void flush_paragraph(std::string& para, std::vector<Block>& out) {
    auto lines = finish_lines(para);
    para.clear();
    if (!lines.empty()) {
      out.push_back(Block{Kind::paragraph, std::move(lines)});
    }
  }

  void block(const xmlNode* n, std::vector<Block>& out) {
    std::string name = name_of(n);
    note_attributes(n);
    if (name == "p") {
      std::string para = inline_children(n);
      flush_paragraph(para, out);
    } else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      heading(n, name[1] - '0', out);
    } else if (name == "ul" || name == "ol") {
      list(n, name == "ol", out);
    } else if (name == "li") {
      list(n, false, out, true); // an li outside a list: a one-item list
    } else if (name == "blockquote") {
      quote(n, out);
    } else if (name == "pre") {
      code_block(n, out);
    } else if (name == "hr") {
      out.push_back(Block{Kind::rule, {"---"}});
    } else if (name == "head") {
      if (!trim(collapse(text_of(n))).empty()) {
        lose("<head> (its title and metadata)");
      }
    } else if (name == "table" || name == "thead" || name == "tbody" || name == "tfoot" || name == "tr" ||
               name == "caption") {
      lose("<table> (cells kept as text)");
      table(n, out);
    } else {
      if (name == "dl" || name == "dt" || name == "dd") {
        lose("<dl> (definition list kept as paragraphs)");
      } else if (name == "center") {
        lose("<center>");
      } else if (name == "form" || name == "fieldset") {
        lose("<form>");
      }
      auto inner = blocks(n); // div and friends: their content, as blocks in place
      out.insert(out.end(), inner.begin(), inner.end());
    }
  }

  void heading(const xmlNode* n, int level, std::vector<Block>& out) {
    std::string raw = inline_children(n);
    std::replace(raw.begin(), raw.end(), k_break, ' ');
    auto lines = finish_lines(raw);
    if (lines.empty()) {
      return;
    }
    std::string text = lines[0];
    // A heading's text is not at a line start: undo nothing, but a trailing '#' run would close it.
    if (!text.empty() && text.back() == '#') {
      text.insert(text.size() - 1, "\\");
    }
    out.push_back(Block{Kind::heading, {std::string(static_cast<std::size_t>(level), '#') + " " + text}});
  }

  void list(const xmlNode* n, bool ordered, std::vector<Block>& out, bool lone_item = false) {
    long number = 1;
    if (ordered) {
      std::string start = attribute(n, "start");
      if (!start.empty() && start.find_first_not_of("0123456789") == std::string::npos && start.size() < 9) {
        number = std::stol(start);
      }
    }
    Kind kind = ordered ? Kind::list_ordered : Kind::list_bullet;
    // Two lists in a row would merge: the second one takes the other marker.
    bool alternate = !out.empty() && out.back().kind == kind && !out.back().alternate;
    char bullet = alternate ? '*' : '-';
    char delimiter = alternate ? ')' : '.';
    Block b{kind, {}, alternate};
    auto item = [&](const xmlNode* li) {
      note_attributes(li);
      std::vector<Block> inner = li != nullptr ? blocks(li) : std::vector<Block>{};
      std::string marker = ordered ? std::to_string(number++) + delimiter + " " : std::string(1, bullet) + " ";
      std::vector<std::string> lines = join(inner, true);
      if (lines.empty()) {
        b.lines.push_back(trim(marker));
        return;
      }
      std::string indent(marker.size(), ' ');
      for (std::size_t i = 0; i < lines.size(); ++i) {
        b.lines.push_back(i == 0 ? marker + lines[i] : lines[i].empty() ? "" : indent + lines[i]);
      }
    };
    if (lone_item) {
      item(n);
    } else {
      std::string stray; // text or inline elements directly in the list: an item of their own
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "li") {
          item(c);
        } else if (c->type == XML_ELEMENT_NODE && is_block(c)) {
          std::vector<Block> inner;
          block(c, inner);
          for (const auto& ib : inner) {
            b.lines.insert(b.lines.end(), ib.lines.begin(), ib.lines.end());
          }
        } else if (!trim(collapse(text_of(c))).empty()) {
          auto lines = finish_lines(inline_node(c));
          for (const auto& l : lines) {
            b.lines.push_back(std::string(1, bullet) + " " + l);
          }
        }
      }
    }
    if (!b.lines.empty()) {
      out.push_back(std::move(b));
    }
  }

  void quote(const xmlNode* n, std::vector<Block>& out) {
    auto lines = join(blocks(n), false);
    if (lines.empty()) {
      return;
    }
    Block b{Kind::quote, {}};
    for (const auto& l : lines) {
      b.lines.push_back(l.empty() ? ">" : "> " + l);
    }
    out.push_back(std::move(b));
  }

  void code_block(const xmlNode* n, std::vector<Block>& out) {
    std::string text = text_of(n);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    if (!text.empty() && text[0] == '\n') {
      text.erase(0, 1);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
      text.pop_back();
    }
    if (text.empty()) {
      return;
    }
    std::string fence(std::max<std::size_t>(3, longest_run(text, '`') + 1), '`');
    Block b{Kind::code, {fence}};
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      b.lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) {
        break;
      }
      start = nl + 1;
    }
    b.lines.push_back(fence);
    out.push_back(std::move(b));
  }

  /// A table's rows as paragraphs, cells separated by " | ".
  void table(const xmlNode* n, std::vector<Block>& out) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      std::string name = name_of(c);
      if (name == "tr") {
        std::string row;
        for (const xmlNode* cell = c->children; cell != nullptr; cell = cell->next) {
          if (cell->type == XML_ELEMENT_NODE) {
            std::string t = trim(inline_children_flat(cell));
            if (!t.empty()) {
              row += (row.empty() ? "" : " | ") + t;
            }
          }
        }
        flush_paragraph(row, out);
      } else if (name == "caption") {
        std::string cap = inline_children_flat(c);
        flush_paragraph(cap, out);
      } else {
        table(c, out);
      }
    }
  }

  /// Inline content of an element whose block children are flattened into it (table cells).
  std::string inline_children_flat(const xmlNode* n) {
    std::string s;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_block(c)) {
        s += " " + inline_children_flat(c) + " ";
      } else {
        s += inline_node(c);
      }
    }
    std::replace(s.begin(), s.end(), k_break, ' ');
    return s;
  }

  static std::string text_of(const xmlNode* n) {
    xml::xml_ptr<xmlChar> t(xmlNodeGetContent(n));
    return t ? reinterpret_cast<const char*>(t.get()) : "";
  }

  std::string inline_children(const xmlNode* n) {
    std::string s;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      s += is_block(c) ? " " + inline_children_flat(c) + " " : inline_node(c);
    }
    return s;
  }

  /// Emphasis markers around content, its outer spaces moved outside (a marker next to a space
  /// would not count as one).
  static std::string wrap(const std::string& inner, const std::string& marker) {
    std::size_t b = 0;
    std::size_t e = inner.size();
    while (b < e && (is_space(inner[b]) || inner[b] == k_break)) {
      ++b;
    }
    while (e > b && (is_space(inner[e - 1]) || inner[e - 1] == k_break)) {
      --e;
    }
    if (b == e) {
      return inner;
    }
    return inner.substr(0, b) + marker + inner.substr(b, e - b) + marker + inner.substr(e);
  }

  std::string inline_node(const xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      std::string t = collapse(xml::str(n->content));
      if (t.empty()) {
        return t;
      }
      if (t[0] == ' ') {
        return std::string(" ") + k_text_start + escape_inline(t.substr(1));
      }
      return k_text_start + escape_inline(t);
    }
    if (n->type == XML_ENTITY_REF_NODE) {
      return k_text_start + escape_inline(text_of(n));
    }
    if (n->type != XML_ELEMENT_NODE) {
      return ""; // comments, processing instructions
    }
    note_attributes(n);
    std::string name = name_of(n);
    if (name == "br") {
      return std::string(1, k_break);
    }
    if (name == "em" || name == "i" || name == "cite" || name == "var" || name == "dfn") {
      if (m_em > 0) {
        return inline_children(n);
      }
      ++m_em;
      std::string s = wrap(inline_children(n), "*");
      --m_em;
      return s;
    }
    if (name == "strong" || name == "b") {
      if (m_strong > 0) {
        return inline_children(n);
      }
      ++m_strong;
      std::string s = wrap(inline_children(n), "**");
      --m_strong;
      return s;
    }
    if (name == "a") {
      return link(n);
    }
    if (name == "code" || name == "tt" || name == "kbd" || name == "samp") {
      return code_span(n);
    }
    if (name == "img") {
      lose("<img> (image dropped, its alt text kept)");
      std::string alt = collapse(attribute(n, "alt"));
      return alt.empty() ? "" : k_text_start + escape_inline(alt);
    }
    if (name == "script" || name == "style" || name == "template" || name == "object" || name == "embed" ||
        name == "iframe" || name == "noembed") {
      lose("<" + name + "> (dropped with its content)");
      return "";
    }
    if (name == "span" || name == "abbr" || name == "acronym" || name == "q" || name == "label" || name == "nobr" ||
        name == "wbr" || name == "time" || name == "data" || name == "bdi" || name == "bdo") {
      return inline_children(n);
    }
    // font, u, s, strike, del, ins, sup, sub, small, big, mark, input, select, button, and
    // anything unknown: no CommonMark form; the text stays.
    lose("<" + name + ">");
    return inline_children(n);
  }

  std::string link(const xmlNode* n) {
    std::string href = trim(attribute(n, "href"));
    std::string lower = href;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (m_link > 0 || href.empty() || lower.rfind("javascript:", 0) == 0) {
      if (lower.rfind("javascript:", 0) == 0) {
        lose("javascript: link (its text kept)");
      }
      return inline_children(n);
    }
    ++m_link;
    std::string inner = inline_children(n);
    --m_link;
    std::replace(inner.begin(), inner.end(), k_break, ' ');
    if (trim(inner).empty()) {
      inner = escape_inline(href);
    }
    std::string dest;
    for (char c : href) {
      if (c == ' ' || c == '<' || c == '>' || c == '\n' || c == '\r' || c == '\t') {
        static const char* hex = "0123456789ABCDEF";
        dest += '%';
        dest += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
        dest += hex[static_cast<unsigned char>(c) & 0xF];
      } else if (c == '\\') {
        dest += "\\\\";
      } else {
        dest += c;
      }
    }
    return "[" + trim(inner) + "](<" + dest + ">)";
  }

  static std::string code_span(const xmlNode* n) {
    std::string t = collapse(text_of(n));
    if (trim(t).empty()) {
      return t;
    }
    std::string fence(longest_run(t, '`') + 1, '`');
    bool pad = t.front() == '`' || t.back() == '`' || (t.front() == ' ' && t.back() == ' ');
    return fence + (pad ? " " : "") + t + (pad ? " " : "") + fence;
  }
};

/// The document's body (or root) of an HTML fragment; null for an empty one.
const xmlNode* body_of(xmlDoc* doc) {
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) {
    return nullptr;
  }
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && name_of(c) == "body") {
      return c;
    }
  }
  return root;
}

struct HtmlCtxtFree {
  void operator()(htmlParserCtxt* c) const { htmlFreeParserCtxt(c); }
};

/// The tree of an HTML fragment; `complete` false when the parser stopped before its end.
xml::xml_ptr<xmlDoc> parse_html(std::string_view html, bool& complete) {
  xml::init_libxml();
  std::unique_ptr<htmlParserCtxt, HtmlCtxtFree> ctxt(htmlNewParserCtxt());
  if (!ctxt) {
    throw std::bad_alloc();
  }
  // No network, no error output: HTML in AltUt is what browsers accepted, and is read as they do.
  xml::xml_ptr<xmlDoc> doc(htmlCtxtReadMemory(ctxt.get(), html.data(), static_cast<int>(html.size()), "body", "UTF-8",
                                              HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
  complete = ctxt->disableSAX == 0; // a fatal error (libxml2's depth bound) stops the parser there
  return doc;
}

void collect_text(const xmlNode* n, std::string& out, bool& markup) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      out += xml::str(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      std::string name = name_of(c);
      if (name != "p") {
        markup = true;
      }
      if (name == "script" || name == "style") {
        continue;
      }
      // Inline elements join their text to what is around it; others stand apart.
      static const std::set<std::string> k_inline{"b",      "i",    "em",    "strong", "a",   "span", "font", "u",
                                                  "code",   "tt",   "small", "big",    "sup", "sub",  "abbr", "s",
                                                  "strike", "mark", "q",     "cite",   "kbd", "var",  "label"};
      bool apart = k_inline.count(name) == 0;
      out += apart ? " " : "";
      collect_text(c, out, markup);
      out += apart ? " " : "";
    }
  }
}

} // namespace

MarkdownResult html_to_commonmark(std::string_view html) {
  MarkdownResult r;
  if (html.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return r;
  }
  auto doc = parse_html(html, r.complete);
  const xmlNode* body = doc ? body_of(doc.get()) : nullptr;
  if (body == nullptr) {
    r.complete = false;
    return r;
  }
  Writer w;
  // The head (title, meta, style) is not body text; say so when it held any.
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  for (const xmlNode* c = root->children; c != nullptr && c != body; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && name_of(c) == "head" && c->children != nullptr) {
      w.lose("<head> (its title and metadata)");
    }
  }
  auto lines = Writer::join(w.blocks(body), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    r.text += lines[i];
    if (i + 1 < lines.size()) {
      r.text += '\n';
    }
  }
  r.lost = std::move(w.lost);
  return r;
}

MarkdownResult html_to_plain_text(std::string_view html) {
  MarkdownResult r;
  if (html.find_first_of("<&") == std::string_view::npos) {
    r.text = trim(collapse(html));
    return r;
  }
  auto doc = parse_html(html, r.complete);
  const xmlNode* body = doc ? body_of(doc.get()) : nullptr;
  if (body == nullptr) {
    r.text = trim(collapse(html));
    return r;
  }
  std::string text;
  bool markup = false;
  collect_text(body, text, markup);
  r.text = trim(collapse(text));
  if (markup) {
    r.lost.push_back("markup removed (plain text only)");
  }
  return r;
}

} // namespace altkit::convert
