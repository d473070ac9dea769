#include "altkit/xml/encoding.hpp"

#include "altkit/diag/codes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

namespace altkit::xml {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

/// Names of the 16-bit (and wider) encodings, whose markup is not in single bytes.
bool is_wide_name(std::string_view name) {
  std::string u = upper(name);
  return starts_with(u, "UTF-16") || starts_with(u, "UTF16") || starts_with(u, "UTF-32") || starts_with(u, "UTF32") ||
         starts_with(u, "UCS-2") || starts_with(u, "UCS2") || starts_with(u, "UCS-4") || starts_with(u, "UCS4") ||
         starts_with(u, "ISO-10646-UCS") || u == "UNICODE" || u == "CSUNICODE";
}

bool is_utf8_name(std::string_view name) {
  std::string u = upper(name);
  return u == "UTF-8" || u == "UTF8";
}

/// True when the non-ASCII bytes of `s` form UTF-8 sequences (a sequence cut at the end counts)
/// and there is at least one.
bool looks_utf8(std::string_view s) {
  bool any = false;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (len == 0 || c > 0xF4) {
      return false;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    any = true;
    i += len;
  }
  return any;
}

/// The declaration's characters: `head` from `skip`, one byte per character, or the low (or
/// high) byte of each 16-bit unit. Markup in a declaration is ASCII in every case.
std::string declaration_chars(std::string_view head, std::size_t skip, int unit, bool big_endian) {
  std::string out;
  for (std::size_t i = skip; i + static_cast<std::size_t>(unit) <= head.size() && out.size() < 512;
       i += static_cast<std::size_t>(unit)) {
    char c = unit == 1 ? head[i] : head[i + (big_endian ? 1 : 0)];
    if (unit == 2 && head[i + (big_endian ? 0 : 1)] != '\0') {
      break; // not ASCII: the declaration is over
    }
    out.push_back(c);
    if (out.size() >= 2 && out.compare(out.size() - 2, 2, "?>") == 0) {
      break;
    }
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// The encoding name of an XML declaration and the 0-based offset where it starts; npos when
/// there is none.
std::size_t find_encoding(const std::string& decl, std::string& name) {
  if (decl.compare(0, 5, "<?xml") != 0 || decl.size() < 6 || !is_space(decl[5])) {
    return std::string::npos;
  }
  std::size_t end = decl.find("?>");
  std::size_t at = decl.find("encoding", 5);
  if (at == std::string::npos || (end != std::string::npos && at > end) || !is_space(decl[at - 1])) {
    return std::string::npos;
  }
  std::size_t i = at + 8;
  while (i < decl.size() && is_space(decl[i])) {
    ++i;
  }
  if (i >= decl.size() || decl[i] != '=') {
    return std::string::npos;
  }
  ++i;
  while (i < decl.size() && is_space(decl[i])) {
    ++i;
  }
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) {
    return std::string::npos;
  }
  char quote = decl[i++];
  std::size_t close = decl.find(quote, i);
  if (close == std::string::npos) {
    return std::string::npos;
  }
  name = decl.substr(i, close - i);
  return i;
}

/// Windows-1252's characters for 0x80-0x9F (UTF-8); empty where it has none.
const char* const k_windows_1252[32] = {"\u20AC", "",       "\u201A", "\u0192", "\u201E", "\u2026", "\u2020", "\u2021",
                                        "\u02C6", "\u2030", "\u0160", "\u2039", "\u0152", "",       "\u017D", "",
                                        "",       "\u2018", "\u2019", "\u201C", "\u201D", "\u2022", "\u2013", "\u2014",
                                        "\u02DC", "\u2122", "\u0161", "\u203A", "\u0153", "",       "\u017E", "\u0178"};

} // namespace

bool is_latin1_name(std::string_view name) {
  std::string u = upper(name);
  return u == "ISO-8859-1" || u == "ISO8859-1" || u == "ISO_8859-1" || u == "ISO_8859-1:1987" || u == "LATIN1" ||
         u == "LATIN-1" || u == "L1" || u == "ISO-IR-100" || u == "CP819" || u == "IBM819" || u == "CSISOLATIN1";
}

EncodingFacts inspect_encoding(std::string_view head) {
  EncodingFacts f;
  auto b = [&](std::size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100U; };
  std::size_t skip = 0;
  int unit = 1;
  bool be = false;
  bool wide = false;
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    f.bytes = "UTF-8 (they start with a UTF-8 byte order mark)";
    f.utf8 = true;
    skip = 3;
  } else if ((b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) || (b(0) == 0 && b(1) == 0)) {
    return f; // UTF-32 or UCS-4: neither engine's concern here
  } else if (b(0) == 0xFF && b(1) == 0xFE) {
    f.bytes = "UTF-16LE (they start with its byte order mark)";
    skip = 2, unit = 2, wide = true;
  } else if (b(0) == 0xFE && b(1) == 0xFF) {
    f.bytes = "UTF-16BE (they start with its byte order mark)";
    skip = 2, unit = 2, be = true, wide = true;
  } else if (b(0) == '<' && b(1) == 0 && b(2) == '?' && b(3) == 0) {
    f.bytes = "UTF-16LE (no byte order mark)";
    unit = 2, wide = true;
  } else if (b(0) == 0 && b(1) == '<' && b(2) == 0 && b(3) == '?') {
    f.bytes = "UTF-16BE (no byte order mark)";
    unit = 2, be = true, wide = true;
  } else if (b(0) == '<' && b(1) == '?' && b(2) == 'x' && b(3) == 'm') {
    // Which of the two is said only in a mismatch's message (below): not looked for otherwise.
    f.bytes = "8-bit without a byte order mark ('<?xml' in single bytes)";
  } else {
    f.utf8 = b(0) != 0x4C && b(0) != 0 && !(b(0) == 0xFE && b(1) == 0xFF) && !(b(0) == 0xFF && b(1) == 0xFE);
    return f; // no declaration (or EBCDIC): nothing to hold against
  }
  std::string decl = declaration_chars(head, skip, unit, be);
  std::size_t at = find_encoding(decl, f.declared);
  if (at == std::string::npos) {
    f.utf8 = !wide; // no encoding declared: UTF-8 (XML 1.0 4.3.3)
    return f;
  }
  for (std::size_t i = 0; i < at; ++i) {
    if (decl[i] == '\n') {
      ++f.line;
      f.column = 0;
    } else {
      ++f.column;
    }
  }
  ++f.column; // 1-based, at the name's first character
  if (skip == 3) {
    f.mismatch = !is_utf8_name(f.declared);
  } else if (wide) {
    f.mismatch = !is_wide_name(f.declared);
  } else {
    f.mismatch = is_wide_name(f.declared);
    f.latin1 = is_latin1_name(f.declared);
    if (f.mismatch && looks_utf8(head)) {
      f.bytes = "UTF-8 without a byte order mark ('<?xml' in single bytes)";
    }
  }
  f.utf8 = !f.mismatch && !wide && is_utf8_name(f.declared);
  return f;
}

diag::Diagnostic mismatch_finding(const EncodingFacts& f) {
  std::string advice;
  if (starts_with(f.bytes, "UTF-8 (")) {
    advice = "declare encoding=\"UTF-8\", or save the file without the byte order mark if it really is " + f.declared;
  } else if (f.bytes.find("single bytes") != std::string::npos) {
    advice = "declare the encoding the bytes are in (usually UTF-8; a .NET StringWriter labels its output utf-16 "
             "whatever it is saved as)";
  } else {
    advice = "declare encoding=\"UTF-16\", or save the file in " + f.declared;
  }
  return diag::Diagnostic::of(diag::code::encoding_mismatch)
      .position(f.line, f.column)
      .message("the encoding declaration says '" + f.declared + "' but the bytes are " + f.bytes +
               "; XML 1.0 (4.3.3) makes this a fatal error, and reading on would garble every non-ASCII "
               "character: " +
               advice);
}

std::string not_utf8_message(unsigned char byte, const std::string& declared) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", byte);
  return std::string("byte ") + hex + " is not UTF-8, the encoding the document is read in (" +
         (declared.empty() ? std::string("it declares none, and UTF-8 is XML's default")
                           : "it declares '" + declared + "'") +
         "); declare the encoding it is in, e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>";
}

EncodingCheckedSource::EncodingCheckedSource(io::ByteSource& inner, bool defer_utf8) : m_inner(inner) {
  constexpr std::size_t k_head = 1024;
  m_head.resize(k_head);
  std::size_t got = 0;
  while (got < k_head) {
    std::size_t n = m_inner.read(m_head.data() + got, k_head - got);
    if (n == 0) {
      break;
    }
    got += n;
  }
  m_head.resize(got);
  m_facts = inspect_encoding(m_head);
  m_bom_left = m_facts.bytes.compare(0, 7, "UTF-8 (") == 0 ? 3 : 0;
  m_deferred = defer_utf8 && m_facts.utf8 && m_inner.can_read_at();
}

void EncodingCheckedSource::settle_utf8() const {
  if (!m_deferred || m_bad_line != 0 || m_scanned >= m_passed) {
    return;
  }
  constexpr std::size_t k_buf = 64 * 1024;
  if (!m_rescan) {
    m_rescan.reset(new char[k_buf]); // not zeroed: a document may be asked again and again
  }
  try {
    while (m_scanned < m_passed && m_bad_line == 0) {
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(k_buf, m_passed - m_scanned));
      std::size_t k = m_inner.read_at(m_rescan.get(), want, m_scanned);
      if (k == 0) {
        break;
      }
      scan_utf8(m_rescan.get(), k);
      m_scanned += k;
    }
  } catch (const std::exception&) {
    m_scanned = m_passed; // unreadable now: the place stays unknown
  }
}

std::size_t EncodingCheckedSource::read(char* buf, std::size_t n) {
  std::size_t k;
  if (m_head_pos < m_head.size()) {
    k = std::min(n, m_head.size() - m_head_pos);
    std::memcpy(buf, m_head.data() + m_head_pos, k);
    m_head_pos += k;
  } else {
    k = m_inner.read(buf, n);
  }
  m_passed += k;
  if (m_facts.latin1 && !m_found) {
    scan(buf, k);
  } else if (m_facts.utf8 && m_bad_line == 0 && !m_deferred) {
    scan_utf8(buf, k);
  }
  return k;
}

void EncodingCheckedSource::scan_utf8(const char* p, std::size_t n) const {
  constexpr std::uint64_t k_high = 0x8080808080808080ULL;
  constexpr std::uint64_t k_low7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t k_lf = 0x0A0A0A0A0A0A0A0AULL;
  constexpr bool k_little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  for (std::size_t i = 0; i < n; ++i) {
    // Eight ASCII bytes at a time (most of any document): count their line feeds, find the
    // column after the last one. Only bytes with the high bit set need the byte loop.
    if (k_little && m_need == 0 && m_bom_left == 0) {
      while (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if ((w & k_high) != 0) {
          break;
        }
        std::uint64_t x = w ^ k_lf;                                // a line feed byte becomes 0
        std::uint64_t z = ~(((x & k_low7) + k_low7) | x | k_low7); // 0x80 where a byte is 0
        if (z == 0) {
          m_col += 8;
        } else {
          m_line += ((z >> 7) * 0x0101010101010101ULL) >> 56; // the marked bytes, summed in the top byte
          // Little-endian: the last line feed is the highest marked byte.
          unsigned last = static_cast<unsigned>(63 - __builtin_clzll(z)) / 8;
          m_col = 1 + (7 - last);
        }
        i += 8;
      }
      if (i >= n) {
        break;
      }
    }
    auto c = static_cast<unsigned char>(p[i]);
    if (m_need > 0) {
      // The second byte's range is narrower after E0, ED, F0 and F4 (Unicode Table 3-7): no
      // overlong forms, surrogates or code points past U+10FFFF. libxml2's push parser lets
      // such bytes through in a CDATA section; the tools that use it ask this scan.
      const bool second = m_need_lo != 0;
      if (second ? (c >= m_need_lo && c <= m_need_hi) : (c & 0xC0) == 0x80) {
        m_need_lo = 0;
        --m_need;
        continue;
      }
      m_need_lo = 0;
      m_bad_line = m_seq_line; // a sequence cut short: the bad byte is its first
      m_bad_col = m_seq_col;
      m_bad_byte = m_seq_byte;
      return;
    }
    if (m_bom_left > 0) {
      --m_bom_left; // the byte order mark is no character
      continue;
    }
    if (c >= 0x80) {
      int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
      if (need < 0) {
        m_bad_line = m_line;
        m_bad_col = m_col;
        m_bad_byte = c;
        return;
      }
      m_seq_byte = c;
      m_need = need;
      m_seq_line = m_line;
      m_seq_col = m_col;
      m_need_lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      m_need_hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    }
    if (c == '\n') {
      ++m_line;
      m_col = 1;
    } else {
      ++m_col; // one character per sequence: counted at its first byte
    }
  }
}

void EncodingCheckedSource::scan(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80 && c <= 0x9F) {
      m_found = true;
      m_byte = c;
      m_at_line = m_line;
      m_at_col = m_col;
      return;
    }
    if (c == '\n') {
      ++m_line;
      m_col = 1;
    } else {
      ++m_col; // one byte, one character in ISO-8859-1
    }
  }
}

std::optional<diag::Diagnostic> EncodingCheckedSource::c1_finding(bool as_windows_1252) const {
  if (!m_found) {
    return std::nullopt;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", m_byte);
  std::string ch = k_windows_1252[m_byte - 0x80];
  std::string as = ch.empty() ? "unassigned in Windows-1252 too" : "'" + ch + "' in Windows-1252";
  std::string message = "byte " + std::string(hex) + " (the first of 0x80-0x9F) is a C1 control character in " +
                        m_facts.declared + ", as declared, but " + as;
  if (as_windows_1252) {
    message += ": read as Windows-1252, as asked";
  } else {
    message += ": the file is probably Windows-1252; declare encoding=\"windows-1252\"";
  }
  return diag::Diagnostic::of(diag::code::windows_1252_bytes)
      .severity(as_windows_1252 ? diag::Severity::note : diag::Severity::warning)
      .position(m_at_line, m_at_col)
      .message(std::move(message))
      .build();
}

} // namespace altkit::xml
