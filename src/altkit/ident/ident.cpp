#include "altkit/ident/ident.hpp"

#include <array>

namespace altkit::ident {

namespace {

constexpr std::array<int, 8> k_org{3, 2, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 9> k_person1{3, 7, 6, 1, 8, 9, 4, 5, 2};
constexpr std::array<int, 10> k_person2{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 10> k_account{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

Result shape(std::string_view text, std::size_t length) {
  if (text.size() != length) {
    return {Verdict::wrong_length};
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return {Verdict::not_digits};
    }
  }
  return {};
}

int digit(std::string_view s, std::size_t i) {
  return s[i] - '0';
}

/// The digit after the first `count` matches their MOD11 check digit.
bool check_digit_matches(std::string_view text, const int* weights, std::size_t count) {
  int expected = mod11_check_digit(text, weights, count);
  return expected >= 0 && expected == digit(text, count);
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

/// The four-digit year from the two-digit year and the individual number (Skatteetaten), or -1
/// when that combination is never issued.
int full_year(int yy, int individual) {
  if (individual <= 499) {
    return 1900 + yy;
  }
  if (individual <= 749 && yy >= 54) {
    return 1800 + yy;
  }
  if (individual >= 900 && yy >= 40) {
    return 1900 + yy;
  }
  if (yy <= 39) {
    return 2000 + yy;
  }
  return -1;
}

} // namespace

int mod11_check_digit(std::string_view digits, const int* weights, std::size_t count) {
  int sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    sum += digit(digits, i) * weights[i];
  }
  int r = 11 - sum % 11;
  if (r == 11) {
    return 0;
  }
  return r == 10 ? -1 : r;
}

Result check_organisasjonsnummer(std::string_view text) {
  Result r = shape(text, 9);
  if (r.ok() && !check_digit_matches(text, k_org.data(), k_org.size())) {
    r.verdict = Verdict::bad_check_digit;
  }
  return r;
}

Result check_kontonummer(std::string_view text) {
  Result r = shape(text, 11);
  if (r.ok() && !check_digit_matches(text, k_account.data(), k_account.size())) {
    r.verdict = Verdict::bad_check_digit;
  }
  return r;
}

Result check_personnummer(std::string_view text, bool allow_synthetic) {
  Result r = shape(text, 11);
  if (!r.ok()) {
    return r;
  }
  if (!check_digit_matches(text, k_person1.data(), k_person1.size()) ||
      !check_digit_matches(text, k_person2.data(), k_person2.size())) {
    r.verdict = Verdict::bad_check_digit;
    return r;
  }
  int day = digit(text, 0) * 10 + digit(text, 1);
  int month = digit(text, 2) * 10 + digit(text, 3);
  int yy = digit(text, 4) * 10 + digit(text, 5);
  int individual = digit(text, 6) * 100 + digit(text, 7) * 10 + digit(text, 8);
  r.person = PersonKind::fodselsnummer;
  if (day > 40) {
    day -= 40;
    r.person = PersonKind::d_nummer;
  }
  if (month > 80) {
    month -= 80;
    r.synthetic = true;
  } else if (month > 40) {
    month -= 40;
    r.synthetic = true;
  }
  int year = full_year(yy, individual);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    r.verdict = Verdict::bad_date;
  } else if (r.synthetic && !allow_synthetic) {
    r.verdict = Verdict::synthetic_not_allowed;
  }
  return r;
}

std::string_view describe(Verdict v) {
  switch (v) {
  case Verdict::valid:
    return "valid";
  case Verdict::wrong_length:
    return "has the wrong number of characters";
  case Verdict::not_digits:
    return "holds a character other than the digits 0-9";
  case Verdict::bad_check_digit:
    return "fails its MOD11 check digit";
  case Verdict::bad_date:
    return "holds a birth date that does not exist";
  case Verdict::synthetic_not_allowed:
    return "is a synthetic test number (month + 40 or + 80), allowed only with --allow-synthetic-ids";
  }
  return "invalid";
}

} // namespace altkit::ident
