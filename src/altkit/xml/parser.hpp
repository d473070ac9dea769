#pragma once

// The safe parser factory: the one way altkit opens XML with libxml2. Every parser made here
// reads with safe_parse_options() (no network, no DTD loading, no entity substitution, no
// XInclude; unsafe options a caller asks for are dropped), goes through init_libxml()'s
// local-files-only entity loader, and is bounded in depth. What each way of opening does with a
// DOCTYPE and where its depth bound comes from is said at each function; the unit test
// "xml::parser" holds each of them to it.
//
// Not opened here, on purpose: schemas, which libxml2's schema compiler (xmlSchemaParse) and
// Xerces read themselves together with their imports (through the same entity loader, resp.
// the local-only resolver); and stylesheets' xsl:import/xsl:include/document(), which libxslt
// loads through its loader function, set by convert::register_extensions to use safe_options().

#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/limits.hpp"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace altkit::xml {

/// Parser options for every libxml2 parse: no network, no DTD loading, no entity substitution,
/// no XInclude, compact tree. (Huge-input mode stays off, which keeps libxml2's own depth bound of
/// 256 levels for the pull parser, the tree and the reader, and its text-length bounds.)
int safe_parse_options();

/// `requested` with the unsafe options taken out (entity substitution, DTD loading, default
/// attributes and validation from a DTD, XInclude, huge input) and safe_parse_options() added:
/// for a libxml2 caller that chooses its own options (libxslt's document loader).
int safe_options(int requested);

/// What a DOCTYPE does to a tree parse (read_file, read_memory).
enum class Doctype {
  refuse, ///< the parse stops there: no document (instance documents)
  allow,  ///< parsed, but no external DTD is loaded and no entity substituted: entity references
          ///< stay references (schemas and stylesheets, which may carry one)
};

/// Why a tree parse gave no document: the parser's last error (message as libxml2 words it,
/// with its trailing newline; line and column 0 when unknown). Empty message: none was recorded.
struct ParseError {
  std::string message;
  long line = 0;
  long column = 0;
};

/// A document tree from a file, read with the safe options plus `extra` (say XML_PARSE_NOERROR;
/// unsafe ones are dropped). Null when it is not well-formed, cannot be read, nests deeper than
/// libxml2's 256 levels, or has a refused DOCTYPE; the reason is then in `error` when given, and
/// in xmlGetLastError() (this thread's). Errors also go to this thread's structured handler
/// (ErrorHandlerScope), as for any libxml2 parse. Thread-safe after init_libxml(), which it calls.
xml_ptr<xmlDoc> read_file(const std::string& path, Doctype doctype = Doctype::refuse, int extra = 0,
                          ParseError* error = nullptr);

/// The same from bytes in memory; `name` is the document's name in errors.
xml_ptr<xmlDoc> read_memory(std::string_view bytes, const std::string& name, Doctype doctype = Doctype::refuse,
                            int extra = 0, ParseError* error = nullptr);

/// An xmlTextReader over a read callback (`read(ctx, buf, len)`: bytes read, 0 at the end, -1 on
/// error), with the safe options plus `extra`; `encoding` overrides the declared one (null: as
/// declared). Bounded by libxml2's 256 levels. libxml2 2.9 keeps the reader's parser context
/// private, so no handler can stop it at a DOCTYPE: the DOCTYPE reaches the caller as the first
/// node (XML_READER_TYPE_DOCUMENT_TYPE), with nothing in it loaded or substituted, and the caller
/// must refuse it there (convert::Converter does, after validate::peek_root refused it first).
/// Throws std::bad_alloc when the reader cannot be made. One thread at a time.
xml_ptr<xmlTextReader> open_reader(xmlInputReadCallback read, void* ctx, const std::string& name,
                                   const char* encoding = nullptr, int extra = 0);

/// The SAX2 events a streaming client handles; nothing else is installed, so no tree is built.
/// `doctype` is called at a DOCTYPE, before anything in it is declared: the client reports it
/// and must stop the parser (xmlStopParser); when it is null, the parser stops there by itself
/// with the context not well-formed.
struct SaxEvents {
  startElementNsSAX2Func start = nullptr;
  endElementNsSAX2Func end = nullptr;
  internalSubsetSAXFunc doctype = nullptr;
  charactersSAXFunc characters = nullptr; ///< text and CDATA sections alike (null: not wanted)
};

/// A push parser (xmlParseChunk) with the safe options, whose SAX2 events go to `events` only,
/// with the parser context as their `ctx`. libxml2 does not bound a SAX-only push parse in depth:
/// this one stops after the start event of an element deeper than `limits.max_depth` when the
/// client has not stopped it there itself (clients that report the limit do so in their start
/// handler; too_deep() then stays false). Not thread-safe; the object must outlive the parse.
class PushParser {
public:
  PushParser(const SaxEvents& events, const std::string& name, const ParseLimits& limits = {});
  ~PushParser();
  PushParser(const PushParser&) = delete;
  PushParser& operator=(const PushParser&) = delete;

  xmlParserCtxt* get() const { return m_ctxt.get(); }
  xmlParserCtxt* operator->() const { return m_ctxt.get(); }
  /// Feeds `n` bytes (`last` at the end of input); xmlParseChunk's result.
  int parse(const char* data, std::size_t n, bool last);
  /// True when this parser stopped the parse at the depth bound.
  bool too_deep() const;

private:
  struct State; // the client's events and the depth (parser.cpp)
  static void on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                       int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int nb_defaulted,
                       const xmlChar** attributes);
  static void on_end(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri);
  static void on_characters(void* ctx, const xmlChar* text, int len);
  static void on_doctype(void* ctx, const xmlChar* name, const xmlChar* external_id, const xmlChar* system_id);

  std::unique_ptr<State> m_state;
  xml_ptr<xmlParserCtxt> m_ctxt;
};

/// A pull-parser context with the safe options for SAX2 events only (its `ctx` is the context),
/// made once and reused: read_io resets it for each document. Bounded by libxml2's 256 levels.
/// Throws std::bad_alloc.
xml_ptr<xmlParserCtxt> make_pull_parser(const SaxEvents& events);

/// Stops `ctxt` from inside a structured error handler (xmlSetStructuredErrorFunc). xmlStopParser
/// must not be called there: it frees the input buffer (xmlHaltParser), and libxml2 2.9.14 raises
/// encoding errors from inside xmlParserInputBufferGrow, which goes on using that buffer after
/// the handler returns (a heap-use-after-free found by fuzz_archive on a streamed archive member
/// with a broken encoding). This marks the parse finished (instate XML_PARSER_EOF, no further SAX
/// events, not well-formed) and leaves the buffers to the parser, whose loops all stop at that
/// state. From SAX callbacks, xmlStopParser stays the right call. Not thread-safe (the context's).
void stop_from_error_handler(xmlParserCtxt* ctxt);

/// Resets `ctxt` and reads one document through `read` (see open_reader) with the safe options:
/// the tree, which is null for a SAX-only context.
xml_ptr<xmlDoc> read_io(xmlParserCtxt& ctxt, xmlInputReadCallback read, void* ctx);

/// A libxml2 string as std::string ("" for null).
inline std::string str(const xmlChar* s) {
  return s != nullptr ? reinterpret_cast<const char*>(s) : "";
}

/// An attribute's value ("" when absent; namespaces ignored, as xmlGetProp does).
inline std::string attribute(const xmlNode* n, const char* name) {
  xml_ptr<xmlChar> v(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)));
  return str(v.get());
}

/// A node's text content, its descendants' included.
inline std::string content(const xmlNode* n) {
  xml_ptr<xmlChar> v(xmlNodeGetContent(n));
  return str(v.get());
}

/// "prefix:local", or "local" without a prefix.
inline std::string qualified(const xmlChar* prefix, const xmlChar* localname) {
  return prefix != nullptr ? str(prefix) + ":" + str(localname) : str(localname);
}

/// At a startElementNs event the parser stands on the tag's closing '>' or '/>'; Xerces reports
/// the column after it. Returns that column, so both engines name the same place.
inline std::uint64_t column_after_tag(const xmlParserCtxt* pctxt) {
  if (pctxt == nullptr || pctxt->input == nullptr) {
    return 0;
  }
  const xmlChar* cur = pctxt->input->cur;
  std::uint64_t col = static_cast<std::uint64_t>(pctxt->input->col);
  return col + (cur == nullptr ? 0 : cur[0] == '/' ? 2 : cur[0] == '>' ? 1 : 0);
}

} // namespace altkit::xml
