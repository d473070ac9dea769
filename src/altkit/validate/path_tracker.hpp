#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace altkit::validate {

/// Keeps the element path of a streaming parse, e.g. /melding/Skjemainnhold/arbeidsgiver[2]/orgnr.
/// A position index is written when an element is the second or later sibling of its name (a
/// stream cannot know yet whether a first one will get siblings). Names are qualified as written.
/// On the hot path of every parse: frames and their sibling counters are reused, not reallocated.
class PathTracker {
public:
  /// `key`, when not null, identifies the name uniquely for the whole document (libxml2's
  /// dictionary pointer for an unprefixed name), and `qname`'s bytes stay valid until clear():
  /// siblings are then counted by comparing keys, and the name is not copied.
  void push(std::string_view qname, const void* key = nullptr) {
    if (m_depth + 1 >= m_frames.size()) {
      m_frames.resize(m_depth + 2);
    }
    std::size_t index = m_frames[m_depth].count(qname, key); // the parent's counter for this name
    Frame& f = m_frames[m_depth + 1];
    f.path_length = m_path.size();
    f.used = 0;
    ++m_depth;
    m_path.push_back('/');
    m_path.append(qname);
    if (index > 1) {
      m_path.append("[").append(std::to_string(index)).append("]");
    }
  }
  void pop() {
    if (m_depth > 0) {
      m_path.resize(m_frames[m_depth].path_length);
      --m_depth;
    }
  }
  std::size_t depth() const { return m_depth; }
  const std::string& path() const { return m_path; }
  void clear() {
    m_depth = 0;
    if (!m_frames.empty()) {
      m_frames[0].used = 0;
    }
    m_path.clear();
  }

private:
  struct Frame {
    std::size_t path_length = 0;
    /// The child names seen so far and how often: few distinct names, so a list beats a map.
    /// Only the first `used` entries count; the strings are kept from element to element and
    /// document to document, so the hot path does not allocate.
    struct Count {
      const void* key = nullptr;
      std::string_view keyed; ///< the caller's bytes when keyed (stable until clear())
      std::string owned;      ///< a copy when not keyed
      std::size_t n = 0;
      std::string_view name() const { return key != nullptr ? keyed : std::string_view(owned); }
    };
    std::vector<Count> counts;
    std::size_t used = 0;
    std::size_t count(std::string_view name, const void* key) {
      for (std::size_t i = 0; i < used; ++i) {
        Count& c = counts[i];
        if (key != nullptr && c.key != nullptr ? c.key == key : c.name() == name) {
          return ++c.n;
        }
      }
      if (used == counts.size()) {
        counts.emplace_back();
      }
      Count& c = counts[used++];
      c.key = key;
      if (key != nullptr) {
        c.keyed = name;
      } else {
        c.owned.assign(name.data(), name.size());
      }
      c.n = 1;
      return 1;
    }
  };
  std::vector<Frame> m_frames{1};
  std::size_t m_depth = 0;
  std::string m_path;
};

/// Shortens a very deep path for display: the first four and the last two steps, with the
/// number of steps left out between them (/a/a/a/a/…252 more…/a/a).
inline std::string elide_path(const std::string& path, std::size_t keep_head = 4, std::size_t keep_tail = 2) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/') {
      starts.push_back(i);
    }
  }
  if (starts.size() <= keep_head + keep_tail + 1) {
    return path;
  }
  std::size_t left_out = starts.size() - keep_head - keep_tail;
  return path.substr(0, starts[keep_head]) + "/\u2026" + std::to_string(left_out) + " more\u2026" +
         path.substr(starts[starts.size() - keep_tail]);
}

} // namespace altkit::validate
