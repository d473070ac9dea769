#include "altkit/gen/instance_parts.hpp"

#include <algorithm>
#include <cstdlib>

namespace altkit::gen::detail {

namespace {

/// The recursive-descent sampler behind regex_sample: one pass over the pattern, one branch of
/// each alternative and one count of each quantifier drawn as it goes.
class RegexGen {
public:
  RegexGen(const std::string& re, Rng& rng) : m_re(re), m_rng(rng) {}
  std::string run() {
    m_pos = 0;
    std::string out;
    alternatives(out);
    return out;
  }

private:
  void alternatives(std::string& out) {
    // Parse all branches, keep one at random.
    std::vector<std::string> results;
    for (;;) {
      std::string branch;
      sequence(branch);
      results.push_back(branch);
      if (m_pos < m_re.size() && m_re[m_pos] == '|') {
        ++m_pos;
        continue;
      }
      break;
    }
    out += results[static_cast<std::size_t>(m_rng.between(0, static_cast<std::int64_t>(results.size()) - 1))];
  }

  void sequence(std::string& out) {
    while (m_pos < m_re.size() && m_re[m_pos] != '|' && m_re[m_pos] != ')') {
      std::size_t atom_start = m_pos;
      std::string sample = atom();
      long lo = 1;
      long hi = 1;
      quantifier(lo, hi);
      long n = m_rng.between(lo, hi);
      for (long i = 0; i < n; ++i) {
        if (i == 0) {
          out += sample;
        } else {
          std::size_t save = m_pos;
          m_pos = atom_start;
          out += atom();
          m_pos = save;
        }
      }
    }
  }

  void quantifier(long& lo, long& hi) {
    if (m_pos >= m_re.size()) {
      return;
    }
    char c = m_re[m_pos];
    if (c == '?') {
      lo = 0, hi = 1, ++m_pos;
    } else if (c == '*') {
      lo = 0, hi = 3, ++m_pos;
    } else if (c == '+') {
      lo = 1, hi = 3, ++m_pos;
    } else if (c == '{') {
      std::size_t close = m_re.find('}', m_pos);
      std::string body = m_re.substr(m_pos + 1, close - m_pos - 1);
      m_pos = close + 1;
      auto comma = body.find(',');
      lo = std::atol(body.substr(0, comma).c_str());
      if (comma == std::string::npos) {
        hi = lo;
      } else if (comma + 1 == body.size()) {
        hi = lo + 3;
      } else {
        hi = std::atol(body.substr(comma + 1).c_str());
      }
      hi = std::min(hi, lo + 8);
    }
  }

  std::string pick_from(const std::string& set) {
    return std::string(1, set[static_cast<std::size_t>(m_rng.between(0, static_cast<std::int64_t>(set.size()) - 1))]);
  }

  std::string escape_class(char e) {
    switch (e) {
    case 'd':
      return pick_from("0123456789");
    case 'w':
      return pick_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    case 's':
      return " ";
    case 'i':
    case 'c':
      return pick_from("abcdefghijklmnopqrstuvwxyz");
    case 'n':
      return "\n";
    case 't':
      return "\t";
    default:
      return std::string(1, e);
    }
  }

  std::string atom() {
    char c = m_re[m_pos++];
    if (c == '\\' && m_pos < m_re.size()) {
      return escape_class(m_re[m_pos++]);
    }
    if (c == '(') {
      std::string inner;
      alternatives(inner);
      if (m_pos < m_re.size() && m_re[m_pos] == ')') {
        ++m_pos;
      }
      return inner;
    }
    if (c == '[') {
      return char_class();
    }
    if (c == '.') {
      return pick_from("abcdefghij");
    }
    return std::string(1, c);
  }

  /// A character class, after its '['; a negated or empty one gives "x".
  std::string char_class() {
    bool negated = m_pos < m_re.size() && m_re[m_pos] == '^';
    if (negated) {
      ++m_pos;
    }
    std::string set;
    while (m_pos < m_re.size() && m_re[m_pos] != ']') {
      char a = m_re[m_pos++];
      if (a == '\\' && m_pos < m_re.size()) {
        set += escape_class(m_re[m_pos++]);
        continue;
      }
      if (m_pos + 1 < m_re.size() && m_re[m_pos] == '-' && m_re[m_pos + 1] != ']') {
        char b = m_re[m_pos + 1];
        m_pos += 2;
        for (char x = a; x <= b && x != 0; ++x) {
          set.push_back(x);
        }
        continue;
      }
      set.push_back(a);
    }
    ++m_pos; // ]
    if (negated || set.empty()) {
      return "x";
    }
    return pick_from(set);
  }

  const std::string& m_re;
  Rng& m_rng;
  std::size_t m_pos = 0;
};

} // namespace

std::string regex_sample(const std::string& re, Rng& rng) {
  RegexGen g(re, rng);
  return g.run();
}

bool Patterns::matches(const std::string& pattern, const std::string& value) {
  auto it = m_compiled.find(pattern);
  if (it == m_compiled.end()) {
    xml::xml_ptr<xmlRegexp> compiled(xmlRegexpCompile(reinterpret_cast<const xmlChar*>(pattern.c_str())));
    it = m_compiled.emplace(pattern, std::move(compiled)).first;
  }
  return it->second == nullptr || xmlRegexpExec(it->second.get(), reinterpret_cast<const xmlChar*>(value.c_str())) == 1;
}

} // namespace altkit::gen::detail
