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
  /// Enters an element named `qname` (copied).
  void push(std::string_view qname) { push_name(qname, nullptr); }
  /// Enters an element whose name is `interned`: a NUL-terminated string that is the only copy
  /// of that name for the whole document and stays valid until clear() (libxml2's dictionary
  /// entry for an unprefixed name). Siblings are counted by comparing pointers; nothing is
  /// copied or measured until a path is asked for.
  void push_interned(const char* interned) { push_name({}, interned); }
  void pop() {
    if (m_depth > 0) {
      if (m_shown == m_depth) { // the text holds this element's step: cut it off
        m_path.resize(m_frames[m_depth].start);
        --m_shown;
      }
      --m_depth;
    }
  }
  std::size_t depth() const { return m_depth; }
  /// The path as text. Built only when asked (for a finding), not per element: most documents
  /// never need it. Kept between calls: only the steps entered since the last call are added
  /// (a caller that asks at every element pays for one step, not the whole path).
  const std::string& path() const {
    for (std::size_t i = m_shown + 1; i <= m_depth; ++i) {
      Frame& f = m_frames[i];
      f.start = m_path.size();
      m_path.push_back('/');
      m_path.append(f.name.view());
      if (f.index > 1) {
        m_path.append("[").append(std::to_string(f.index)).append("]");
      }
    }
    m_shown = m_depth;
    return m_path;
  }
  void clear() {
    m_depth = 0;
    if (!m_frames.empty()) {
      m_frames[0].used = 0;
    }
    m_path.clear();
    m_shown = 0;
  }

private:
  /// An element name: the caller's interned string, or (when there is none) a copy whose
  /// storage is kept when the Name is set again, so the hot path does not allocate.
  struct Name {
    const char* interned = nullptr;
    std::string owned;
    void set(std::string_view name, const char* key) {
      interned = key;
      if (key == nullptr) {
        owned.assign(name.data(), name.size());
      }
    }
    std::string_view view() const { return interned != nullptr ? std::string_view(interned) : std::string_view(owned); }
    bool same(std::string_view name, const char* key) const {
      if (key != nullptr && interned != nullptr) {
        return key == interned;
      }
      return view() == (key != nullptr ? std::string_view(key) : name);
    }
  };
  struct Frame {
    std::size_t start = 0; ///< where this element's step begins in m_path (when shown)
    Name name;             ///< this element's
    std::size_t index = 0; ///< its position among same-named siblings
    /// The child names seen so far and how often: few distinct names, so a list beats a map.
    /// Only the first `used` entries count; the rest keep their storage for reuse, element to
    /// element and document to document.
    std::vector<std::pair<Name, std::size_t>> counts;
    std::size_t used = 0;
    std::size_t last = 0; ///< the entry the previous child matched: repeated rows match it again
    std::size_t count(std::string_view child, const char* key) {
      if (last < used && counts[last].first.same(child, key)) {
        return ++counts[last].second;
      }
      for (std::size_t i = 0; i < used; ++i) {
        if (counts[i].first.same(child, key)) {
          last = i;
          return ++counts[i].second;
        }
      }
      if (used == counts.size()) {
        counts.emplace_back();
      }
      last = used;
      auto& [n, c] = counts[used++];
      n.set(child, key);
      c = 1;
      return 1;
    }
  };

  void push_name(std::string_view qname, const char* key) {
    if (m_depth + 1 >= m_frames.size()) {
      m_frames.resize(m_depth + 2);
    }
    std::size_t index = m_frames[m_depth].count(qname, key); // the parent's counter for this name
    Frame& f = m_frames[m_depth + 1];
    f.used = 0;
    f.last = 0;
    f.index = index;
    f.name.set(qname, key);
    ++m_depth;
  }

  mutable std::vector<Frame> m_frames{1}; ///< mutable: path() notes where each step begins
  std::size_t m_depth = 0;
  mutable std::string m_path; ///< the steps of the first m_shown frames
  mutable std::size_t m_shown = 0;
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
