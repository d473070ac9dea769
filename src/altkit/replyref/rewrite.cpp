// Byte-preserving rewrite. libxml2 parses the stream (push parser, SAX2, no tree) only to find
// the elements to change; the output is the input bytes themselves, spliced where a start tag
// or an attribute value changes. Positions come from xmlByteConsumed(), which counts bytes of
// the original encoding, so ISO-8859-1 or UTF-16 input is spliced in its own encoding and new
// text is encoded to match (iconv).
#include "altkit/replyref/rewrite.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/encoder.hpp"

#include "altkit/xml/encoding.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

namespace altkit::replyref {

const char* to_string(Change::Status s) {
  switch (s) {
  case Change::Status::rewritten:
    return "rewritten";
  case Change::Status::unmapped:
    return "unmapped";
  case Change::Status::has_service_code:
    return "has-service-code";
  }
  return "unmapped";
}

namespace {

using xml::str;

/// The document's byte encoding, as far as splicing needs it.
struct Encoding {
  std::string name = "UTF-8"; ///< for iconv
  int unit = 1;               ///< bytes per code unit (2 for UTF-16)
  bool big_endian = false;
};

struct Edit {
  std::uint64_t begin = 0; ///< byte offset in the input
  std::uint64_t end = 0;
  std::string bytes; ///< replacement, already in the document's encoding
};

struct FormState {
  bool active = false;
  std::uint64_t lt = 0; ///< offset of '<'
  std::uint64_t gt = 0; ///< offset of the closing '>' or '/' of the start tag
  bool self_closing = false;
  std::string qname;
  std::string prefix;
  std::string form_number;
  std::string version;
  bool has_version = false;
  bool has_service_code = false;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::size_t depth = 0;
};

struct State {
  xmlParserCtxtPtr pctxt = nullptr;
  const servicemap::ServiceMap* map = nullptr;
  const RewriteOptions* options = nullptr;
  FileOutcome* outcome = nullptr;
  const ChangeSink* changes = nullptr;
  Encoding enc;
  bool enc_known = false;
  std::unique_ptr<io::Utf8ToEncoding> encoder; ///< opened once the document's encoding is known

  std::string encode(const std::string& utf8) {
    if (!encoder || encoder->target() != enc.name) {
      encoder = std::make_unique<io::Utf8ToEncoding>(enc.name);
    }
    return encoder->encode(utf8);
  }

  // The input bytes not yet written: window holds input[win_off, win_off + window.size()).
  std::string window;
  std::uint64_t win_off = 0;
  std::vector<Edit> edits;

  std::vector<std::string> stack; // local names of the open elements
  std::string message_reference;
  FormState form;
  bool stopped = false;
  bool fatal_seen = false;
};

thread_local State* t_state = nullptr;

void record(State& st, Change c) {
  c.message_index = st.outcome->messages;
  c.message_reference = st.message_reference;
  switch (c.status) {
  case Change::Status::rewritten:
    ++st.outcome->rewritten;
    break;
  case Change::Status::unmapped:
    ++st.outcome->unmapped;
    break;
  case Change::Status::has_service_code:
    ++st.outcome->has_service_code;
    break;
  }
  (*st.changes)(c);
}

char byte_at(const State& st, std::uint64_t off) {
  return off >= st.win_off && off - st.win_off < st.window.size() ? st.window[off - st.win_off] : '\0';
}

/// True when the code unit at `off` is the ASCII character `c`.
bool unit_is(const State& st, std::uint64_t off, char c) {
  if (st.enc.unit == 1) {
    return byte_at(st, off) == c;
  }
  char lo = byte_at(st, off + (st.enc.big_endian ? 1 : 0));
  char hi = byte_at(st, off + (st.enc.big_endian ? 0 : 1));
  return lo == c && hi == '\0';
}

/// The encoding libxml2 decodes the input from: its active decoder (which is also set when it
/// recognised the encoding from the first bytes, as for EBCDIC without a declaration), else the
/// declared name; "" for UTF-8.
std::string decoding_from(const xmlParserCtxt* pctxt) {
  const xmlParserInput* in = pctxt->input;
  if (in != nullptr && in->buf != nullptr && in->buf->encoder != nullptr && in->buf->encoder->name != nullptr) {
    return in->buf->encoder->name;
  }
  return pctxt->encoding != nullptr ? str(pctxt->encoding) : std::string();
}

/// Works out how the input's bytes encode markup; false (with the reason in `why`) for an
/// encoding whose bytes cannot be spliced safely.
bool learn_encoding(State& st, std::string& why) {
  if (st.enc_known) {
    return true;
  }
  st.enc_known = true;
  const std::string& w = st.window;
  if (st.win_off == 0 && w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xFF &&
      static_cast<unsigned char>(w[1]) == 0xFE) {
    st.enc = Encoding{"UTF-16LE", 2, false};
  } else if (st.win_off == 0 && w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xFE &&
             static_cast<unsigned char>(w[1]) == 0xFF) {
    st.enc = Encoding{"UTF-16BE", 2, true};
  } else if (std::string name = decoding_from(st.pctxt); !name.empty()) {
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "UTF-16" || upper == "UTF-16LE" || upper == "UTF-16BE") {
      // Without a BOM libxml2 guessed from the first bytes: '<' 00 is little-endian.
      bool be = w.size() >= 2 && w[0] == '\0';
      st.enc = Encoding{be ? "UTF-16BE" : "UTF-16LE", 2, be};
    } else if (upper != "UTF8" && upper != "UTF-8") {
      if (!io::is_ascii_transparent(name)) {
        why = "cannot rewrite a document in " + name +
              " byte for byte (a stateful or non-ASCII encoding): convert it to UTF-8 first";
        return false;
      }
      st.enc = Encoding{name, 1, false};
    }
  }
  return true;
}

void add_fatal(State& st, const char* code, const std::string& message, std::uint64_t line, std::uint64_t col) {
  st.outcome->well_formed = false;
  if (st.fatal_seen) {
    return;
  }
  st.fatal_seen = true;
  st.outcome->diagnostics.push_back(
      diag::Diagnostic{"", line, col, "", diag::Severity::fatal, code, message, "libxml2"});
}

void stop(State& st, const char* code, const std::string& message) {
  add_fatal(st, code, message, st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->line) : 0,
            xml::column_after_tag(st.pctxt));
  st.stopped = true;
  xmlStopParser(st.pctxt);
}

void on_error(void*, xmlErrorPtr e) {
  State* st = t_state;
  if (st == nullptr || e == nullptr || e->message == nullptr || st->stopped || e->level == XML_ERR_WARNING ||
      xml::is_namespace_uri_complaint(*e)) {
    return;
  }
  add_fatal(*st, "not-well-formed", diag::tidy_message(e->message),
            e->line > 0 ? static_cast<std::uint64_t>(e->line) : 0,
            e->int2 > 0 ? static_cast<std::uint64_t>(e->int2) : 0);
}

void on_internal_subset(void*, const xmlChar*, const xmlChar*, const xmlChar*) {
  if (State* st = t_state) {
    stop(*st, "doctype-forbidden",
         "doctype declarations are not allowed: dtds, entities and external references are disabled for safety");
  }
}

bool parent_is(const State& st, std::size_t up, const char* local) {
  return st.stack.size() > up && st.stack[st.stack.size() - 1 - up] == local;
}

std::string attribute(int nb, const xmlChar** attrs, const char* local, bool* present = nullptr) {
  for (int i = 0; i < nb; ++i) {
    if (attrs[i * 5 + 2] == nullptr && std::strcmp(reinterpret_cast<const char*>(attrs[i * 5]), local) == 0) {
      if (present != nullptr) {
        *present = true;
      }
      return std::string(reinterpret_cast<const char*>(attrs[i * 5 + 3]),
                         static_cast<std::size_t>(attrs[i * 5 + 4] - attrs[i * 5 + 3]));
    }
  }
  if (present != nullptr) {
    *present = false;
  }
  return {};
}

/// Finds the value of attribute `name` inside the start tag [lt, gt): returns the offsets of the
/// bytes between its quotes. The tag is well-formed (the parser said so), so a plain scan is safe:
/// names, '=', quotes and spaces are ASCII in every encoding we splice.
bool find_attribute_value(const State& st, std::uint64_t lt, std::uint64_t gt, const std::string& name,
                          std::uint64_t& vbegin, std::uint64_t& vend) {
  const auto u = static_cast<std::uint64_t>(st.enc.unit);
  auto ch = [&](std::uint64_t off) -> char {
    if (u == 1) {
      return byte_at(st, off);
    }
    char lo = byte_at(st, off + (st.enc.big_endian ? 1 : 0));
    char hi = byte_at(st, off + (st.enc.big_endian ? 0 : 1));
    return hi == '\0' ? lo : '\x7f'; // any non-ASCII unit is "some name character"
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::uint64_t p = lt + u;
  while (p < gt && !is_space(ch(p))) { // the element name
    p += u;
  }
  while (p < gt) {
    while (p < gt && is_space(ch(p))) {
      p += u;
    }
    std::uint64_t name_begin = p;
    std::string attr_name;
    while (p < gt && ch(p) != '=' && !is_space(ch(p))) {
      attr_name.push_back(ch(p));
      p += u;
    }
    (void)name_begin;
    while (p < gt && ch(p) != '=') {
      p += u;
    }
    p += u; // '='
    while (p < gt && is_space(ch(p))) {
      p += u;
    }
    char quote = ch(p);
    if (quote != '"' && quote != '\'') {
      return false;
    }
    p += u;
    std::uint64_t b = p;
    while (p < gt && ch(p) != quote) {
      p += u;
    }
    if (attr_name == name) {
      vbegin = b;
      vend = p;
      return true;
    }
    p += u;
  }
  return false;
}

void on_start_impl(const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int nb_attributes,
                   const xmlChar** attributes) {
  State& st = *t_state;
  (void)uri;
  if (st.stack.size() >= st.options->limits.max_depth) {
    stop(st, "too-deep", "element nesting deeper than " + std::to_string(st.options->limits.max_depth) + " levels");
    return;
  }
  if (std::string why; !learn_encoding(st, why)) {
    stop(st, "unsupported-encoding", why);
    return;
  }
  std::string local = str(localname);
  // Only what we may change needs byte positions.
  bool is_message = local == "Message";
  bool is_form = local == "Form" && parent_is(st, 0, "ReplyMessage") && parent_is(st, 1, "ReplyMessages");
  if (local == "ServiceCode" && st.form.active && st.stack.size() == st.form.depth) { // a child of the Form
    st.form.has_service_code = true;
  }
  if (is_message || is_form) {
    const auto u = static_cast<std::uint64_t>(st.enc.unit);
    long consumed = xmlByteConsumed(st.pctxt);
    if (consumed < 0) {
      stop(st, "unsupported-encoding", "libxml2 cannot map this document's characters back to byte offsets");
      return;
    }
    auto gt = static_cast<std::uint64_t>(consumed);
    std::uint64_t lt = gt;
    while (lt >= st.win_off + u && !unit_is(st, lt, '<')) {
      lt -= u;
    }
    std::uint64_t line = st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->line) : 0;
    std::uint64_t col = xml::column_after_tag(st.pctxt);
    if (is_message) {
      ++st.outcome->messages;
      st.message_reference = attribute(nb_attributes, attributes, "messageReference");
      bool present = false;
      std::string short_name = attribute(nb_attributes, attributes, "shortName", &present);
      if (st.options->short_names && present && !short_name.empty()) {
        if (auto svc = st.map->short_name(short_name)) {
          std::uint64_t vb = 0;
          std::uint64_t ve = 0;
          if (find_attribute_value(st, lt, gt, "shortName", vb, ve)) {
            st.edits.push_back(Edit{vb, ve, st.encode(svc->joined())});
            record(st, Change{Change::Kind::short_name, Change::Status::rewritten, line, col, 0, "", short_name,
                              svc->joined()});
          }
        } else {
          // A value already in the "C_E" / "C E" form is no legacy reference.
          auto sep = short_name.find_first_of("_ ");
          bool modern = sep != std::string::npos && sep > 0 && sep + 1 < short_name.size() &&
                        short_name.find_first_of("_ ", sep + 1) == std::string::npos &&
                        std::all_of(short_name.begin() + static_cast<long>(sep) + 1, short_name.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
          if (!modern) {
            record(st, Change{Change::Kind::short_name, Change::Status::unmapped, line, col, 0, "", short_name, ""});
          }
        }
      }
    } else {
      FormState f;
      f.active = true;
      f.lt = lt;
      f.gt = gt;
      f.self_closing = unit_is(st, gt, '/');
      f.prefix = prefix != nullptr ? str(prefix) + ":" : "";
      f.qname = f.prefix + local;
      f.form_number = attribute(nb_attributes, attributes, "formNumber");
      f.version = attribute(nb_attributes, attributes, "version", &f.has_version);
      f.line = line;
      f.column = col;
      f.depth = st.stack.size() + 1;
      st.form = std::move(f);
    }
  }
  st.stack.push_back(std::move(local));
}

void finish_form(State& st) {
  FormState& f = st.form;
  f.active = false;
  if (f.form_number.empty()) {
    return; // no Altinn I reference here
  }
  Change c{Change::Kind::form,
           Change::Status::unmapped,
           f.line,
           f.column,
           0,
           "",
           "formNumber=" + f.form_number + (f.has_version ? " version=" + f.version : ""),
           ""};
  if (f.has_service_code) {
    c.status = Change::Status::has_service_code;
    record(st, std::move(c));
    return;
  }
  auto svc = st.map->form(f.form_number, f.version);
  if (!svc) {
    record(st, std::move(c));
    return;
  }
  c.status = Change::Status::rewritten;
  c.new_ref = svc->joined();
  const auto u = static_cast<std::uint64_t>(st.enc.unit);
  std::string service = "<" + f.prefix + "ServiceCode>" + svc->joined() + "</" + f.prefix + "ServiceCode>";
  std::string close = f.self_closing ? "</" + f.qname + ">" : "";
  Edit e;
  e.begin = f.lt;
  e.end = f.gt + (f.self_closing ? 2 * u : u);
  if (st.options->keep_legacy) {
    // The start tag as written, attributes and quoting included; "/>" becomes ">".
    e.bytes = st.window.substr(f.lt - st.win_off, f.gt - f.lt) + st.encode(">" + service + close);
  } else {
    e.bytes = st.encode("<" + f.qname + ">" + service + close);
  }
  st.edits.push_back(std::move(e));
  record(st, std::move(c));
}

// Exceptions must not cross libxml2's C frames: the handlers turn them into a stop.
void on_start(void*, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int, const xmlChar**,
              int nb_attributes, int, const xmlChar** attributes) {
  State& st = *t_state;
  if (st.stopped) {
    return;
  }
  try {
    on_start_impl(localname, prefix, uri, nb_attributes, attributes);
  } catch (const std::exception& e) {
    stop(st, "encoding", diag::tidy_message(e.what()));
  }
}

void on_end(void*, const xmlChar* localname, const xmlChar*, const xmlChar*) {
  State& st = *t_state;
  if (st.stopped) {
    return;
  }
  try {
    if (st.form.active && st.stack.size() == st.form.depth && str(localname) == "Form") {
      finish_form(st);
    }
  } catch (const std::exception& e) {
    stop(st, "encoding", diag::tidy_message(e.what()));
  }
  if (!st.stack.empty()) {
    st.stack.pop_back();
  }
}

/// Writes input bytes up to `limit` (exclusive), applying the edits that fall before it.
void flush(State& st, std::uint64_t limit, const ByteSink& out) {
  std::sort(st.edits.begin(), st.edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::size_t applied = 0;
  std::uint64_t pos = st.win_off;
  for (const auto& e : st.edits) {
    if (e.end > limit) {
      break;
    }
    if (e.begin > pos) {
      out(st.window.data() + (pos - st.win_off), e.begin - pos);
    }
    out(e.bytes.data(), e.bytes.size());
    st.outcome->bytes_out += (e.begin - pos) + e.bytes.size();
    pos = e.end;
    ++applied;
  }
  st.edits.erase(st.edits.begin(), st.edits.begin() + static_cast<long>(applied));
  if (limit > pos) {
    out(st.window.data() + (pos - st.win_off), limit - pos);
    st.outcome->bytes_out += limit - pos;
    pos = limit;
  }
  st.window.erase(0, pos - st.win_off);
  st.win_off = pos;
}

/// Reads `src` into the push parser chunk by chunk, handing the bytes before the parser's
/// position (or before an open Form) to `out` as they become final. False after an I/O error
/// (reported as unreadable); stops early when interrupted or not well-formed.
bool feed(State& st, io::ByteSource& src, xmlParserCtxtPtr pctxt, const ByteSink& out) {
  FileOutcome& outcome = *st.outcome;
  char buf[65536];
  try {
    for (;;) {
      if (diag::stop_requested()) {
        outcome.interrupted = true; // the caller discards what was written
        return true;
      }
      std::size_t n = src.read(buf, sizeof buf);
      outcome.bytes_in += n;
      st.window.append(buf, n);
      xmlParseChunk(pctxt, buf, static_cast<int>(n), n == 0 ? 1 : 0);
      if (st.stopped || !outcome.well_formed || pctxt->wellFormed == 0 || n == 0) {
        return true;
      }
      // Everything before the parser's position is final, unless a Form is still open.
      auto safe = static_cast<std::uint64_t>(xmlByteConsumed(pctxt));
      if (st.form.active) {
        safe = std::min(safe, st.form.lt);
      }
      if (safe > st.win_off) {
        flush(st, safe, out);
      }
    }
  } catch (const std::exception& e) {
    add_fatal(st, "unreadable", diag::tidy_message(e.what()), 0, 0);
    return false;
  }
}

} // namespace

FileOutcome rewrite(io::ByteSource& raw, const servicemap::ServiceMap& map, const RewriteOptions& options,
                    const ByteSink& out, const ChangeSink& changes) {
  FileOutcome outcome;
  std::optional<xml::EncodingCheckedSource> checked;
  try {
    checked.emplace(raw, false); // UTF-8 checked as read: asked at the end of every file
  } catch (const std::exception& e) {
    outcome.well_formed = false;
    outcome.diagnostics.push_back(
        diag::Diagnostic::fatal(diag::code::unreadable).at(raw.name()).message(diag::tidy_message(e.what())));
    return outcome;
  }
  if (checked->facts().mismatch) {
    outcome.well_formed = false;
    outcome.diagnostics.push_back(xml::mismatch_finding(checked->facts()));
    outcome.diagnostics.back().file = raw.name();
    return outcome;
  }
  io::ByteSource& src = *checked;
  const bool as_windows_1252 = options.latin1_as_windows_1252 && checked->facts().latin1;
  State st;
  st.map = &map;
  st.options = &options;
  st.outcome = &outcome;
  st.changes = &changes;

  xml::PushParser pctxt({on_start, on_end, on_internal_subset}, src.name(), options.limits);
  st.pctxt = pctxt.get();
  if (as_windows_1252) {
    // The declaration is then ignored: its ISO-8859-1 would switch the decoder back.
    xmlSwitchToEncoding(pctxt.get(), xmlFindCharEncodingHandler("WINDOWS-1252"));
    xmlCtxtUseOptions(pctxt.get(), xml::safe_options(XML_PARSE_IGNORE_ENC));
  }
  State* saved = t_state;
  t_state = &st;
  xml::ErrorHandlerScope errors(nullptr, on_error);

  bool read_to_end = feed(st, src, pctxt.get(), out);
  t_state = saved;
  if (!read_to_end) {
    return outcome; // an I/O error, reported as unreadable
  }
  if (outcome.interrupted) {
    return outcome;
  }
  if (pctxt->wellFormed == 0) {
    outcome.well_formed = false;
    if (outcome.diagnostics.empty()) {
      add_fatal(st, "not-well-formed", "document is not well-formed", 0, 0);
    }
  } else if (auto [line, column] = checked->first_bad_utf8(); line != 0) {
    // libxml2's push parser lets overlong UTF-8 through in a CDATA section: not well-formed
    // all the same (XML 1.0 4.3.3), and never passed on byte for byte.
    outcome.well_formed = false;
    add_fatal(st, "not-well-formed", xml::not_utf8_message(checked->first_bad_byte(), checked->facts().declared), line,
              column);
  }
  if (outcome.bytes_in == 0) {
    outcome.diagnostics.clear();
    st.fatal_seen = false;
    add_fatal(st, "not-well-formed", "document is empty (0 bytes)", 0, 0);
  }
  if (outcome.well_formed) {
    flush(st, st.win_off + st.window.size(), out);
  }
  if (auto w = checked->c1_finding(as_windows_1252)) {
    outcome.diagnostics.push_back(std::move(*w));
  }
  for (auto& d : outcome.diagnostics) {
    d.file = src.name();
  }
  return outcome;
}

} // namespace altkit::replyref
