#pragma once

#include "altkit/convert/options.hpp"
#include "altkit/convert/verbatim.hpp"
#include "altkit/io/source.hpp"
#include "altkit/xml/handles.hpp"

#include <libxml/xmlreader.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace altkit::convert {

/// What every Message of one file shares: GovOrgan/@name (the SystemUserCode) and
/// AltUt/@sequenceno (domain.md §1).
struct FileHeader {
  std::string system_user;
  std::string sequence;
  /// What surrounds the Messages in the file, byte for byte (null when they are not kept verbatim).
  std::shared_ptr<const VerbatimFrame> frame;
};

/// One Message as read, ready to travel to any worker thread: its element serialised (`text`,
/// with the namespace declarations in scope that it uses added after its own; or its bytes as
/// read, `raw`, where those are the same document: see text_is_raw), the line of each
/// element in document order, and the encoding its file declared. The worker that takes it
/// builds `doc` from these with build_document(): the reader's thread allocates no tree that
/// another thread frees (glibc's arenas make such frees, and the mallocs after them, slow).
struct MessageInput {
  std::uint64_t index = 0; ///< 1-based, in the input file
  std::uint64_t line = 0;
  std::string text;                  ///< the element as UTF-8 XML (no declaration)
  std::vector<unsigned short> lines; ///< each element's line (libxml2's, capped at 65535), in document order
  std::string encoding;              ///< the input document's declared encoding ("": none)
  /// The element's bytes exactly as in the file, in its encoding (header.frame says which); ""
  /// when they could not be found (then a rejected copy is `text` serialised again).
  std::string raw;
  /// `raw` is the text to build `doc` from, and `text` is empty: raw is UTF-8 and declares every
  /// namespace its elements and attributes use (what the serialised text would add is nothing).
  bool text_is_raw = false;
  /// The standalone document of the Message: null until build_document(), or set directly by
  /// a caller that has one.
  xml::xml_ptr<xmlDoc> doc;
  /// Namespace declarations the element itself carries; those added for what it uses follow them.
  int own_namespaces = 0;
  std::shared_ptr<const FileHeader> header;
  std::uint64_t bytes = 0; ///< about what it holds in memory (for the pipeline's budget)
};

/// Builds `in.doc` from `in.text` (or `in.raw`, text_is_raw) when it is null: the same document a deep copy of the
/// element into a new document (xmlDocCopyNode) gives: namespace declarations, element lines, encoding. Throws
/// std::logic_error when the text does not parse back into the element it was written from (a bug), std::bad_alloc.
/// Thread-safe for distinct inputs.
void build_document(MessageInput& in);

/// Reads an AltUt file one Message at a time (xmlTextReader; memory bounded by the largest
/// Message): refuses a DOCTYPE before the reader sees it, unwraps a SOAP envelope
/// (SubmitAltutMessagePw: the AltUt document as an escaped string in altutMessage), reads the
/// GovOrgan/AltUt header, accepts AltUt with or without a namespace (domain.md §11 G33).
/// Not thread-safe; one per file. `src` must outlive the reader.
class MessageReader {
public:
  /// An encoding declaration that contradicts the bytes fails the file (`encoding-mismatch`);
  /// a Latin-1 file with bytes 0x80-0x9F is read as Windows-1252 when `latin1_as_windows_1252`
  /// (a note says so), else as declared (a warning says where): see xml/encoding.hpp.
  explicit MessageReader(io::ByteSource& src, bool latin1_as_windows_1252 = false);
  ~MessageReader();
  MessageReader(const MessageReader&) = delete;
  MessageReader& operator=(const MessageReader&) = delete;

  /// The next Message into `out`; false at the end of the file or when it cannot be read on
  /// (then finish() says why).
  bool next(MessageInput& out);

  /// After next() returned false: the number of messages read, and whether the file was read
  /// to its end; if not, `result.readable` is false with the reason in `result.diagnostics`
  /// (file names left empty for the caller): encoding-mismatch, doctype-forbidden, not-well-formed, unreadable
  /// (I/O), soap-without-altut, not-altut.
  void finish(FileConversion& result);

  struct State;

private:
  std::unique_ptr<State> m_state;
};

} // namespace altkit::convert
