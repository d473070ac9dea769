#include "altkit/servicemap/csv.hpp"
#include "altkit/servicemap/service_map.hpp"

#include <catch2/catch.hpp>

using namespace altkit;
using namespace altkit::servicemap;

TEST_CASE("servicemap::parse_csv") {
  auto r = parse_csv("\xEF\xBB\xBF"
                     "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n");
  REQUIRE_FALSE(r.error);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(r.records[1].fields == std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"});
  CHECK(r.records[1].line == 2);
  CHECK(r.records[2].line == 5); // after the quoted newline and a blank line
  CHECK(r.records[2].fields == std::vector<std::string>{"last", "", ""});
  CHECK(parse_csv("a,\"open\n").error->message == "quoted field is not closed");
  CHECK(parse_csv("a,b\"c\n").error->line == 1);
  CHECK(parse_csv("\"a\"b\n").error);
}

TEST_CASE("servicemap::ServiceMap::parse") {
  diag::DiagnosticSink sink;
  auto map = ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                               "form,RF-1047,2,4711,1\n"
                               "form,RF-1047,,4711,002\n"
                               "shortName,\"Skatteoppgjør 2007\",,2541,1\n",
                               "map.csv", sink);
  REQUIRE(map);
  CHECK(map->size() == 3);
  CHECK(map->form("RF-1047", "2")->joined() == "4711_1");
  CHECK(map->form("RF-1047", "9")->joined() == "4711_2"); // blank version: any other version
  CHECK(map->form("RF-1047", "")->joined() == "4711_2");
  CHECK_FALSE(map->form("RF-1", "2"));
  CHECK(map->short_name("Skatteoppgjør 2007")->joined() == "2541_1");
  CHECK(map->short_name("Skatteoppgjør 2007")->line == 4);
  CHECK_FALSE(map->short_name("Årsoppgave"));
}

TEST_CASE("servicemap::ServiceMap::parse rejects a bad map, naming each line") {
  diag::DiagnosticSink sink;
  auto map = ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                               "form,RF-1047,2,4711,1\n"
                               "form,RF-1047,2,4711,1\n"
                               "form,RF-1047,2,4712,1\n"
                               "form,RF-2,1,ABCDEFGH,1\n"
                               "form,RF-3,1,ABC,1.5\n"
                               "shortName,X,1,ABC,1\n"
                               "invoice,X,,ABC,1\n"
                               "form,RF-4,1,ABC\n",
                               "map.csv", sink);
  CHECK_FALSE(map);
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& d : sink.items()) {
    got.emplace_back(d.line, d.code);
  }
  CHECK(got == std::vector<std::pair<std::size_t, std::string>>{{3, "map-duplicate"},
                                                                {4, "map-conflict"},
                                                                {5, "map-service-code"},
                                                                {6, "map-edition"},
                                                                {7, "map-syntax"},
                                                                {8, "map-kind"},
                                                                {9, "map-syntax"}});
  CHECK(sink.items()[1].message == "form 'RF-1047' version '2' maps to 4712_1 here but to 4711_1 on line 2");
  sink.clear();
  CHECK_FALSE(ServiceMap::parse("kind,name\n", "m", sink));
  CHECK(sink.items().at(0).message.find("header must be") == 0);
  sink.clear();
  CHECK_FALSE(ServiceMap::load("/nonexistent/map.csv", sink));
  CHECK(sink.items().at(0).code == "map-unreadable");
}

TEST_CASE("servicemap::ServiceMap::load") {
  diag::DiagnosticSink sink;
  auto map = ServiceMap::load(std::string(ALTKIT_CORPUS_DIR) + "/altut/inputs/service-map.csv", sink);
  REQUIRE(map);
  CHECK(sink.items().empty());
  CHECK(map->size() == 4);
  CHECK(map->form("RF-1047", "2")->joined() == "4711_1");
  CHECK(map->short_name("Årsoppgave næring")->joined() == "2541_2");
  CHECK(map->short_name("Årsoppgave næring")->line == 5);
}
