#include "altkit/gen/ids.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>

using namespace altkit::gen;

namespace {

bool all_digits(const std::string& s) {
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

/// MOD11 as the Brønnøysund Register Centre and the Tax Administration define it: the weighted sum
/// of the first n digits, 11 minus its remainder (11 -> 0; 10 -> no valid number), is digit n.
bool mod11(const std::string& d, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) {
    sum += (d[i++] - '0') * w;
  }
  int check = 11 - sum % 11;
  if (check == 11) {
    check = 0;
  }
  return check != 10 && d[i] - '0' == check;
}

} // namespace

TEST_CASE("gen::organisasjonsnummer") {
  Rng rng(3);
  std::set<std::string> distinct;
  for (int i = 0; i < 500; ++i) {
    std::string n = organisasjonsnummer(rng);
    INFO(n);
    REQUIRE(n.size() == 9);
    REQUIRE(all_digits(n));
    REQUIRE((n[0] == '8' || n[0] == '9'));
    REQUIRE(mod11(n, {3, 2, 7, 6, 5, 4, 3, 2}));
    distinct.insert(n);
  }
  CHECK(distinct.size() > 490);
  // Known numbers, to hold the test's own MOD11 to account.
  CHECK(mod11("974760673", {3, 2, 7, 6, 5, 4, 3, 2})); // Brønnøysundregistrene
  CHECK_FALSE(mod11("974760672", {3, 2, 7, 6, 5, 4, 3, 2}));
}

TEST_CASE("gen::synthetic_fodselsnummer") {
  Rng rng(4);
  for (int i = 0; i < 500; ++i) {
    std::string n = synthetic_fodselsnummer(rng);
    INFO(n);
    REQUIRE(n.size() == 11);
    REQUIRE(all_digits(n));
    int day = std::stoi(n.substr(0, 2));
    int month = std::stoi(n.substr(2, 2));
    REQUIRE(day >= 1);
    REQUIRE(day <= 28);
    REQUIRE(month >= 81); // the synthetic series: month + 80, never a real person's number
    REQUIRE(month <= 92);
    REQUIRE(mod11(n, {3, 7, 6, 1, 8, 9, 4, 5, 2}));
    REQUIRE(mod11(n, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}));
    // The individual number fits the century table with the year (Skatteetaten): 000-499 any
    // year, 500-749 with 54-99 (1800s), 900-999 with 40-99, 500-999 with 00-39 (2000s).
    int yy = std::stoi(n.substr(4, 2));
    int individual = std::stoi(n.substr(6, 3));
    bool fits = individual <= 499 || (individual <= 749 && yy >= 54) || (individual >= 900 && yy >= 40) || yy <= 39;
    REQUIRE(fits);
  }
}
