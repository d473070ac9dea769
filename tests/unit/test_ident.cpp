#include "altkit/ident/ident.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace altkit::ident;

namespace {

// The test's own MOD11 (written from the rule, not from the code under test): the weighted sum,
// 11 minus its remainder, 11 -> 0, 10 -> none.
int check(const std::string& d, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) {
    sum += (d[i++] - '0') * w;
  }
  int c = 11 - sum % 11;
  return c == 11 ? 0 : (c == 10 ? -1 : c);
}

/// An 11-digit person number for DDMMYY (already shifted for D-nummer/synthetic) with the first
/// individual number from `from` that gives two valid check digits.
std::string person(const char* ddmmyy, int from) {
  for (int individual = from; individual < from + 100; ++individual) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%03d", ddmmyy, individual);
    std::string s = buf;
    int k1 = check(s, {3, 7, 6, 1, 8, 9, 4, 5, 2});
    if (k1 < 0) {
      continue;
    }
    s.push_back(static_cast<char>('0' + k1));
    int k2 = check(s, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
    if (k2 < 0) {
      continue;
    }
    return s + static_cast<char>('0' + k2);
  }
  FAIL("no individual number gives valid check digits");
  return {};
}

std::string with_check(std::string s, std::initializer_list<int> weights) {
  for (;;) {
    int c = check(s, weights);
    if (c >= 0) {
      return s + static_cast<char>('0' + c);
    }
    s.back() = static_cast<char>(s.back() == '9' ? '0' : s.back() + 1);
  }
}

std::string flip_last(std::string s) {
  s.back() = static_cast<char>(s.back() == '9' ? '0' : s.back() + 1);
  return s;
}

} // namespace

TEST_CASE("ident: organisasjonsnummer", "[ident]") {
  CHECK(check_organisasjonsnummer("974760673").ok()); // Brønnøysundregistrene itself
  std::string made = with_check("81234567", {3, 2, 7, 6, 5, 4, 3, 2});
  CHECK(check_organisasjonsnummer(made).ok());
  CHECK(check_organisasjonsnummer(flip_last(made)).verdict == Verdict::bad_check_digit);
  CHECK(check_organisasjonsnummer("97476067").verdict == Verdict::wrong_length);
  CHECK(check_organisasjonsnummer("97476067a").verdict == Verdict::not_digits);
  CHECK(check_organisasjonsnummer("９７４７６０６７３").verdict == Verdict::wrong_length); // full-width
}

TEST_CASE("ident: kontonummer", "[ident]") {
  std::string made = with_check("1234567890", {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
  CHECK(check_kontonummer(made).ok());
  CHECK(check_kontonummer(flip_last(made)).verdict == Verdict::bad_check_digit);
  CHECK(check_kontonummer(made.substr(1)).verdict == Verdict::wrong_length);
}

TEST_CASE("ident: fødselsnummer, D-nummer, synthetic numbers, dates", "[ident]") {
  Result f = check_personnummer(person("150385", 100), false); // 15 March 1985
  CHECK(f.ok());
  CHECK(f.person == PersonKind::fodselsnummer);
  CHECK_FALSE(f.synthetic);

  Result d = check_personnummer(person("550385", 100), false); // D-nummer: 15 + 40
  CHECK(d.ok());
  CHECK(d.person == PersonKind::d_nummer);

  std::string skatt = person("158385", 100); // month 03 + 80
  std::string nav = person("154385", 100);   // month 03 + 40
  CHECK(check_personnummer(skatt, false).verdict == Verdict::synthetic_not_allowed);
  CHECK(check_personnummer(nav, false).verdict == Verdict::synthetic_not_allowed);
  CHECK(check_personnummer(skatt, true).ok());
  CHECK(check_personnummer(skatt, true).synthetic);
  CHECK(check_personnummer(nav, true).ok());

  // 29 February: 2000 is a leap year (individual 500-999, yy <= 39), 1900 is not (000-499).
  CHECK(check_personnummer(person("290200", 500), false).ok());
  CHECK(check_personnummer(person("290200", 100), false).verdict == Verdict::bad_date);
  CHECK(check_personnummer(person("310485", 100), false).verdict == Verdict::bad_date); // 31 April
  CHECK(check_personnummer(person("151385", 100), false).verdict == Verdict::bad_date); // month 13
  CHECK(check_personnummer(person("000185", 100), false).verdict == Verdict::bad_date); // day 0

  CHECK(check_personnummer(flip_last(person("150385", 100)), false).verdict == Verdict::bad_check_digit);
  CHECK(check_personnummer("1503851", false).verdict == Verdict::wrong_length);
  CHECK(check_personnummer("15038510x00", false).verdict == Verdict::not_digits);
}
