#include "altkit/validate/root_peek.hpp"

#include "altkit/validate/libxml_sax.hpp"

#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>

#include <cstring>

namespace altkit::validate {

namespace {

struct PeekState {
  RootInfo root;
  bool done = false;
  bool doctype = false;
};

void on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int, const xmlChar**,
              int nb_attributes, int, const xmlChar** attributes) {
  auto* pctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* st = static_cast<PeekState*>(pctxt->_private);
  st->root = detail::root_from_event(pctxt, localname, prefix, uri, nb_attributes, attributes);
  st->done = true;
  xmlStopParser(pctxt);
}

void on_internal_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* pctxt = static_cast<xmlParserCtxtPtr>(ctx);
  auto* st = static_cast<PeekState*>(pctxt->_private);
  st->done = true; // the caller reports it
  st->doctype = true;
  xmlStopParser(pctxt);
}

} // namespace

PeekedDocument peek_root(std::unique_ptr<io::ByteSource> src) {
  PeekState st;
  std::string prefix;
  xml::PushParser pctxt({on_start, nullptr, on_internal_subset}, src->name());
  pctxt->_private = &st;
  char buf[4096];
  {
    xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
    // A root start tag is short in any real document; stop looking after 1 MiB of prologue.
    while (!st.done && prefix.size() < (1u << 20)) {
      std::size_t n = src->read(buf, sizeof buf);
      prefix.append(buf, n);
      xmlParseChunk(pctxt.get(), buf, static_cast<int>(n), n == 0 ? 1 : 0);
      if (n == 0 || pctxt->disableSAX != 0 || pctxt->instate == XML_PARSER_EOF) {
        break;
      }
    }
  }
  PeekedDocument out;
  out.root = std::move(st.root);
  out.doctype = st.doctype;
  out.source = std::make_unique<io::PrefixedSource>(std::move(prefix), std::move(src));
  return out;
}

} // namespace altkit::validate
