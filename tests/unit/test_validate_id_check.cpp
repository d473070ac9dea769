#include "test_helpers.hpp"

#include "altkit/check/run.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/ident/ident.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/id_check.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace altkit;
using validate::IdKind;
using validate::Verdict;

namespace {

const std::string k_ids_schema = test::k_corpus + "/seres-validate/ids-data/Testdomene_Identifikatorer_M_9101_1.xsd";

// Numbers computed here with the MOD11 weights (never typed in): persons born in 2039, so no
// one's number.
std::string with_check_digit(const std::string& digits, const int* weights) {
  int c = ident::mod11_check_digit(digits, weights, digits.size());
  REQUIRE(c >= 0);
  return digits + std::to_string(c);
}
const int k_org_weights[] = {3, 2, 7, 6, 5, 4, 3, 2};
const int k_k1[] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
const int k_k2[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

std::string orgnr(const std::string& first8) {
  return with_check_digit(first8, k_org_weights);
}
std::string kontonr(const std::string& first10) {
  return with_check_digit(first10, k_k2);
}
/// The first valid person number from `ddmmyy` with an individual number from 500 (year 20yy).
std::string personnummer(const std::string& ddmmyy) {
  for (int ind = 500; ind < 1000; ++ind) {
    std::string nine = ddmmyy + std::to_string(ind);
    int k1 = ident::mod11_check_digit(nine, k_k1, 9);
    if (k1 < 0) {
      continue;
    }
    int k2 = ident::mod11_check_digit(nine + std::to_string(k1), k_k2, 10);
    if (k2 >= 0) {
      return nine + std::to_string(k1) + std::to_string(k2);
    }
  }
  FAIL("no person number for " << ddmmyy);
  return {};
}
/// `number` with its last digit changed: its check digit no longer matches.
std::string broken(std::string number) {
  number.back() = number.back() == '9' ? '0' : static_cast<char>(number.back() + 1);
  return number;
}

std::string form(const std::string& org, const std::string& fnr, const std::string& dnr, const std::string& konto,
                 const std::string& foretak = "") {
  return "<melding dataFormatProvider=\"SERES\" dataFormatId=\"9101\" dataFormatVersion=\"1\">\n"
         "<organisasjonsnummer>" +
         org + "</organisasjonsnummer>\n<arbeidstakerFnr>" + fnr + "</arbeidstakerFnr>\n<dNummer>" + dnr +
         "</dNummer>\n<UtbetalingKontonummer-datadef-19784 orid=\"19784\">" + konto +
         "</UtbetalingKontonummer-datadef-19784>\n" +
         (foretak.empty() ? "" : "<foretakOrgNr>" + foretak + "</foretakOrgNr>\n") +
         "<refnr>123</refnr>\n<harOrganisasjonsnummer>true</harOrganisasjonsnummer>\n</melding>\n";
}

validate::DocumentResult run(schema::Engine engine, const std::string& xml, const schema::CompiledSchema* s,
                             validate::IdCheckOptions ids) {
  validate::ValidateSettings settings;
  settings.ids = std::make_shared<validate::IdCheckOptions>(std::move(ids));
  validate::DocumentValidator v(engine, settings);
  io::MemorySource src(xml, "input");
  return v.validate(src, s);
}

validate::IdCheckOptions on(bool synthetic = false) {
  validate::IdCheckOptions o;
  o.enabled = true;
  o.allow_synthetic = synthetic;
  return o;
}

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};

} // namespace

TEST_CASE("validate::id_kind_of_name") {
  CHECK(validate::id_kind_of_name("organisasjonsnummer") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("EnhetOrganisasjonsnummer-datadef-18") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("Organisasjonsnummer-18") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("Organisasjonsnummer_RestriksjonOrganisasjonsnummer") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("nyttForetakOrgNr") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("orgnr") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("virksomhetsnummer") == IdKind::orgnr);
  CHECK(validate::id_kind_of_name("arbeidstakerFnr") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("fnr") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("Fødselsnummer") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("AnsattFodselsnummer-datadef-1224") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("adminTEServicearkivFoedselsnr") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("personDNummer") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("D-nummer") == IdKind::fnr);
  CHECK(validate::id_kind_of_name("Tekst1111Modulus11Kontonummer-repformat-222") == IdKind::kontonr);
  CHECK(validate::id_kind_of_name("kontoNr") == IdKind::kontonr);
  // Names that end like one but are not.
  CHECK(validate::id_kind_of_name("refnr") == IdKind::none);
  CHECK(validate::id_kind_of_name("Landnummer") == IdKind::none);
  CHECK(validate::id_kind_of_name("OmvurderingskontoSeparatTapsfort-datadef-35961") == IdKind::none);
  CHECK(validate::id_kind_of_name("EnhetOrganisasjonsnummerEndringArsak-datadef-33287") == IdKind::none);
  CHECK(validate::id_kind_of_name("organisasjonsform") == IdKind::none);
  CHECK(validate::id_kind_of_name("fodselsdato") == IdKind::none);
}

TEST_CASE("validate::parse_id_path") {
  auto p = validate::parse_id_path("orgnr=/melding/arbeidsgiver/orgnr");
  CHECK(p.kind == IdKind::orgnr);
  CHECK(p.path == "/melding/arbeidsgiver/orgnr");
  CHECK(validate::parse_id_path("none=//fnr").kind == IdKind::none);
  CHECK(validate::parse_id_path("kontonr=//konto").path == "//konto");
  CHECK_THROWS_AS(validate::parse_id_path("orgnr"), std::invalid_argument);
  CHECK_THROWS_AS(validate::parse_id_path("iban=/a"), std::invalid_argument);
  CHECK_THROWS_AS(validate::parse_id_path("fnr=a/b"), std::invalid_argument);
  CHECK_THROWS_AS(validate::parse_id_path("fnr=/a[2]/b"), std::invalid_argument);
  CHECK_THROWS_AS(validate::parse_id_path("fnr=//a/b"), std::invalid_argument);
  CHECK_THROWS_AS(validate::parse_id_path("fnr=/a/"), std::invalid_argument);

  validate::IdFlags flags;
  flags.check_ids = true;
  flags.specs = {"orgnr=a"};
  try {
    validate::make_id_check_options(flags);
    FAIL("a malformed --check-id was taken");
  } catch (const diag::Error& e) {
    CHECK(e.code() == diag::ExitCode::usage);
  }
  flags.specs.clear();
  flags.file = "/nonexistent/paths.txt";
  try {
    validate::make_id_check_options(flags);
    FAIL("an unreadable --id-paths was taken");
  } catch (const diag::Error& e) {
    CHECK(e.code() == diag::ExitCode::load_failed);
  }
  flags.check_ids = false;
  CHECK(validate::make_id_check_options(flags) == nullptr);
}

TEST_CASE("validate::IdRules from the schema") {
  diag::DiagnosticSink sink;
  auto info = schema::read_schema_info(k_ids_schema, sink);
  REQUIRE(info);
  validate::IdRules rules(&*info, on());
  CHECK(rules.lookup("organisasjonsnummer", "").kind == IdKind::orgnr); // by type (and name)
  CHECK(rules.lookup("arbeidstakerFnr", "").kind == IdKind::fnr);
  CHECK(rules.lookup("dNummer", "").kind == IdKind::fnr); // by name
  CHECK(rules.lookup("UtbetalingKontonummer-datadef-19784", "").kind == IdKind::kontonr);
  CHECK(rules.lookup("foretakOrgNr", "").kind == IdKind::orgnr);
  CHECK(rules.lookup("foretakOrgNr", "").ws == validate::Whitespace::collapse);        // xs:integer
  CHECK(rules.lookup("organisasjonsnummer", "").ws == validate::Whitespace::preserve); // xs:string
  CHECK(rules.lookup("refnr", "").kind == IdKind::none);
  CHECK(rules.lookup("harOrganisasjonsnummer", "").kind == IdKind::none); // a boolean holds no number
  CHECK(rules.lookup("melding", "").kind == IdKind::none);
}

TEST_CASE("validate::IdChecker in both engines") {
  xml::XercesPlatform platform;
  auto s = test::compile(k_ids_schema);
  const std::string org = orgnr("92345678");
  const std::string fnr = personnummer("150339");
  const std::string dnr = personnummer("550339"); // D-nummer: 4 added to the first digit
  const std::string konto = kontonr("1234567890");
  REQUIRE(ident::check_personnummer(dnr, false).person == ident::PersonKind::d_nummer);

  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto ok = run(engine, form(org, fnr, dnr, konto, "  " + orgnr("81234567") + "\n "), s.get(), on());
      CHECK(ok.verdict == Verdict::valid);
      CHECK(ok.diagnostics.empty());

      auto bad = run(engine, form(broken(org), broken(fnr), broken(dnr), broken(konto)), s.get(), on());
      CHECK(bad.verdict == Verdict::invalid);
      REQUIRE(bad.diagnostics.size() == 4);
      CHECK(bad.diagnostics[0].code == "invalid-orgnr");
      CHECK(bad.diagnostics[0].line == 2);
      CHECK(bad.diagnostics[0].column == 22); // after the start tag's '>': the element's place in both engines
      CHECK(bad.diagnostics[0].path == "/melding/organisasjonsnummer");
      CHECK(bad.diagnostics[0].message ==
            "value '" + broken(org) + "' is not a valid organisasjonsnummer: it fails its MOD11 check digit");
      CHECK(bad.diagnostics[1].code == "invalid-fnr");
      CHECK(bad.diagnostics[1].line == 3);
      CHECK(bad.diagnostics[1].message.find(broken(fnr)) != std::string::npos);
      CHECK(bad.diagnostics[2].code == "invalid-fnr");
      CHECK(bad.diagnostics[2].path == "/melding/dNummer");
      CHECK(bad.diagnostics[3].code == "invalid-kontonr");
      CHECK(bad.diagnostics[3].path == "/melding/UtbetalingKontonummer-datadef-19784");
      for (const auto& d : bad.diagnostics) {
        CHECK(d.engine == (engine == schema::Engine::both ? "both" : schema::to_string(engine)));
      }

      // A real date is required; an xs:integer's whitespace is collapsed, an xs:string's kept.
      auto dates = run(engine, form(" " + org, personnummer("300239"), dnr, konto, " 91000000 "), s.get(), on());
      std::vector<std::string> ids;
      for (const auto& d : dates.diagnostics) {
        if (d.code.rfind("invalid-", 0) == 0) {
          ids.push_back(d.code + ": " + d.message);
        }
      }
      CHECK(ids == std::vector<std::string>{
                       "invalid-orgnr: value ' " + org +
                           "' is not a valid organisasjonsnummer: it has the wrong number of characters",
                       "invalid-fnr: value '" + personnummer("300239") +
                           "' is not a valid fødselsnummer or D-nummer: it holds a birth date that does not exist",
                       "invalid-orgnr: value '91000000' is not a valid organisasjonsnummer: it has the wrong number "
                       "of characters"});

      // Without --check-ids nothing is checked.
      validate::IdCheckOptions off;
      auto unchecked = run(engine, form(broken(org), broken(fnr), broken(dnr), broken(konto)), s.get(), off);
      CHECK(unchecked.verdict == Verdict::valid);
    }
  }
}

TEST_CASE("validate::IdChecker: synthetic numbers and paths") {
  xml::XercesPlatform platform;
  auto s = test::compile(k_ids_schema);
  const std::string org = orgnr("92345678");
  const std::string synthetic = personnummer("158339"); // month 03 + 80
  REQUIRE(ident::check_personnummer(synthetic, true).synthetic);
  const std::string dnr = personnummer("550339");
  const std::string konto = kontonr("1234567890");
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto refused = run(engine, form(org, synthetic, dnr, konto), s.get(), on(false));
      REQUIRE(refused.diagnostics.size() == 1);
      CHECK(refused.diagnostics[0].code == "invalid-fnr");
      CHECK(refused.diagnostics[0].message.find("--allow-synthetic-ids") != std::string::npos);
      CHECK(run(engine, form(org, synthetic, dnr, konto), s.get(), on(true)).verdict == Verdict::valid);

      // A listed path: refnr read as an organisasjonsnummer, dNummer (anywhere) not checked.
      auto paths = on();
      paths.paths = {validate::parse_id_path("orgnr=/melding/refnr"), validate::parse_id_path("none=//dNummer")};
      auto listed = run(engine, form(org, synthetic, "not a number", konto), s.get(), paths);
      std::vector<std::string> codes;
      for (const auto& d : listed.diagnostics) {
        codes.push_back(d.code + " " + d.path);
      }
      CHECK(codes == std::vector<std::string>{"invalid-fnr /melding/arbeidstakerFnr", "invalid-orgnr /melding/refnr"});
    }
  }
  // Well-formedness only: the element names decide.
  auto none = run(schema::Engine::libxml2, "<a><orgnr>" + broken(org) + "</orgnr><refnr>1</refnr></a>", nullptr, on());
  REQUIRE(none.diagnostics.size() == 1);
  CHECK(none.diagnostics[0].code == "invalid-orgnr");
  CHECK(none.diagnostics[0].path == "/a/orgnr");
}

TEST_CASE("check::fingerprint_of: the identifier options") {
  // A journal of a run with other identifier settings must not be resumed: they change verdicts.
  check::CheckOptions plain;
  plain.schema = k_ids_schema;
  auto base = check::fingerprint_of(plain);
  check::CheckOptions ids = plain;
  ids.ids.check_ids = true;
  auto with_ids = check::fingerprint_of(ids);
  CHECK(with_ids.digest() != base.digest());
  CHECK(with_ids.differences(base).find("the options that change verdicts") != std::string::npos);
  check::CheckOptions synthetic = ids;
  synthetic.ids.allow_synthetic = true;
  CHECK(check::fingerprint_of(synthetic).digest() != with_ids.digest());
  check::CheckOptions listed = ids;
  listed.ids.specs = {"orgnr=//refnr"};
  CHECK(check::fingerprint_of(listed).digest() != with_ids.digest());
  check::CheckOptions deep = plain;
  deep.deep = true;
  CHECK(check::fingerprint_of(deep).digest() != base.digest());
  CHECK(check::fingerprint_of(ids).digest() == with_ids.digest()); // the same options: the same run
}
