#include "altkit/convert/message.hpp"

#include "altkit/convert/altinn3.hpp"
#include "altkit/convert/nodes.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/diag/codes.hpp"
#include "altkit/xml/escape.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include <cstring>
#include <utility>
#include <vector>

namespace altkit::convert {

namespace {

constexpr const char* k_ns = "http://schemas.altinn.no/services/intermediary/correspondence/2009/10";

using xml::str;

std::string prop(const xmlNode* n, const char* name) {
  return xml::attribute(n, name);
}

std::string text(const xmlNode* n) {
  return xml::content(n);
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

/// AltUt may come with or without a namespace (domain.md §11 G33): the stylesheet sees none.
void strip_namespaces(xmlNode* n) {
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) {
      n->ns = nullptr;
      strip_namespaces(n->children);
    }
  }
}

std::string dump(xmlDocPtr doc, xmlNodePtr node, int level) {
  struct BufferDeleter {
    void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
  };
  std::unique_ptr<xmlBuffer, BufferDeleter> buf(xmlBufferCreate());
  xmlNodeDump(buf.get(), doc, node, level, 1);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf.get())),
                     static_cast<std::size_t>(xmlBufferLength(buf.get())));
}

/// The Message as it was in its file: the copy without the namespace declarations the copy
/// added from the element's ancestors (serialised in place, the element did not carry them).
std::string dump_as_read(xmlDocPtr doc, int own_namespaces) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNsPtr* link = &root->nsDef;
  for (int i = 0; i < own_namespaces && *link != nullptr; ++i) {
    link = &(*link)->next;
  }
  xmlNsPtr added = *link;
  *link = nullptr;
  std::string s = dump(doc, root, 0);
  *link = added;
  return s;
}

/// What a reason adds about the hidden characters a shortName held (README: shortName).
std::string holding(const ShortNameResult& sn) {
  return sn.hidden.empty() ? std::string()
                           : " (it holds " + sn.hidden +
                                 "; normalised: a Unicode space reads as a space, an invisible character is removed)";
}

std::optional<Reject> check_service(const xmlNode* message, const ConvertOptions& o) {
  std::string short_name = prop(message, "shortName");
  auto sn = resolve_short_name(short_name, o.map);
  if (sn.problem == ShortNameProblem::empty) {
    return Reject{&diag::code::no_short_name, "the message has no shortName, so no Altinn II service" + holding(sn)};
  }
  if (sn.problem == ShortNameProblem::code_too_long) {
    return Reject{&diag::code::service_code_too_long, "shortName '" + show_hidden(short_name) +
                                                          "' has a ServiceCode over 7 characters and is not in the "
                                                          "service map" +
                                                          holding(sn)};
  }
  if (sn.problem == ShortNameProblem::unmapped_legacy) {
    return Reject{&diag::code::unmapped_short_name,
                  "legacy shortName '" + show_hidden(short_name) + "' is not in the service map" + holding(sn)};
  }
  if (blank(prop(message, "messageReference"))) {
    return Reject{&diag::code::no_message_reference,
                  "the message has no messageReference (Altinn II needs SendersReference; confirmations could not be "
                  "matched)"};
  }
  return std::nullopt;
}

std::optional<Reject> check_participant(const xmlNode* p) {
  if (blank(prop(p, "id"))) {
    return Reject{&diag::code::no_reportee, "a Participant has no id (Reportee)", line_of(p)};
  }
  for (const char* date : {"VisibleDate", "DueDate", "AllowSystemDeleteDate"}) {
    if (const xmlNode* d = first(p, date); d != nullptr && !blank(text(d)) && !to_instant(text(d), false)) {
      return Reject{&diag::code::invalid_date, std::string(date) + " '" + show_hidden(text(d)) + "' is not a date",
                    line_of(d)};
    }
  }
  for (const xmlNode* a : children(first(first(p, "Content"), "Attachments"), "Attachment")) {
    if (!repair_base64(text(a))) {
      return Reject{&diag::code::invalid_base64, "attachment '" + prop(a, "filename") + "' is not valid base64",
                    line_of(a)};
    }
  }
  return std::nullopt;
}

std::optional<Reject> check_reply_options(const xmlNode* message, const ConvertOptions& o) {
  for (const xmlNode* rm : children(first(message, "ReplyMessages"), "ReplyMessage")) {
    const xmlNode* form = first(rm, "Form");
    if (form == nullptr) {
      continue;
    }
    const xmlNode* sc = first(form, "ServiceCode");
    if (sc != nullptr && !blank(text(sc))) {
      if (auto sn = resolve_short_name(text(sc), o.map); !sn.service) {
        return Reject{&diag::code::invalid_reply_service,
                      "reply option ServiceCode '" + show_hidden(text(sc)) + "' names no Altinn II service" +
                          holding(sn),
                      line_of(sc)};
      }
    } else if (!blank(prop(form, "formNumber")) && o.strict &&
               !(o.map != nullptr && o.map->form(prop(form, "formNumber"), prop(form, "version")))) {
      return Reject{&diag::code::unmapped_form,
                    "reply option form " + prop(form, "formNumber") + " version " + prop(form, "version") +
                        " is not in the service map (--strict)",
                    line_of(form)};
    }
  }
  return std::nullopt;
}

/// "/Message/Participant[2]": a step with its position among same-named siblings, when over 1.
std::string step(const std::string& name, std::size_t position) {
  return "/" + name + (position > 1 ? "[" + std::to_string(position) + "]" : "");
}

/// The warnings about a shortName or a reply option's ServiceCode that names a service.
void service_warnings(const std::string& value, const std::string& path, std::uint64_t line, const char* what,
                      const ConvertOptions& o, std::vector<Warning>& out) {
  auto sn = resolve_short_name(value, o.map);
  if (!sn.service) {
    return;
  }
  const std::string service = "ServiceCode '" + sn.service->code + "'" +
                              (sn.service->edition.empty() ? "" : ", ServiceEdition '" + sn.service->edition + "'");
  if (!sn.hidden.empty()) {
    out.push_back(Warning{&diag::code::hidden_character, path,
                          std::string(what) + " '" + show_hidden(value) + "' holds " + sn.hidden +
                              ": normalised (a Unicode space reads as a space, an invisible character is removed), "
                              "giving " +
                              service,
                          line});
  }
  if (!sn.legacy && has_leading_zeros(sn.service->code)) {
    out.push_back(Warning{&diag::code::service_code_leading_zeros, path,
                          std::string(what) + " '" + show_hidden(value) + "' gives " + service +
                              " with leading zeros: kept as written (Altinn II compares ServiceCodes as text)",
                          line});
  }
}

bool form_resolved(const xmlNode* form, const void* ctx) {
  const auto* m = static_cast<const servicemap::ServiceMap*>(ctx);
  return m != nullptr && m->form(prop(form, "formNumber"), prop(form, "version")).has_value();
}

/// Whether the batch text made of `s` (a part, or a header value escaped into it) reads back as
/// the characters the tree holds: no character references (a character XML cannot hold, a
/// carriage return, or a tab or line end in an attribute value, which the parser would
/// normalise), no control character, no U+FFFE or U+FFFF.
bool reads_back(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t' && c != '\n') {
      return false;
    }
  }
  return s.find("&#") == std::string::npos && s.find("\xEF\xBF\xBE") == std::string::npos &&
         s.find("\xEF\xBF\xBF") == std::string::npos;
}

const xmlChar* xstr(const char* s) {
  return reinterpret_cast<const xmlChar*>(s);
}

bool under(std::size_t count, std::size_t limit) {
  return limit == 0 || count < limit;
}

/// Whether the subtree of `n` (at `depth`, the root's children at 2) is, once serialised and
/// read again, the tree the schema sees here, within every limit the reading applies: each
/// element and attribute namespace bound by its prefix where it stands (serialising writes no
/// declaration of its own), no element without a namespace (it would take the default one),
/// no text written unescaped (disable-output-escaping), no entity reference.
bool same_when_read(xmlDocPtr doc, xmlNode* n, std::size_t depth, const xml::ParseLimits& limits) {
  if (!under(depth, limits.max_depth) || n->ns == nullptr || xmlSearchNs(doc, n, n->ns->prefix) != n->ns) {
    return false;
  }
  std::size_t attributes = 0;
  for (xmlAttr* a = n->properties; a != nullptr; a = a->next, ++attributes) {
    if (a->ns != nullptr && xmlSearchNs(doc, n, a->ns->prefix) != a->ns) {
      return false;
    }
  }
  std::size_t namespaces = 0;
  for (const xmlNs* d = n->nsDef; d != nullptr; d = d->next) {
    ++namespaces;
  }
  if (!under(attributes, limits.max_attributes) || !under(namespaces, limits.max_namespaces)) {
    return false;
  }
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    switch (c->type) {
    case XML_ELEMENT_NODE:
      if (!same_when_read(doc, c, depth + 1, limits)) {
        return false;
      }
      break;
    case XML_TEXT_NODE:
      if (c->name == xmlStringTextNoenc) {
        return false;
      }
      break;
    case XML_CDATA_SECTION_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
      break;
    default:
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<Reject> precheck(const xmlNode* message, const ConvertOptions& options) {
  if (auto r = check_service(message, options)) {
    return r;
  }
  auto participants = children(message, "Participant");
  if (participants.empty()) {
    return Reject{&diag::code::no_participant, "the message has no Participant"};
  }
  for (const xmlNode* p : participants) {
    if (auto r = check_participant(p)) {
      return r;
    }
  }
  return check_reply_options(message, options);
}

std::vector<Warning> value_warnings(const xmlNode* message, const ConvertOptions& options) {
  std::vector<Warning> out;
  service_warnings(prop(message, "shortName"), "/Message/@shortName", 0, "shortName", options, out);
  std::size_t k = 0;
  for (const xmlNode* rm : children(first(message, "ReplyMessages"), "ReplyMessage")) {
    ++k;
    const xmlNode* sc = first(first(rm, "Form"), "ServiceCode");
    if (sc != nullptr && !blank(text(sc))) {
      service_warnings(text(sc), "/Message/ReplyMessages" + step("ReplyMessage", k) + "/Form/ServiceCode", line_of(sc),
                       "reply option ServiceCode", options, out);
    }
  }
  k = 0;
  for (const xmlNode* p : children(message, "Participant")) {
    ++k;
    // As the stylesheets read them: VisibleDate from the start of its day, the others to its end.
    for (auto [date, end] : {std::pair{"VisibleDate", false}, {"DueDate", true}, {"AllowSystemDeleteDate", true}}) {
      const xmlNode* d = first(p, date);
      auto at = d != nullptr && !blank(text(d)) ? to_instant(text(d), end) : std::nullopt;
      if (at && (at->rule == TimeRule::spring_gap || at->rule == TimeRule::autumn_twice)) {
        out.push_back(
            Warning{at->rule == TimeRule::spring_gap ? &diag::code::local_time_gap : &diag::code::local_time_twice,
                    "/Message" + step("Participant", k) + "/" + date,
                    std::string(date) + ": " + describe_time_rule(*at), line_of(d)});
      }
    }
  }
  return out;
}

std::string batch_head(const FileHeader& header, std::size_t k) {
  std::string sequence = header.sequence;
  if (!sequence.empty() && k != 0) {
    char* end = nullptr;
    long long base = std::strtoll(sequence.c_str(), &end, 10);
    if (end != nullptr && *end == '\0') {
      sequence = std::to_string(base + static_cast<long long>(k));
    }
  }
  std::string shipment = header.system_user + "-" + (sequence.empty() ? std::string("1") : sequence);
  std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Correspondences xmlns=\"" + std::string(k_ns) +
                     "\">\n  <SystemUserCode>" + xml::escape(header.system_user) +
                     "</SystemUserCode>\n  <ShipmentReference>" + xml::escape(shipment) + "</ShipmentReference>\n";
  if (!sequence.empty()) {
    head += "  <SequenceNo>" + xml::escape(sequence) + "</SequenceNo>\n";
  }
  return head;
}

MessageConverter::MessageConverter(const Stylesheet& stylesheet, const schema::CompiledSchema& target,
                                   ConvertOptions options)
    : m_stylesheet(stylesheet), m_target(target), m_options(options),
      m_validator(schema::Engine::libxml2, validate::ValidateSettings{}) {
  if (m_options.format == Format::altinn3 && m_options.altinn3_schema != nullptr) {
    m_altinn3 = std::make_unique<Altinn3Builder>(*m_options.altinn3_schema, m_options);
  }
}

MessageConverter::~MessageConverter() = default;

MessageOutput MessageConverter::convert(MessageInput& in, bool dry_run) {
  MessageOutput m;
  MessageRecord& rec = m.record;
  build_document(in);
  xmlNodePtr message = xmlDocGetRootElement(in.doc.get());
  rec.index = in.index;
  rec.line = in.line;
  rec.reference = prop(message, "messageReference");
  rec.short_name = prop(message, "shortName");
  auto reject = precheck(message, m_options);
  if (!reject && m_altinn3) {
    reject = m_altinn3->precheck(message); // resource id, recipients
  }
  if (reject) {
    rec.reject_code = std::string(reject->code->name);
    rec.reject_reason = reject->reason;
    rec.line = reject->line != 0 ? reject->line : rec.line;
    this->reject(in, m, dry_run);
    return m;
  }
  std::string as_read; // without its bytes, the Message serialised before its namespaces go, in case
  if (!dry_run && in.raw.empty()) {
    as_read = dump_as_read(in.doc.get(), in.own_namespaces);
  }
  rec.warnings = value_warnings(message, m_options);
  strip_namespaces(message);
  rec.losses = find_losses(message, &form_resolved, m_options.map, m_options.format == Format::insert_v2);
  // Altinn 3 times carry their offset (DateTimeOffset): the same instant, written with it.
  ExtensionContext ext{m_options.map, m_options.with_offset || m_altinn3 != nullptr};
  std::string error;
  xml::xml_ptr<xmlDoc> out(
      m_stylesheet.apply(in.doc.get(), ext, {{"system-user-code", in.header->system_user}}, error));
  if (!out) {
    rec.reject_code = std::string(diag::code::stylesheet_failed.name);
    rec.reject_reason = "the stylesheet failed on this message: " + error;
    this->reject(in, m, dry_run, std::move(as_read));
    return m;
  }
  xmlNodePtr root = xmlDocGetRootElement(out.get());
  for (xmlNodePtr c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next) {
    rec.correspondences += c->type == XML_ELEMENT_NODE ? 1 : 0;
  }
  if (m_altinn3) {
    auto built = m_altinn3->build(message, out.get(), *in.header, rec.losses);
    if (built.reject) {
      rec.reject_code = std::string(built.reject->code->name);
      rec.reject_reason = built.reject->reason;
      rec.line = built.reject->line != 0 ? built.reject->line : rec.line;
      rec.correspondences = 0;
      rec.losses.clear(); // as for every rejected message: nothing is carried over
      rec.warnings.clear();
      this->reject(in, m, dry_run, std::move(as_read));
      return m;
    }
    rec.converted = true;
    if (!dry_run) {
      m.folders = std::move(built.folders);
    }
    return m;
  }
  rec.converted = true;
  if (!dry_run) {
    serialise(out.get(), m);
    check_output(out.get(), in.header, m);
    if (!m.output_errors.empty()) {
      // Never the file: this message is rejected with the schema's reason, the others are written.
      const auto& e = m.output_errors.front();
      rec.reject_code = std::string(diag::code::output_invalid.name);
      rec.reject_reason =
          (m_options.format == Format::insert_v2 ? "the payload for Participant " + std::to_string(m.failed_part + 1)
                                                 : std::string("its output")) +
          " fails the target schema: " + e.message +
          (m.output_errors.size() > 1 ? " (and " + std::to_string(m.output_errors.size() - 1) + " more)" : "");
      rec.correspondences = 0;
      rec.losses.clear();
      rec.warnings.clear();
      this->reject(in, m, dry_run, std::move(as_read));
    }
  }
  return m;
}

/// The record says why; the output is dropped and the Message kept as it was: verbatim when its
/// bytes were found, else serialised again (`as_read`, or now).
void MessageConverter::reject(MessageInput& in, MessageOutput& m, bool dry_run, std::string as_read) {
  m.record.converted = false;
  m.parts.clear();
  if (dry_run) {
    return;
  }
  if (!in.raw.empty()) {
    m.rejected_xml = std::move(in.raw);
    m.rejected_verbatim = true;
  } else {
    m.rejected_xml = !as_read.empty() ? std::move(as_read) : dump_as_read(in.doc.get(), in.own_namespaces);
  }
}

void MessageConverter::serialise(xmlDocPtr out, MessageOutput& m) {
  xmlNodePtr root = xmlDocGetRootElement(out);
  for (xmlNodePtr c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (m_options.format == Format::insert_v2) {
      // The payload's namespaces are declared on the result's root: give it its own declarations.
      if (root->nsDef != nullptr && c->nsDef == nullptr) {
        c->nsDef = xmlCopyNamespaceList(root->nsDef);
      }
      m.parts.push_back("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dump(out, c, 0) + "\n");
      continue;
    }
    // A stylesheet may declare prefixes on its result's root: carry those onto the element.
    for (xmlNsPtr ns = root->nsDef; ns != nullptr; ns = ns->next) {
      if (ns->prefix != nullptr && xmlSearchNs(out, c, ns->prefix) == ns && c->nsDef == nullptr) {
        c->nsDef = xmlCopyNamespaceList(root->nsDef);
        break;
      }
    }
    m.parts.push_back(dump(out, c, 1));
  }
}

// Our own target schema must accept what we write; otherwise it is our bug, not the input's.
// A batch file is checked one message at a time, as a batch holding only that message's
// Correspondences: the same verdict as the whole file, since the batch schema
// (xsd/correspondences.xsd) has no identity constraints, leaves Correspondence unbounded, and
// gives every batch of a file the same header but for string-typed values.
void MessageConverter::check_output(xmlDocPtr out, const std::shared_ptr<const FileHeader>& header, MessageOutput& m) {
  auto check = [&](std::string doc) {
    io::MemorySource src(std::move(doc), "output");
    auto verdict = m_validator.validate(src, &m_target);
    if (verdict.verdict != validate::Verdict::valid) {
      m.output_errors = std::move(verdict.diagnostics);
      return false;
    }
    return true;
  };
  if (m_options.format == Format::insert_v2) {
    for (std::size_t i = 0; i < m.parts.size(); ++i) {
      if (!check(m.parts[i])) {
        m.failed_part = i;
        return;
      }
    }
    return;
  }
  if (valid_in_place(out, *header, m)) {
    return;
  }
  if (m_head_of != header) {
    m_head_of = header;
    m_head = batch_head(*header, 0);
  }
  std::string doc = m_head;
  for (const auto& p : m.parts) {
    doc += "  " + p + "\n";
  }
  check(doc + k_batch_tail);
}

// The usual case first, without serialising the batch and reading it again: the stylesheet's
// result validated as it stands, with the batch file's header elements put in front of its
// Correspondences for the time it takes. Trusted only when it says valid and the batch text is
// known to read back as this very tree (same_when_read, reads_back; the same limits): then the
// text would be valid too. Anything else (invalid, or not known to read back alike) goes the
// way of the text, which gives the findings their lines and columns as before.
bool MessageConverter::valid_in_place(xmlDocPtr out, const FileHeader& header, const MessageOutput& m) {
  static const xml::ParseLimits limits = validate::ValidateSettings{}.limits; // as m_validator's
  xmlNodePtr root = xmlDocGetRootElement(out);
  if (root == nullptr || !m_target.libxml || root->ns == nullptr || !xmlStrEqual(root->ns->href, xstr(k_ns)) ||
      !xmlStrEqual(root->name, xstr("Correspondences")) || root->nsDef != root->ns || root->ns->next != nullptr ||
      root->ns->prefix != nullptr || root->properties != nullptr || !reads_back(header.system_user) ||
      !reads_back(header.sequence)) {
    return false; // the batch's root is the head's own <Correspondences xmlns="k_ns">, nothing else
  }
  std::size_t bytes = 1024 + 2 * header.system_user.size() + 2 * header.sequence.size();
  for (const auto& p : m.parts) {
    if (!reads_back(p)) {
      return false;
    }
    bytes += p.size() + 4;
  }
  if (!under(bytes, limits.max_document_bytes) || !under(bytes, limits.max_attribute_length)) {
    return false;
  }
  for (xmlNodePtr c = root->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !same_when_read(out, c, 2, limits)) {
      return false; // serialise() writes the root's elements only
    }
  }
  if (!m_tree_validator) {
    m_tree_validator.reset(xmlSchemaNewValidCtxt(m_target.libxml.get()));
    if (!m_tree_validator) {
      throw std::bad_alloc();
    }
    xmlSchemaSetValidStructuredErrors(
        m_tree_validator.get(), [](void*, xmlErrorPtr) {}, nullptr);
  }
  // batch_head(header, 0): SystemUserCode, ShipmentReference, SequenceNo when there is one.
  std::string sequence = header.sequence;
  std::vector<std::pair<const char*, std::string>> head{
      {"SystemUserCode", header.system_user},
      {"ShipmentReference", header.system_user + "-" + (sequence.empty() ? std::string("1") : sequence)}};
  if (!sequence.empty()) {
    head.emplace_back("SequenceNo", sequence);
  }
  std::vector<xmlNodePtr> added;
  xmlNodePtr first = root->children;
  bool made = true;
  for (const auto& [name, value] : head) {
    xmlNodePtr e = xmlNewDocNode(out, root->ns, xstr(name), nullptr);
    if (e == nullptr) {
      made = false;
      break;
    }
    xmlNodeAddContentLen(e, xstr(value.data()), static_cast<int>(value.size()));
    if (first != nullptr) {
      xmlAddPrevSibling(first, e);
    } else {
      xmlAddChild(root, e);
    }
    added.push_back(e);
  }
  int rc = made ? xmlSchemaValidateDoc(m_tree_validator.get(), out) : -1;
  for (xmlNodePtr e : added) {
    xmlUnlinkNode(e);
    xmlFreeNode(e);
  }
  return rc == 0;
}

} // namespace altkit::convert
