#pragma once

// The encoding declaration held against the bytes, for every tool that reads XML. XML 1.0
// §4.3.3 makes it a fatal error for an entity with an encoding declaration to be in another
// encoding than the one it names, and Appendix F says how the first bytes tell the family
// (a byte order mark, or '<?xml' in 8-bit or 16-bit units). The engines do not all hold to it:
// libxml2 and Xerces read a UTF-8 BOM under encoding="ISO-8859-1" as Latin-1 (æøå become
// mojibake), and libxml2 reads 8-bit bytes under encoding="utf-16" as UTF-8. So altkit checks
// before an engine reads: check_declaration() on the first bytes, EncodingCheckedSource around
// the input.

#include "altkit/diag/diagnostic.hpp"
#include "altkit/io/source.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace altkit::xml {

/// What the first bytes of a document say about its encoding.
struct EncodingFacts {
  std::string bytes;        ///< what the bytes are: "UTF-8 (byte order mark)", "UTF-16LE (byte order mark)",
                            ///< "8-bit (no byte order mark)", "UTF-16BE (no byte order mark)"; empty: unknown
  std::string declared;     ///< the declaration's encoding name as written; empty: none
  std::uint64_t line = 1;   ///< where the declared name starts (1-based)
  std::uint64_t column = 0; ///< 0 when there is no declaration
  bool mismatch = false;    ///< the declaration contradicts the bytes (a fatal error, XML 1.0 §4.3.3)
  bool latin1 = false;      ///< declared ISO-8859-1 (any of its IANA names) and 8-bit
  bool utf8 = false;        ///< read as UTF-8: a UTF-8 BOM, or 8-bit bytes declaring UTF-8 or no encoding
};

/// Reads `head` (the first bytes of a document; 1 KiB is enough for any real declaration) as
/// XML 1.0 Appendix F does. Pure; thread-safe.
EncodingFacts inspect_encoding(std::string_view head);

/// True for the IANA names of ISO-8859-1 ("ISO-8859-1", "latin1", "l1", "ISO_8859-1:1987",
/// "CP819", ...), case-insensitive.
bool is_latin1_name(std::string_view name);

/// The finding for a mismatch: `encoding-mismatch` (fatal, exit 3) at the declared name, saying
/// what the bytes are and what the declaration says. File name left to the caller.
diag::Diagnostic mismatch_finding(const EncodingFacts& facts);

/// The message of a not-well-formed finding at a byte that is not UTF-8 (`byte`, the first of
/// its sequence), the same from every tool and engine: what the byte is, what the document
/// declares (`declared`, "" for none), and the fix. Thread-safe.
std::string not_utf8_message(unsigned char byte, const std::string& declared);

/// A source that reads the first bytes of `inner` at once to inspect them (facts(), before a
/// parser reads anything), then serves every byte unchanged. In a document declared ISO-8859-1 it
/// watches for the first byte in 0x80-0x9F: C1 controls in Latin-1, which nobody writes, but
/// letters and punctuation in Windows-1252 (a file saved by Windows and labelled Latin-1).
/// c1_finding() says where, once read that far. Throws what `inner` throws. Not thread-safe.
class EncodingCheckedSource final : public io::ByteSource {
public:
  /// `defer_utf8`: from a source that can be read again, look for a bad UTF-8 byte only when
  /// first_bad_utf8() is asked (the engines, which check UTF-8 themselves); false: as the bytes
  /// pass (a tool that asks after every part it hands on).
  explicit EncodingCheckedSource(io::ByteSource& inner, bool defer_utf8 = true);
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_inner.name(); }
  /// The inner source's (the bytes pass through unchanged; nothing is checked again).
  bool can_read_at() const override { return m_inner.can_read_at(); }
  std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset) override {
    return m_inner.read_at(buf, n, offset);
  }

  const EncodingFacts& facts() const { return m_facts; }
  /// The warning `windows-1252-bytes` at the first byte 0x80-0x9F of a Latin-1 document read so
  /// far, with `as_windows_1252` saying whether the tool reads it as Windows-1252; none when
  /// there is none. File name left to the caller.
  std::optional<diag::Diagnostic> c1_finding(bool as_windows_1252 = false) const;

  /// In a UTF-8 document: the line and column (in characters, 1-based) of the first byte read so
  /// far that starts no valid UTF-8 sequence or starts one cut short; {0, 0} when there is none.
  /// An engine that decodes in blocks (Xerces) reports such an error where its block began; this
  /// is where the bad byte is. From a source that can be read again at an offset (a file, memory)
  /// the bytes are looked at only when this is asked (after an engine complained), not as they
  /// pass: both engines check UTF-8 themselves, so a valid document pays for one check, not two.
  std::pair<std::uint64_t, std::uint64_t> first_bad_utf8() const {
    settle_utf8();
    return {m_bad_line, m_bad_col};
  }
  /// The first byte of that sequence.
  unsigned char first_bad_byte() const {
    settle_utf8();
    return m_bad_byte;
  }

private:
  void scan(const char* p, std::size_t n);
  void scan_utf8(const char* p, std::size_t n) const;
  /// Deferred: scans the bytes passed since the last call, read again at their offsets (an I/O
  /// error then leaves the place unknown: {0, 0}).
  void settle_utf8() const;

  io::ByteSource& m_inner;
  std::string m_head;
  std::size_t m_head_pos = 0;
  EncodingFacts m_facts;
  bool m_found = false;
  unsigned char m_byte = 0;
  std::uint64_t m_at_line = 0;
  std::uint64_t m_at_col = 0;
  bool m_deferred = false;                  ///< UTF-8 from a source read_at() can reread: scanned when asked
  std::uint64_t m_passed = 0;               ///< bytes read() has passed
  mutable std::uint64_t m_scanned = 0;      ///< of those, the ones scan_utf8 has seen (when deferred)
  mutable std::unique_ptr<char[]> m_rescan; ///< the deferred scan's buffer
  // The scan's state; mutable: a deferred scan runs when first_bad_utf8() is asked.
  mutable std::uint64_t m_line = 1;
  mutable std::uint64_t m_col = 1;
  mutable int m_bom_left = 0;                         ///< bytes of a UTF-8 byte order mark not yet passed
  mutable int m_need = 0;                             ///< continuation bytes the current UTF-8 sequence still needs
  mutable unsigned char m_need_lo = 0, m_need_hi = 0; ///< the next byte's range when it is a sequence's second (else 0)
  mutable std::uint64_t m_seq_line = 0, m_seq_col = 0; ///< where that sequence began
  mutable std::uint64_t m_bad_line = 0, m_bad_col = 0;
  mutable unsigned char m_seq_byte = 0, m_bad_byte = 0;
};

} // namespace altkit::xml
