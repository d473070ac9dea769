#include "altkit/convert/reader.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/io/encoder.hpp"
#include "altkit/validate/root_peek.hpp"
#include "altkit/xml/encoding.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>

namespace altkit::convert {

namespace {

using xml::str;

const char* const k_doctype_message =
    "doctype declarations are not allowed: dtds, entities and external references are disabled for safety";

using Reader = xml::xml_ptr<xmlTextReader>;

/// Lends a source to peek_root, which wants to own one.
struct Borrowed final : io::ByteSource {
  explicit Borrowed(io::ByteSource& s) : inner(s) {}
  std::size_t read(char* b, std::size_t n) override { return inner.read(b, n); }
  const std::string& name() const override { return inner.name(); }
  io::ByteSource& inner;
};

int count_namespaces(const xmlNode* n) {
  int k = 0;
  for (const xmlNs* ns = n->nsDef; ns != nullptr; ns = ns->next) {
    ++k;
  }
  return k;
}

bool declared_on(const xmlNode* n, const xmlChar* prefix) {
  for (const xmlNs* ns = n->nsDef; ns != nullptr; ns = ns->next) {
    if (xmlStrEqual(ns->prefix, prefix)) {
      return true;
    }
  }
  return false;
}

/// The namespaces a deep copy of `top` into a new document declares on its root after the
/// element's own (xmlStaticCopyNode, libxml2 2.9): those an element or attribute of the subtree
/// uses but no element of the subtree declares, the first user first.
struct NamespacesUsed {
  const xmlNode* top;
  std::vector<const xmlNs*> added;

  void use(const xmlNode* at, const xmlNs* ns) {
    if (ns == nullptr || xmlStrEqual(ns->prefix, reinterpret_cast<const xmlChar*>("xml"))) {
      return; // the xml prefix is every document's own
    }
    for (const xmlNode* n = at; n != nullptr; n = n->parent) {
      if (declared_on(n, ns->prefix)) {
        return;
      }
      if (n == top) {
        break;
      }
    }
    for (const xmlNs* a : added) {
      if (xmlStrEqual(a->prefix, ns->prefix)) {
        return;
      }
    }
    const xmlNs* in_scope = xmlSearchNs(top->doc, const_cast<xmlNode*>(at), ns->prefix);
    added.push_back(in_scope != nullptr ? in_scope : ns);
  }

  /// Walks the subtree as the copy does, noting each element's line in document order.
  void walk(const xmlNode* n, std::vector<unsigned short>& lines) {
    lines.push_back(n->line);
    use(n, n->ns);
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      use(n, a->ns);
    }
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) {
        walk(c, lines);
      }
    }
  }
};

struct BufferDeleter {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};
using Buffer = std::unique_ptr<xmlBuffer, BufferDeleter>;

/// `node` as XML text with the namespaces it uses from its ancestors (`used`, walked) declared
/// after its own: what build_document() makes a standalone document of. `buf` is scratch space,
/// kept from one call to the next.
void serialise_message(xmlNode* node, const NamespacesUsed& used, MessageInput& out, xmlBuffer* buf) {
  xmlNsPtr extra = nullptr;
  xmlNsPtr* tail = &extra;
  for (const xmlNs* ns : used.added) {
    *tail = xmlNewNs(nullptr, ns->href, ns->prefix);
    if (*tail == nullptr) {
      xmlFreeNsList(extra);
      throw std::bad_alloc();
    }
    tail = &(*tail)->next;
  }
  xmlNsPtr* end = &node->nsDef;
  while (*end != nullptr) {
    end = &(*end)->next;
  }
  *end = extra; // lent for the serialisation only
  xmlBufferEmpty(buf);
  int written = xmlNodeDump(buf, node->doc, node, 0, 0);
  *end = nullptr;
  xmlFreeNsList(extra);
  if (written < 0) {
    throw std::bad_alloc();
  }
  out.text.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
}

/// Gives the elements of `n`'s subtree the lines `lines` holds from `at` on (document order) and
/// other nodes none, as a copy has them. False: the shapes differ.
bool restore_lines(xmlNode* n, const std::vector<unsigned short>& lines, std::size_t& at) {
  if (at >= lines.size()) {
    return false;
  }
  n->line = lines[at++];
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      c->line = 0;
    } else if (!restore_lines(c, lines, at)) {
      return false;
    }
  }
  return true;
}

} // namespace

struct MessageReader::State {
  std::unique_ptr<xml::EncodingCheckedSource> checked; ///< the file, its declaration held against its bytes
  bool as_windows_1252 = false;
  std::unique_ptr<io::ByteSource> peeked; ///< replays what peek_root read, then the rest
  std::unique_ptr<io::ByteSource> inner;  ///< the AltUt document inside a SOAP envelope
  io::ByteSource* src = nullptr;          ///< what the reader reads now
  std::string name;
  Reader reader;
  std::string io_error;
  diag::Diagnostic fatal;
  bool has_fatal = false;
  std::vector<diag::Diagnostic> failures; ///< the reasons the file cannot be read on
  std::shared_ptr<FileHeader> header = std::make_shared<FileHeader>();
  /// A header handed out with a message is never changed (a worker may be reading it): a new
  /// value makes a new header, which the messages after it share.
  template <class T> void set_header(T FileHeader::*field, T value) {
    if ((*header).*field != value) {
      auto next = std::make_shared<FileHeader>(*header);
      (*next).*field = std::move(value);
      header = std::move(next);
    }
  }
  Buffer scratch{xmlBufferCreate()};
  /// Finds each Message's bytes in what the reader reads (the AltUt string of a SOAP envelope: in that).
  std::unique_ptr<VerbatimScanner> verbatim = std::make_unique<VerbatimScanner>();
  bool have_govorgan = false;
  bool soap_checked = false;
  bool positioned = false; ///< xmlTextReaderNext already moved to the next node
  bool ended = false;
  int last = 1; ///< the last reader call's result: -1 is an error
  std::uint64_t index = 0;
  std::uint64_t consumed = 0; ///< the reader's byte count after the last Message

  static int read_callback(void* ctx, char* buf, int len) {
    auto* st = static_cast<State*>(ctx);
    try {
      auto n = st->src->read(buf, static_cast<std::size_t>(len));
      st->verbatim->feed(buf, n);
      return static_cast<int>(n);
    } catch (const std::exception& e) {
      st->io_error = e.what(); // exceptions may not cross libxml2's C frames
      return -1;
    }
  }

  static void on_error(void* ctx, xmlErrorPtr e) {
    auto* st = static_cast<State*>(ctx);
    if (e == nullptr || e->level == XML_ERR_WARNING || st->has_fatal || xml::is_namespace_uri_complaint(*e)) {
      return;
    }
    st->has_fatal = true;
    int line = e->line;
    int column = e->int2;
    if (line <= 0 && st->reader) {
      line = xmlTextReaderGetParserLineNumber(st->reader.get());
      column = xmlTextReaderGetParserColumnNumber(st->reader.get());
    }
    st->fatal = diag::Diagnostic::fatal(diag::code::not_well_formed)
                    .at("", line > 0 ? static_cast<std::uint64_t>(line) : 0,
                        column > 0 ? static_cast<std::uint64_t>(column) : 0)
                    .message(diag::tidy_message(e->message != nullptr ? e->message : "parse error"));
  }

  /// Runs one reader call with this thread's context-free libxml2 errors (encoding conversion,
  /// I/O) sent to the reader's handler too: xmlTextReaderSetStructuredErrorHandler alone misses them.
  template <typename F> auto reading(F call) {
    xml::ErrorHandlerScope errors(this, on_error);
    return call();
  }

  void open(io::ByteSource* s, const char* encoding, int extra) {
    src = s;
    reader = xml::open_reader(read_callback, this, name, encoding, extra);
    xmlTextReaderSetStructuredErrorHandler(reader.get(), on_error, this);
  }

  void fail(std::uint64_t line, const diag::CodeInfo& code, std::string message) {
    failures.push_back(diag::Diagnostic::fatal(code).at("", line).message(std::move(message)));
  }

  /// Moves the reader to its next node; false at the end or on an error.
  bool advance() {
    if (positioned) {
      positioned = false;
      return true;
    }
    last = reading([&] { return xmlTextReaderRead(reader.get()); });
    return last == 1;
  }

  /// At a SOAP Envelope: walks to altutMessage and reads on in the AltUt document it carries,
  /// ignoring the encoding that declares (it is text already). False: none there.
  bool unwrap_soap() {
    while ((last = reading([&] { return xmlTextReaderRead(reader.get()); })) == 1) {
      if (xmlTextReaderNodeType(reader.get()) == XML_READER_TYPE_ELEMENT &&
          str(xmlTextReaderConstLocalName(reader.get())) == "altutMessage") {
        xml::xml_ptr<xmlChar> s(reading([&] { return xmlTextReaderReadString(reader.get()); }));
        inner = std::make_unique<io::MemorySource>(str(s.get()), name);
        verbatim = std::make_unique<VerbatimScanner>(false);
        open(inner.get(), "UTF-8", XML_PARSE_IGNORE_ENC);
        return true;
      }
    }
    if (!has_fatal) {
      fail(0, diag::code::soap_without_altut, "a SOAP envelope without an altutMessage element");
    }
    return false;
  }

  std::string attribute(const char* name_) {
    xml::xml_ptr<xmlChar> v(xmlTextReaderGetAttribute(reader.get(), reinterpret_cast<const xmlChar*>(name_)));
    return str(v.get());
  }

  /// A byte that is not UTF-8 read so far, up to the line the parser is on, that the parser let
  /// through (libxml2's push parser, under xmlTextReader, accepts overlong forms in a CDATA
  /// section): the file is not well-formed there (XML 1.0 4.3.3). True when so.
  bool bad_utf8_read() {
    auto [line, column] = checked->first_bad_utf8();
    // In a SOAP envelope's AltUt the parser's lines are the inner document's: any bad byte of the
    // file read so far counts.
    if (line == 0 || has_fatal ||
        (!inner && line > static_cast<std::uint64_t>(std::max(xmlTextReaderGetParserLineNumber(reader.get()), 0)))) {
      return false;
    }
    has_fatal = true;
    fatal = diag::Diagnostic::fatal(diag::code::not_well_formed)
                .at("", line, column)
                .message(xml::not_utf8_message(checked->first_bad_byte(), checked->facts().declared));
    return true;
  }

  /// The Message's own bytes from the scanner, which has seen them all once the reader expanded
  /// it, and their frame in the header. A scanner that has none (or found an encoding whose
  /// markup is not ASCII) is out of step and gives up for the rest of the file.
  void take_verbatim(MessageInput& out) {
    std::shared_ptr<const VerbatimFrame> frame;
    if (!verbatim->take(out.raw, frame) ||
        (frame->unit == 1 && frame->encoding != "UTF-8" && !io::is_ascii_transparent(frame->encoding))) {
      verbatim->fail();
      out.raw.clear();
      frame.reset();
    }
    set_header(&FileHeader::frame, std::move(frame));
  }

  /// At a Message element: the element serialised, with what a standalone copy needs. False:
  /// it could not be read.
  bool take_message(MessageInput& out) {
    xmlNodePtr node = reading([&] { return xmlTextReaderExpand(reader.get()); });
    if (node == nullptr) {
      // Not well-formed or undecodable inside the message: the file fails (finish() says why)
      // and this message, never read, is not counted.
      last = -1;
      return false;
    }
    if (bad_utf8_read()) {
      last = -1; // as above: the file fails at the byte, and this message is not counted
      return false;
    }
    if (!scratch) {
      throw std::bad_alloc();
    }
    out = MessageInput{};
    out.index = ++index;
    out.line = static_cast<std::uint64_t>(xmlGetLineNo(node));
    // Serialised as in the reader's document: libxml2 writes non-ASCII characters of a
    // document that names no encoding as character references, of one that does as text.
    if (node->doc != nullptr && node->doc->encoding != nullptr) {
      out.encoding = str(node->doc->encoding);
    }
    out.own_namespaces = count_namespaces(node);
    NamespacesUsed used{node, {}};
    used.walk(node, out.lines);
    take_verbatim(out);
    // UTF-8 bytes that declare every namespace they use are the text already: the worker reads
    // them (the same document), and this thread, which every Message passes, serialises nothing.
    const VerbatimFrame* frame = header->frame.get();
    out.text_is_raw = used.added.empty() && !out.raw.empty() && frame != nullptr && frame->unit == 1 &&
                      xmlStrcasecmp(reinterpret_cast<const xmlChar*>(frame->encoding.c_str()),
                                    reinterpret_cast<const xmlChar*>("UTF-8")) == 0;
    if (!out.text_is_raw) {
      serialise_message(node, used, out, scratch.get());
    }
    out.header = header;
    long now = xmlTextReaderByteConsumed(reader.get());
    std::uint64_t at = now > 0 ? static_cast<std::uint64_t>(now) : consumed;
    // the text, its bytes as read, and the tree a worker builds of it
    out.bytes = 2 * (at > consumed ? at - consumed : 0) + out.raw.size() + 1024;
    consumed = at;
    // Skip the subtree (the reader frees it: memory stays per message); the node it lands on,
    // perhaps the next Message, is looked at by the next call.
    if ((last = reading([&] { return xmlTextReaderNext(reader.get()); })) != 1) {
      ended = true;
    } else {
      positioned = true;
    }
    return true;
  }
};

MessageReader::MessageReader(io::ByteSource& src, bool latin1_as_windows_1252) : m_state(std::make_unique<State>()) {
  State& st = *m_state;
  st.name = src.name();
  st.checked = std::make_unique<xml::EncodingCheckedSource>(src, false); // UTF-8 checked as read
  if (st.checked->facts().mismatch) {
    st.failures.push_back(xml::mismatch_finding(st.checked->facts()));
    st.ended = true;
    return;
  }
  st.as_windows_1252 = latin1_as_windows_1252 && st.checked->facts().latin1;
  // Look at the prologue first: a DOCTYPE is refused before the reader sees any of it.
  auto peeked = validate::peek_root(std::make_unique<Borrowed>(*st.checked));
  if (peeked.doctype) {
    st.fail(0, diag::code::doctype_forbidden, k_doctype_message);
    st.ended = true;
    return;
  }
  st.peeked = std::move(peeked.source);
  st.open(st.peeked.get(), st.as_windows_1252 ? "WINDOWS-1252" : nullptr,
          st.as_windows_1252 ? XML_PARSE_IGNORE_ENC : 0);
}

MessageReader::~MessageReader() = default;

bool MessageReader::next(MessageInput& out) {
  State& st = *m_state;
  while (!st.ended && st.advance()) {
    int type = xmlTextReaderNodeType(st.reader.get());
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      st.fail(static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(st.reader.get())),
              diag::code::doctype_forbidden, k_doctype_message);
      break;
    }
    if (type != XML_READER_TYPE_ELEMENT) {
      continue;
    }
    std::string local = str(xmlTextReaderConstLocalName(st.reader.get()));
    if (!st.soap_checked) {
      st.soap_checked = true;
      if (local == "Envelope") {
        if (!st.unwrap_soap()) {
          break;
        }
        st.soap_checked = false;
        continue;
      }
    }
    if (local == "GovOrgan") {
      st.have_govorgan = true;
      st.set_header(&FileHeader::system_user, st.attribute("name"));
    } else if (local == "AltUt") {
      st.set_header(&FileHeader::sequence, st.attribute("sequenceno"));
    } else if (local == "Message") {
      if (st.take_message(out)) {
        return true;
      }
      break;
    }
  }
  st.ended = true;
  return false;
}

void MessageReader::finish(FileConversion& result) {
  State& st = *m_state;
  result.messages = st.index;
  auto fail = [&](diag::Diagnostic d) {
    result.readable = false;
    result.diagnostics.push_back(std::move(d));
  };
  for (auto& d : st.failures) {
    fail(d);
  }
  if (auto w = st.checked->c1_finding(st.as_windows_1252)) {
    result.diagnostics.push_back(std::move(*w));
  }
  if (!st.io_error.empty()) {
    fail(diag::Diagnostic::fatal(diag::code::unreadable).message(diag::tidy_message(st.io_error)));
  } else if (st.has_fatal && result.readable) {
    fail(st.fatal);
  } else if (st.last < 0 && result.readable) {
    // The reader gave up without telling why: never let that pass for the end of the file.
    fail(diag::Diagnostic::fatal(diag::code::not_well_formed)
             .at("", static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(st.reader.get())),
                 static_cast<std::uint64_t>(xmlTextReaderGetParserColumnNumber(st.reader.get())))
             .message("the document could not be read to its end"));
  }
  if (result.readable && !st.have_govorgan && st.index == 0 && result.diagnostics.empty()) {
    fail(diag::Diagnostic::fatal(diag::code::not_altut).message("not an AltUt document: no GovOrgan/AltUt/Message"));
  }
}

void build_document(MessageInput& in) {
  if (in.doc) {
    return;
  }
  xml::ParseError error;
  xml::xml_ptr<xmlDoc> doc = xml::read_memory(in.text_is_raw ? in.raw : in.text, "message", xml::Doctype::refuse,
                                              XML_PARSE_NOERROR | XML_PARSE_NOWARNING, &error);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  std::size_t at = 0;
  if (root == nullptr || !restore_lines(root, in.lines, at) || at != in.lines.size()) {
    throw std::logic_error("altut-convert: message " + std::to_string(in.index) +
                           " does not read back as written: " + error.message);
  }
  // As a new document holding a copy: no URL, the input's encoding.
  xmlFree(const_cast<xmlChar*>(doc->URL));
  doc->URL = nullptr;
  if (!in.encoding.empty()) {
    doc->encoding = xmlStrdup(reinterpret_cast<const xmlChar*>(in.encoding.c_str()));
  }
  in.doc = std::move(doc);
  in.text = std::string();
  in.lines = std::vector<unsigned short>();
}

} // namespace altkit::convert
