#include "test_helpers.hpp"

#include "altkit/gen/instance_parts.hpp"
#include "altkit/gen/instances.hpp"
#include "altkit/io/source.hpp"
#include "altkit/validate/document.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

using namespace altkit;
using namespace altkit::gen;
using namespace altkit::gen::detail;

namespace {

std::unique_ptr<SchemaModel> model_of(const std::string& path) {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(path, sink);
  REQUIRE(model);
  return model;
}

SimpleType simple(const std::string& builtin) {
  SimpleType t;
  t.builtin = builtin;
  return t;
}

const Node* child(const Node& n, const std::string& name) {
  for (const auto& c : n.children) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

std::string attr(const Node& n, const std::string& name) {
  for (const auto& [k, v] : n.attrs) {
    if (k == name) {
      return v;
    }
  }
  return "(absent)";
}

} // namespace

// ---- regular expressions --------------------------------------------------------------

TEST_CASE("gen::detail::regex_sample: samples match the pattern (checked by libxml2)") {
  Patterns patterns;
  const std::vector<std::string> res{"[0-9]{9}", "\\d{4}-\\d{2}-\\d{2}", "(AB|CD)+[a-z]?",    "[A-Z]{2}\\d{3,5}",
                                     "x{2,}y*",  "[a-cX-Z_]+",           "(\\w\\s)?\\w{1,3}", "NO[0-9]{3}(-[0-9]{2})?",
                                     ".{5}",     "[0-9]{4}|[A-Z]{2}"};
  for (const auto& re : res) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      Rng rng(seed);
      std::string s = regex_sample(re, rng);
      INFO(re << " -> '" << s << "'");
      REQUIRE(patterns.matches(re, s));
    }
  }
}

TEST_CASE("gen::detail::regex_sample: quantifiers, alternatives, classes") {
  Rng rng(5);
  CHECK(regex_sample("abc", rng) == "abc");
  CHECK(regex_sample("a{3}", rng) == "aaa");
  CHECK(regex_sample("[^0-9]", rng) == "x"); // a negated class: a letter outside every digit class
  std::set<std::string> branches;
  for (int i = 0; i < 50; ++i) {
    std::string s = regex_sample("(ab|cd|ef)", rng);
    branches.insert(s);
    std::string many = regex_sample("z+", rng);
    REQUIRE(many.size() >= 1);
    REQUIRE(many.size() <= 3); // + repeats at most 3 times
    std::string bounded = regex_sample("q{2,100}", rng);
    REQUIRE(bounded.size() >= 2);
    REQUIRE(bounded.size() <= 10); // {n,m} capped at n + 8
  }
  CHECK(branches == std::set<std::string>{"ab", "cd", "ef"});
  // Same seed, same sample.
  Rng a(9);
  Rng b(9);
  CHECK(regex_sample("[A-Z]{3}\\d{4}", a) == regex_sample("[A-Z]{3}\\d{4}", b));
}

TEST_CASE("gen::detail::Patterns::matches") {
  Patterns p;
  CHECK(p.matches("[0-9]{3}", "123"));
  CHECK_FALSE(p.matches("[0-9]{3}", "1234")); // XSD patterns match the whole value
  CHECK_FALSE(p.matches("[0-9]{3}", "12a"));
  CHECK(p.matches("\\p{Lu}[a-zæøå]+", "Ålesund")); // XSD's character categories
  CHECK_FALSE(p.matches("\\p{Lu}[a-zæøå]+", "ålesund"));
  CHECK(p.matches("[0-9]{3}", "987")); // compiled once, used again
}

// ---- values -----------------------------------------------------------------------------

TEST_CASE("gen::detail::chars and is_numeric") {
  CHECK(chars("") == 0);
  CHECK(chars("abc") == 3);
  CHECK(chars("Ålesund – sentrum") == 17); // Å and – are several bytes each
  CHECK(is_numeric("unsignedByte"));
  CHECK(is_numeric("decimal"));
  CHECK(is_numeric("double"));
  CHECK_FALSE(is_numeric("string"));
  CHECK_FALSE(is_numeric("date"));
}

TEST_CASE("gen::detail::satisfies") {
  Patterns p;
  SimpleType t = simple("string");
  t.facets.max_length = 7;
  CHECK(satisfies("Ålesund", t, p)); // 7 characters, 8 bytes
  t.facets.max_length = 6;
  CHECK_FALSE(satisfies("Ålesund", t, p));
  t = simple("string");
  t.facets.length = 3;
  CHECK(satisfies("abc", t, p));
  CHECK_FALSE(satisfies("ab", t, p));
  t = simple("string");
  t.facets.enumeration = {"Tromsø", "Bodø"};
  CHECK(satisfies("Bodø", t, p));
  CHECK_FALSE(satisfies("Oslo", t, p));
  t = simple("string");
  t.facets.patterns = {"[0-9]+", "[0-9]{3}"}; // every pattern must match
  CHECK(satisfies("123", t, p));
  CHECK_FALSE(satisfies("1234", t, p));

  t = simple("integer");
  t.facets.min_inclusive = "10";
  t.facets.max_exclusive = "20";
  CHECK(satisfies("10", t, p));
  CHECK(satisfies("19", t, p));
  CHECK_FALSE(satisfies("20", t, p));
  CHECK_FALSE(satisfies("9", t, p));
  CHECK_FALSE(satisfies("1x", t, p));
  CHECK_FALSE(satisfies("", t, p));
  t = simple("decimal");
  t.facets.total_digits = 3;
  CHECK(satisfies("0012", t, p)); // leading zeros do not count
  CHECK(satisfies("12.5", t, p));
  CHECK_FALSE(satisfies("1234", t, p));
  CHECK_FALSE(satisfies("12.34", t, p));
}

TEST_CASE("gen::detail::ValueGen::value") {
  Patterns p;
  Rng rng(11);
  ValueGen g(rng, p);
  const std::regex date("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])");
  const std::regex time("([01][0-9]|2[0-3]):[0-5][0-9]:00");
  SimpleType amount = simple("decimal");
  amount.facets.min_inclusive = "100";
  amount.facets.max_inclusive = "200";
  SimpleType code = simple("string");
  code.facets.enumeration = {"A", "B", "C"};
  SimpleType short_text = simple("string");
  short_text.facets.min_length = 2;
  short_text.facets.max_length = 5;
  SimpleType patterned = simple("string");
  patterned.facets.patterns = {"[A-Z]{2}[0-9]{4}"};
  std::set<std::string> codes;
  for (int i = 0; i < 200; ++i) {
    auto d = g.value(simple("date"), "dato");
    REQUIRE(d);
    REQUIRE(std::regex_match(*d, date));
    auto dt = g.value(simple("dateTime"), "tidspunkt");
    REQUIRE(dt);
    REQUIRE(std::regex_match(dt->substr(0, 10), date));
    REQUIRE(std::regex_match(dt->substr(11), time));
    auto b = g.value(simple("boolean"), "flagg");
    REQUIRE((*b == "true" || *b == "false"));
    auto a = g.value(amount, "belop");
    REQUIRE(a);
    double x = std::stod(*a);
    REQUIRE(x >= 100);
    REQUIRE(x <= 200);
    auto c = g.value(code, "kode");
    REQUIRE(c);
    codes.insert(*c);
    auto s = g.value(short_text, "navn");
    REQUIRE(s);
    REQUIRE(chars(*s) >= 2);
    REQUIRE(chars(*s) <= 5);
    REQUIRE(s->back() != ' ');
    auto pt = g.value(patterned, "ref");
    REQUIRE(pt);
    REQUIRE(std::regex_match(*pt, std::regex("[A-Z]{2}[0-9]{4}")));
  }
  CHECK(codes == std::set<std::string>{"A", "B", "C"});
}

TEST_CASE("gen::detail::ValueGen::value: identifiers by element name") {
  Patterns p;
  Rng rng(12);
  ValueGen g(rng, p);
  for (int i = 0; i < 20; ++i) {
    auto org = g.value(simple("string"), "Organisasjonsnummer");
    REQUIRE(org);
    REQUIRE(std::regex_match(*org, std::regex("[89][0-9]{8}")));
    auto fnr = g.value(simple("string"), "innsenderFodselsnummer");
    REQUIRE(fnr);
    REQUIRE(std::regex_match(*fnr, std::regex("[0-2][0-9](8[1-9]|9[0-2])[0-9]{7}")));
  }
  // A name that asks for nothing gets text.
  auto text = g.value(simple("string"), "merknad");
  REQUIRE(text);
  CHECK_FALSE(std::regex_match(*text, std::regex("[0-9]+")));
}

TEST_CASE("gen::detail::ValueGen::value: types no value can satisfy") {
  Patterns p;
  Rng rng(13);
  ValueGen g(rng, p);
  SimpleType none = simple("string");
  none.facets.enumeration = {"abc", "de"};
  none.facets.patterns = {"[0-9]+"};
  CHECK_FALSE(g.value(none, "kode"));
  SimpleType impossible = simple("string");
  impossible.facets.min_length = 5;
  impossible.facets.max_length = 2;
  CHECK_FALSE(g.value(impossible, "tekst"));
  // A list: a value of its item type.
  SimpleType list = simple("integer");
  list.list = true;
  list.facets.min_inclusive = "1";
  list.facets.max_inclusive = "3";
  auto v = g.value(list, "tall");
  REQUIRE(v);
  CHECK(std::regex_match(*v, std::regex("[1-3]")));
}

// ---- the tree ---------------------------------------------------------------------------

TEST_CASE("gen::detail::Builder::element") {
  auto model = model_of(test::k_schema);
  Patterns p;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    Builder b(rng, p, 0);
    Node root = b.element(*model->default_root(), 0);
    CHECK(root.name == "melding");
    CHECK(attr(root, "dataFormatId") == "9001"); // required and fixed: always there, always its value
    REQUIRE(root.children.size() == 1);
    const Node& content = root.children[0];
    CHECK(content.name == "Skjemainnhold");
    REQUIRE_FALSE(content.children.empty());
    const Node* firm = child(content, "virksomhet"); // required
    REQUIRE(firm != nullptr);
    const Node* org = child(*firm, "organisasjonsnummer");
    REQUIRE(org != nullptr);
    CHECK(org->simple);
    CHECK(std::regex_match(org->text, std::regex("[0-9]{9}")));
    CHECK(attr(*org, "orid") == "18");
    // Children in the order of the sequence.
    std::vector<std::string> order{"virksomhet", "arbeidsgiver", "kommune", "antallAnsatte", "lonnssum", "merknad"};
    std::size_t at = 0;
    for (const auto& c : content.children) {
      while (at < order.size() && order[at] != c.name) {
        ++at;
      }
      INFO(c.name);
      REQUIRE(at < order.size());
    }
  }
}

TEST_CASE("gen::detail::Builder: repeat grows an unbounded list near the root") {
  auto model = model_of(test::k_schema);
  Patterns p;
  Rng rng(3);
  Builder b(rng, p, 40);
  Node root = b.element(*model->default_root(), 0);
  const Node& content = root.children.at(0);
  // The long list is kept as the way to make it (a lazy node), not as nodes...
  auto lazy =
      std::find_if(content.children.begin(), content.children.end(), [](const Node& c) { return c.lazy != nullptr; });
  REQUIRE(lazy != content.children.end());
  CHECK(lazy->name == "arbeidsgiver");
  CHECK(lazy->lazy->count >= 20);
  CHECK(lazy->lazy->count <= 40);
  // ... and made again, item by item, as the writer does: the same count, the same items twice.
  std::vector<std::string> first;
  Builder::replay(*lazy->lazy, p, 40, [&](const Node& item) {
    REQUIRE(item.children.size() == 1);
    CHECK(item.children[0].name == "arbeidsgiver");
    first.push_back(item.children[0].children.empty() ? "" : item.children[0].children[0].text);
  });
  CHECK(static_cast<long>(first.size()) == lazy->lazy->count);
  std::vector<std::string> second;
  Builder::replay(*lazy->lazy, p, 40, [&](const Node& item) {
    second.push_back(item.children[0].children.empty() ? "" : item.children[0].children[0].text);
  });
  CHECK(first == second);
}

TEST_CASE("gen::detail::qname_of") {
  Node n;
  n.name = "navn";
  CHECK(qname_of(n, "ns") == "navn"); // no namespace: never prefixed
  n.ns = "urn:x";
  CHECK(qname_of(n, "ns") == "ns:navn");
  CHECK(qname_of(n, "") == "navn");
}

// ---- faults -----------------------------------------------------------------------------

TEST_CASE("gen::detail::value_breakable and broken_value") {
  CHECK_FALSE(value_breakable(simple("string")));
  CHECK_FALSE(value_breakable(simple("token")));
  CHECK(value_breakable(simple("date")));
  CHECK(value_breakable(simple("integer")));
  SimpleType t = simple("string");
  t.facets.max_length = 35;
  CHECK(value_breakable(t));
  CHECK(broken_value(t) == std::string(40, 'X'));
  t = simple("string");
  t.facets.length = 9;
  CHECK(broken_value(t) == std::string(14, 'X'));
  t = simple("string");
  t.facets.enumeration = {"A"};
  CHECK(value_breakable(t));
  CHECK(broken_value(t) == "ALTKIT-NOT-IN-LIST");
  CHECK(broken_value(simple("date")) == "ALTKIT-NOT-A-VALUE");
}

TEST_CASE("gen::detail::inject: nothing to break") {
  Element e;
  e.name = "fritekst"; // a plain string: any value is valid, no attributes, no children
  Node n;
  n.decl = &e;
  n.name = e.name;
  n.simple = true;
  n.text = "hei";
  Rng rng(1);
  GroundTruth g = inject(n, "", rng);
  CHECK(g.fault.empty());
  CHECK(n.text == "hei");
}

TEST_CASE("gen::detail::inject") {
  auto model = model_of(test::k_schema);
  Patterns p;
  std::set<std::string> kinds;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    Rng rng(seed);
    Builder b(rng, p, 0);
    Node root = b.element(*model->default_root(), 0);
    GroundTruth g = inject(root, "", rng);
    INFO("seed " << seed << ": " << g.fault << " at " << g.path << ": " << g.detail);
    REQUIRE_FALSE(g.fault.empty()); // this schema always has something to break
    CHECK_FALSE(g.valid);
    CHECK(g.path.rfind("/melding", 0) == 0);
    CHECK_FALSE(g.detail.empty());
    kinds.insert(g.fault);
    if (g.fault == "wrong-fixed-value" && g.path == "/melding") {
      bool changed = attr(root, "dataFormatId") != "9001" || attr(root, "dataFormatVersion") != "10001" ||
                     attr(root, "dataFormatProvider") != "SERES";
      CHECK(changed);
    }
    if (g.fault == "unexpected-element") {
      CHECK(g.path.find("altkitUnexpected") != std::string::npos);
    }
  }
  // Every kind this schema allows turns up.
  CHECK(kinds == std::set<std::string>{"bad-value", "missing-element", "unexpected-element", "wrong-fixed-value",
                                       "missing-attribute"});
}

// ---- whole documents ---------------------------------------------------------------------

TEST_CASE("gen::generate_instances: deterministic, named, document k the same whatever the count") {
  auto model = model_of(test::k_schema);
  InstanceOptions o;
  o.seed = 42;
  o.count = 3;
  o.invalid_percent = 50;
  o.prefix = "x";
  std::map<std::string, std::string> first;
  std::map<std::string, std::string> second;
  auto t1 = generate_instances(*model, o, [&](const std::string& n, const std::string& b) { first[n] = b; });
  o.count = 5;
  auto t2 = generate_instances(*model, o, [&](const std::string& n, const std::string& b) { second[n] = b; });
  REQUIRE(t1.size() == 3);
  REQUIRE(t2.size() == 5);
  CHECK(first.begin()->first == "x-000001.xml");
  for (const auto& [name, bytes] : first) {
    CHECK(second.at(name) == bytes);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(t1[i].document == t2[i].document);
    CHECK(t1[i].fault == t2[i].fault);
  }
  o.seed = 43;
  std::map<std::string, std::string> other;
  generate_instances(*model, o, [&](const std::string& n, const std::string& b) { other[n] = b; });
  CHECK(other.at("x-000001.xml") != second.at("x-000001.xml"));

  o.root = "nope";
  int written = 0;
  CHECK(generate_instances(*model, o, [&](const std::string&, const std::string&) { ++written; }).empty());
  CHECK(written == 0);
}

TEST_CASE("gen::generate_instances: the ground truth holds (libxml2 validates every document)") {
  for (const std::string& path : {test::k_schema, test::k_corpus + "/seres-validate/schemas-iri/iri.xsd"}) {
    auto model = model_of(path);
    diag::DiagnosticSink sink;
    auto compiled = schema::compile_schema(path, schema::Engine::libxml2, sink);
    REQUIRE(compiled);
    InstanceOptions o;
    o.seed = 7;
    o.count = 30;
    o.invalid_percent = 50;
    o.schema_location = "schema.xsd";
    std::map<std::string, std::string> docs;
    auto truth = generate_instances(*model, o, [&](const std::string& n, const std::string& b) { docs[n] = b; });
    REQUIRE(truth.size() == 30);
    validate::DocumentValidator v(schema::Engine::libxml2, validate::ValidateSettings{});
    int invalid = 0;
    for (const auto& g : truth) {
      const std::string& xml = docs.at(g.document);
      CHECK(xml.find(model->target_namespace.empty() ? "xsi:noNamespaceSchemaLocation=\"schema.xsd\""
                                                     : "xsi:schemaLocation=\"") != std::string::npos);
      io::MemorySource src(xml, g.document);
      auto r = v.validate(src, compiled.get());
      INFO(path << " " << g.document << " (" << g.fault << " at " << g.path << ")\n" << xml);
      CHECK(r.verdict == (g.valid ? validate::Verdict::valid : validate::Verdict::invalid));
      invalid += g.valid ? 0 : 1;
    }
    CHECK(invalid > 5);
    CHECK(invalid < 25);
  }
}
