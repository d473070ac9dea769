// schema::pattern_backtracks: the schema-lint heuristic for patterns that backtrack badly.
#include "altkit/schema/schema_info.hpp"

#include <catch2/catch.hpp>

using altkit::schema::pattern_backtracks;

TEST_CASE("schema::pattern_backtracks") {
  // The classic shapes.
  CHECK(pattern_backtracks("(a|aa)*b") ==
        "the alternatives of (a|aa) can begin with the same character and the group is repeated without bound");
  CHECK(pattern_backtracks("(a+)+") ==
        "the group (a+) holds a repetition without bound and is itself repeated without bound");
  CHECK_FALSE(pattern_backtracks("([A-Za-z0-9]+ ?)*").empty());
  CHECK_FALSE(pattern_backtracks("(\\d*x)*").empty());
  CHECK_FALSE(pattern_backtracks("((ab)+c)+").empty());
  CHECK_FALSE(pattern_backtracks("(a|[a-c]b){2,}").empty());
  CHECK_FALSE(pattern_backtracks("(.|x)*").empty());
  CHECK_FALSE(pattern_backtracks("(a[a-z]*)*").empty()); // each round may begin inside the last one's [a-z]*
  // What SERES and Altinn schemas are made of: bounded counts, disjoint alternatives.
  CHECK(pattern_backtracks("[0-9]{9}").empty());
  CHECK(pattern_backtracks("\\d{4}-\\d{2}-\\d{2}").empty());
  CHECK(pattern_backtracks("[0-9]{4}(\\.[0-9]{2})*").empty());
  CHECK(pattern_backtracks("(ab|cd)*").empty());
  CHECK(pattern_backtracks("(a|[b-d]x)+").empty());
  CHECK(pattern_backtracks("([0-9]{2}){1,3}").empty());
  CHECK(pattern_backtracks("[a-z]+(\\.[a-z]+)*@[a-z]+").empty());
  CHECK(pattern_backtracks("(\\+|00)?[0-9]{8,12}").empty());
  // Escaped metacharacters and classes are not groups.
  CHECK(pattern_backtracks("\\(a+\\)+").empty());
  CHECK(pattern_backtracks("[(a+)]+").empty());
}
