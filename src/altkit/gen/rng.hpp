#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace altkit::gen {

/// A small deterministic generator (SplitMix64): the same seed gives the same numbers on every
/// machine and compiler, which std::uniform_int_distribution does not promise.
class Rng {
public:
  explicit Rng(std::uint64_t seed) : m_state(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi] (inclusive), without modulo bias.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) {
      return lo;
    }
    // In unsigned arithmetic: hi - lo overflows std::int64_t when the range is wider than half.
    std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    if (span == 0) {
      return static_cast<std::int64_t>(next());
    }
    std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    std::uint64_t r = 0;
    do {
      r = next();
    } while (r >= limit);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + r % span);
  }
  /// True with probability percent/100.
  bool chance(int percent) { return between(0, 99) < percent; }
  template <class T> const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

private:
  std::uint64_t m_state;
};

} // namespace altkit::gen
