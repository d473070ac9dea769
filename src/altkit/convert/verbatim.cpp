#include "altkit/convert/verbatim.hpp"

#include "altkit/xml/byte_count.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace altkit::convert {

namespace {

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// How many bytes of p[0, n) come before the first `c` (n when none).
std::size_t run_to(const unsigned char* p, std::size_t n, char c) {
  const auto* text = reinterpret_cast<const char*>(p);
  const char* hit = xml::find_byte(text, n, c);
  return hit != nullptr ? static_cast<std::size_t>(hit - text) : n;
}

/// The value of the pseudo-attribute `name` in an XML declaration's text, or "".
std::string pseudo_attribute(const std::string& decl, const std::string& name) {
  auto at = decl.find(name);
  if (at == std::string::npos) {
    return {};
  }
  at += name.size();
  while (at < decl.size() && is_space(static_cast<unsigned char>(decl[at]))) {
    ++at;
  }
  if (at >= decl.size() || decl[at] != '=') {
    return {};
  }
  ++at;
  while (at < decl.size() && is_space(static_cast<unsigned char>(decl[at]))) {
    ++at;
  }
  if (at >= decl.size() || (decl[at] != '"' && decl[at] != '\'')) {
    return {};
  }
  auto end = decl.find(decl[at], at + 1);
  return end == std::string::npos ? std::string() : decl.substr(at + 1, end - at - 1);
}

} // namespace

std::string VerbatimFrame::text(std::string_view ascii) const {
  if (unit == 1) {
    return std::string(ascii);
  }
  std::string out;
  out.reserve(ascii.size() * 2);
  for (char c : ascii) {
    if (big_endian) {
      out.push_back('\0');
      out.push_back(c);
    } else {
      out.push_back(c);
      out.push_back('\0');
    }
  }
  return out;
}

std::string VerbatimFrame::end_tag(std::size_t i) const {
  return text("</") + names.at(i) + text(">");
}

VerbatimScanner::VerbatimScanner(bool own_declaration) : m_own_declaration(own_declaration) {}

void VerbatimScanner::feed(const char* data, std::size_t n) {
  if (m_failed) {
    return;
  }
  m_buf.append(data, n);
  m_end += n;
  if (m_state == State::detect) {
    if (m_end < 4) {
      return;
    }
    detect();
  }
  const unsigned u = m_layout.unit;
  while (!m_failed && m_scanned + u <= m_end) {
    const auto* p = reinterpret_cast<const unsigned char*>(m_buf.data() + (m_scanned - m_base));
    if (u == 1) {
      // Runs of bytes that change nothing but the last two characters seen (and, in a name, the
      // name) are taken at once, up to the byte unit() has to see: text up to '<'; an end tag,
      // comment, CDATA section or processing instruction up to '>'; a value up to its closing
      // quote; the space between attributes up to a quote or '>'. Most of a Message's bytes are
      // text (attachments above all), values, names and end tags.
      const auto left = static_cast<std::size_t>(m_end - m_scanned);
      std::size_t skip = 0;
      switch (m_state) {
      case State::text:
        skip = run_to(p, left, '<');
        break;
      case State::end_name:
      case State::end_rest:
      case State::comment:
      case State::cdata:
        skip = run_to(p, left, '>');
        break;
      case State::pi:
        skip = m_in_declaration ? 0 : run_to(p, left, '>');
        break;
      case State::attributes:
        if (m_quote != 0) {
          skip = run_to(p, left, m_quote);
        } else {
          while (skip < left && p[skip] != '"' && p[skip] != '\'' && p[skip] != '>') {
            ++skip;
          }
        }
        break;
      case State::name:
        while (skip < left && !is_space(p[skip]) && p[skip] != '/' && p[skip] != '>') {
          m_name.push_back(static_cast<char>(p[skip] < 0x80 ? p[skip] : 0x80));
          ++skip;
        }
        break;
      default:
        break;
      }
      if (skip > 0) {
        m_prev2 = skip >= 2 ? (p[skip - 2] < 0x80 ? p[skip - 2] : 0x80) : m_prev;
        m_prev = p[skip - 1] < 0x80 ? p[skip - 1] : 0x80;
        m_scanned += skip;
        continue;
      }
    }
    char32_t c = u == 1 ? p[0] : m_layout.big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
    unit(c < 0x80 ? c : 0x80, m_scanned, m_scanned + u);
    m_scanned += u;
  }
  if (m_failed) {
    m_buf = std::string();
    m_ready.clear();
    return;
  }
  trim();
}

bool VerbatimScanner::take(std::string& out, std::shared_ptr<const VerbatimFrame>& frame) {
  if (m_failed || m_ready.empty()) {
    return false;
  }
  out = std::move(m_ready.front().bytes);
  frame = std::move(m_ready.front().frame);
  m_ready.pop_front();
  return true;
}

void VerbatimScanner::detect() {
  const auto* b = reinterpret_cast<const unsigned char*>(m_buf.data());
  std::size_t bom = 0;
  if (b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
    bom = 3;
  } else if (b[0] == 0xFE && b[1] == 0xFF) {
    m_layout.unit = 2;
    m_layout.big_endian = true;
    bom = 2;
  } else if (b[0] == 0xFF && b[1] == 0xFE && !(b[2] == 0 && b[3] == 0)) {
    m_layout.unit = 2;
    bom = 2;
  } else if (b[0] == '<' && b[1] == 0 && b[3] == 0 && b[2] != 0) {
    m_layout.unit = 2;
  } else if (b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0) {
    m_layout.unit = 2;
    m_layout.big_endian = true;
  } else if (b[0] == 0 || b[1] == 0 || (b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94)) {
    m_failed = true; // UCS-4 or EBCDIC: markup is not ASCII in one or two bytes
    return;
  }
  m_layout.encoding = m_layout.unit == 2 ? (m_layout.big_endian ? "UTF-16BE" : "UTF-16LE") : "UTF-8";
  m_layout.prologue = m_own_declaration ? m_buf.substr(0, bom) : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  m_scanned = bom;
  m_state = State::text;
}

std::string VerbatimScanner::bytes(std::uint64_t from, std::uint64_t to) const {
  return m_buf.substr(static_cast<std::size_t>(from - m_base), static_cast<std::size_t>(to - from));
}

void VerbatimScanner::unit(char32_t c, std::uint64_t at, std::uint64_t next) {
  const char32_t prev = m_prev, prev2 = m_prev2;
  m_prev2 = m_prev;
  m_prev = c;
  switch (m_state) {
  case State::detect:
  case State::text:
    if (c == '<') {
      m_tag_start = at;
      m_state = State::lt;
    }
    return;
  case State::lt:
    if (c == '!') {
      m_bang.clear();
      m_state = State::bang;
    } else if (c == '?') {
      m_in_declaration = !m_markup_seen && at == m_tag_start + m_layout.unit && m_tag_start <= 3;
      m_declaration.clear();
      m_state = State::pi;
    } else if (c == '/') {
      m_state = State::end_name;
    } else {
      m_name.assign(1, static_cast<char>(c));
      m_state = State::name;
    }
    m_markup_seen = true;
    return;
  case State::name:
    if (!is_space(c) && c != '/' && c != '>') {
      m_name.push_back(static_cast<char>(c));
      return;
    }
    m_name_end = at;
    m_state = State::attributes;
    [[fallthrough]];
  case State::attributes:
    if (m_quote != 0) {
      m_quote = c == static_cast<char32_t>(m_quote) ? 0 : m_quote;
    } else if (c == '"' || c == '\'') {
      m_quote = static_cast<char>(c);
    } else if (c == '>') {
      tag_done(next, prev == '/');
    }
    return;
  case State::end_name:
  case State::end_rest:
    if (c == '>') {
      end_tag_done(next);
    }
    return;
  case State::bang:
    m_bang.push_back(static_cast<char>(c));
    if (m_bang == "--") {
      m_prev = m_prev2 = 0;
      m_state = State::comment;
    } else if (m_bang == "[CDATA[") {
      m_prev = m_prev2 = 0;
      m_state = State::cdata;
    } else if (std::string_view("[CDATA[").substr(0, m_bang.size()) != m_bang &&
               std::string_view("--").substr(0, m_bang.size()) != m_bang) {
      m_failed = true; // a DOCTYPE (refused by the reader) or worse
    }
    return;
  case State::comment:
    if (c == '>' && prev == '-' && prev2 == '-') {
      m_state = State::text;
    }
    return;
  case State::cdata:
    if (c == '>' && prev == ']' && prev2 == ']') {
      m_state = State::text;
    }
    return;
  case State::pi:
    if (c == '>' && prev == '?') {
      if (m_in_declaration) {
        m_in_declaration = false;
        if (m_own_declaration) {
          m_layout.prologue = bytes(0, next);
          std::string declared = pseudo_attribute(m_declaration, "encoding");
          if (m_layout.unit == 1 && !declared.empty()) {
            m_layout.encoding = declared;
          }
        }
        m_frame.reset();
      }
      m_state = State::text;
    } else if (m_in_declaration) {
      m_declaration.push_back(static_cast<char>(c));
    }
    return;
  }
}

void VerbatimScanner::tag_done(std::uint64_t next, bool empty) {
  m_state = State::text;
  m_quote = 0;
  if (m_in_message) {
    m_depth += empty ? 0 : 1;
    return;
  }
  auto colon = m_name.rfind(':');
  std::string_view local =
      colon == std::string::npos ? std::string_view(m_name) : std::string_view(m_name).substr(colon + 1);
  if (local == "Message") {
    if (!m_frame) {
      auto f = std::make_shared<VerbatimFrame>(m_layout);
      for (const auto& o : m_open) {
        f->open_tags.push_back(o.tag);
        f->names.push_back(o.name);
      }
      m_frame = std::move(f);
    }
    m_message_frame = m_frame;
    m_message_start = m_tag_start;
    m_message_depth = m_depth;
    m_in_message = true;
    if (empty) {
      m_ready.push_back({bytes(m_message_start, next), m_message_frame});
      m_in_message = false;
    } else {
      ++m_depth;
    }
    return;
  }
  if (!empty) {
    m_open.push_back({bytes(m_tag_start, next), bytes(m_tag_start + m_layout.unit, m_name_end)});
    m_frame.reset();
    ++m_depth;
  }
}

void VerbatimScanner::end_tag_done(std::uint64_t next) {
  m_state = State::text;
  --m_depth;
  if (m_in_message) {
    if (m_depth == m_message_depth) {
      m_ready.push_back({bytes(m_message_start, next), m_message_frame});
      m_in_message = false;
    }
    return;
  }
  if (!m_open.empty()) {
    m_open.pop_back();
    m_frame.reset();
  }
}

void VerbatimScanner::trim() {
  std::uint64_t keep = m_scanned;
  if (m_in_message) {
    keep = std::min(keep, m_message_start);
  }
  if (m_state == State::lt || m_state == State::name || m_state == State::attributes || m_state == State::end_name ||
      m_state == State::end_rest) {
    keep = std::min(keep, m_tag_start);
  }
  if (!m_markup_seen || m_in_declaration) {
    keep = 0; // the byte order mark and the declaration are the prologue
  }
  if (keep > m_base) {
    m_buf.erase(0, static_cast<std::size_t>(keep - m_base));
    m_base = keep;
  }
}

} // namespace altkit::convert
