#include "altkit/replyref/rewrite.hpp"

#include <catch2/catch.hpp>

using namespace altkit;

namespace {
std::unique_ptr<servicemap::ServiceMap> test_map() {
  diag::DiagnosticSink sink;
  auto m = servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                                         "form,RF-1047,2,4711,1\n"
                                         "shortName,Årsoppgave,,2541,2\n",
                                         "map", sink);
  REQUIRE(m);
  return m;
}

struct Result {
  replyref::FileOutcome outcome;
  std::vector<replyref::Change> changes;
  std::string out;
};

Result run(const std::string& xml, replyref::RewriteOptions opts = {}, std::size_t chunk = 0) {
  auto map = test_map();
  Result r;
  // A source that hands out tiny chunks, so a Form straddles reads.
  struct Chunky final : io::ByteSource {
    std::string data;
    std::size_t pos = 0;
    std::size_t step;
    std::string n = "input";
    std::size_t read(char* buf, std::size_t max) override {
      std::size_t k = std::min({max, step, data.size() - pos});
      std::copy(data.begin() + static_cast<long>(pos), data.begin() + static_cast<long>(pos + k), buf);
      pos += k;
      return k;
    }
    const std::string& name() const override { return n; }
  } src;
  src.data = xml;
  src.step = chunk == 0 ? xml.size() + 1 : chunk;
  r.outcome = replyref::rewrite(
      src, *map, opts, [&](const char* d, std::size_t n) { r.out.append(d, n); },
      [&](const replyref::Change& c) { r.changes.push_back(c); });
  return r;
}

const std::string k_doc =
    "<?xml version=\"1.0\"?>\n<!-- c --><GovOrgan><AltUt><Message shortName='Årsoppgave' messageReference=\"M1\">"
    "<ReplyMessages><ReplyMessage><Form version=\"2\"   formNumber=\"RF-1047\"/></ReplyMessage>"
    "<ReplyMessage><Form formNumber=\"RF-9\" version=\"1\"><![CDATA[x]]></Form></ReplyMessage>"
    "</ReplyMessages></Message></AltUt></GovOrgan>\n";
} // namespace

TEST_CASE("replyref::rewrite") {
  for (std::size_t chunk : {0, 1, 7, 64}) {
    DYNAMIC_SECTION("chunks of " << chunk) {
      auto r = run(k_doc, {}, chunk);
      REQUIRE(r.outcome.well_formed);
      std::string want = k_doc;
      want.replace(want.find("<Form version"), std::string("<Form version=\"2\"   formNumber=\"RF-1047\"/>").size(),
                   "<Form><ServiceCode>4711_1</ServiceCode></Form>");
      CHECK(r.out == want);
      REQUIRE(r.changes.size() == 2);
      CHECK(r.changes[0].status == replyref::Change::Status::rewritten);
      CHECK(r.changes[0].message_reference == "M1");
      CHECK(r.changes[0].message_index == 1);
      CHECK(r.outcome.rewritten == 1);
      CHECK(r.outcome.unmapped == 1);
      CHECK(r.changes[0].line == 2);
      CHECK(r.changes[1].status == replyref::Change::Status::unmapped);
      CHECK(r.outcome.bytes_in == k_doc.size());
      CHECK(r.outcome.bytes_out == r.out.size());
    }
  }
}

TEST_CASE("replyref::rewrite keep_legacy and short_names") {
  replyref::RewriteOptions opts;
  opts.keep_legacy = true;
  opts.short_names = true;
  auto r = run(k_doc, opts, 5);
  REQUIRE(r.outcome.well_formed);
  CHECK(r.out.find("<Message shortName='2541_2' messageReference=\"M1\">") != std::string::npos);
  CHECK(r.out.find("<Form version=\"2\"   formNumber=\"RF-1047\"><ServiceCode>4711_1</ServiceCode></Form>") !=
        std::string::npos);
  CHECK(r.outcome.rewritten == 2);
}

TEST_CASE("replyref::rewrite refuses bad documents") {
  auto r = run("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
  CHECK_FALSE(r.outcome.well_formed);
  CHECK(r.outcome.diagnostics.at(0).code == "doctype-forbidden");
  r = run("<GovOrgan><AltUt></GovOrgan>");
  CHECK_FALSE(r.outcome.well_formed);
  CHECK(r.outcome.diagnostics.at(0).code == "not-well-formed");
  r = run("");
  CHECK_FALSE(r.outcome.well_formed);
}
