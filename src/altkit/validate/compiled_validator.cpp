// The compiled validation engine (issue 20): libxml2's SAX2 pull parser with altkit's safe
// settings, its element events driving the automata of a schema::CompiledGrammar. It stops at
// the first fault (the fast verdict) and says where and why in one finding; DocumentValidator has
// libxml2 explain an invalid document. What it cannot decide (xsi:type, a strict wildcard whose
// element it has no declaration for, whitespace where the content must be empty, ...) it hands
// over: EngineReport::undecided, and libxml2 gives the verdict alone.
#include "altkit/validate/engine.hpp"

#include "altkit/schema/compiled_grammar.hpp"
#include "altkit/validate/finding.hpp"
#include "altkit/validate/libxml_sax.hpp"
#include "altkit/validate/path_tracker.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace altkit::validate {

namespace {

using schema::CompiledGrammar;
using Content = CompiledGrammar::Type::Content;

/// One open element.
struct Frame {
  enum class Mode : unsigned char { strict, lax, skip };
  Mode mode = Mode::strict;
  const CompiledGrammar::Type* type = nullptr;
  const CompiledGrammar::Decl* decl = nullptr;
  const schema::ContentAutomaton* automaton = nullptr;
  int state = 0;
  long count = 0;         ///< consecutive matches of the position in `state` (counted positions)
  std::uint64_t seen = 0; ///< xs:all: the members seen
  bool nil = false;
  bool children = false;
  bool whitespace = false; ///< whitespace-only text seen where it decides nothing here
};

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool all_space(const xmlChar* p, int n) {
  for (int i = 0; i < n; ++i) {
    if (!is_space(p[i])) {
      return false;
    }
  }
  return true;
}

/// Symbols by the names' (local, namespace) pointers in the parser's dictionary: an open-
/// addressing table (linear probing, at most half full), one multiply and usually one probe per
/// name; std::unordered_map's node chase was 2.6 % of a large document's time.
class NameTable {
public:
  /// The symbol cached for (local, uri), or nullptr.
  const int* find(const xmlChar* local, const xmlChar* uri) const {
    if (m_slots.empty()) {
      return nullptr;
    }
    for (std::size_t i = slot_of(local, uri);; i = (i + 1) & (m_slots.size() - 1)) {
      const Slot& s = m_slots[i];
      if (s.local == local && s.uri == uri) {
        return &s.symbol;
      }
      if (s.local == nullptr) {
        return nullptr;
      }
    }
  }
  void insert(const xmlChar* local, const xmlChar* uri, int symbol) {
    if (2 * (m_used + 1) > m_slots.size()) {
      grow();
    }
    place(local, uri, symbol);
  }
  void clear() {
    m_slots.clear();
    m_used = 0;
  }

private:
  struct Slot {
    const xmlChar* local = nullptr; ///< nullptr: empty (a name always has a local part)
    const xmlChar* uri = nullptr;
    int symbol = -1;
  };
  std::size_t slot_of(const xmlChar* local, const xmlChar* uri) const {
    auto h = (reinterpret_cast<std::uintptr_t>(local) ^ (reinterpret_cast<std::uintptr_t>(uri) << 1)) *
             std::uint64_t{0x9E3779B97F4A7C15};
    return static_cast<std::size_t>(h >> 32) & (m_slots.size() - 1);
  }
  void place(const xmlChar* local, const xmlChar* uri, int symbol) {
    std::size_t i = slot_of(local, uri);
    while (m_slots[i].local != nullptr && !(m_slots[i].local == local && m_slots[i].uri == uri)) {
      i = (i + 1) & (m_slots.size() - 1);
    }
    if (m_slots[i].local == nullptr) {
      ++m_used;
    }
    m_slots[i] = Slot{local, uri, symbol};
  }
  void grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    m_used = 0;
    for (const Slot& s : old) {
      if (s.local != nullptr) {
        place(s.local, s.uri, s.symbol);
      }
    }
  }
  std::vector<Slot> m_slots; ///< a power of two in size
  std::size_t m_used = 0;
};

struct ParseState {
  xmlParserCtxtPtr pctxt = nullptr;
  const ValidateSettings* settings = nullptr;
  const CompiledGrammar* g = nullptr;
  EngineReport* report = nullptr;
  PathTracker* path = nullptr;
  std::vector<Frame>* frames = nullptr;
  NameTable* names = nullptr;
  std::string* text = nullptr;
  std::string qname_buffer;
  bool stopped = false;
  bool fatal_seen = false;
  unsigned clock_calls = 0;
  // ID/IDREF (XSD 1.0 Part 1 cvc-id): this document's.
  std::unordered_set<std::string>* ids = nullptr;
  std::vector<std::pair<std::string, std::uint64_t>>* idrefs = nullptr;
};

thread_local ParseState* t_state = nullptr;

std::uint64_t cur_line(const ParseState& st) {
  return st.pctxt != nullptr && st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->line) : 0;
}

void halt(ParseState& st) {
  st.stopped = true;
  xmlStopParser(st.pctxt);
}

/// The fast verdict: one finding, where the engine stopped, and the parse ends.
void fault(ParseState& st, const diag::CodeInfo& code, std::string message, bool in_tag) {
  if (st.stopped) {
    return;
  }
  std::uint64_t col =
      st.pctxt != nullptr && st.pctxt->input != nullptr
          ? (in_tag ? xml::column_after_tag(st.pctxt) : static_cast<std::uint64_t>(st.pctxt->input->col))
          : 0;
  st.report->diagnostics.push_back(diag::Diagnostic::error(code)
                                       .at("", cur_line(st), col)
                                       .path(st.path->path())
                                       .message(std::move(message))
                                       .engine("compiled"));
  halt(st);
}

/// Not decided here: libxml2 gives the verdict alone.
void hand_over(ParseState& st, std::string why) {
  if (st.stopped) {
    return;
  }
  st.report->undecided = std::move(why);
  halt(st);
}

void fatal(ParseState& st, const char* code, std::string message) {
  if (!st.fatal_seen) {
    diag::Diagnostic d;
    d.line = cur_line(st);
    d.column = st.pctxt != nullptr && st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->col) : 0;
    d.path = elide_path(st.path->path());
    d.severity = diag::Severity::fatal;
    d.code = code;
    d.message = std::move(message);
    d.engine = "compiled";
    st.report->diagnostics.push_back(std::move(d));
  }
  st.fatal_seen = true;
  st.report->well_formed = false;
  halt(st);
}

void on_error(void* /*ctx*/, xmlErrorPtr e) {
  ParseState* st = t_state;
  if (st == nullptr || e == nullptr || e->message == nullptr || st->stopped) {
    return;
  }
  if (e->level == XML_ERR_WARNING || xml::is_namespace_uri_complaint(*e)) {
    return;
  }
  if (!st->fatal_seen) {
    diag::Diagnostic d;
    d.line = e->line > 0 ? static_cast<std::uint64_t>(e->line) : cur_line(*st);
    d.column = e->int2 > 0 ? static_cast<std::uint64_t>(e->int2) : 0;
    d.path = st->path->path();
    d.severity = diag::Severity::fatal;
    d.code = code::not_well_formed;
    d.message = diag::tidy_message(e->message);
    d.engine = "compiled";
    st->report->diagnostics.push_back(std::move(d));
    st->fatal_seen = true;
  }
  st->report->well_formed = false;
  st->stopped = true;
  xml::stop_from_error_handler(st->pctxt); // not xmlStopParser inside an error handler: see there
}

void on_internal_subset(void*, const xmlChar*, const xmlChar*, const xmlChar*) {
  if (ParseState* st = t_state) {
    fatal(*st, code::doctype_forbidden,
          "doctype declarations are not allowed: dtds, entities and external references are disabled for safety");
  }
}

/// The interned symbol of a name: looked up by the parser dictionary's pointers (one hash of two
/// pointers per name), by the strings the first time a pair is seen. Pointers the dictionary does
/// not own (they could be reused for another name) are never cached.
int symbol_of(ParseState& st, const xmlChar* local, const xmlChar* uri) {
  if (const int* cached = st.names->find(local, uri)) {
    return *cached;
  }
  int s = st.g->symbol(uri != nullptr ? reinterpret_cast<const char*>(uri) : "", reinterpret_cast<const char*>(local));
  if (local != nullptr && xmlDictOwns(st.pctxt->dict, local) == 1 &&
      (uri == nullptr || xmlDictOwns(st.pctxt->dict, uri) == 1)) {
    st.names->insert(local, uri, s);
  }
  return s;
}

std::string_view view(const xmlChar* b, const xmlChar* e) {
  return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
}

std::string quoted(std::string_view s) {
  return "'" + diag::escape_controls(std::string(s)) + "'";
}

void note_id(ParseState& st, const schema::CompiledSimpleType& type, std::string_view raw, bool in_tag) {
  auto kind = type.id_kind();
  if (kind == schema::CompiledSimpleType::IdKind::none) {
    return;
  }
  std::string v = type.normalized(raw);
  if (kind == schema::CompiledSimpleType::IdKind::id) {
    if (!st.ids->insert(v).second) {
      fault(st, diag::code::value_type, "ID value " + quoted(v) + " is not unique", in_tag);
      // libxml2's streaming validator checks no ID uniqueness; altkit adds it for attributes only
      st.report->beyond_libxml2 = !in_tag;
    }
    return;
  }
  std::size_t i = 0;
  while (i < v.size()) { // IDREF or IDREFS: each token
    std::size_t j = v.find(' ', i);
    if (j == std::string::npos) {
      j = v.size();
    }
    if (j > i) {
      st.idrefs->emplace_back(v.substr(i, j - i), cur_line(st));
    }
    i = j + 1;
  }
}

/// The attributes of a start tag against the element's type. Returns false when it stopped.
bool check_attributes(ParseState& st, Frame& f, int nb_attributes, const xmlChar** attributes) {
  const CompiledGrammar& g = *st.g;
  const CompiledGrammar::Type* type = f.type;
  std::uint64_t seen = 0;
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar* local = attributes[i * 5];
    const xmlChar* uri = attributes[i * 5 + 2];
    std::string_view value = view(attributes[i * 5 + 3], attributes[i * 5 + 4]);
    int s = symbol_of(st, local, uri);
    if (s >= 0 &&
        (s == g.xsi_nil || s == g.xsi_type || s == g.xsi_schema_location || s == g.xsi_no_ns_schema_location)) {
      if (s == g.xsi_type) {
        hand_over(st, "xsi:type");
        return false;
      }
      if (s == g.xsi_nil) {
        if (value == "true" || value == "1") {
          f.nil = true;
        } else if (value != "false" && value != "0") {
          hand_over(st, "an xsi:nil value that is not a boolean");
          return false;
        }
      }
      continue;
    }
    if (uri != nullptr && std::string_view(reinterpret_cast<const char*>(uri)) == schema::k_xsi_ns) {
      hand_over(st, "an xsi attribute");
      return false;
    }
    if (type == nullptr) {
      continue; // lax or skip
    }
    const CompiledGrammar::AttrUse* use = nullptr;
    std::size_t index = 0;
    for (; index < type->attributes.size(); ++index) {
      if (type->attributes[index].symbol == s && s >= 0) {
        use = &type->attributes[index];
        break;
      }
    }
    auto name = [&] { return xml::qualified(attributes[i * 5 + 1], local); };
    if (use == nullptr) {
      if (type->any_attribute >= 0) {
        const auto& w = g.wildcard(type->any_attribute);
        if (w.allows(uri != nullptr ? reinterpret_cast<const char*>(uri) : "")) {
          if (w.process != schema::Wildcard::Process::skip) {
            hand_over(st, "an attribute matched by a strict or lax attribute wildcard");
            return false;
          }
          continue;
        }
      }
      if (uri == nullptr && st.settings->allow_altinn_row_id &&
          std::strcmp(reinterpret_cast<const char*>(local), "altinnRowId") == 0) {
        continue;
      }
      fault(st, diag::code::attribute_not_allowed, "attribute '" + name() + "' is not allowed here", true);
      return false;
    }
    seen |= std::uint64_t{1} << index;
    std::string problem;
    if (!use->type->check(value, &problem)) {
      fault(st, diag::code::value_type, "attribute '" + name() + "': " + problem, true);
      return false;
    }
    // A value spelled as the fixed one is that value (it was just found valid): no second parse.
    if (use->has_fixed && value != use->fixed && !use->type->equal(value, use->fixed)) {
      fault(st, diag::code::fixed_value,
            "attribute '" + name() + "': value " + quoted(value) + " is not the fixed value " + quoted(use->fixed),
            true);
      return false;
    }
    note_id(st, *use->type, value, true);
    if (st.stopped) {
      return false;
    }
  }
  if (type != nullptr && (seen & type->required) != type->required) {
    for (std::size_t i = 0; i < type->attributes.size(); ++i) {
      if ((type->required >> i & 1U) != 0 && (seen >> i & 1U) == 0) {
        fault(st, diag::code::missing_attribute, "required attribute '" + type->attributes[i].name + "' is missing",
              true);
        return false;
      }
    }
  }
  return true;
}

/// Steps the parent's content model over a child named `s` in namespace `uri`. Returns the
/// child's declaration (-1 with `wildcard` set for a wildcard match), or -2 when it stopped.
int step(ParseState& st, Frame& parent, int s, const char* uri, const xmlChar* prefix, const xmlChar* local,
         int& wildcard) {
  auto qname = [&] { return xml::qualified(prefix, local); };
  wildcard = -1;
  const schema::ContentAutomaton& a = *parent.automaton;
  if (a.all) {
    for (std::size_t i = 0; i < a.members.size(); ++i) {
      if (a.members[i].symbol == s) {
        if ((parent.seen >> i & 1U) != 0) {
          fault(st, diag::code::invalid_content, "element '" + qname() + "' is not expected here: it appeared already",
                true);
          return -2;
        }
        parent.seen |= std::uint64_t{1} << i;
        return a.members[i].element;
      }
    }
    fault(st, diag::code::invalid_content, "element '" + qname() + "' is not expected here", true);
    return -2;
  }
  const auto& state = a.states[static_cast<std::size_t>(parent.state)];
  const schema::ContentAutomaton::Edge* hit = nullptr;
  for (std::uint32_t i = 0; i < state.edge_count; ++i) {
    const auto& e = a.edges[state.first_edge + i];
    if (e.symbol >= 0 ? e.symbol == s : st.g->wildcard(e.wildcard).allows(uri != nullptr ? uri : "")) {
      if (e.symbol < 0 && s >= 0 && hit != nullptr) {
        continue;
      }
      hit = &e;
      if (e.symbol >= 0) {
        break;
      }
    }
  }
  if (hit == nullptr) {
    fault(st, diag::code::invalid_content, "element '" + qname() + "' is not expected here", true);
    return -2;
  }
  if (hit->target == parent.state && state.counted) {
    if (state.max != -1 && parent.count >= state.max) {
      fault(st, diag::code::invalid_content,
            "element '" + qname() + "' is not expected here: more than " + std::to_string(state.max) + " in a row",
            true);
      return -2;
    }
    ++parent.count;
  } else {
    if (state.counted && parent.count < state.min) {
      fault(st, diag::code::invalid_content,
            "element '" + qname() + "' is not expected here: fewer than " + std::to_string(state.min) +
                " of the element before it",
            true);
      return -2;
    }
    parent.state = hit->target;
    parent.count = 1;
  }
  wildcard = hit->wildcard;
  return hit->element;
}

void on_start(void* /*ctx*/, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int /*nb_namespaces*/,
              const xmlChar** /*namespaces*/, int nb_attributes, int /*nb_defaulted*/, const xmlChar** attributes) {
  ParseState& st = *t_state;
  if (st.stopped) {
    return;
  }
  if (past_deadline(*st.settings, st.clock_calls)) {
    fatal(st, code::too_slow, too_slow_message(st.settings->limits.time_budget));
    return;
  }
  if (st.path->depth() >= st.settings->limits.max_depth) {
    fatal(st, code::too_deep,
          "element nesting deeper than " + std::to_string(st.settings->limits.max_depth) + " levels");
    return;
  }
  for (int i = 0; i < nb_attributes; ++i) {
    if (static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]) >
        st.settings->limits.max_attribute_length) {
      fatal(st, code::attribute_too_long,
            "attribute '" + xml::str(attributes[i * 5]) + "' is longer than " +
                std::to_string(st.settings->limits.max_attribute_length) + " bytes");
      return;
    }
  }
  if (prefix == nullptr) {
    st.path->push_interned(reinterpret_cast<const char*>(localname));
  } else {
    st.qname_buffer.assign(reinterpret_cast<const char*>(prefix))
        .append(":")
        .append(reinterpret_cast<const char*>(localname));
    st.path->push(st.qname_buffer);
  }
  if (!st.report->root.found) {
    st.report->root = detail::root_from_event(st.pctxt, localname, prefix, uri, nb_attributes, attributes, false);
  }
  auto& frames = *st.frames;
  const CompiledGrammar& g = *st.g;
  int s = symbol_of(st, localname, uri);
  const char* ns = reinterpret_cast<const char*>(uri);
  Frame child;
  int decl = -1;
  if (frames.empty()) {
    decl = g.global(s);
    if (decl < 0) {
      hand_over(st, "a root element the compiled grammar does not declare");
      return;
    }
  } else {
    Frame& parent = frames.back();
    parent.children = true;
    if (parent.mode == Frame::Mode::skip) {
      child.mode = Frame::Mode::skip;
    } else if (parent.mode == Frame::Mode::lax || parent.type->content == Content::any) {
      decl = g.global(s);
      child.mode = decl < 0 ? Frame::Mode::lax : Frame::Mode::strict;
    } else if (parent.nil) {
      fault(st, diag::code::nil,
            "element '" + xml::qualified(prefix, localname) +
                "' is not allowed: its parent is nil (xsi:nil), so it must be empty",
            true);
      return;
    } else if (parent.automaton == nullptr) {
      fault(st, diag::code::invalid_content,
            "element '" + xml::qualified(prefix, localname) + "' is not allowed: the parent's content is " +
                (parent.type->content == Content::simple ? "text only" : "empty"),
            true);
      return;
    } else {
      int wildcard = -1;
      decl = step(st, parent, s, ns, prefix, localname, wildcard);
      if (decl == -2) {
        return;
      }
      if (wildcard >= 0) {
        switch (g.wildcard(wildcard).process) {
        case schema::Wildcard::Process::skip:
          child.mode = Frame::Mode::skip;
          break;
        case schema::Wildcard::Process::lax:
          decl = g.global(s);
          child.mode = decl < 0 ? Frame::Mode::lax : Frame::Mode::strict;
          break;
        case schema::Wildcard::Process::strict:
          decl = g.global(s);
          if (decl < 0) {
            hand_over(st, "an element matched by a strict wildcard that the compiled grammar does not declare");
            return;
          }
          break;
        }
      }
    }
  }
  if (child.mode == Frame::Mode::skip) {
    frames.push_back(child);
    return;
  }
  if (child.mode == Frame::Mode::lax) {
    if (nb_attributes > 0) {
      hand_over(st, "attributes on an element assessed laxly");
      return;
    }
    frames.push_back(child);
    return;
  }
  child.decl = &g.decl(decl);
  child.type = &g.type(child.decl->type);
  if (child.type->automaton >= 0) {
    child.automaton = &g.automaton(child.type->automaton);
  }
  if (child.type->content == Content::any && nb_attributes > 0) {
    hand_over(st, "attributes on an element of xs:anyType");
    return;
  }
  frames.push_back(child);
  Frame& f = frames.back();
  if (!check_attributes(st, f, nb_attributes, attributes)) {
    return;
  }
  if (f.nil) {
    if (!f.decl->nillable) {
      fault(st, diag::code::nil, "element '" + f.decl->name + "' is not nillable, but has xsi:nil", true);
      return;
    }
    if (f.decl->has_fixed) {
      fault(st, diag::code::nil, "element '" + f.decl->name + "' has a fixed value and may not be nil", true);
      return;
    }
  }
  if (f.type->content == Content::simple) {
    st.text->clear();
  }
}

void on_characters(void* /*ctx*/, const xmlChar* ch, int len) {
  ParseState& st = *t_state;
  if (st.stopped || st.frames->empty() || len <= 0) {
    return;
  }
  Frame& f = st.frames->back();
  if (f.mode != Frame::Mode::strict) {
    return;
  }
  if (f.nil) {
    if (all_space(ch, len)) {
      f.whitespace = true;
      return;
    }
    fault(st, diag::code::nil, "element '" + f.decl->name + "' is nil (xsi:nil) but has text", false);
    return;
  }
  switch (f.type->content) {
  case Content::simple:
    st.text->append(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len));
    return;
  case Content::mixed:
  case Content::any:
    return;
  case Content::elements:
  case Content::empty:
    if (all_space(ch, len)) {
      f.whitespace = true;
      return;
    }
    fault(st, diag::code::invalid_content,
          "element '" + f.decl->name + "' has text, but its content is " +
              (f.type->content == Content::empty ? "empty" : "elements only"),
          false);
    return;
  }
}

void on_end(void* /*ctx*/, const xmlChar* /*localname*/, const xmlChar* /*prefix*/, const xmlChar* /*uri*/) {
  ParseState& st = *t_state;
  if (st.stopped) {
    return;
  }
  auto& frames = *st.frames;
  Frame& f = frames.back();
  if (f.mode == Frame::Mode::strict) {
    const auto& type = *f.type;
    if (f.nil) {
      if (f.whitespace) {
        hand_over(st, "whitespace in a nil element");
        return;
      }
    } else if (type.content == Content::empty && f.whitespace) {
      hand_over(st, "whitespace in an element of empty content");
      return;
    } else if (f.automaton != nullptr) {
      const auto& a = *f.automaton;
      if (a.all) {
        bool empty_ok = a.all_optional && f.seen == 0;
        if (!empty_ok && (f.seen & a.required_members) != a.required_members) {
          fault(st, diag::code::invalid_content, "element '" + f.decl->name + "' is missing a required child element",
                false);
          return;
        }
      } else {
        const auto& s = a.states[static_cast<std::size_t>(f.state)];
        if (!s.final || (s.counted && f.count < s.min)) {
          fault(st, diag::code::invalid_content, "element '" + f.decl->name + "' ends before its content is complete",
                false);
          return;
        }
      }
    } else if (type.content == Content::simple) {
      const std::string& text = *st.text;
      if (text.empty() && (f.decl->has_fixed || f.decl->has_default)) {
        // the fixed or default value stands in: valid by the schema
      } else {
        std::string problem;
        if (!type.simple->check(text, &problem)) {
          fault(st, diag::code::value_type, "element '" + f.decl->name + "': " + problem, false);
          return;
        }
        if (f.decl->has_fixed && text != f.decl->fixed && !type.simple->equal(text, f.decl->fixed)) {
          fault(st, diag::code::fixed_value,
                "element '" + f.decl->name + "': value " + quoted(text) + " is not the fixed value " +
                    quoted(f.decl->fixed),
                false);
          return;
        }
        note_id(st, *type.simple, text, false);
        if (st.stopped) {
          return;
        }
      }
    }
  }
  frames.pop_back();
  if (past_deadline(*st.settings, st.clock_calls)) {
    fatal(st, code::too_slow, too_slow_message(st.settings->limits.time_budget));
    return;
  }
  st.path->pop();
}

class CompiledValidator final : public EngineValidator {
public:
  CompiledValidator() { xml::init_libxml(); }

  EngineReport run(io::ByteSource& src, const schema::CompiledSchema* schema,
                   const ValidateSettings& settings) override {
    EngineReport report;
    report.engine = "compiled";
    if (schema == nullptr || !schema->grammar) {
      report.undecided = "no compiled grammar";
      return report;
    }
    ParseState st;
    m_path.clear();
    m_frames.clear();
    m_ids.clear();
    m_idrefs.clear();
    st.path = &m_path;
    st.frames = &m_frames;
    st.text = &m_text;
    st.ids = &m_ids;
    st.idrefs = &m_idrefs;
    st.settings = &settings;
    st.report = &report;
    st.g = schema->grammar.get();
    std::string name = src.name();
    detail::SaxInput input{&src, &report.bytes, {}};
    bool made = false;
    xmlParserCtxtPtr pctxt = m_parser.begin(&made);
    if (made) {
      m_names.clear(); // names cached by an earlier dictionary's pointers
    }
    st.pctxt = pctxt;
    auto& names = m_names[st.g];
    st.names = &names;
    struct StateScope {
      ParseState* saved;
      explicit StateScope(ParseState* s) : saved(t_state) { t_state = s; }
      ~StateScope() { t_state = saved; }
    } state_scope(&st);
    xml::ErrorHandlerScope errors(nullptr, on_error);
    xml::xml_ptr<xmlDoc> none = xml::read_io(*pctxt, detail::read_sax_input, &input);
    if (!input.error.empty()) {
      report.diagnostics.clear();
      report.undecided.clear();
      diag::Diagnostic d;
      d.severity = diag::Severity::fatal;
      d.code = code::unreadable;
      d.message = diag::tidy_message(input.error);
      d.engine = "compiled";
      report.diagnostics.push_back(std::move(d));
      report.well_formed = false;
    }
    // A parse this engine stopped is not thereby broken: what broke it was said (on_error).
    if (report.bytes == 0 || (!st.stopped && pctxt->wellFormed == 0)) {
      report.well_formed = false;
    }
    if (report.well_formed && !st.stopped) {
      for (const auto& [ref, line] : m_idrefs) {
        if (m_ids.count(ref) == 0) {
          diag::Diagnostic d = diag::Diagnostic::error(diag::code::value_type)
                                   .at("", line, 0)
                                   .message("IDREF " + quoted(ref) + " names no ID in the document")
                                   .engine("compiled");
          report.diagnostics.push_back(std::move(d));
          report.beyond_libxml2 = true;
          break;
        }
      }
    }
    if (m_parser.end(report.well_formed && !st.stopped)) {
      m_names.clear(); // the names cached by the old dictionary's pointers go with it
    }
    for (auto& d : report.diagnostics) {
      d.file = name;
    }
    return report;
  }

private:
  detail::ReusedParser m_parser{{on_start, on_end, on_internal_subset, on_characters}};
  PathTracker m_path;
  std::vector<Frame> m_frames;
  std::string m_text;
  std::unordered_set<std::string> m_ids;
  std::vector<std::pair<std::string, std::uint64_t>> m_idrefs;
  /// Per grammar: names by the parser dictionary's pointers (valid while m_parser lives).
  std::unordered_map<const CompiledGrammar*, NameTable> m_names;
};

} // namespace

std::unique_ptr<EngineValidator> make_compiled_validator() {
  return std::make_unique<CompiledValidator>();
}

} // namespace altkit::validate
