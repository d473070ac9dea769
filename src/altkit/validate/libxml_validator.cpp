// Streaming validation with libxml2: a push parser whose SAX events go through
// xmlSchemaSAXPlug, with our own start/end wrappers around the plug's, so that every finding
// gets the parser's current line and column and the element path (libxml2 2.9 gives neither
// in streaming mode).
#include "altkit/validate/engine.hpp"

#include "altkit/validate/finding.hpp"
#include "altkit/validate/id_attributes.hpp"
#include "altkit/validate/id_check.hpp"
#include "altkit/validate/libxml_sax.hpp"
#include "altkit/validate/path_tracker.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace altkit::validate {

namespace {

using xml::str;

const char* classify(int code) {
  switch (code) {
  case XML_SCHEMAV_CVC_ELT_1:
  case XML_SCHEMAV_NOROOT:
  case XML_SCHEMAV_UNDECLAREDELEM:
    return code::undeclared_element;
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4:
  case XML_SCHEMAV_ELEMENT_CONTENT:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_1:
    return code::invalid_content;
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
    return code::attribute_not_allowed;
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
    return code::missing_attribute;
  case XML_SCHEMAV_CVC_AU:
  case XML_SCHEMAV_CVC_ELT_5_2_2_1:
  case XML_SCHEMAV_CVC_ELT_5_2_2_2_1:
  case XML_SCHEMAV_CVC_ELT_5_2_2_2_2:
  case XML_SCHEMAV_CVC_ATTRIBUTE_4:
    return code::fixed_value;
  case XML_SCHEMAV_CVC_ELT_3_1:
  case XML_SCHEMAV_CVC_ELT_3_2_1:
  case XML_SCHEMAV_CVC_ELT_3_2_2:
    return code::nil;
  case XML_SCHEMAV_CVC_PATTERN_VALID:
    return code::value_pattern;
  case XML_SCHEMAV_CVC_ENUMERATION_VALID:
    return code::value_enumeration;
  case XML_SCHEMAV_CVC_LENGTH_VALID:
  case XML_SCHEMAV_CVC_MINLENGTH_VALID:
  case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
    return code::value_length;
  case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
  case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
  case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
  case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
    return code::value_range;
  case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
  case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
    return code::value_digits;
  case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
  case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
  case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
  case XML_SCHEMAV_CVC_TYPE_3_1_1:
  case XML_SCHEMAV_CVC_TYPE_3_1_2:
  case XML_SCHEMAV_CVC_FACET_VALID:
  case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_1:
    return code::value_type;
  case XML_SCHEMAV_CVC_IDC:
    return code::identity_constraint;
  default:
    return code::schema_invalid;
  }
}

// The state of the parse running on this thread. libxml2 2.9's error handlers and the plug's
// user data leave no room for ours, and a parse is synchronous, so a thread_local is enough.
struct ParseState {
  xmlParserCtxtPtr pctxt = nullptr;
  const ValidateSettings* settings = nullptr;
  EngineReport* report = nullptr;
  PathTracker* path = nullptr; ///< the validator's, reused from document to document
  startElementNsSAX2Func inner_start = nullptr;
  endElementNsSAX2Func inner_end = nullptr;
  charactersSAXFunc inner_characters = nullptr;
  cdataBlockSAXFunc inner_cdata = nullptr;
  void* inner_ctx = nullptr;
  // Character data not yet handed to the validator. libxml2 reports a text in chunks of ~300
  // bytes, and its validator appends each to the value so far with xmlStrncat, which measures
  // the value first (strlen): quadratic, 40 MB of text took 8.3 s, 100 MB 56 s. Handed over at
  // the next element event in one piece, or in pieces that grow with the text: linear.
  std::string text;
  bool text_is_cdata = false;
  std::size_t text_handed = 0; ///< bytes of the current text already handed over
  bool stopped = false;
  bool fatal_seen = false;
  unsigned clock_calls = 0; ///< see past_deadline()
  // While the validator looks at a start tag, the parser stands on its closing '>' or '/>';
  // Xerces reports the column after it. This moves libxml2's findings there too.
  bool in_start_tag = false;
  std::string qname_buffer;
  const std::set<std::string>* id_names = nullptr; ///< attributes the schema types xs:ID
  IdChecker* numbers = nullptr;                    ///< --check-ids: the identifier checks
  charactersSAXFunc id_inner_characters = nullptr;
  cdataBlockSAXFunc id_inner_cdata = nullptr;
  std::unordered_map<std::string, std::uint64_t> ids; ///< this document's ID values -> first line
};

/// xs:ID uniqueness (cvc-id.2), which libxml2 checks only on a tree: see id_attributes.hpp.
void check_ids(ParseState& st, int nb_attributes, const xmlChar** attributes) {
  for (int i = 0; i < nb_attributes; ++i) {
    const char* local = reinterpret_cast<const char*>(attributes[i * 5]);
    if (attributes[i * 5 + 2] != nullptr || st.id_names->count(local) == 0) {
      continue;
    }
    // The value as xs:ID sees it: whitespace collapsed.
    std::string v;
    bool space = false;
    for (const xmlChar* p = attributes[i * 5 + 3]; p < attributes[i * 5 + 4]; ++p) {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        space = !v.empty();
        continue;
      }
      if (space) {
        v.push_back(' ');
        space = false;
      }
      v.push_back(static_cast<char>(*p));
    }
    std::uint64_t line = st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->line) : 0;
    auto [it, first] = st.ids.emplace(v, line);
    if (!first) {
      diag::Diagnostic d;
      d.line = line;
      d.column = xml::column_after_tag(st.pctxt);
      d.path = st.path->path() + "/@" + local;
      d.severity = diag::Severity::error;
      d.code = code::value_type;
      d.message = "ID value '" + diag::escape_controls(v) + "' is not unique (first on line " +
                  std::to_string(it->second) + ")";
      d.engine = "libxml2";
      st.report->diagnostics.push_back(std::move(d));
    }
  }
}

thread_local ParseState* t_state = nullptr;

/// Hands the character data held back to the validator (see ParseState::text).
void flush_text(ParseState& st, void* ctx) {
  if (st.text.empty()) {
    return;
  }
  auto* p = reinterpret_cast<const xmlChar*>(st.text.data());
  int n = static_cast<int>(st.text.size());
  if (st.text_is_cdata) {
    st.inner_cdata(ctx, p, n);
  } else {
    st.inner_characters(ctx, p, n);
  }
  st.text_handed += st.text.size();
  st.text.clear();
}

void hold_text(void* ctx, const xmlChar* ch, int len, bool cdata) {
  ParseState& st = *t_state;
  if (st.stopped || len <= 0) {
    return;
  }
  if (!st.text.empty() && st.text_is_cdata != cdata) {
    flush_text(st, ctx);
  }
  st.text_is_cdata = cdata;
  st.text.append(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len));
  // Pieces at least as large as what was handed before: the validator's appends stay linear.
  if (st.text.size() >= std::max<std::size_t>(1U << 20, st.text_handed) || st.text.size() > (1U << 30)) {
    flush_text(st, ctx);
  }
}

void on_characters(void* ctx, const xmlChar* ch, int len) {
  hold_text(ctx, ch, len, false);
}

void on_cdata(void* ctx, const xmlChar* ch, int len) {
  hold_text(ctx, ch, len, true);
}

void add(ParseState& st, diag::Severity sev, const char* code, std::string message, std::uint64_t line,
         std::uint64_t col) {
  diag::Diagnostic d;
  d.line = line;
  d.column = col;
  d.path = st.path->path();
  d.severity = sev;
  d.code = code;
  d.message = std::move(message);
  d.engine = "libxml2";
  st.report->diagnostics.push_back(std::move(d));
}

std::uint64_t cur_line(const ParseState& st) {
  return st.pctxt != nullptr && st.pctxt->input != nullptr ? static_cast<std::uint64_t>(st.pctxt->input->line) : 0;
}
std::uint64_t cur_col(const ParseState& st) {
  if (st.pctxt == nullptr || st.pctxt->input == nullptr) {
    return 0;
  }
  return st.in_start_tag ? xml::column_after_tag(st.pctxt) : static_cast<std::uint64_t>(st.pctxt->input->col);
}

/// Records a fatal finding and stops the parse. `from_error_handler`: called inside libxml2's
/// structured error handler, where xmlStopParser is unsafe (xml::stop_from_error_handler).
void stop(ParseState& st, const char* code, std::string message, bool from_error_handler = false) {
  if (!st.fatal_seen) {
    add(st, diag::Severity::fatal, code, std::move(message), cur_line(st), cur_col(st));
    st.report->diagnostics.back().path = elide_path(st.report->diagnostics.back().path);
  }
  st.fatal_seen = true;
  st.stopped = true;
  st.report->well_formed = false;
  if (from_error_handler) {
    xml::stop_from_error_handler(st.pctxt);
  } else {
    xmlStopParser(st.pctxt);
  }
}

void on_error(void* /*ctx*/, xmlErrorPtr e) {
  ParseState* st = t_state;
  if (st == nullptr || e == nullptr || e->message == nullptr || st->stopped) {
    return;
  }
  if (std::strstr(e->message, "xmlSchemaValidateFacets, validating against a pattern facet") != nullptr) {
    // libxml2's regular expression engine stopped at its own bound on backtracking and calls
    // that an internal error: the value is neither valid nor invalid, and the document is not
    // finished (Xerces would take exponential time on it).
    stop(*st, code::too_slow,
         "libxml2's regular expression engine gave up on this value: its pattern backtracks too much on it (see "
         "schema-lint); the value was not checked and the document not finished",
         true);
    return;
  }
  if (e->domain == XML_FROM_SCHEMASV) {
    auto sev = e->level == XML_ERR_WARNING ? diag::Severity::warning : diag::Severity::error;
    const char* c = classify(e->code);
    std::string message = diag::tidy_engine_message(e->message);
    std::string path = st->path->path();
    if (std::string a = attribute_named(message); !a.empty()) {
      path += "/@" + a; // a finding about an attribute names it in its path
    }
    auto& ds = st->report->diagnostics;
    if (c == code::value_type && !ds.empty() && ds.back().line == cur_line(*st) && ds.back().column == cur_col(*st) &&
        ds.back().path == path && ds.back().code.compare(0, 6, "value-") == 0) {
      // libxml2 follows a facet or item finding with one for the whole value ("'1 2 3 4' is
      // not a valid value of the local list type"): the same fault again, left out.
      return;
    }
    add(*st, sev, c, std::move(message), cur_line(*st), cur_col(*st));
    ds.back().path = std::move(path);
    return;
  }
  if (e->level == XML_ERR_WARNING || xml::is_namespace_uri_complaint(*e)) {
    return; // parser warnings and complaints about legal IRIs do not make a document invalid
  }
  // Everything else is the parser's: the document is not well-formed. Keep the first only;
  // what libxml2 says after it is a consequence.
  if (!st->fatal_seen) {
    std::string msg = diag::tidy_message(e->message);
    add(*st, diag::Severity::fatal, code::not_well_formed, msg,
        e->line > 0 ? static_cast<std::uint64_t>(e->line) : cur_line(*st),
        e->int2 > 0 ? static_cast<std::uint64_t>(e->int2) : cur_col(*st));
    st->fatal_seen = true;
  }
  st->report->well_formed = false;
  // What libxml2 would say after a fatal error is a consequence of it (the validator, fed the
  // rest of a broken document, complains about character content line after line): stop here.
  st->stopped = true;
  xml::stop_from_error_handler(st->pctxt); // not xmlStopParser: see there
}

void on_internal_subset(void*, const xmlChar*, const xmlChar*, const xmlChar*) {
  if (ParseState* st = t_state) {
    stop(*st, code::doctype_forbidden,
         "doctype declarations are not allowed: dtds, entities and external references are disabled for safety");
  }
}

void on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int nb_namespaces,
              const xmlChar** namespaces, int nb_attributes, int nb_defaulted, const xmlChar** attributes) {
  ParseState& st = *t_state;
  if (st.stopped) {
    return;
  }
  if (past_deadline(*st.settings, st.clock_calls)) {
    stop(st, code::too_slow, too_slow_message(st.settings->limits.time_budget));
    return;
  }
  if (st.path->depth() >= st.settings->limits.max_depth) {
    stop(st, code::too_deep,
         "element nesting deeper than " + std::to_string(st.settings->limits.max_depth) + " levels");
    return;
  }
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar* vbeg = attributes[i * 5 + 3];
    const xmlChar* vend = attributes[i * 5 + 4];
    if (static_cast<std::size_t>(vend - vbeg) > st.settings->limits.max_attribute_length) {
      stop(st, code::attribute_too_long,
           "attribute '" + str(attributes[i * 5]) + "' is longer than " +
               std::to_string(st.settings->limits.max_attribute_length) + " bytes");
      return;
    }
  }
  // An unprefixed local name is interned in the parser's dictionary: its pointer is its identity
  // (no copy, no strlen per element). A prefixed one is written out in a reused buffer.
  if (prefix == nullptr) {
    st.path->push_interned(reinterpret_cast<const char*>(localname));
  } else {
    st.qname_buffer.assign(reinterpret_cast<const char*>(prefix))
        .append(":")
        .append(reinterpret_cast<const char*>(localname));
    st.path->push(st.qname_buffer);
  }
  if (!st.report->root.found) {
    // Routing has already happened (peek_root): the validator's root needs no attributes.
    st.report->root = detail::root_from_event(st.pctxt, localname, prefix, uri, nb_attributes, attributes, false);
  }
  if (st.inner_start != nullptr) {
    flush_text(st, ctx);
    st.text_handed = 0;
    st.in_start_tag = true; // a finding now is placed after the tag (worked out only then)
    st.inner_start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
    st.in_start_tag = false;
  }
  if (st.id_names != nullptr && !st.id_names->empty() && !st.stopped) {
    check_ids(st, nb_attributes, attributes);
  }
  if (st.numbers != nullptr && !st.stopped) {
    st.numbers->enter(reinterpret_cast<const char*>(localname), *st.path, cur_line(st),
                      xml::column_after_tag(st.pctxt));
  }
}

void on_id_characters(void* ctx, const xmlChar* ch, int len) {
  ParseState& st = *t_state;
  if (st.numbers != nullptr && st.numbers->collecting()) {
    st.numbers->text(std::string_view(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len)));
  }
  if (st.id_inner_characters != nullptr) {
    st.id_inner_characters(ctx, ch, len);
  }
}

void on_id_cdata(void* ctx, const xmlChar* ch, int len) {
  ParseState& st = *t_state;
  if (st.numbers != nullptr && st.numbers->collecting()) {
    st.numbers->text(std::string_view(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len)));
  }
  if (st.id_inner_cdata != nullptr) {
    st.id_inner_cdata(ctx, ch, len);
  }
}

void on_end(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  ParseState& st = *t_state;
  if (st.stopped) {
    return;
  }
  if (st.inner_end != nullptr) {
    flush_text(st, ctx);
    st.text_handed = 0;
    if (st.stopped) {
      return;
    }
    st.inner_end(ctx, localname, prefix, uri);
  }
  if (st.numbers != nullptr && !st.stopped) {
    st.numbers->leave(st.report->diagnostics);
  }
  if (past_deadline(*st.settings, st.clock_calls)) {
    stop(st, code::too_slow, too_slow_message(st.settings->limits.time_budget));
    return;
  }
  st.path->pop();
}

class LibxmlValidator final : public EngineValidator {
public:
  LibxmlValidator() { xml::init_libxml(); }

  EngineReport run(io::ByteSource& src, const schema::CompiledSchema* schema,
                   const ValidateSettings& settings) override {
    EngineReport report;
    report.engine = "libxml2";
    ParseState st;
    m_path.clear();
    st.path = &m_path;
    st.settings = &settings;
    st.report = &report;

    // A pull parser reading through our callback (as xmllint's streaming validation does):
    // faster than feeding a push parser, and the same SAX events. Its context is this
    // validator's, reset for each document (detail::ReusedParser).
    std::string name = src.name();
    detail::SaxInput input{&src, &report.bytes, {}};
    xmlParserCtxtPtr pctxt = m_parser.begin();
    pctxt->sax->startElementNs = on_start;
    pctxt->sax->endElementNs = on_end;
    st.pctxt = pctxt;

    struct StateScope { // this thread's parse state, restored however the run ends
      ParseState* saved;
      explicit StateScope(ParseState* st) : saved(t_state) { t_state = st; }
      ~StateScope() { t_state = saved; }
    } state_scope(&st);
    xml::ErrorHandlerScope errors(nullptr, on_error);
    xmlSchemaSAXPlugPtr plug = schema != nullptr && schema->libxml ? plug_schema(pctxt, *schema, st) : nullptr;
    std::optional<IdChecker> numbers;
    xmlSAXHandler saved_sax = *pctxt->sax; // the text handlers below are this document's only
    if (settings.id_rules != nullptr) {
      numbers.emplace(*settings.id_rules, "libxml2");
      st.numbers = &*numbers;
      st.id_inner_characters = pctxt->sax->characters;
      st.id_inner_cdata = pctxt->sax->cdataBlock;
      pctxt->sax->characters = on_id_characters;
      pctxt->sax->cdataBlock = on_id_cdata;
      if (pctxt->sax->ignorableWhitespace == st.id_inner_characters) {
        pctxt->sax->ignorableWhitespace = on_id_characters;
      }
    }

    // xmlCtxtReadIO resets the context and reads this document through it. No tree is built
    // (no tree-building SAX handlers): what it returns is always null.
    xml::xml_ptr<xmlDoc> none = xml::read_io(*pctxt, detail::read_sax_input, &input);
    if (!input.error.empty()) {
      // An I/O error while reading: the document is unreadable, whatever the parser said.
      report.diagnostics.erase(
          std::remove_if(report.diagnostics.begin(), report.diagnostics.end(),
                         [](const diag::Diagnostic& d) { return d.severity == diag::Severity::fatal; }),
          report.diagnostics.end());
      st.fatal_seen = false;
      add(st, diag::Severity::fatal, code::unreadable, diag::tidy_message(input.error), 0, 0);
      report.well_formed = false;
    }
    if (report.bytes == 0) {
      report.well_formed = false;
    }
    if (pctxt->wellFormed == 0) {
      report.well_formed = false;
    }
    *pctxt->sax = saved_sax;
    if (plug != nullptr) {
      xmlSchemaSAXUnplug(plug);
    }
    m_parser.end(report.well_formed && !st.stopped); // see ReusedParser::end
    for (auto& d : report.diagnostics) {
      d.file = name;
    }
    return report;
  }

private:
  /// Puts the schema validator into the parser's SAX handlers, with our element handlers
  /// around the plug's (not inside it). Throws std::runtime_error when libxml2 cannot.
  xmlSchemaSAXPlugPtr plug_schema(xmlParserCtxtPtr pctxt, const schema::CompiledSchema& schema, ParseState& st) {
    xmlSchemaValidCtxtPtr vctxt = valid_ctxt(schema);
    st.id_names = &id_names(schema);
    xmlSchemaSetValidStructuredErrors(vctxt, on_error, nullptr);
    // Take our handlers out of the user handler block the plug will call, and put them in
    // front of the plug below.
    pctxt->sax->startElementNs = nullptr;
    pctxt->sax->endElementNs = nullptr;
    xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vctxt, &pctxt->sax, &pctxt->userData);
    if (plug == nullptr) {
      throw std::runtime_error("xmlSchemaSAXPlug failed");
    }
    // The plug now routes SAX events to the validator; wrap its element handlers with ours.
    st.inner_start = pctxt->sax->startElementNs;
    st.inner_end = pctxt->sax->endElementNs;
    pctxt->sax->startElementNs = on_start;
    pctxt->sax->endElementNs = on_end;
    // And its text handlers with ours, which hand text over in large pieces (ParseState::text).
    if (pctxt->sax->characters != nullptr && pctxt->sax->cdataBlock != nullptr) {
      st.inner_characters = pctxt->sax->characters;
      st.inner_cdata = pctxt->sax->cdataBlock;
      if (pctxt->sax->ignorableWhitespace == pctxt->sax->characters) {
        pctxt->sax->ignorableWhitespace = on_characters;
      }
      pctxt->sax->characters = on_characters;
      pctxt->sax->cdataBlock = on_cdata;
    }
    return plug;
  }

  /// This validator's parser context: made once with altkit's safe options and SAX handlers,
  /// then reset by xmlCtxtReadIO for each document. Saves allocating and freeing the context,
  /// its dictionary and stacks per document: 6 % of the cycles on 2 KB documents.

  xmlSchemaValidCtxtPtr valid_ctxt(const schema::CompiledSchema& schema) {
    auto it = m_ctxts.find(&schema);
    if (it != m_ctxts.end()) {
      return it->second.get();
    }
    xml::xml_ptr<xmlSchemaValidCtxt> v(xmlSchemaNewValidCtxt(schema.libxml.get()));
    if (!v) {
      throw std::bad_alloc();
    }
    auto* raw = v.get();
    m_ctxts.emplace(&schema, std::move(v));
    return raw;
  }

  const std::set<std::string>& id_names(const schema::CompiledSchema& schema) {
    auto it = m_id_names.find(&schema);
    if (it == m_id_names.end()) {
      it = m_id_names.emplace(&schema, id_attribute_names(schema.path)).first;
    }
    return it->second;
  }

  std::map<const schema::CompiledSchema*, xml::xml_ptr<xmlSchemaValidCtxt>> m_ctxts;
  std::map<const schema::CompiledSchema*, std::set<std::string>> m_id_names; ///< see id_attributes.hpp
  PathTracker m_path; ///< its frames and name counters keep their storage between documents
  detail::ReusedParser m_parser{{on_start, on_end, on_internal_subset}};
};

} // namespace

std::unique_ptr<EngineValidator> make_libxml_validator() {
  return std::make_unique<LibxmlValidator>();
}

} // namespace altkit::validate
