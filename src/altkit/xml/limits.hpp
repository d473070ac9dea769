#pragma once

#include "altkit/diag/error.hpp"
#include "altkit/io/source.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace altkit::xml {

/// Resource bounds applied by every parser altkit runs, in both engines (README, "Limits").
/// DOCTYPE declarations are refused outright, so no entity is ever declared, expanded or fetched.
struct ParseLimits {
  std::size_t max_depth = 256;                   ///< element nesting
  std::size_t max_attribute_length = 10'000'000; ///< bytes in one attribute value (libxml2's own bound)
  /// Attributes on one element (namespace declarations not counted): both engines check a start
  /// tag's attributes against each other for duplicates, libxml2 in quadratic time, before any
  /// handler of ours sees the tag, so the bound is kept on the bytes (BoundedSource). 0: none.
  std::size_t max_attributes = 10'000;
  std::size_t max_namespaces = 1'000;            ///< namespace declarations on one element; 0: none
  std::uint64_t max_document_bytes = 1ULL << 30; ///< bytes in one document (an archive member too); 0: none
  std::chrono::milliseconds time_budget{60'000}; ///< wall time for one document; 0: none
};

/// A limit a document ran into: the finding's code (`too-large`, `too-many-attributes`,
/// `too-slow`), its message, and where in the bytes (line and column as the scanner counts them:
/// bytes, not characters).
struct LimitHit {
  const char* code = "";
  std::string message;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

/// Thrown by BoundedSource::read() when a limit is reached: an engine's read callback sees it as
/// an I/O error and stops; the caller then reports BoundedSource::hit() instead of that error.
class LimitExceeded : public diag::Error {
public:
  LimitExceeded(const char* code, const std::string& message)
      : diag::Error(diag::ExitCode::unreadable, message), m_code(code) {}
  /// The finding's code (LimitHit::code).
  const char* finding_code() const { return m_code; }

private:
  const char* m_code;
};

/// Passes the bytes of `inner` through unchanged while it keeps ParseLimits that neither engine
/// can keep in time: the document's size, attributes and namespace declarations per start tag
/// (a lexical scan of the markup: comments, processing instructions, CDATA sections and quoted
/// values are skipped; only for ASCII-compatible encodings, `scan_markup`), and the deadline,
/// looked at on every read. Past a limit read() throws LimitExceeded and hit() says which.
/// Not thread-safe (one reader, as every ByteSource).
class BoundedSource final : public io::ByteSource {
public:
  using Clock = std::chrono::steady_clock;
  BoundedSource(io::ByteSource& inner, const ParseLimits& limits, Clock::time_point deadline, bool scan_markup);
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_inner.name(); }
  /// Reads again what read() has passed (bytes already held to the limits), from the inner
  /// source; nothing beyond it.
  bool can_read_at() const override { return m_inner.can_read_at(); }
  std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset) override {
    if (offset >= m_bytes) {
      return 0;
    }
    return m_inner.read_at(buf, static_cast<std::size_t>(std::min<std::uint64_t>(n, m_bytes - offset)), offset);
  }
  const std::optional<LimitHit>& hit() const { return m_hit; }

private:
  enum class State { text, lt, bang, comment, cdata, declaration, pi, end_tag, name, tag, quoted };
  void scan(const char* p, std::size_t n);
  /// Counts the line ends in p[0, n), the bytes of the chunk being scanned from its start.
  void count_lines(const char* p, std::size_t n);
  void scan_tag_byte(char c);
  void scan_attribute_byte(char c);
  /// The state changes scan() and the byte-at-a-time scanners share: after "</", and at a
  /// value's closing quote.
  void start_end_tag() {
    m_tail = 0;
    m_state = State::end_tag;
  }
  void end_value() {
    m_attribute.clear();
    m_space = true;
    m_state = State::tag;
  }
  [[noreturn]] void fail(const char* code, std::string message);

  io::ByteSource& m_inner;
  const ParseLimits& m_limits;
  Clock::time_point m_deadline;
  bool m_scan;
  std::optional<LimitHit> m_hit;
  std::uint64_t m_bytes = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_line_start = 0;   ///< offset of the current line's first byte
  std::uint64_t m_offset = 0;       ///< offset of the byte being scanned
  const char* m_chunk = nullptr;    ///< the chunk scan() is in (its lines not yet counted)
  std::uint64_t m_chunk_offset = 0; ///< the offset of its first byte
  State m_state = State::text;
  char m_quote = 0;
  bool m_space = false;    ///< whitespace since the last attribute name byte
  std::string m_mark;      ///< the bytes after "<!" so far, to tell a comment from CDATA
  unsigned m_tail = 0;     ///< how much of the terminator ("-->", "]]>", "?>") was seen
  std::string m_element;   ///< the start tag's name (its first 100 bytes)
  std::string m_attribute; ///< the current attribute name's first bytes, to spot xmlns
  std::size_t m_attributes = 0;
  std::size_t m_namespaces = 0;
};

/// Parses a size option: a byte count, or a number with K, M, G or T (powers of 1024, an
/// optional "B" or "iB" after it, case-insensitive). Throws std::invalid_argument naming the
/// problem: empty, not a number, an unknown unit, or more than 2^63 bytes. Thread-safe.
std::uint64_t parse_size(const std::string& text);

/// Parses a duration option: seconds ("60", "1.5", "90s"), or with "ms" or "m" (minutes).
/// "0" means none. Throws std::invalid_argument as parse_size does; at most a week. Thread-safe.
std::chrono::milliseconds parse_duration(const std::string& text);

} // namespace altkit::xml
