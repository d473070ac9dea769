#pragma once
// The Messages of an AltUt file as the file has them, byte for byte: what <file>.rejected.xml is
// made of (README: rejected messages).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::convert {

/// What a copy of some Messages of a file needs around them to be a document in the file's own
/// encoding: its byte order mark and XML declaration, and the start tags of the Messages'
/// ancestors (GovOrgan, AltUt), all as the file has them. Immutable once made.
struct VerbatimFrame {
  std::string prologue;               ///< the BOM and the XML declaration, as in the file ("" when none)
  std::vector<std::string> open_tags; ///< the ancestors' start tags, outermost first, as in the file
  std::vector<std::string> names;     ///< their qualified names, as in the file (for the end tags)
  std::string encoding; ///< the declared encoding, else UTF-16LE/UTF-16BE (by the BOM or bytes), else UTF-8
  unsigned unit = 1;    ///< bytes per code unit of the markup: 1, or 2 for UTF-16
  bool big_endian = false;

  /// ASCII text (markup, a comment, a line break) in the file's encoding.
  std::string text(std::string_view ascii) const;
  /// The end tag of open_tags[i], in the file's encoding.
  std::string end_tag(std::size_t i) const;
};

/// Finds the Messages in the bytes of an AltUt file as they are read (fed in any chunks) by
/// scanning its markup in code units: every element whose local name is Message and that is not
/// inside another Message, as MessageReader takes them, from its '<' to the '>' that ends it.
/// Holds the bytes of the Messages not yet taken and of the tag being read, no more. Gives up
/// (failed()) on a DOCTYPE, or an encoding that is neither ASCII-compatible nor UTF-16. Not
/// thread-safe; one per document.
class VerbatimScanner {
public:
  /// `own_declaration`: the document's XML declaration is kept in the frame; false for a document
  /// that is text already (the AltUt string of a SOAP envelope): it gets a UTF-8 one instead.
  explicit VerbatimScanner(bool own_declaration = true);

  void feed(const char* data, std::size_t n);

  /// The next complete Message, in document order, with its frame; false when none is complete
  /// (or the scanner gave up).
  bool take(std::string& bytes, std::shared_ptr<const VerbatimFrame>& frame);

  bool failed() const { return m_failed; }
  /// Gives up: the reader and this scanner disagree (a caller's decision).
  void fail() { m_failed = true; }

private:
  enum class State { detect, text, lt, name, attributes, end_name, end_rest, bang, comment, cdata, pi };
  struct Open {
    std::string tag, name;
  };
  struct Ready {
    std::string bytes;
    std::shared_ptr<const VerbatimFrame> frame;
  };

  void unit(char32_t c, std::uint64_t at, std::uint64_t next);
  void tag_done(std::uint64_t next, bool empty);
  void end_tag_done(std::uint64_t next);
  std::string bytes(std::uint64_t from, std::uint64_t to) const;
  void detect();
  void trim();

  bool m_own_declaration;
  bool m_failed = false;
  State m_state = State::detect;
  std::string m_buf;        ///< bytes from m_base on
  std::uint64_t m_base = 0; ///< the offset of m_buf[0] in the document
  std::uint64_t m_end = 0;  ///< the offset after the last byte fed
  std::uint64_t m_scanned = 0;
  VerbatimFrame m_layout; ///< prologue, encoding and unit; open_tags filled per snapshot
  bool m_markup_seen = false;
  bool m_in_declaration = false;
  std::string m_declaration; ///< the declaration's text, for its encoding
  std::uint64_t m_tag_start = 0;
  std::uint64_t m_name_end = 0;
  std::string m_name; ///< the tag's name as read (non-ASCII as 0x80)
  char m_quote = 0;
  char32_t m_prev = 0, m_prev2 = 0;
  std::string m_bang;
  int m_depth = 0;
  bool m_in_message = false;
  int m_message_depth = 0;
  std::uint64_t m_message_start = 0;
  std::vector<Open> m_open;
  std::shared_ptr<const VerbatimFrame> m_frame; ///< the last snapshot of m_open (null: changed since)
  std::shared_ptr<const VerbatimFrame> m_message_frame;
  std::deque<Ready> m_ready;
};

} // namespace altkit::convert
