#include "altkit/xml/limits.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/xml/byte_count.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string_view>

namespace altkit::xml {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// How many bytes of p[0, n) an element name's run takes: up to the first '>', '/' or byte at or
/// below the space (whitespace ends a name; a control byte, never in a name, is left to
/// scan_tag_byte, which takes it as the run would have). SSE2: 16 bytes per step.
std::size_t name_run(const char* p, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i slash = _mm_set1_epi8('/');
  const __m128i space = _mm_set1_epi8(' ');
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, slash)),
                                _mm_cmpeq_epi8(_mm_max_epu8(v, space), space)); // v <= ' ' (unsigned)
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (c == '>' || c == '/' || c <= ' ') {
      break;
    }
  }
  return i;
}

/// Appends to `s` the bytes of p[0, n) it has room for within its first `max`.
void keep_first(std::string& s, const char* p, std::size_t n, std::size_t max) {
  if (s.size() < max) {
    s.append(p, std::min(n, max - s.size()));
  }
}

/// What scan_attribute_byte takes as part of an attribute's name in a tag.
bool is_attribute_name_byte(char c) {
  return !is_space(c) && c != '=' && c != '"' && c != '\'' && c != '>' && c != '/';
}

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

} // namespace

BoundedSource::BoundedSource(io::ByteSource& inner, const ParseLimits& limits, Clock::time_point deadline,
                             bool scan_markup)
    : m_inner(inner), m_limits(limits), m_deadline(deadline), m_scan(scan_markup) {}

std::size_t BoundedSource::read(char* buf, std::size_t n) {
  if (m_hit) {
    throw LimitExceeded(m_hit->code, m_hit->message); // an engine that reads on after the error hears it again
  }
  if (m_limits.time_budget.count() > 0 && Clock::now() >= m_deadline) {
    fail(diag::code::too_slow.name.data(), "document not finished within the time budget of " +
                                               seconds_text(m_limits.time_budget) +
                                               " (--time-budget): stopped while reading it");
  }
  std::size_t got = m_inner.read(buf, n);
  std::uint64_t max = m_limits.max_document_bytes;
  bool over = max > 0 && m_bytes + got > max;
  std::size_t keep = over ? static_cast<std::size_t>(max - m_bytes) : got;
  scan(buf, keep);
  m_bytes += keep;
  if (over) {
    fail(diag::code::too_large.name.data(),
         "document larger than " + std::to_string(max) + " bytes (--max-document-size): the rest was not read");
  }
  return got;
}

void BoundedSource::fail(const char* code, std::string message) {
  if (m_chunk != nullptr) { // stopped inside a chunk: its lines up to the byte being scanned
    count_lines(m_chunk, static_cast<std::size_t>(m_offset - m_chunk_offset));
    m_chunk = nullptr;
  }
  LimitHit hit;
  hit.code = code;
  hit.message = std::move(message);
  hit.line = m_line;
  hit.column = m_offset - m_line_start + 1;
  m_hit = std::move(hit);
  throw LimitExceeded(m_hit->code, m_hit->message);
}

void BoundedSource::count_lines(const char* p, std::size_t n) {
  std::size_t k = count_byte(p, n, '\n');
  if (k > 0) {
    m_line += k;
    m_line_start = m_chunk_offset + static_cast<std::uint64_t>(last_byte(p, n, '\n') - p) + 1;
  }
}

void BoundedSource::scan(const char* p, std::size_t n) {
  // Lines are counted once per chunk, after the markup scan (one vector pass, not a search per
  // line); a limit hit inside the chunk counts them up to its byte (fail()).
  m_chunk = p;
  m_chunk_offset = m_offset;
  std::size_t i = 0;
  auto advance = [&](std::size_t k) {
    m_offset += k;
    i += k;
  };
  while (i < n) {
    if (m_state == State::text || !m_scan) {
      // Between tags (or in a document not scanned for markup): only lines are counted.
      const char* lt = m_scan ? find_byte(p + i, n - i, '<') : nullptr;
      advance((lt != nullptr ? static_cast<std::size_t>(lt - p) : n) - i);
      if (lt != nullptr) {
        m_state = State::lt;
        advance(1);
      }
      continue;
    }
    // Runs of bytes that change nothing are taken at once; the byte that ends a value, an end tag
    // or a plain start tag is taken here as scan_tag_byte would take it, the rest by it.
    if (m_state == State::quoted || m_state == State::end_tag || m_state == State::declaration) {
      const char* hit = find_byte(p + i, n - i, m_state == State::quoted ? m_quote : '>');
      advance((hit != nullptr ? static_cast<std::size_t>(hit - p) : n) - i);
      if (hit == nullptr) {
        continue;
      }
      if (m_state != State::declaration) {
        if (m_state == State::quoted) {
          end_value();
        } else {
          m_state = State::text;
        }
        advance(1);
        continue;
      }
    } else if (m_state == State::lt && p[i] == '/') {
      start_end_tag();
      advance(1);
      continue;
    } else if (m_state == State::name) {
      std::size_t run = name_run(p + i, n - i); // no line ends in a name
      keep_first(m_element, p + i, run, 100);
      advance(run);
      if (i == n) {
        continue;
      }
      if (p[i] == '>') {
        m_state = State::text;
        advance(1);
        continue;
      }
    } else if (m_state == State::tag) {
      // An attribute's name (its first six bytes kept, to spot xmlns), then the byte after it.
      std::size_t run = 0;
      while (i + run < n && is_attribute_name_byte(p[i + run])) {
        ++run;
      }
      if (run > 0) {
        if (m_space) {
          m_attribute.clear();
          m_space = false;
        }
        keep_first(m_attribute, p + i, run, 6);
        advance(run);
        if (i == n) {
          continue;
        }
      }
    }
    scan_tag_byte(p[i]);
    advance(1);
  }
  m_chunk = nullptr;
  count_lines(p, n);
}

void BoundedSource::scan_tag_byte(char c) {
  switch (m_state) {
  case State::text:
    break;
  case State::lt:
    m_tail = 0;
    if (c == '!') {
      m_mark.clear();
      m_state = State::bang;
    } else if (c == '?') {
      m_state = State::pi;
    } else if (c == '/') {
      start_end_tag();
    } else {
      m_element.assign(1, c);
      m_attribute.clear();
      m_attributes = 0;
      m_namespaces = 0;
      m_state = State::name;
    }
    break;
  case State::bang: {
    m_mark.push_back(c);
    static constexpr std::string_view comment = "--";
    static constexpr std::string_view cdata = "[CDATA[";
    if (m_mark == comment) {
      m_state = State::comment;
    } else if (m_mark == cdata) {
      m_state = State::cdata;
    } else if (comment.compare(0, m_mark.size(), m_mark) != 0 && cdata.compare(0, m_mark.size(), m_mark) != 0) {
      m_state = c == '>' ? State::text : State::declaration; // a DOCTYPE: the parsers refuse it
    }
    break;
  }
  case State::comment:
  case State::cdata: {
    char inner = m_state == State::comment ? '-' : ']';
    if (c == '>' && m_tail >= 2) {
      m_state = State::text;
    } else {
      m_tail = c == inner ? std::min(m_tail + 1, 2u) : 0;
    }
    break;
  }
  case State::pi:
    if (c == '>' && m_tail == 1) {
      m_state = State::text;
    }
    m_tail = c == '?' ? 1 : 0;
    break;
  case State::declaration:
  case State::end_tag:
    if (c == '>') {
      m_state = State::text;
    }
    break;
  case State::name:
    if (c == '>') {
      m_state = State::text;
    } else if (is_space(c) || c == '/') {
      m_state = State::tag;
    } else if (m_element.size() < 100) {
      m_element.push_back(c);
    }
    break;
  case State::tag:
  case State::quoted:
    scan_attribute_byte(c);
    break;
  }
}

void BoundedSource::scan_attribute_byte(char c) {
  if (m_state == State::quoted) {
    if (c == m_quote) {
      end_value();
    }
    return;
  }
  if (c == '"' || c == '\'') {
    m_quote = c;
    m_state = State::quoted;
  } else if (c == '>') {
    m_state = State::text;
  } else if (c == '=') {
    bool ns = m_attribute == "xmlns" || m_attribute.compare(0, 6, "xmlns:") == 0;
    std::size_t& count = ns ? m_namespaces : m_attributes;
    std::size_t max = ns ? m_limits.max_namespaces : m_limits.max_attributes;
    if (max > 0 && ++count > max) {
      fail(diag::code::too_many_attributes.name.data(),
           "element '" + m_element + "' has more than " + std::to_string(max) +
               (ns ? " namespace declarations (--max-namespaces)" : " attributes (--max-attributes)"));
    }
  } else if (is_space(c) || c == '/') {
    m_space = true;
  } else {
    if (m_space) {
      m_attribute.clear();
      m_space = false;
    }
    if (m_attribute.size() < 6) {
      m_attribute.push_back(c);
    }
  }
}

std::uint64_t parse_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    ++i;
  }
  if (i == 0) {
    throw std::invalid_argument(text.empty() ? "empty size" : "'" + text + "' is not a size (e.g. 512M, 2G)");
  }
  std::string unit;
  for (std::size_t k = i; k < text.size(); ++k) {
    unit.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(text[k]))));
  }
  unsigned shift = 0;
  if (!unit.empty()) {
    static constexpr std::string_view units = "KMGT";
    auto u = units.find(unit[0]);
    std::string_view rest = std::string_view(unit).substr(1);
    if (unit == "B") {
      shift = 0;
    } else if (u != std::string_view::npos && (rest.empty() || rest == "B" || rest == "IB")) {
      shift = 10 * (static_cast<unsigned>(u) + 1);
    } else {
      throw std::invalid_argument("unknown size unit '" + text.substr(i) + "' (K, M, G or T)");
    }
  }
  constexpr std::uint64_t k_max = 1ULL << 63;
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < i; ++k) {
    auto d = static_cast<std::uint64_t>(text[k] - '0');
    if (n > (k_max - d) / 10) {
      throw std::invalid_argument("size '" + text + "' is too large (at most 2^63 bytes)");
    }
    n = n * 10 + d;
  }
  if (shift > 0 && n > (k_max >> shift)) {
    throw std::invalid_argument("size '" + text + "' is too large (at most 2^63 bytes)");
  }
  return n << shift;
}

std::chrono::milliseconds parse_duration(const std::string& text) {
  std::size_t i = 0;
  bool dot = false;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || (text[i] == '.' && !dot))) {
    dot = dot || text[i] == '.';
    ++i;
  }
  if (i == 0 || text.substr(0, i) == ".") {
    throw std::invalid_argument(text.empty() ? "empty duration" : "'" + text + "' is not a duration (e.g. 60, 90s)");
  }
  std::string unit = text.substr(i);
  double scale = unit.empty() || unit == "s" ? 1000.0 : unit == "ms" ? 1.0 : unit == "m" ? 60000.0 : -1.0;
  if (scale < 0) {
    throw std::invalid_argument("unknown duration unit '" + unit + "' (ms, s or m)");
  }
  double ms = std::strtod(text.substr(0, i).c_str(), nullptr) * scale;
  constexpr double k_week = 7.0 * 24 * 3600 * 1000;
  if (!(ms <= k_week)) {
    throw std::invalid_argument("duration '" + text + "' is too long (at most a week)");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

} // namespace altkit::xml
