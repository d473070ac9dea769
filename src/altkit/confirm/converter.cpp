#include "altkit/confirm/converter.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/validate/root_peek.hpp"
#include "altkit/xml/encoding.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/xmlschemas.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <new>

namespace altkit::confirm {

namespace {

using nlohmann::json;
using xml::str;

constexpr std::string_view k_ns_prefix = "http://schemas.altinn.no/services/intermediary/correspondence/confirmations/";
constexpr std::size_t k_max_json_bytes = 256U << 20; // Altinn 3 details are a few KiB per correspondence

const char* const k_doctype_message =
    "doctype declarations are not allowed: dtds, entities and external references are disabled for safety";

/// libxml2 names elements '{namespace}Local'; the namespace is the file's, so 'Local' says it.
std::string without_namespaces(std::string s) {
  for (std::size_t at = s.find("{http"); at != std::string::npos; at = s.find("{http", at)) {
    std::size_t close = s.find('}', at);
    if (close == std::string::npos) {
      break;
    }
    s.erase(at, close - at + 1);
  }
  return s;
}

/// One schema's validation context of one worker, with the first complaint of each check.
class Checker {
public:
  explicit Checker(const schema::CompiledSchema& s) : m_ctxt(xmlSchemaNewValidCtxt(s.libxml.get())) {
    if (!m_ctxt) {
      throw std::bad_alloc();
    }
    xmlSchemaSetValidStructuredErrors(m_ctxt.get(), &Checker::on_error, this);
  }
  /// Empty when `doc` is valid; else the first complaint (and its line in `line`).
  std::string check(xmlDoc* doc, std::uint64_t* line = nullptr) {
    m_first.clear();
    m_line = 0;
    xml::ErrorHandlerScope scope(this, &Checker::on_error);
    int rc = xmlSchemaValidateDoc(m_ctxt.get(), doc);
    if (rc != 0 && m_first.empty()) {
      m_first = rc < 0 ? "the validator failed" : "not valid";
    }
    if (line != nullptr) {
      *line = m_line;
    }
    return m_first;
  }

private:
  static void on_error(void* ctx, xmlErrorPtr e) {
    auto* self = static_cast<Checker*>(ctx);
    if (e == nullptr || e->level == XML_ERR_WARNING || !self->m_first.empty()) {
      return;
    }
    self->m_first = without_namespaces(diag::tidy_engine_message(e->message != nullptr ? e->message : "not valid"));
    self->m_line = e->line > 0 ? static_cast<std::uint64_t>(e->line) : 0;
  }
  xml::xml_ptr<xmlSchemaValidCtxt> m_ctxt;
  std::string m_first;
  std::uint64_t m_line = 0;
};

/// Lends a source to peek_root, which wants to own one.
class Lent final : public io::ByteSource {
public:
  explicit Lent(io::ByteSource& s) : m_inner(s) {}
  std::size_t read(char* b, std::size_t n) override { return m_inner.read(b, n); }
  const std::string& name() const override { return m_inner.name(); }

private:
  io::ByteSource& m_inner;
};

/// A standalone document holding a deep copy of `node` (its namespaces declared on the copy).
xml::xml_ptr<xmlDoc> standalone(xmlNode* node) {
  xml::xml_ptr<xmlDoc> doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  xmlNode* copy = doc ? xmlDocCopyNode(node, doc.get(), 1) : nullptr;
  if (copy == nullptr) {
    throw std::bad_alloc();
  }
  xmlDocSetRootElement(doc.get(), copy);
  return doc;
}

/// The text of `parent`'s first child element named `local`; nullopt when there is none.
std::optional<std::string> child_text(const xmlNode* parent, const char* local) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, reinterpret_cast<const xmlChar*>(local))) {
      return xml::content(c);
    }
  }
  return std::nullopt;
}

const xmlNode* child(const xmlNode* parent, const char* local) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, reinterpret_cast<const xmlChar*>(local))) {
      return c;
    }
  }
  return nullptr;
}

Altinn2Confirmation read_confirmation(const xmlNode* n, std::uint64_t line) {
  Altinn2Confirmation c;
  c.line = line;
  c.service_code = child_text(n, "ServiceCode").value_or("");
  c.service_edition = child_text(n, "ServiceEdition");
  c.reportee = child_text(n, "Reportee").value_or("");
  c.reference = child_text(n, "CorrespondenceReference").value_or("");
  if (const xmlNode* read = child(n, "Read")) {
    c.read_datetime = child_text(read, "ReadDateTime").value_or("");
  }
  if (const xmlNode* conf = child(n, "Confirmed")) {
    c.confirmed = true;
    c.user_ssn = child_text(conf, "UserSSN").value_or("");
    c.confirmed_datetime = child_text(conf, "ConfirmedDateTime").value_or("");
    c.role_list = child_text(conf, "ConfirmedRoleList").value_or("");
    c.authentication_method = child_text(conf, "AuthenticationMethod").value_or("");
  }
  return c;
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// Is this status event `name` (JSON string, any case) or `number` (the enum's value)?
bool is_status(const json& status, std::string_view name, int number) {
  if (status.is_string()) {
    return same_word(status.get_ref<const std::string&>(), name);
  }
  return status.is_number_integer() && status.get<long long>() == number;
}

/// nlohmann's "[json.exception.parse_error.101] parse error at ..." without its tag.
std::string json_message(const std::exception& e) {
  std::string m = e.what();
  if (m.rfind("[json.exception.", 0) == 0) {
    if (auto close = m.find("] "); close != std::string::npos) {
      m.erase(0, close + 2);
    }
  }
  return diag::tidy_message(m);
}

} // namespace

Schemas Schemas::load(const std::string& data_dir, diag::DiagnosticSink& sink) {
  std::string dir = data_dir + "/xsd/confirmations/";
  Schemas s;
  s.in_2009 = schema::compile_schema(dir + "confirmations-2009-10.xsd", schema::Engine::libxml2, sink);
  s.in_2010 = schema::compile_schema(dir + "confirmations-2010-10.xsd", schema::Engine::libxml2, sink);
  s.out = schema::compile_schema(dir + "altut-confirmation-batch.xsd", schema::Engine::libxml2, sink);
  return s;
}

struct FileConverter::State {
  State(const Schemas& s, const MapSettings& m) : in_2009(*s.in_2009), in_2010(*s.in_2010), out(*s.out), settings(m) {}

  Checker in_2009;
  Checker in_2010;
  Checker out;
  const MapSettings& settings;

  // The file being read.
  FileResult* result = nullptr;
  io::ByteSource* src = nullptr;
  xml::xml_ptr<xmlTextReader> reader;
  std::string io_error;
  std::optional<diag::Diagnostic> parse_error;
  int last = 1;

  static int read_callback(void* ctx, char* buf, int len) {
    auto* st = static_cast<State*>(ctx);
    try {
      return static_cast<int>(st->src->read(buf, static_cast<std::size_t>(len)));
    } catch (const std::exception& e) {
      st->io_error = e.what(); // no exception may cross libxml2's C frames
      return -1;
    }
  }

  static void on_parse_error(void* ctx, xmlErrorPtr e) {
    auto* st = static_cast<State*>(ctx);
    if (e == nullptr || e->level == XML_ERR_WARNING || st->parse_error || xml::is_namespace_uri_complaint(*e)) {
      return;
    }
    long line = e->line;
    long column = e->int2;
    if (line <= 0 && st->reader) {
      line = xmlTextReaderGetParserLineNumber(st->reader.get());
      column = xmlTextReaderGetParserColumnNumber(st->reader.get());
    }
    st->parse_error = diag::Diagnostic::fatal(diag::code::not_well_formed)
                          .position(line > 0 ? static_cast<std::uint64_t>(line) : 0,
                                    column > 0 ? static_cast<std::uint64_t>(column) : 0)
                          .message(diag::tidy_message(e->message != nullptr ? e->message : "parse error"));
  }

  /// One reader call, with this thread's context-free libxml2 errors (encoding, I/O) seen too.
  int step(int (*call)(xmlTextReaderPtr)) {
    xml::ErrorHandlerScope errors(this, on_parse_error);
    last = call(reader.get());
    return last;
  }

  void fatal(diag::Diagnostic d) {
    result->readable = false;
    result->diagnostics.push_back(std::move(d));
  }

  /// A converted confirmation checked and written, or rejected; `what` names it in messages.
  void accept(Mapped m, std::uint64_t line, const std::string& path, const std::string& what) {
    for (auto& w : m.warnings) {
      w.line = line;
      w.path = path;
      w.message = what + ": " + w.message;
      result->diagnostics.push_back(std::move(w));
    }
    std::string text;
    if (m.confirmation) {
      text = confirmation_xml(*m.confirmation);
      std::string complaint = check_output(text);
      if (!complaint.empty()) {
        m.reject = &diag::code::conf_output_invalid;
        m.reason = "the AltUt Confirmation would not be valid: " + complaint;
      }
    }
    if (m.reject != nullptr) {
      reject(*m.reject, line, path, what + " rejected: " + m.reason);
      return;
    }
    result->body->write(text);
    ++result->written;
  }

  void reject(const diag::CodeInfo& code, std::uint64_t line, const std::string& path, std::string message) {
    ++result->rejected;
    result->diagnostics.push_back(diag::Diagnostic::error(code).position(line).path(path).message(std::move(message)));
  }

  std::string check_output(const std::string& text) {
    xml::xml_ptr<xmlDoc> doc =
        xml::read_memory(text, "confirmation", xml::Doctype::refuse, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
      return "it is not well-formed";
    }
    return out.check(doc.get());
  }

  void read_altinn2(io::ByteSource& in, const std::string& ns);
  void check_header(xmlDoc* header, Checker& in);
  void confirmation(xmlNode* node, std::uint64_t index, Checker& in);
  void finish_reading();
  void read_altinn3(io::ByteSource& in);
  void read_broken(io::ByteSource& in);
  void dispatch(io::ByteSource& in);
  void correspondence(const json& j, std::uint64_t line, const std::string& path);
};

void FileConverter::State::read_altinn2(io::ByteSource& in, const std::string& ns) {
  FileResult& r = *result;
  r.kind = InputKind::altinn2;
  r.version = ns.substr(k_ns_prefix.size());
  Checker& checker = r.version == "2009/10" ? in_2009 : in_2010;
  src = &in;
  reader = xml::open_reader(read_callback, this, in.name());
  xmlTextReaderSetStructuredErrorHandler(reader.get(), on_parse_error, this);
  xml::xml_ptr<xmlDoc> header(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  xmlNode* header_root = nullptr;
  bool header_checked = false;
  std::uint64_t index = 0;
  bool positioned = false; // xmlTextReaderNext moved on already
  while (positioned || step(xmlTextReaderRead) == 1) {
    positioned = false;
    int type = xmlTextReaderNodeType(reader.get());
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      fatal(diag::Diagnostic::fatal(diag::code::doctype_forbidden)
                .position(static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(reader.get())))
                .message(k_doctype_message));
      break;
    }
    if (type != XML_READER_TYPE_ELEMENT) {
      continue;
    }
    if (xmlTextReaderDepth(reader.get()) == 0) {
      header_root = xmlDocCopyNode(xmlTextReaderCurrentNode(reader.get()), header.get(), 2);
      if (header_root == nullptr) {
        throw std::bad_alloc();
      }
      xmlDocSetRootElement(header.get(), header_root);
      continue;
    }
    std::string local = str(xmlTextReaderConstLocalName(reader.get()));
    std::string uri = str(xmlTextReaderConstNamespaceUri(reader.get()));
    xmlNode* node = nullptr;
    {
      xml::ErrorHandlerScope errors(this, on_parse_error);
      node = xmlTextReaderExpand(reader.get());
    }
    if (node == nullptr) {
      last = -1; // not well-formed inside: finish_reading() says why
      break;
    }
    if (local == "Confirmation" && uri == ns) {
      if (!header_checked) {
        check_header(header.get(), checker);
        header_checked = true;
      }
      confirmation(node, ++index, checker);
    } else if (header_checked) {
      r.header_valid = false;
      r.diagnostics.push_back(diag::Diagnostic::error(diag::code::conf_header_invalid)
                                  .position(static_cast<std::uint64_t>(xmlGetLineNo(node)))
                                  .message("element '" + local +
                                           "' after the Confirmations: none of the "
                                           "shipment's confirmations is written"));
    } else if (xmlAddChild(header_root, xmlDocCopyNode(node, header.get(), 1)) == nullptr) {
      throw std::bad_alloc();
    }
    // Skip the subtree (the reader frees it: memory stays per Confirmation).
    if (step(xmlTextReaderNext) != 1) {
      break;
    }
    positioned = true;
  }
  finish_reading();
  if (r.readable && !header_checked) {
    check_header(header.get(), checker);
  }
}

void FileConverter::State::check_header(xmlDoc* header, Checker& checker) {
  FileResult& r = *result;
  std::uint64_t line = 0;
  std::string complaint = checker.check(header, &line);
  if (!complaint.empty()) {
    r.header_valid = false;
    r.diagnostics.push_back(
        diag::Diagnostic::error(diag::code::conf_header_invalid)
            .position(line)
            .message("the shipment's header is not valid (" + complaint + "): none of its confirmations is written"));
    return;
  }
  const xmlNode* root = xmlDocGetRootElement(header);
  r.shipment.sequence_no = child_text(root, "SequenceNo").value_or("");
  r.shipment.previous_sequence_no = child_text(root, "PreviousSequenceNo").value_or("");
  r.shipment.system_user_code = child_text(root, "SystemUserCode").value_or("");
  r.shipment.shipment_datetime = child_text(root, "ShipmentDateTime").value_or("");
  r.shipment.count = child_text(root, "CountConfirmationsInShipment").value_or("");
}

void FileConverter::State::confirmation(xmlNode* node, std::uint64_t index, Checker& checker) {
  ++result->confirmations;
  auto line = static_cast<std::uint64_t>(xmlGetLineNo(node));
  std::string path = "/CorrespondenceConfirmations/Confirmation[" + std::to_string(index) + "]";
  xml::xml_ptr<xmlDoc> doc = standalone(node);
  std::uint64_t at = 0;
  std::string complaint = checker.check(doc.get(), &at);
  std::string what = "confirmation " + std::to_string(index);
  if (!complaint.empty()) {
    reject(diag::code::conf_invalid, at != 0 ? at : line, path, what + " rejected: " + complaint);
    return;
  }
  Altinn2Confirmation c = read_confirmation(xmlDocGetRootElement(doc.get()), line);
  accept(map_altinn2(c, settings), line, path, what + " ('" + c.reference + "')");
}

void FileConverter::State::finish_reading() {
  if (!io_error.empty()) {
    fatal(diag::Diagnostic::fatal(diag::code::unreadable).message(diag::tidy_message(io_error)));
  } else if (parse_error) {
    fatal(*parse_error);
  } else if (last < 0) {
    fatal(diag::Diagnostic::fatal(diag::code::not_well_formed)
              .position(static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(reader.get())),
                        static_cast<std::uint64_t>(xmlTextReaderGetParserColumnNumber(reader.get())))
              .message("the document could not be read to its end"));
  }
}

void FileConverter::State::read_altinn3(io::ByteSource& in) {
  FileResult& r = *result;
  r.kind = InputKind::altinn3;
  std::string text;
  try {
    text = io::read_all(in, k_max_json_bytes);
  } catch (const std::exception& e) {
    fatal(diag::Diagnostic::fatal(diag::code::unreadable).message(diag::tidy_message(e.what())));
    return;
  }
  if (ends_with(in.name(), ".jsonl") || ends_with(in.name(), ".ndjson")) {
    std::uint64_t line = 0;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = std::min(text.find('\n', at), text.size());
      ++line;
      std::string_view one(text.data() + at, end - at);
      at = end + 1;
      if (one.find_first_not_of(" \t\r") == std::string_view::npos) {
        continue;
      }
      json j;
      try {
        j = json::parse(one);
      } catch (const std::exception& e) {
        fatal(diag::Diagnostic::fatal(diag::code::conf_json_syntax).position(line).message(json_message(e)));
        return;
      }
      correspondence(j, line, "");
    }
    return;
  }
  json j;
  try {
    j = json::parse(text);
  } catch (const std::exception& e) {
    fatal(diag::Diagnostic::fatal(diag::code::conf_json_syntax).message(json_message(e)));
    return;
  }
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      correspondence(j[i], 0, "/" + std::to_string(i));
    }
  } else if (j.is_object() && (j.contains("statusHistory") || j.contains("correspondenceId"))) {
    correspondence(j, 0, "");
  } else {
    fatal(diag::Diagnostic::fatal(diag::code::conf_not_confirmations)
              .message("JSON that is not Altinn 3 correspondence details (no correspondenceId, no statusHistory)"));
  }
}

void FileConverter::State::correspondence(const json& j, std::uint64_t line, const std::string& path) {
  FileResult& r = *result;
  auto text = [&](const char* key) -> std::optional<std::string> {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
      return std::nullopt;
    }
    return j[key].get<std::string>();
  };
  Altinn3Correspondence c;
  c.line = line;
  c.id = text("correspondenceId").value_or("");
  std::string what = "correspondence " + (c.id.empty() ? std::string("(no correspondenceId)") : c.id);
  // The status history first: a correspondence not read yet is no confirmation at all.
  std::string problem;
  if (!j.is_object()) {
    problem = "it is not a JSON object";
  } else if (!j.contains("statusHistory") || !j["statusHistory"].is_array()) {
    problem = "statusHistory is missing or not an array";
  } else {
    const json& events = j["statusHistory"];
    for (std::size_t i = 0; i < events.size() && problem.empty(); ++i) {
      const json& e = events[i];
      std::string at = "statusHistory[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("status") || !e.contains("statusChanged") || !e["statusChanged"].is_string()) {
        problem = at + " lacks status or statusChanged";
        continue;
      }
      bool read = is_status(e["status"], "Read", 4);
      bool confirmed = is_status(e["status"], "Confirmed", 6);
      std::optional<std::string>& slot = read ? c.read : c.confirmed;
      if ((read || confirmed) && !slot) {
        std::string when = e["statusChanged"].get<std::string>();
        if (!is_datetime(when)) {
          problem = at + ".statusChanged '" + when + "' is not an xs:dateTime";
        }
        slot = when;
      }
    }
  }
  if (problem.empty() && !c.read && !c.confirmed) {
    ++r.unread;
    r.diagnostics.push_back(diag::Diagnostic::of(diag::code::conf_unread)
                                .position(line)
                                .path(path)
                                .message(what + " has neither a Read nor a Confirmed event: nothing to confirm yet"));
    return;
  }
  ++r.confirmations;
  if (problem.empty()) {
    for (const char* key : {"resourceId", "recipient"}) {
      if (!text(key)) {
        problem = std::string(key) + " is missing or not a string";
        break;
      }
    }
  }
  if (problem.empty() && j.contains("sendersReference") && !j["sendersReference"].is_string()) {
    problem = "sendersReference is not a string";
  }
  if (!problem.empty()) {
    reject(diag::code::conf_invalid, line, path, what + " rejected: " + problem);
    return;
  }
  c.resource_id = *text("resourceId");
  c.recipient = *text("recipient");
  c.senders_reference = text("sendersReference").value_or("");
  c.sender = text("sender").value_or("");
  if (r.sender.empty() && !c.sender.empty()) {
    r.sender = party_number(c.sender).value_or(c.sender);
  }
  accept(map_altinn3(c, settings), line, path, what + " ('" + c.senders_reference + "')");
}

void FileConverter::State::read_broken(io::ByteSource& in) {
  src = &in;
  reader = xml::open_reader(read_callback, this, in.name());
  xmlTextReaderSetStructuredErrorHandler(reader.get(), on_parse_error, this);
  while (step(xmlTextReaderRead) == 1) {
  }
  finish_reading();
  if (result->readable) {
    fatal(diag::Diagnostic::fatal(diag::code::not_well_formed).message("no root element could be read"));
  }
}

void FileConverter::State::dispatch(io::ByteSource& in) {
  // The first byte that is not white space (after a UTF-8 byte order mark) tells JSON from XML.
  std::string head;
  char buf[4096];
  std::size_t first = std::string::npos;
  while (first == std::string::npos && head.size() < (64U << 10)) {
    std::size_t n = in.read(buf, sizeof buf);
    if (n == 0) {
      break;
    }
    head.append(buf, n);
    first = head.find_first_not_of(" \t\r\n", head.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0);
  }
  bool is_json = first != std::string::npos && (head[first] == '{' || head[first] == '[');
  auto replay = std::make_unique<io::PrefixedSource>(std::move(head), std::make_unique<Lent>(in));
  if (is_json) {
    read_altinn3(*replay);
    return;
  }
  auto peeked = validate::peek_root(std::move(replay));
  if (peeked.doctype) {
    fatal(diag::Diagnostic::fatal(diag::code::doctype_forbidden).message(k_doctype_message));
    return;
  }
  if (!peeked.root.found) {
    read_broken(*peeked.source);
    return;
  }
  const std::string& ns = peeked.root.ns;
  std::string version = ns.size() > k_ns_prefix.size() && ns.compare(0, k_ns_prefix.size(), k_ns_prefix) == 0
                            ? ns.substr(k_ns_prefix.size())
                            : std::string();
  if (peeked.root.local == "CorrespondenceConfirmations" && (version == "2009/10" || version == "2010/10")) {
    read_altinn2(*peeked.source, ns);
    return;
  }
  fatal(diag::Diagnostic::fatal(diag::code::conf_not_confirmations)
            .position(peeked.root.line, peeked.root.column)
            .message("the root element is '" + peeked.root.local + "'" +
                     (ns.empty() ? std::string(" in no namespace") : " in namespace '" + ns + "'") +
                     ", not CorrespondenceConfirmations (confirmations 2009/10 or 2010/10)"));
}

FileConverter::FileConverter(const Schemas& schemas, const MapSettings& settings)
    : m_state(std::make_unique<State>(schemas, settings)) {}

FileConverter::~FileConverter() = default;

std::string FileConverter::check_output(const std::string& confirmation_xml) {
  return m_state->check_output(confirmation_xml);
}

FileResult FileConverter::convert(io::ByteSource& src) {
  State& st = *m_state;
  FileResult r;
  r.body = std::make_unique<io::Spool>();
  st.result = &r;
  st.reader.reset();
  st.io_error.clear();
  st.parse_error.reset();
  st.last = 1;
  try {
    xml::EncodingCheckedSource checked(src);
    if (checked.facts().mismatch) {
      st.fatal(xml::mismatch_finding(checked.facts()));
    } else {
      st.dispatch(checked);
    }
  } catch (const diag::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    st.fatal(diag::Diagnostic::fatal(diag::code::unreadable).message(diag::tidy_message(e.what())));
  }
  st.reader.reset();
  st.result = nullptr;
  if (!r.readable || !r.header_valid) {
    // Nothing of the file is written: every confirmation read counts as rejected.
    r.rejected = r.confirmations;
    r.written = 0;
    r.body = std::make_unique<io::Spool>();
    return r;
  }
  if (r.kind == InputKind::altinn2 && !r.shipment.count.empty()) {
    long long declared = std::stoll(r.shipment.count);
    if (declared < 0 || static_cast<std::uint64_t>(declared) != r.confirmations) {
      r.diagnostics.push_back(diag::Diagnostic::of(diag::code::conf_count_mismatch)
                                  .message("CountConfirmationsInShipment says " + r.shipment.count +
                                           ", the file holds " + std::to_string(r.confirmations)));
    }
  }
  if (r.written == 0) {
    r.diagnostics.push_back(diag::Diagnostic::of(diag::code::conf_empty_batch)
                                .message(r.confirmations == 0
                                             ? "the file holds no confirmation: no batch written"
                                             : "no confirmation could be converted: no batch written"));
  }
  return r;
}

} // namespace altkit::confirm
