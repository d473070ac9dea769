#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::validate {

/// Keeps the element path of a streaming parse, e.g. /melding/Skjemainnhold/arbeidsgiver[2]/orgnr.
/// A position index is written when an element is the second or later sibling of its name (a
/// stream cannot know yet whether a first one will get siblings). Names are qualified as written.
class PathTracker {
public:
  void push(std::string_view qname) {
    Frame& parent = m_frames.empty() ? m_root : m_frames.back();
    std::size_t index = ++parent.counts[std::string(qname)];
    m_frames.push_back(Frame{m_path.size(), {}});
    m_path.push_back('/');
    m_path.append(qname);
    if (index > 1) {
      m_path.append("[").append(std::to_string(index)).append("]");
    }
  }
  void pop() {
    if (!m_frames.empty()) {
      m_path.resize(m_frames.back().path_length);
      m_frames.pop_back();
    }
  }
  std::size_t depth() const { return m_frames.size(); }
  const std::string& path() const { return m_path; }
  void clear() {
    m_frames.clear();
    m_root.counts.clear();
    m_path.clear();
  }

private:
  struct Frame {
    std::size_t path_length = 0;
    std::map<std::string, std::size_t, std::less<>> counts;
  };
  Frame m_root;
  std::vector<Frame> m_frames;
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
  return path.substr(0, starts[keep_head]) + "/…" + std::to_string(left_out) + " more…" +
         path.substr(starts[starts.size() - keep_tail]);
}

} // namespace altkit::validate
