// The safe parser factory (xml/parser.hpp), each way of opening a document: a DOCTYPE is refused
// (the reader: handed to the caller as the first node, nothing in it loaded), an external entity
// is never read, and the depth is bounded.
#include "altkit/xml/parser.hpp"

#include "test_helpers.hpp"

#include <libxml/tree.h>

#include <cstring>
#include <string>

using namespace altkit;

namespace {

constexpr const char* k_marker = "SECRET-MARKER";

/// A file whose contents must never show up in a parse, and a document that names it as an
/// external entity.
struct Fixture {
  test::TempDir dir;
  std::string secret = (dir.path / "secret.txt").string();
  std::string with_entity =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM \"file://" + secret + "\">]>\n<r>&e;</r>\n";
  Fixture() { test::write(secret, k_marker); }
};

std::string nested(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) {
    s += "<a>";
  }
  for (std::size_t i = 0; i < depth; ++i) {
    s += "</a>";
  }
  return s;
}

std::string dump(xmlDocPtr doc) {
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &mem, &size);
  xml::xml_ptr<xmlChar> owned(mem);
  return std::string(reinterpret_cast<const char*>(mem), static_cast<std::size_t>(size));
}

struct Memory {
  std::string data;
  std::size_t pos = 0;
  static int read(void* ctx, char* buf, int len) {
    auto* m = static_cast<Memory*>(ctx);
    std::size_t n = std::min(m->data.size() - m->pos, static_cast<std::size_t>(len));
    std::memcpy(buf, m->data.data() + m->pos, n);
    m->pos += n;
    return static_cast<int>(n);
  }
};

/// Start events and the deepest level seen, kept in the parser context's _private.
struct Events {
  int starts = 0;
  int doctypes = 0;
  std::size_t depth = 0;
  std::size_t deepest = 0;
};

Events& events_of(void* ctx) {
  return *static_cast<Events*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void count_start(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*, int, const xmlChar**, int, int,
                 const xmlChar**) {
  Events& e = events_of(ctx);
  ++e.starts;
  e.deepest = std::max(e.deepest, ++e.depth);
}

void count_end(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  --events_of(ctx).depth;
}

/// A client's DOCTYPE handler that notes it and does not stop the parser.
void note_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  ++events_of(ctx).doctypes;
}

struct Quiet {
  xml::ErrorHandlerScope scope{nullptr, xml::ignore_errors};
};

} // namespace

TEST_CASE("xml::safe_options") {
  int o = xml::safe_options(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID |
                            XML_PARSE_XINCLUDE | XML_PARSE_HUGE | XML_PARSE_NOCDATA);
  CHECK((o & (XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID | XML_PARSE_XINCLUDE |
              XML_PARSE_HUGE)) == 0);
  CHECK((o & XML_PARSE_NOCDATA) != 0);
  CHECK((o & XML_PARSE_NONET) != 0);
  CHECK(xml::safe_options(0) == xml::safe_parse_options());
}

TEST_CASE("xml::read_memory") {
  Fixture f;
  Quiet quiet;
  SECTION("refuses a doctype") {
    xml::ParseError error;
    CHECK_FALSE(xml::read_memory(f.with_entity, "input", xml::Doctype::refuse, 0, &error));
    CHECK(error.message.find("doctype declarations are not allowed") != std::string::npos);
    CHECK(error.line == 2);
  }
  SECTION("allowed, a doctype's external entity is not read, even when asked to substitute") {
    auto doc = xml::read_memory(f.with_entity, "input", xml::Doctype::allow, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
    REQUIRE(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc.get());
    REQUIRE(root != nullptr);
    REQUIRE(root->children != nullptr);
    CHECK(root->children->type == XML_ENTITY_REF_NODE);
    CHECK(dump(doc.get()).find(k_marker) == std::string::npos);
  }
  SECTION("stops at libxml2's depth bound") {
    CHECK(xml::read_memory(nested(200), "input"));
    xml::ParseError error;
    CHECK_FALSE(xml::read_memory(nested(300), "input", xml::Doctype::refuse, 0, &error));
    CHECK(error.message.find("depth") != std::string::npos);
  }
}

TEST_CASE("xml::read_file") {
  Fixture f;
  Quiet quiet;
  auto path = (f.dir.path / "input.xml").string();
  SECTION("refuses a doctype") {
    test::write(path, f.with_entity);
    xml::ParseError error;
    CHECK_FALSE(xml::read_file(path, xml::Doctype::refuse, 0, &error));
    CHECK(error.message.find("doctype declarations are not allowed") != std::string::npos);
  }
  SECTION("allowed, a doctype's external entity is not read") {
    test::write(path, f.with_entity);
    auto doc = xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOENT);
    REQUIRE(doc);
    CHECK(dump(doc.get()).find(k_marker) == std::string::npos);
  }
  SECTION("stops at libxml2's depth bound") {
    test::write(path, nested(200));
    CHECK(xml::read_file(path));
    test::write(path, nested(300));
    CHECK_FALSE(xml::read_file(path));
  }
}

TEST_CASE("xml::open_reader") {
  Fixture f;
  Quiet quiet;
  SECTION("a doctype comes first, as a node the caller refuses; its external entity is not read") {
    Memory in{f.with_entity};
    auto reader = xml::open_reader(Memory::read, &in, "input", nullptr, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
    REQUIRE(xmlTextReaderRead(reader.get()) == 1);
    CHECK(xmlTextReaderNodeType(reader.get()) == XML_READER_TYPE_DOCUMENT_TYPE);
    CHECK(xmlTextReaderGetParserProp(reader.get(), XML_PARSER_SUBST_ENTITIES) == 0);
    CHECK(xmlTextReaderGetParserProp(reader.get(), XML_PARSER_LOADDTD) == 0);
    std::string seen;
    int rc = 0;
    while ((rc = xmlTextReaderRead(reader.get())) == 1) {
      if (const xmlChar* v = xmlTextReaderConstValue(reader.get())) {
        seen += reinterpret_cast<const char*>(v);
      }
    }
    CHECK(seen.find(k_marker) == std::string::npos);
  }
  SECTION("stops at libxml2's depth bound") {
    auto read_all = [](const std::string& text) {
      Memory in{text};
      auto reader = xml::open_reader(Memory::read, &in, "input");
      int rc = 0;
      while ((rc = xmlTextReaderRead(reader.get())) == 1) {
      }
      return rc;
    };
    CHECK(read_all(nested(200)) == 0);
    CHECK(read_all(nested(300)) == -1);
  }
}

TEST_CASE("xml::PushParser") {
  Fixture f;
  Quiet quiet;
  Events seen;
  auto feed = [&](xml::PushParser& p, const std::string& text) {
    p->_private = &seen;
    p.parse(text.data(), text.size(), false);
    p.parse(nullptr, 0, true);
  };
  SECTION("refuses a doctype before the root, with no handler of the client's") {
    xml::PushParser p({count_start, count_end, nullptr}, "input");
    feed(p, f.with_entity);
    CHECK(seen.starts == 0);
    CHECK(p->wellFormed == 0);
  }
  SECTION("refuses a doctype even when the client's handler lets it through") {
    xml::PushParser p({count_start, count_end, note_doctype}, "input");
    feed(p, f.with_entity);
    CHECK(seen.doctypes == 1);
    CHECK(seen.starts == 0);
    CHECK(p->wellFormed == 0);
  }
  SECTION("stops after the first element deeper than the limit") {
    xml::ParseLimits limits;
    limits.max_depth = 10;
    xml::PushParser deep({count_start, count_end, nullptr}, "input", limits);
    feed(deep, nested(20));
    CHECK(deep.too_deep());
    CHECK(seen.deepest == 11);
    CHECK(deep->wellFormed == 0);
    seen = Events{};
    xml::PushParser fits({count_start, count_end, nullptr}, "input", limits);
    feed(fits, nested(10));
    CHECK_FALSE(fits.too_deep());
    CHECK(seen.starts == 10);
    CHECK(fits->wellFormed == 1);
  }
}

TEST_CASE("xml::make_pull_parser") {
  Fixture f;
  Quiet quiet;
  Events seen;
  auto ctxt = xml::make_pull_parser({count_start, count_end, nullptr});
  auto read = [&](const std::string& text) {
    seen = Events{};
    ctxt->_private = &seen;
    Memory in{text};
    return xml::read_io(*ctxt, Memory::read, &in);
  };
  SECTION("refuses a doctype before the root") {
    CHECK_FALSE(read(f.with_entity));
    CHECK(seen.starts == 0);
    CHECK(ctxt->wellFormed == 0);
  }
  SECTION("stops at libxml2's depth bound, and builds no tree") {
    CHECK_FALSE(read(nested(200)));
    CHECK(ctxt->wellFormed == 1);
    CHECK(seen.deepest == 200);
    read(nested(300));
    CHECK(ctxt->wellFormed == 0);
    CHECK(seen.deepest <= 257);
  }
}
