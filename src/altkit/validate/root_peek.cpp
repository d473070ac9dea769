#include "altkit/validate/root_peek.hpp"

#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"

#include <libxml/parser.h>

#include <cstring>

namespace altkit::validate {

namespace {

struct PeekState {
  RootInfo root;
  bool done = false;
};

std::string str(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

void on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int, const xmlChar**,
              int nb_attributes, int, const xmlChar** attributes) {
  auto* pctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* st = static_cast<PeekState*>(pctxt->_private);
  st->root.found = true;
  st->root.local = str(localname);
  st->root.ns = str(uri);
  st->root.qname = prefix != nullptr ? str(prefix) + ":" + str(localname) : str(localname);
  for (int i = 0; i < nb_attributes; ++i) {
    if (attributes[i * 5 + 2] == nullptr) {
      st->root.attributes[str(attributes[i * 5])] =
          std::string(reinterpret_cast<const char*>(attributes[i * 5 + 3]),
                      static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]));
    }
  }
  if (pctxt->input != nullptr) {
    const xmlChar* cur = pctxt->input->cur;
    st->root.line = static_cast<std::uint64_t>(pctxt->input->line);
    st->root.column = static_cast<std::uint64_t>(pctxt->input->col) + (cur == nullptr ? 0 : cur[0] == '/' ? 2 : cur[0] == '>' ? 1 : 0);
  }
  st->done = true;
  xmlStopParser(pctxt);
}

void on_internal_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* pctxt = static_cast<xmlParserCtxtPtr>(ctx);
  static_cast<PeekState*>(pctxt->_private)->done = true; // the validator reports it
  xmlStopParser(pctxt);
}

void ignore_error(void*, xmlErrorPtr) {}

} // namespace

PeekedDocument peek_root(std::unique_ptr<io::ByteSource> src) {
  xml::init_libxml();
  PeekState st;
  std::string prefix;
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.internalSubset = on_internal_subset;
  sax.serror = ignore_error;
  xml::xml_ptr<xmlParserCtxt> pctxt(xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, src->name().c_str()));
  if (!pctxt) {
    throw std::bad_alloc();
  }
  xmlCtxtUseOptions(pctxt.get(), xml::safe_parse_options());
  pctxt->_private = &st;
  xmlSetStructuredErrorFunc(nullptr, ignore_error);
  char buf[4096];
  // A root start tag is short in any real document; stop looking after 1 MiB of prologue.
  while (!st.done && prefix.size() < (1u << 20)) {
    std::size_t n = src->read(buf, sizeof buf);
    prefix.append(buf, n);
    xmlParseChunk(pctxt.get(), buf, static_cast<int>(n), n == 0 ? 1 : 0);
    if (n == 0 || pctxt->disableSAX != 0 || pctxt->instate == XML_PARSER_EOF) {
      break;
    }
  }
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  PeekedDocument out;
  out.root = std::move(st.root);
  out.source = std::make_unique<io::PrefixedSource>(std::move(prefix), std::move(src));
  return out;
}

} // namespace altkit::validate
