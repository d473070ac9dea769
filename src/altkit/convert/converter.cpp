#include "altkit/convert/converter.hpp"

#include "altkit/convert/values.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/validate/root_peek.hpp"
#include "altkit/xml/escape.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/xmlreader.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace altkit::convert {

namespace {

constexpr const char* k_ns = "http://schemas.altinn.no/services/intermediary/correspondence/2009/10";

std::string str(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

std::string prop(const xmlNode* n, const char* name) {
  xml::xml_ptr<xmlChar> v(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)));
  return str(v.get());
}

std::string text(const xmlNode* n) {
  xml::xml_ptr<xmlChar> v(xmlNodeGetContent(n));
  return str(v.get());
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool is(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::vector<const xmlNode*> children(const xmlNode* n, const char* local) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n != nullptr ? n->children : nullptr; c != nullptr; c = c->next) {
    if (is(c, local)) {
      out.push_back(c);
    }
  }
  return out;
}

const xmlNode* first(const xmlNode* n, const char* local) {
  auto v = children(n, local);
  return v.empty() ? nullptr : v[0];
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
  xmlBufferPtr buf = xmlBufferCreate();
  xmlNodeDump(buf, doc, node, level, 1);
  std::string s(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return s;
}

// ---- reading -----------------------------------------------------------------

struct ReadContext {
  io::ByteSource* src = nullptr;
  xmlTextReaderPtr reader = nullptr; ///< for the position of errors that carry none (encoding)
  std::string io_error;
  diag::Diagnostic fatal;
  bool has_fatal = false;
};

int read_callback(void* ctx, char* buf, int len) {
  auto* rc = static_cast<ReadContext*>(ctx);
  try {
    return static_cast<int>(rc->src->read(buf, static_cast<std::size_t>(len)));
  } catch (const std::exception& e) {
    rc->io_error = e.what(); // exceptions may not cross libxml2's C frames
    return -1;
  }
}

void reader_error(void* ctx, xmlErrorPtr e) {
  auto* rc = static_cast<ReadContext*>(ctx);
  if (e == nullptr || e->level == XML_ERR_WARNING || rc->has_fatal || xml::is_namespace_uri_complaint(*e)) {
    return;
  }
  rc->has_fatal = true;
  int line = e->line;
  int column = e->int2;
  if (line <= 0 && rc->reader != nullptr) {
    line = xmlTextReaderGetParserLineNumber(rc->reader);
    column = xmlTextReaderGetParserColumnNumber(rc->reader);
  }
  rc->fatal = diag::Diagnostic{"",
                               line > 0 ? static_cast<std::uint64_t>(line) : 0,
                               column > 0 ? static_cast<std::uint64_t>(column) : 0,
                               "",
                               diag::Severity::fatal,
                               "not-well-formed",
                               diag::tidy_message(e->message != nullptr ? e->message : "parse error"),
                               ""};
}

/// Runs one reader call with this thread's context-free libxml2 errors (encoding conversion,
/// I/O) sent to the reader's handler too: xmlTextReaderSetStructuredErrorHandler alone misses them.
template <typename F>
auto reading(ReadContext& rc, F call) {
  xml::ErrorHandlerScope errors(&rc, reader_error);
  return call();
}

using Reader = xml::xml_ptr<xmlTextReader>;

// ---- writing -----------------------------------------------------------------

/// One Correspondences file being written: header, correspondences, footer; validated against
/// the target schema, then renamed into place.
class BatchFile {
public:
  BatchFile(const std::string& path, const std::string& system_user, const std::string& shipment,
            const std::string& sequence)
      : m_file(path) {
    std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Correspondences xmlns=\"" + std::string(k_ns) +
                       "\">\n  <SystemUserCode>" + xml::escape(system_user) + "</SystemUserCode>\n  <ShipmentReference>" +
                       xml::escape(shipment) + "</ShipmentReference>\n";
    if (!sequence.empty()) {
      head += "  <SequenceNo>" + xml::escape(sequence) + "</SequenceNo>\n";
    }
    m_file.write(head);
  }
  void add(const std::string& correspondence) {
    m_file.write("  ");
    m_file.write(correspondence);
    m_file.write("\n");
    ++m_count;
  }
  std::size_t count() const { return m_count; }
  io::TempFile& file() { return m_file; }
  void finish() {
    m_file.write("</Correspondences>\n");
    m_file.flush();
  }

private:
  io::TempFile m_file;
  std::size_t m_count = 0;
};

} // namespace

Converter::Converter(const Stylesheet& stylesheet, const schema::CompiledSchema& target, ConvertOptions options)
    : m_stylesheet(stylesheet), m_target(target), m_options(options),
      m_validator(schema::Engine::libxml2, validate::ValidateSettings{}) {}

FileConversion Converter::convert(io::ByteSource& src_in, const std::string& out_base,
                                  const std::function<void(const MessageRecord&)>& on_message) {
  FileConversion result;
  // Look at the prologue first: a DOCTYPE is refused before the reader sees any of it.
  struct Borrowed final : io::ByteSource {
    explicit Borrowed(io::ByteSource& s) : inner(s) {}
    std::size_t read(char* b, std::size_t n) override { return inner.read(b, n); }
    const std::string& name() const override { return inner.name(); }
    io::ByteSource& inner;
  };
  auto peeked = validate::peek_root(std::make_unique<Borrowed>(src_in));
  if (peeked.doctype) {
    result.readable = false;
    result.diagnostics.push_back(diag::Diagnostic{src_in.name(), 0, 0, "", diag::Severity::fatal, "doctype-forbidden",
                                                  "doctype declarations are not allowed: dtds, entities and external "
                                                  "references are disabled for safety",
                                                  ""});
    return result;
  }
  io::ByteSource& src = *peeked.source;
  bool dry_run = out_base.empty();
  ReadContext rc;
  rc.src = &src;
  const std::string name = src.name();

  auto fail_file = [&](diag::Diagnostic d) {
    d.file = name;
    result.readable = false;
    result.diagnostics.push_back(std::move(d));
  };

  // A SOAP envelope (SubmitAltutMessagePw) carries the AltUt document as an escaped string:
  // find it, then convert that string, ignoring the encoding it declares (it is text already).
  std::unique_ptr<io::ByteSource> inner;
  io::ByteSource* input = &src;
  std::string system_user;
  std::string sequence;
  bool have_govorgan = false;

  Reader reader;
  auto open_reader = [&](io::ByteSource* s, const char* encoding, int extra) {
    rc.src = s;
    reader = xml::open_reader(read_callback, &rc, name, encoding, extra);
    rc.reader = reader.get();
    xmlTextReaderSetStructuredErrorHandler(reader.get(), reader_error, &rc);
  };
  open_reader(input, nullptr, 0);

  std::unique_ptr<BatchFile> batch;
  std::unique_ptr<io::TempFile> rejected;
  std::size_t batch_index = 0;
  std::uint64_t index = 0;

  auto batch_path = [&](std::size_t k) {
    if (m_options.batch_size == 0) {
      return out_base + ".correspondences.xml";
    }
    char num[16];
    std::snprintf(num, sizeof num, "%03zu", k + 1);
    return out_base + ".correspondences." + num + ".xml";
  };
  auto sequence_for = [&](std::size_t k) -> std::string {
    if (sequence.empty()) {
      return {};
    }
    char* end = nullptr;
    long long base = std::strtoll(sequence.c_str(), &end, 10);
    if (end == nullptr || *end != '\0' || k == 0) {
      return sequence;
    }
    return std::to_string(base + static_cast<long long>(k));
  };
  auto shipment_for = [&](std::size_t k) {
    std::string seq = sequence_for(k);
    return system_user + "-" + (seq.empty() ? std::string("1") : seq);
  };
  // Our own target schema must accept what we wrote; otherwise it is our bug, not the input's:
  // exit 70 and the temporary is dropped, never renamed into place.
  auto commit_checked = [&](io::TempFile& file) {
    file.flush();
    io::FileSource check(file.path());
    auto verdict = m_validator.validate(check, &m_target);
    if (verdict.verdict != validate::Verdict::valid) {
      result.internal_error = true;
      for (auto d : verdict.diagnostics) {
        d.file = file.target();
        d.message = "output fails the target schema: " + d.message;
        result.diagnostics.push_back(std::move(d));
      }
      return;
    }
    file.commit(io::default_file_mode());
    result.outputs.push_back(file.target());
  };
  auto close_batch = [&]() {
    if (!batch) {
      return;
    }
    batch->finish();
    commit_checked(batch->file());
    batch.reset(); // a temporary that was not committed is removed
  };
  std::uint64_t payload_index = 0;
  auto write_payload = [&](xmlDocPtr doc, xmlNodePtr payload) {
    // The payload's namespaces are declared on the result's root: give it its own declarations.
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root != nullptr && root->nsDef != nullptr && payload->nsDef == nullptr) {
      payload->nsDef = xmlCopyNamespaceList(root->nsDef);
    }
    char num[16];
    std::snprintf(num, sizeof num, "%06llu", static_cast<unsigned long long>(++payload_index));
    io::TempFile file(out_base + ".insert-v2." + num + ".xml");
    file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dump(doc, payload, 0) + "\n");
    commit_checked(file);
  };

  bool soap_checked = false;
  bool positioned = false; // xmlTextReaderNext already moved to the next node
  int last = 1;            // the last reader call's result: -1 is an error
  while (true) {
    if (!positioned && (last = reading(rc, [&] { return xmlTextReaderRead(reader.get()); })) != 1) {
      break;
    }
    positioned = false;
    int type = xmlTextReaderNodeType(reader.get());
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      fail_file(diag::Diagnostic{"", static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(reader.get())), 0, "",
                                 diag::Severity::fatal, "doctype-forbidden",
                                 "doctype declarations are not allowed: dtds, entities and external references are disabled for safety",
                                 ""});
      break;
    }
    if (type != XML_READER_TYPE_ELEMENT) {
      continue;
    }
    std::string local = str(xmlTextReaderConstLocalName(reader.get()));
    if (!soap_checked) {
      soap_checked = true;
      if (local == "Envelope") {
        // Walk to altutMessage and take its text.
        std::string payload;
        bool found = false;
        while ((last = reading(rc, [&] { return xmlTextReaderRead(reader.get()); })) == 1) {
          if (xmlTextReaderNodeType(reader.get()) == XML_READER_TYPE_ELEMENT &&
              str(xmlTextReaderConstLocalName(reader.get())) == "altutMessage") {
            xml::xml_ptr<xmlChar> s(reading(rc, [&] { return xmlTextReaderReadString(reader.get()); }));
            payload = str(s.get());
            found = true;
            break;
          }
        }
        if (!found) {
          if (!rc.has_fatal) {
            fail_file(diag::Diagnostic{"", 0, 0, "", diag::Severity::fatal, "soap-without-altut",
                                       "a SOAP envelope without an altutMessage element", ""});
          }
          break;
        }
        inner = std::make_unique<io::MemorySource>(std::move(payload), name);
        input = inner.get();
        open_reader(input, "UTF-8", XML_PARSE_IGNORE_ENC);
        soap_checked = false;
        continue;
      }
    }
    if (local == "GovOrgan") {
      have_govorgan = true;
      xml::xml_ptr<xmlChar> v(xmlTextReaderGetAttribute(reader.get(), reinterpret_cast<const xmlChar*>("name")));
      system_user = str(v.get());
      continue;
    }
    if (local == "AltUt") {
      xml::xml_ptr<xmlChar> v(xmlTextReaderGetAttribute(reader.get(), reinterpret_cast<const xmlChar*>("sequenceno")));
      sequence = str(v.get());
      continue;
    }
    if (local != "Message") {
      continue;
    }

    // ---- one Message ----
    if (diag::stop_requested()) {
      result.interrupted = true;
      return result; // temporaries are removed: no half-written output
    }
    MessageRecord rec;
    rec.index = ++index;
    rec.line = static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(reader.get()));
    xmlNodePtr node = reading(rc, [&] { return xmlTextReaderExpand(reader.get()); });
    if (node == nullptr) {
      // Not well-formed or undecodable inside the message: the file fails (reported below) and
      // this message, never read, is not counted.
      --index;
      last = -1;
      break;
    }
    rec.line = static_cast<std::uint64_t>(xmlGetLineNo(node));
    xml::xml_ptr<xmlDoc> mdoc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
    xmlNodePtr copy = xmlDocCopyNode(node, mdoc.get(), 1);
    xmlDocSetRootElement(mdoc.get(), copy);
    strip_namespaces(copy);
    rec.reference = prop(copy, "messageReference");
    rec.short_name = prop(copy, "shortName");

    auto reject = [&](const char* code, const std::string& why, std::uint64_t line) {
      rec.reject_code = code;
      rec.reject_reason = why;
      if (line != 0) {
        rec.line = line;
      }
    };
    auto sn = resolve_short_name(rec.short_name, m_options.map);
    if (sn.problem == ShortNameProblem::empty) {
      reject("no-short-name", "the message has no shortName, so no Altinn II service", 0);
    } else if (sn.problem == ShortNameProblem::code_too_long) {
      reject("service-code-too-long",
             "shortName '" + rec.short_name + "' has a ServiceCode over 7 characters and is not in the service map", 0);
    } else if (sn.problem == ShortNameProblem::unmapped_legacy) {
      reject("unmapped-short-name", "legacy shortName '" + rec.short_name + "' is not in the service map", 0);
    } else if (blank(rec.reference)) {
      reject("no-message-reference",
             "the message has no messageReference (Altinn II needs SendersReference; confirmations could not be matched)", 0);
    }
    auto participants = children(copy, "Participant");
    if (rec.reject_code.empty() && participants.empty()) {
      reject("no-participant", "the message has no Participant", 0);
    }
    for (const xmlNode* p : participants) {
      if (!rec.reject_code.empty()) {
        break;
      }
      if (blank(prop(p, "id"))) {
        reject("no-reportee", "a Participant has no id (Reportee)", static_cast<std::uint64_t>(xmlGetLineNo(p)));
        break;
      }
      for (const char* date : {"VisibleDate", "DueDate", "AllowSystemDeleteDate"}) {
        if (const xmlNode* d = first(p, date); d != nullptr && !blank(text(d)) && !to_datetime(text(d), false, false)) {
          reject("invalid-date", std::string(date) + " '" + text(d) + "' is not a date",
                 static_cast<std::uint64_t>(xmlGetLineNo(d)));
          break;
        }
      }
      for (const xmlNode* a : children(first(first(p, "Content"), "Attachments"), "Attachment")) {
        if (!rec.reject_code.empty()) {
          break;
        }
        if (!repair_base64(text(a))) {
          reject("invalid-base64", "attachment '" + prop(a, "filename") + "' is not valid base64",
                 static_cast<std::uint64_t>(xmlGetLineNo(a)));
        }
      }
    }
    for (const xmlNode* rm : children(first(copy, "ReplyMessages"), "ReplyMessage")) {
      const xmlNode* form = first(rm, "Form");
      if (form == nullptr || !rec.reject_code.empty()) {
        continue;
      }
      const xmlNode* sc = first(form, "ServiceCode");
      if (sc != nullptr && !blank(text(sc))) {
        auto r = resolve_short_name(text(sc), m_options.map);
        if (!r.service) {
          reject("invalid-reply-service", "reply option ServiceCode '" + text(sc) + "' names no Altinn II service",
                 static_cast<std::uint64_t>(xmlGetLineNo(sc)));
        }
      } else if (!blank(prop(form, "formNumber")) && m_options.strict &&
                 !(m_options.map != nullptr && m_options.map->form(prop(form, "formNumber"), prop(form, "version")))) {
        reject("unmapped-form",
               "reply option form " + prop(form, "formNumber") + " version " + prop(form, "version") +
                   " is not in the service map (--strict)",
               static_cast<std::uint64_t>(xmlGetLineNo(form)));
      }
    }

    if (!rec.reject_code.empty()) {
      ++result.rejected;
      if (!dry_run) {
        if (!rejected) {
          rejected = std::make_unique<io::TempFile>(out_base + ".rejected.xml");
          rejected->write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- messages altut-convert rejected, as they were; "
                          "the reasons are in its report -->\n<GovOrgan name=\"" + xml::escape(system_user) +
                          "\">\n<AltUt" + (sequence.empty() ? std::string() : " sequenceno=\"" + xml::escape(sequence) + "\"") +
                          ">\n");
        }
        rejected->write(dump(node->doc, node, 0));
        rejected->write("\n");
      }
    } else {
      const servicemap::ServiceMap* map = m_options.map;
      rec.losses = find_losses(
          copy,
          [](const xmlNode* form, const void* ctx) {
            const auto* m = static_cast<const servicemap::ServiceMap*>(ctx);
            return m != nullptr && m->form(prop(form, "formNumber"), prop(form, "version")).has_value();
          },
          map, m_options.format == Format::insert_v2);
      ExtensionContext ext{m_options.map, m_options.with_offset};
      std::string error;
      xml::xml_ptr<xmlDoc> out(m_stylesheet.apply(mdoc.get(), ext, {{"system-user-code", system_user}}, error));
      if (!out) {
        rec.reject_code = "stylesheet-failed";
        rec.reject_reason = "the stylesheet failed on this message: " + error;
        ++result.rejected;
      } else {
        xmlNodePtr root = xmlDocGetRootElement(out.get());
        for (xmlNodePtr c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next) {
          if (c->type != XML_ELEMENT_NODE) {
            continue;
          }
          ++rec.correspondences;
          if (dry_run) {
            continue;
          }
          if (m_options.format == Format::insert_v2) {
            write_payload(out.get(), c);
            if (result.internal_error) {
              break;
            }
            continue;
          }
          if (!batch) {
            batch = std::make_unique<BatchFile>(batch_path(batch_index), system_user, shipment_for(batch_index),
                                                sequence_for(batch_index));
          }
          // A stylesheet may declare prefixes on its result's root: carry those onto the element.
          for (xmlNsPtr ns = root->nsDef; ns != nullptr; ns = ns->next) {
            if (ns->prefix != nullptr && xmlSearchNs(out.get(), c, ns->prefix) == ns && c->nsDef == nullptr) {
              c->nsDef = xmlCopyNamespaceList(root->nsDef);
              break;
            }
          }
          batch->add(dump(out.get(), c, 1));
          if (m_options.batch_size != 0 && batch->count() >= m_options.batch_size) {
            close_batch();
            ++batch_index;
          }
        }
        rec.converted = true;
        ++result.converted;
        result.correspondences += rec.correspondences;
      }
    }
    result.losses += rec.losses.size();
    on_message(rec);
    if (result.internal_error) {
      break;
    }
    // Skip the subtree (the reader frees it: memory stays per message); the node it lands on,
    // perhaps the next Message, is looked at by the next round.
    if ((last = reading(rc, [&] { return xmlTextReaderNext(reader.get()); })) != 1) {
      break;
    }
    positioned = true;
  }
  result.messages = index;
  if (!rc.io_error.empty()) {
    fail_file(diag::Diagnostic{"", 0, 0, "", diag::Severity::fatal, "unreadable", diag::tidy_message(rc.io_error), ""});
  } else if (rc.has_fatal && result.readable) {
    fail_file(rc.fatal);
  } else if (last < 0 && result.readable) {
    // The reader gave up without telling why: never let that pass for the end of the file.
    fail_file(diag::Diagnostic{"", static_cast<std::uint64_t>(xmlTextReaderGetParserLineNumber(reader.get())),
                               static_cast<std::uint64_t>(xmlTextReaderGetParserColumnNumber(reader.get())), "",
                               diag::Severity::fatal, "not-well-formed", "the document could not be read to its end", ""});
  }
  if (result.readable && !have_govorgan && index == 0 && result.diagnostics.empty()) {
    fail_file(diag::Diagnostic{"", 0, 0, "", diag::Severity::fatal, "not-altut",
                               "not an AltUt document: no GovOrgan/AltUt/Message", ""});
  }
  if (!result.readable || result.internal_error) {
    return result; // temporaries are removed: nothing half-written stays
  }
  close_batch();
  if (rejected) {
    rejected->write("</AltUt>\n</GovOrgan>\n");
    rejected->commit(io::default_file_mode());
    result.outputs.push_back(rejected->target());
  }
  return result;
}

} // namespace altkit::convert
