#pragma once

// Content models compiled to deterministic automata (issue 20, the compiled validation engine).

#include "altkit/schema/xsd_model.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace altkit::schema {

/// One complex type's content model (a Group and its particles) as a deterministic automaton over
/// interned element names and wildcards: the Glushkov automaton of the particle tree, which is
/// deterministic when the model obeys Unique Particle Attribution (XSD 1.0 Part 1 §3.8.6,
/// "cos-nonambig"). A state is the particle position matched last (state 0: none yet).
///
/// Occurrence bounds: {0,1}, {1,1}, {0,unbounded}, {1,unbounded} are the automaton's own; an
/// element or wildcard with other bounds (maxOccurs="99999") is one position with a counter
/// (`State::counted`: consecutive matches of that position, held against min and max); a group
/// with other bounds is expanded into copies (up to k_max_positions positions in all).
/// xs:all (Part 1 §3.8.2, only as the whole content model, elements with maxOccurs 1) is a list
/// of members checked with a bitset instead.
///
/// Thread-safety: immutable after compile_content; read by any number of threads.
struct ContentAutomaton {
  struct Edge {
    int symbol = -1;   ///< interned element name; -1: a wildcard edge
    int wildcard = -1; ///< the caller's wildcard index for a wildcard edge
    int target = 0;    ///< the state entered
    int element = -1;  ///< the caller's element declaration index (-1 for a wildcard edge)
  };
  struct State {
    std::uint32_t first_edge = 0;
    std::uint32_t edge_count = 0;
    bool final = false;
    bool counted = false; ///< a position with a counter: min/max below bound its consecutive matches
    long min = 1;
    long max = 1; ///< -1: unbounded
  };
  std::vector<State> states; ///< states[0]: the start
  std::vector<Edge> edges;

  bool all = false; ///< an xs:all group: `members` instead of states
  struct Member {
    int symbol = -1;
    int element = -1;
    bool required = false;
  };
  std::vector<Member> members;
  std::uint64_t required_members = 0; ///< bits of the members with minOccurs 1
  bool all_optional = false;          ///< the xs:all group itself has minOccurs 0 (empty content allowed)

  static constexpr std::size_t k_max_positions = 4096;
};

/// What compile_content asks of its caller about a particle's leaf.
struct LeafResolver {
  /// The interned name and declaration index of an element particle's declaration.
  std::function<void(const Element& e, int& symbol, int& element)> element;
  /// The caller's index for a wildcard particle.
  std::function<int(const Wildcard& w)> wildcard;
  /// True when wildcard `w` (its index) may match the interned name `symbol`, or `symbol` is -1
  /// and `other_wildcard` (an index) may match a name `w` matches too.
  std::function<bool(int w, int symbol, int other_wildcard)> overlaps;
};

/// Compiles `group` (taken with occurrence bounds {1,1}) into `out`. Returns false with `why`
/// set (one line naming the construct) when the model is outside what the automaton covers: a
/// non-deterministic model (UPA), xs:all other than as the whole model, a counted particle that an
/// enclosing group repeats, or more than k_max_positions positions after expansion.
bool compile_content(const Group& group, const LeafResolver& leaves, ContentAutomaton& out, std::string& why);

} // namespace altkit::schema
