#pragma once

// What the two libxml2 SAX clients of validate/ (the validator and peek_root) share; the parsers
// themselves come from the safe parser factory, xml/parser.hpp.

#include "altkit/validate/result.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "altkit/io/source.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

namespace altkit::validate::detail {

/// The root element as a startElementNs event describes it (SAX2 attribute quintuples). Its
/// attributes are collected only for routing (`with_attributes`).
inline RootInfo root_from_event(const xmlParserCtxt* pctxt, const xmlChar* localname, const xmlChar* prefix,
                                const xmlChar* uri, int nb_attributes, const xmlChar** attributes,
                                bool with_attributes = true) {
  RootInfo root;
  root.found = true;
  root.local = xml::str(localname);
  root.ns = xml::str(uri);
  root.qname = xml::qualified(prefix, localname);
  for (int i = 0; with_attributes && i < nb_attributes; ++i) {
    if (attributes[i * 5 + 2] == nullptr) { // unqualified attributes only
      root.attributes[xml::str(attributes[i * 5])] =
          std::string(reinterpret_cast<const char*>(attributes[i * 5 + 3]),
                      static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]));
    }
  }
  if (pctxt != nullptr && pctxt->input != nullptr) {
    root.line = static_cast<std::uint64_t>(pctxt->input->line);
    root.column = xml::column_after_tag(pctxt);
  }
  return root;
}

/// A worker's libxml2 pull parser, made once and reused for every document while that is safe:
/// the engines (libxml2, compiled) keep one each. Not thread-safe (one per worker).
class ReusedParser {
public:
  explicit ReusedParser(const xml::SaxEvents& events) : m_events(events) {}

  /// The context for the next document: made when there is none (then `made` is true). libxml2
  /// caps a dictionary at XML_MAX_DICTIONARY_LIMIT bytes of names, then calls every new name
  /// invalid: names earlier documents left in a reused one must not eat this document's share,
  /// so it gets the same allowance on top of them that a new context would give it.
  xmlParserCtxtPtr begin(bool* made = nullptr) {
    if (made != nullptr) {
      *made = !m_ctxt;
    }
    if (!m_ctxt) {
      m_ctxt = xml::make_pull_parser(m_events);
    }
    xmlDictSetLimit(m_ctxt->dict, xmlDictGetUsage(m_ctxt->dict) + XML_MAX_DICTIONARY_LIMIT);
    return m_ctxt.get();
  }

  /// After a document: the context is kept only after one that parsed to its end (`clean`: a
  /// stopped or broken parse may leave state, namespaces or entity counts, that xmlCtxtReset
  /// does not clear), and while its dictionary, which keeps the names of every document read,
  /// stays within bounds. Returns true when it was dropped.
  bool end(bool clean) {
    if (m_ctxt && clean && xmlDictSize(m_ctxt->dict) <= k_max_dict_names &&
        xmlDictGetUsage(m_ctxt->dict) <= k_max_dict_bytes) {
      return false;
    }
    m_ctxt.reset();
    return true;
  }

private:
  static constexpr int k_max_dict_names = 20000;
  static constexpr std::size_t k_max_dict_bytes = 4U << 20;
  xml::SaxEvents m_events;
  xml::xml_ptr<xmlParserCtxt> m_ctxt;
};

/// The parser's input: our ByteSource, with exceptions kept out of libxml2's C frames.
struct SaxInput {
  io::ByteSource* src;
  std::uint64_t* bytes;
  std::string error;
};

/// True when `p` starts as UCS-4 (UTF-32) does, with or without a byte order mark: libxml2
/// 2.9.14's pull parser switches to it through a handler it does not have and reads address 0x20
/// (SIGSEGV; found by fuzz_archive: a document starting "<\0\0\0").
inline bool looks_ucs4(const char* p, std::size_t n) {
  if (n < 4) {
    return false;
  }
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  int zeros = (u(0) == 0) + (u(1) == 0) + (u(2) == 0) + (u(3) == 0);
  bool bom = (u(0) == 0xFF && u(1) == 0xFE && u(2) == 0 && u(3) == 0) ||
             (u(0) == 0 && u(1) == 0 && u(2) == 0xFE && u(3) == 0xFF);
  return bom || (zeros == 3 && (u(0) == '<' || u(1) == '<' || u(2) == '<' || u(3) == '<'));
}

/// libxml2's read callback over a SaxInput (xml::read_io).
inline int read_sax_input(void* ctx, char* buf, int len) {
  auto* in = static_cast<SaxInput*>(ctx);
  try {
    std::size_t n = in->src->read(buf, static_cast<std::size_t>(len));
    if (*in->bytes == 0 && looks_ucs4(buf, n)) {
      in->error = "the document is in UCS-4 (UTF-32), which the libxml2 engine cannot read; -e xerces reads it";
      return -1;
    }
    *in->bytes += n;
    return static_cast<int>(n);
  } catch (const std::exception& e) {
    in->error = e.what();
    return -1;
  }
}

} // namespace altkit::validate::detail
