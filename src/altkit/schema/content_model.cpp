#include "altkit/schema/content_model.hpp"

#include <algorithm>

namespace altkit::schema {

namespace {

struct Position {
  int symbol = -1;
  int wildcard = -1;
  int element = -1;
  bool counted = false;
  long min = 1;
  long max = 1;
};

/// What a subexpression contributes to the Glushkov construction.
struct Part {
  bool nullable = true;
  std::vector<int> first;
  std::vector<int> last;
};

class Builder {
public:
  Builder(const LeafResolver& leaves, std::string& why) : m_leaves(leaves), m_why(why) {}

  std::vector<Position> positions;
  std::vector<std::vector<int>> follow;

  bool ok() const { return m_why.empty(); }

  Part group(const Group& g, int depth) {
    if (depth > 64) {
      fail("content model nested deeper than 64 groups");
      return {};
    }
    if (g.kind == Group::Kind::all) {
      fail("xs:all inside another group");
      return {};
    }
    if (g.kind == Group::Kind::choice) {
      Part out;
      out.nullable = false;
      if (g.particles.empty()) {
        fail("an empty xs:choice");
      }
      for (const auto& p : g.particles) {
        Part k = particle(p, depth);
        out.nullable = out.nullable || k.nullable;
        append(out.first, k.first);
        append(out.last, k.last);
      }
      return out;
    }
    Part out; // sequence: folded left
    for (const auto& p : g.particles) {
      Part k = particle(p, depth);
      if (!ok()) {
        return {};
      }
      out = seq(std::move(out), k);
    }
    return out;
  }

private:
  Part particle(const Particle& p, int depth) {
    if (!ok() || p.max == 0) {
      return {};
    }
    if (p.max != -1 && p.max < p.min) {
      fail("maxOccurs less than minOccurs");
      return {};
    }
    if (p.element != nullptr || p.wildcard != nullptr) {
      Position pos;
      if (p.element != nullptr) {
        m_leaves.element(*p.element, pos.symbol, pos.element);
      } else {
        pos.wildcard = m_leaves.wildcard(*p.wildcard);
      }
      bool plain = (p.min == 0 || p.min == 1) && (p.max == 1 || p.max == -1);
      if (!plain) {
        pos.counted = true;
        pos.min = p.min;
        pos.max = p.max;
      }
      int id = add(pos);
      if (id < 0) {
        return {};
      }
      Part leaf{false, {id}, {id}};
      if (pos.counted) {
        m_counted.push_back(id); // its loop is added after the whole model (finish)
        leaf.nullable = p.min == 0;
        return leaf;
      }
      return repeat(leaf, p.min, p.max);
    }
    if (p.group == nullptr) {
      fail("a particle that is neither element, group nor wildcard");
      return {};
    }
    if (p.min <= 1 && (p.max == 1 || p.max == -1)) {
      return repeat(group(*p.group, depth + 1), p.min, p.max);
    }
    // Other bounds: g{2,4} = g g (g (g)?)?, g{2,unbounded} = g g+ : each optional copy follows
    // only the copy before it, so identical copies stay deterministic.
    long copies = p.max == -1 ? std::max(p.min, 1L) : p.max;
    if (static_cast<std::size_t>(copies) > ContentAutomaton::k_max_positions) {
      fail("a group with maxOccurs " + std::to_string(p.max));
      return {};
    }
    std::vector<Part> parts;
    for (long i = 0; i < copies && ok(); ++i) {
      parts.push_back(group(*p.group, depth + 1));
    }
    if (!ok()) {
      return {};
    }
    if (p.max == -1) {
      parts.back() = repeat(parts.back(), 1, -1);
    }
    Part tail; // nullable, empty
    for (long i = copies - 1; i >= 0; --i) {
      Part combined = seq(std::move(parts[static_cast<std::size_t>(i)]), tail);
      if (i >= p.min) {
        combined.nullable = true;
      }
      tail = std::move(combined);
    }
    return tail;
  }

  Part seq(Part a, const Part& b) {
    for (int l : a.last) {
      append(follow[static_cast<std::size_t>(l)], b.first);
    }
    Part out;
    out.first = a.first;
    if (a.nullable) {
      append(out.first, b.first);
    }
    out.last = b.last;
    if (b.nullable) {
      append(out.last, a.last);
    }
    out.nullable = a.nullable && b.nullable;
    return out;
  }

  Part repeat(Part k, long min, long max) {
    if (max == -1) {
      for (int l : k.last) {
        append(follow[static_cast<std::size_t>(l)], k.first);
      }
    }
    if (min == 0) {
      k.nullable = true;
    }
    return k;
  }

  int add(const Position& p) {
    if (positions.size() >= ContentAutomaton::k_max_positions) {
      fail("a content model of more than " + std::to_string(ContentAutomaton::k_max_positions) +
           " particles after expanding occurrence bounds");
      return -1;
    }
    positions.push_back(p);
    follow.emplace_back();
    return static_cast<int>(positions.size()) - 1;
  }

  static void append(std::vector<int>& to, const std::vector<int>& more) {
    for (int m : more) {
      if (std::find(to.begin(), to.end(), m) == to.end()) {
        to.push_back(m);
      }
    }
  }

  void fail(std::string why) {
    if (m_why.empty()) {
      m_why = std::move(why);
    }
  }

public:
  /// Adds the counted positions' loops: only where no enclosing group already leads from the
  /// position back to itself (then "consecutive matches" would not be one particle's).
  void finish() {
    for (int c : m_counted) {
      auto& f = follow[static_cast<std::size_t>(c)];
      if (std::find(f.begin(), f.end(), c) != f.end()) {
        fail("an element with occurrence bounds inside a repeated group");
        return;
      }
      f.push_back(c);
    }
  }

private:
  const LeafResolver& m_leaves;
  std::string& m_why;
  std::vector<int> m_counted;
};

/// Unique Particle Attribution on one set of next positions: no name twice, no wildcard that
/// may match what another position matches.
bool deterministic(const std::vector<Position>& positions, const std::vector<int>& next, const LeafResolver& leaves) {
  for (std::size_t i = 0; i < next.size(); ++i) {
    const Position& a = positions[static_cast<std::size_t>(next[i])];
    for (std::size_t j = i + 1; j < next.size(); ++j) {
      const Position& b = positions[static_cast<std::size_t>(next[j])];
      if (a.wildcard < 0 && b.wildcard < 0) {
        if (a.symbol == b.symbol) {
          return false;
        }
      } else if (a.wildcard >= 0 && b.wildcard >= 0) {
        if (leaves.overlaps(a.wildcard, -1, b.wildcard)) {
          return false;
        }
      } else {
        const Position& w = a.wildcard >= 0 ? a : b;
        const Position& e = a.wildcard >= 0 ? b : a;
        if (leaves.overlaps(w.wildcard, e.symbol, -1)) {
          return false;
        }
      }
    }
  }
  return true;
}

bool compile_all(const Group& group, const LeafResolver& leaves, ContentAutomaton& out, std::string& why) {
  out.all = true;
  if (group.particles.size() > 64) {
    why = "xs:all with more than 64 elements";
    return false;
  }
  for (const auto& p : group.particles) {
    if (p.element == nullptr || p.max > 1 || p.max == -1 || p.min > 1) {
      why = "xs:all with a particle other than an element with maxOccurs 1";
      return false;
    }
    if (p.max == 0) {
      continue;
    }
    ContentAutomaton::Member m;
    leaves.element(*p.element, m.symbol, m.element);
    m.required = p.min == 1;
    for (const auto& other : out.members) {
      if (other.symbol == m.symbol) {
        why = "xs:all naming an element twice";
        return false;
      }
    }
    if (m.required) {
      out.required_members |= std::uint64_t{1} << out.members.size();
    }
    out.members.push_back(m);
  }
  return true;
}

} // namespace

bool compile_content(const Group& group, const LeafResolver& leaves, ContentAutomaton& out, std::string& why) {
  why.clear();
  out = ContentAutomaton{};
  if (group.kind == Group::Kind::all) {
    return compile_all(group, leaves, out, why);
  }
  Builder b(leaves, why);
  Part root = b.group(group, 0);
  if (b.ok()) {
    b.finish();
  }
  if (!b.ok()) {
    return false;
  }
  // States: 0 the start, 1 + i position i.
  out.states.resize(b.positions.size() + 1);
  auto add_edges = [&](ContentAutomaton::State& s, const std::vector<int>& next) {
    s.first_edge = static_cast<std::uint32_t>(out.edges.size());
    for (int n : next) {
      const Position& p = b.positions[static_cast<std::size_t>(n)];
      out.edges.push_back({p.wildcard >= 0 ? -1 : p.symbol, p.wildcard, n + 1, p.element});
    }
    s.edge_count = static_cast<std::uint32_t>(next.size());
  };
  if (!deterministic(b.positions, root.first, leaves)) {
    why = "a content model that is not deterministic (Unique Particle Attribution)";
    return false;
  }
  add_edges(out.states[0], root.first);
  out.states[0].final = root.nullable;
  for (std::size_t i = 0; i < b.positions.size(); ++i) {
    if (!deterministic(b.positions, b.follow[i], leaves)) {
      why = "a content model that is not deterministic (Unique Particle Attribution)";
      return false;
    }
    auto& s = out.states[i + 1];
    add_edges(s, b.follow[i]);
    s.final = std::find(root.last.begin(), root.last.end(), static_cast<int>(i)) != root.last.end();
    s.counted = b.positions[i].counted;
    s.min = b.positions[i].min;
    s.max = b.positions[i].max;
  }
  return true;
}

} // namespace altkit::schema
