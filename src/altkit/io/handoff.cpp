#include "altkit/io/handoff.hpp"

namespace altkit::io {

ChunkHandoff::ChunkHandoff(std::ostream& target, std::function<void()> on_chunk)
    : m_target(target), m_on_chunk(std::move(on_chunk)) {}

void ChunkHandoff::write_ready() {
  std::deque<std::string> chunks;
  {
    std::lock_guard<std::mutex> lock(m_mu);
    chunks.swap(m_chunks);
    m_ready = 0;
  }
  m_space.notify_all();
  for (const auto& c : chunks) {
    m_target.write(c.data(), static_cast<std::streamsize>(c.size()));
  }
}

void ChunkHandoff::release() {
  {
    std::lock_guard<std::mutex> lock(m_mu);
    m_released = true;
  }
  m_space.notify_all();
}

void ChunkHandoff::drain() {
  write_ready();
  m_target.write(m_current.data(), static_cast<std::streamsize>(m_current.size()));
  m_current.clear();
}

std::streamsize ChunkHandoff::xsputn(const char* s, std::streamsize n) {
  m_current.append(s, static_cast<std::size_t>(n));
  if (m_current.size() >= k_chunk) {
    hand_over();
  }
  return n;
}

ChunkHandoff::int_type ChunkHandoff::overflow(int_type c) {
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
  }
  return traits_type::not_eof(c);
}

void ChunkHandoff::write_through() {
  drain();
  m_through = true;
}

void ChunkHandoff::hand_over() {
  if (m_through) {
    m_target.write(m_current.data(), static_cast<std::streamsize>(m_current.size()));
    m_current.clear();
    return;
  }
  {
    std::unique_lock<std::mutex> lock(m_mu);
    m_space.wait(lock, [&] { return m_chunks.size() < k_max_chunks || m_released; });
    m_chunks.push_back(std::move(m_current));
    m_ready = m_chunks.size();
  }
  m_current = std::string();
  m_current.reserve(k_chunk + 4096);
  m_on_chunk();
}

} // namespace altkit::io
