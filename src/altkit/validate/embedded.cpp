#include "altkit/validate/embedded.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/validate/root_peek.hpp"
#include "altkit/validate/routed.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cstring>

namespace altkit::validate {

namespace {

bool is_named(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::string qname_of(const xmlNode* n) {
  return xml::qualified(n->ns != nullptr ? n->ns->prefix : nullptr, n->name);
}

/// The element path as PathTracker writes it: qualified names, a position from the second
/// same-named sibling on.
std::string path_of(const xmlNode* n) {
  std::string path;
  for (; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    std::size_t index = 1;
    for (const xmlNode* s = n->prev; s != nullptr; s = s->prev) {
      if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, n->name) != 0 && s->ns == n->ns) {
        ++index;
      }
    }
    std::string step = "/" + qname_of(n) + (index > 1 ? "[" + std::to_string(index) + "]" : "");
    path.insert(0, step);
  }
  return path;
}

std::string child_text(const xmlNode* parent, const char* local) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (is_named(c, local)) {
      xml::xml_ptr<xmlChar> v(xmlNodeGetContent(c));
      return xml::str(v.get());
    }
  }
  return {};
}

/// Walks the batch's bytes forward, keeping the line and column (in characters) of its cursor.
class Cursor {
public:
  explicit Cursor(std::string_view bytes) : m_bytes(bytes) {}
  /// Moves to `to` (not before the cursor).
  void advance(std::size_t to) {
    for (; m_at < to && m_at < m_bytes.size(); ++m_at) {
      unsigned char c = static_cast<unsigned char>(m_bytes[m_at]);
      if (c == '\n') {
        ++m_line;
        m_column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++m_column;
      }
    }
  }
  /// The start tag `<qname` at or after the cursor: moves past its '>' and returns true.
  bool past_start_tag(const std::string& qname) {
    std::string open = "<" + qname;
    for (std::size_t at = m_bytes.find(open, m_at); at != std::string_view::npos; at = m_bytes.find(open, at + 1)) {
      std::size_t after = at + open.size();
      if (after < m_bytes.size() && m_bytes[after] != '\0' && std::strchr(" \t\r\n/>", m_bytes[after]) != nullptr) {
        std::size_t gt = m_bytes.find('>', after);
        if (gt == std::string_view::npos) {
          return false;
        }
        advance(gt + 1);
        return true;
      }
    }
    return false;
  }
  /// After whitespace, a CDATA section: moves to its first character and returns true.
  bool into_cdata() {
    std::size_t at = m_at;
    while (at < m_bytes.size() && m_bytes[at] != '\0' && std::strchr(" \t\r\n", m_bytes[at]) != nullptr) {
      ++at;
    }
    if (m_bytes.compare(at, 9, "<![CDATA[") != 0) {
      return false;
    }
    advance(at + 9);
    return true;
  }
  std::uint64_t line() const { return m_line; }
  std::uint64_t column() const { return m_column; }

private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_column = 1;
};

/// Blanks an XML declaration that names another encoding than UTF-8 (the form's text is UTF-8
/// once the batch is read; "utf-16" there would contradict its bytes). Spaces keep positions.
void blank_foreign_declaration(std::string& text) {
  if (text.rfind("<?xml", 0) != 0) {
    return;
  }
  std::size_t end = text.find("?>");
  std::size_t enc = text.find("encoding", 0);
  if (end == std::string::npos || enc == std::string::npos || enc > end) {
    return;
  }
  std::size_t q = text.find_first_of("\"'", enc);
  if (q == std::string::npos || q > end) {
    return;
  }
  std::string name = text.substr(q + 1, text.find(text[q], q + 1) - q - 1);
  for (char& c : name) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (name != "utf-8" && name != "utf8") {
    for (std::size_t i = 0; i < end + 2; ++i) {
      text[i] = ' ';
    }
  }
}

void collect(const xmlNode* n, Cursor& cursor, std::vector<EmbeddedForm>& out) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (is_named(n, "FormData") && is_named(n->parent, "Form")) {
      EmbeddedForm f;
      f.number = out.size() + 1;
      f.data_format_id = child_text(n->parent, "DataFormatId");
      f.data_format_version = child_text(n->parent, "DataFormatVersion");
      // The form is the CDATA section (whitespace around it is the batch's layout), else the text.
      bool cdata = false;
      bool other_text = false;
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (c->type == XML_CDATA_SECTION_NODE) {
          cdata = true;
          f.text += xml::str(c->content);
        } else if (c->type == XML_TEXT_NODE && c->content != nullptr &&
                   xml::str(c->content).find_first_not_of(" \t\r\n") != std::string::npos) {
          other_text = true;
        }
      }
      if (!cdata || other_text) {
        xml::xml_ptr<xmlChar> text(xmlNodeGetContent(n));
        f.text = xml::str(text.get());
      }
      blank_foreign_declaration(f.text);
      f.path = path_of(n);
      if (cursor.past_start_tag(qname_of(n))) {
        f.line = cursor.line();
        f.column = cursor.column();
        if (cdata && !other_text && cursor.into_cdata()) {
          f.text_line = cursor.line();
          f.text_column = cursor.column();
        }
      } else {
        f.line = static_cast<std::uint64_t>(xmlGetLineNo(n)); // not ASCII-compatible: the line only
      }
      out.push_back(std::move(f));
      continue;
    }
    collect(n->children, cursor, out);
  }
}

} // namespace

std::vector<EmbeddedForm> embedded_forms(std::string_view bytes, const std::string& name) {
  xml::xml_ptr<xmlDoc> doc;
  {
    xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors); // the batch's own validation reports them
    doc = xml::read_memory(bytes, name, xml::Doctype::refuse, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  }
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!is_named(root, "ServiceOwner") || root->ns == nullptr ||
      reinterpret_cast<const char*>(root->ns->href) != k_serviceinitiation_ns) {
    return {};
  }
  std::vector<EmbeddedForm> out;
  Cursor cursor(bytes);
  collect(root, cursor, out);
  return out;
}

diag::Diagnostic place_in_batch(const diag::Diagnostic& inner, const EmbeddedForm& form, const std::string& file) {
  diag::Diagnostic d = inner;
  d.file = file;
  if (form.text_line != 0 && inner.line != 0) {
    d.line = form.text_line + inner.line - 1;
    d.column = inner.line == 1 && inner.column != 0 ? form.text_column + inner.column - 1 : inner.column;
  } else {
    d.line = form.line;
    d.column = form.column;
  }
  d.path = form.path + inner.path;
  std::string where = "in form " + std::to_string(form.number);
  if (!form.data_format_id.empty() || !form.data_format_version.empty()) {
    where += " (dataFormatId " + form.data_format_id + ", version " + form.data_format_version + ")";
  }
  if (inner.line != 0) {
    where += " at " + std::to_string(inner.line) + ":" + std::to_string(inner.column);
  }
  d.message = where + ": " + inner.message;
  d.related_line = form.line;
  d.related_column = form.column;
  d.related_message = "form " + std::to_string(form.number) + " starts here; the finding is at line " +
                      std::to_string(inner.line) + ", column " + std::to_string(inner.column) + " of the form";
  return d;
}

DocumentResult validate_deep(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                             const schema::CompiledSchema* single, const schema::Catalog* catalog) {
  const std::string name = src->name();
  std::shared_ptr<const std::string> bytes;
  try {
    auto peeked = peek_root(std::move(src));
    if (!peeked.root.found || peeked.root.local != "ServiceOwner" || peeked.root.ns != k_serviceinitiation_ns) {
      return validate_routed(validator, std::move(peeked.source), single, catalog);
    }
    bytes = std::make_shared<const std::string>(io::read_all(*peeked.source));
  } catch (const diag::Error& e) {
    return unreadable_result(name, diag::tidy_message(e.what()));
  }
  DocumentResult r = validate_routed(validator, std::make_unique<io::MemorySource>(bytes, name), single, catalog);
  if (r.verdict == Verdict::unreadable) {
    return r;
  }
  bool has_inner = false;
  for (const EmbeddedForm& form : embedded_forms(*bytes, name)) {
    std::string inner_name = name + "#form" + std::to_string(form.number);
    DocumentResult inner =
        validate_routed(validator, std::make_unique<io::MemorySource>(form.text, inner_name), nullptr, catalog);
    for (const auto& d : inner.diagnostics) {
      r.diagnostics.push_back(place_in_batch(d, form, name));
    }
    if (inner.verdict != Verdict::valid && r.verdict == Verdict::valid) {
      r.verdict = Verdict::invalid;
    }
    has_inner = has_inner || !inner.diagnostics.empty();
  }
  if (has_inner) { // in the batch's order: a form's findings among the batch's own
    std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(), [](const auto& a, const auto& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
  }
  return r;
}

} // namespace altkit::validate
