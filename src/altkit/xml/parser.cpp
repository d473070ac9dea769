#include "altkit/xml/parser.hpp"

#include <libxml/globals.h>
#include <libxml/parserInternals.h>

#include <climits>
#include <cstring>
#include <new>

namespace altkit::xml {

namespace {

constexpr int k_unsafe =
    XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID | XML_PARSE_XINCLUDE | XML_PARSE_HUGE;

/// Takes ownership of a new parser context and gives it the safe options.
xml_ptr<xmlParserCtxt> with_safe_options(xmlParserCtxtPtr pctxt, int extra = 0) {
  if (pctxt == nullptr) {
    throw std::bad_alloc();
  }
  xmlCtxtUseOptions(pctxt, safe_options(extra));
  return xml_ptr<xmlParserCtxt>(pctxt);
}

/// SAX2 handlers with only these callbacks (no tree is built).
xmlSAXHandler sax_handler(startElementNsSAX2Func start, endElementNsSAX2Func end, internalSubsetSAXFunc subset,
                          charactersSAXFunc characters) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = start;
  sax.endElementNs = end;
  sax.internalSubset = subset;
  sax.characters = characters;
  sax.cdataBlock = characters;
  return sax;
}

/// Stops `ctxt` at a DOCTYPE, before anything in it is declared, and records why where libxml2
/// keeps its own errors (the context's last error and this thread's).
void stop_at_doctype(xmlParserCtxtPtr ctxt) {
  xmlStopParser(ctxt);
  ctxt->wellFormed = 0;
  xmlError e;
  std::memset(&e, 0, sizeof e);
  e.domain = XML_FROM_PARSER;
  e.code = XML_ERR_USER_STOP;
  e.level = XML_ERR_FATAL;
  e.message = const_cast<char*>(
      "doctype declarations are not allowed: dtds, entities and external references are disabled for safety\n");
  if (ctxt->input != nullptr) {
    e.file = const_cast<char*>(ctxt->input->filename);
    e.line = ctxt->input->line;
    e.int2 = ctxt->input->col;
  }
  xmlCopyError(&e, &ctxt->lastError);
  xmlCopyError(&e, __xmlLastError());
}

/// The DOCTYPE handler of a context whose SAX `ctx` is the context itself.
void refuse_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  stop_at_doctype(static_cast<xmlParserCtxtPtr>(ctx));
}

void take_error(const xmlParserCtxt& ctxt, ParseError* error) {
  if (error == nullptr) {
    return;
  }
  *error = ParseError{};
  if (ctxt.lastError.code != XML_ERR_OK && ctxt.lastError.message != nullptr) {
    error->message = ctxt.lastError.message;
    error->line = ctxt.lastError.line;
    error->column = ctxt.lastError.int2;
  }
}

/// A context for a tree parse; at a DOCTYPE it stops (refuse) or goes on as libxml2 would.
xml_ptr<xmlParserCtxt> tree_parser(Doctype doctype) {
  init_libxml();
  auto ctxt = with_safe_options(xmlNewParserCtxt());
  if (doctype == Doctype::refuse) {
    ctxt->sax->internalSubset = refuse_doctype; // the tree builder's `ctx` is the context
  }
  return ctxt;
}

} // namespace

int safe_parse_options() {
  return XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOXINCNODE;
}

int safe_options(int requested) {
  return (requested & ~k_unsafe) | safe_parse_options();
}

xml_ptr<xmlDoc> read_file(const std::string& path, Doctype doctype, int extra, ParseError* error) {
  auto ctxt = tree_parser(doctype);
  xml_ptr<xmlDoc> doc(xmlCtxtReadFile(ctxt.get(), path.c_str(), nullptr, safe_options(extra)));
  if (!doc) {
    take_error(*ctxt, error);
  }
  return doc;
}

xml_ptr<xmlDoc> read_memory(std::string_view bytes, const std::string& name, Doctype doctype, int extra,
                            ParseError* error) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    if (error != nullptr) {
      *error = ParseError{"document larger than 2 GiB to be read into memory\n", 0, 0};
    }
    return nullptr;
  }
  auto ctxt = tree_parser(doctype);
  xml_ptr<xmlDoc> doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr,
                                        safe_options(extra)));
  if (!doc) {
    take_error(*ctxt, error);
  }
  return doc;
}

xml_ptr<xmlTextReader> open_reader(xmlInputReadCallback read, void* ctx, const std::string& name, const char* encoding,
                                   int extra) {
  init_libxml();
  xml_ptr<xmlTextReader> reader(xmlReaderForIO(read, nullptr, ctx, name.c_str(), encoding, safe_options(extra)));
  if (!reader) {
    throw std::bad_alloc();
  }
  return reader;
}

struct PushParser::State {
  SaxEvents events;
  std::size_t max_depth = 0;
  std::size_t depth = 0;
  bool too_deep = false;
  xmlParserCtxtPtr ctxt = nullptr;
};

PushParser::PushParser(const SaxEvents& events, const std::string& name, const ParseLimits& limits)
    : m_state(std::make_unique<State>()) {
  init_libxml();
  m_state->events = events;
  m_state->max_depth = limits.max_depth;
  // Our handlers stand around the client's: the parser's `ctx` is our state, the client's the
  // context, as with a parser made without user data.
  xmlSAXHandler sax = sax_handler(on_start, on_end, on_doctype, events.characters != nullptr ? on_characters : nullptr);
  m_ctxt = with_safe_options(xmlCreatePushParserCtxt(&sax, m_state.get(), nullptr, 0, name.c_str()));
  m_state->ctxt = m_ctxt.get();
}

PushParser::~PushParser() = default;

int PushParser::parse(const char* data, std::size_t n, bool last) {
  return xmlParseChunk(m_ctxt.get(), data, static_cast<int>(n), last ? 1 : 0);
}

void PushParser::on_characters(void* ctx, const xmlChar* text, int len) {
  auto* st = static_cast<State*>(ctx);
  st->events.characters(st->ctxt, text, len);
}

bool PushParser::too_deep() const {
  return m_state->too_deep;
}

void PushParser::on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                          int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int nb_defaulted,
                          const xmlChar** attributes) {
  auto* st = static_cast<State*>(ctx);
  ++st->depth;
  if (st->events.start != nullptr) {
    st->events.start(st->ctxt, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                     attributes);
  }
  // A client that bounds depth itself has stopped the parser at this element already.
  if (st->depth > st->max_depth && st->ctxt->instate != XML_PARSER_EOF) {
    st->too_deep = true;
    xmlStopParser(st->ctxt);
    st->ctxt->wellFormed = 0;
  }
}

void PushParser::on_end(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  auto* st = static_cast<State*>(ctx);
  if (st->depth > 0) {
    --st->depth;
  }
  if (st->events.end != nullptr) {
    st->events.end(st->ctxt, localname, prefix, uri);
  }
}

void PushParser::on_doctype(void* ctx, const xmlChar* name, const xmlChar* external_id, const xmlChar* system_id) {
  auto* st = static_cast<State*>(ctx);
  if (st->events.doctype != nullptr) {
    st->events.doctype(st->ctxt, name, external_id, system_id);
  }
  if (st->ctxt->instate != XML_PARSER_EOF) {
    stop_at_doctype(st->ctxt); // refused, whatever the client did
  }
}

xml_ptr<xmlParserCtxt> make_pull_parser(const SaxEvents& events) {
  init_libxml();
  auto ctxt = with_safe_options(xmlNewParserCtxt());
  *ctxt->sax = sax_handler(events.start, events.end, events.doctype != nullptr ? events.doctype : refuse_doctype,
                           events.characters);
  ctxt->userData = ctxt.get();
  return ctxt;
}

void stop_from_error_handler(xmlParserCtxt* ctxt) {
  if (ctxt == nullptr) {
    return;
  }
  ctxt->instate = XML_PARSER_EOF;
  ctxt->disableSAX = 1;
  ctxt->wellFormed = 0;
}

xml_ptr<xmlDoc> read_io(xmlParserCtxt& ctxt, xmlInputReadCallback read, void* ctx) {
  return xml_ptr<xmlDoc>(xmlCtxtReadIO(&ctxt, read, nullptr, ctx, nullptr, nullptr, safe_parse_options()));
}

} // namespace altkit::xml
