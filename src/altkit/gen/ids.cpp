#include "altkit/gen/ids.hpp"

#include "altkit/ident/ident.hpp"

#include <array>
#include <cstdio>

namespace altkit::gen {

namespace {

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s.push_back(static_cast<char>('0' + rng.between(0, 9)));
  }
  return s;
}

constexpr std::array<int, 8> k_org{3, 2, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 9> k_k1{3, 7, 6, 1, 8, 9, 4, 5, 2};
constexpr std::array<int, 10> k_k2{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

template <std::size_t N> int mod11(const std::string& s, const std::array<int, N>& weights) {
  return ident::mod11_check_digit(s, weights.data(), N);
}

} // namespace

std::string organisasjonsnummer(Rng& rng) {
  for (;;) {
    std::string s = std::to_string(rng.between(8, 9)) + digits(rng, 7); // 8xxxxxxx / 9xxxxxxx
    int c = mod11(s, k_org);
    if (c >= 0) {
      return s + static_cast<char>('0' + c);
    }
  }
}

std::string synthetic_fodselsnummer(Rng& rng) {
  for (;;) {
    int day = static_cast<int>(rng.between(1, 28));
    int month = static_cast<int>(rng.between(1, 12)) + 80; // synthetic series
    int year = static_cast<int>(rng.between(0, 99));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d%02d%02d", day, month, year);
    std::string s = std::string(buf) + digits(rng, 3);
    int k1 = mod11(s, k_k1);
    if (k1 < 0) {
      continue;
    }
    s.push_back(static_cast<char>('0' + k1));
    int k2 = mod11(s, k_k2);
    if (k2 < 0) {
      continue;
    }
    s.push_back(static_cast<char>('0' + k2));
    // The individual number must fit the century table with the year (else the date "does not
    // exist": ident::check_personnummer); a draw that does not is drawn again.
    if (ident::check_personnummer(s, true).ok()) {
      return s;
    }
  }
}

} // namespace altkit::gen
