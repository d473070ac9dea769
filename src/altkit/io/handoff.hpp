#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

namespace altkit::io {

/// A stream buffer a worker writes a report into, handed in 64 KiB chunks to the main thread,
/// which writes them to the real target: a slow reader of the report (a pipe) then stalls no
/// worker until 4 MiB wait unwritten. Writers must take turns (the pipeline's emitter does);
/// the order of the chunks is the order of the writes.
/// Thread safety: one writing thread at a time; write_ready/release/drain on the main thread.
class ChunkHandoff final : public std::streambuf {
public:
  /// `on_chunk` is called (on the writing thread) each time a chunk is ready: wake the main thread.
  ChunkHandoff(std::ostream& target, std::function<void()> on_chunk);
  bool has_chunks() const { return m_ready.load() > 0; }
  /// Main thread: writes the chunks handed over so far.
  void write_ready();
  /// Main thread: writers no longer wait for room (the run is ending; nobody writes chunks out).
  void release();
  /// Main thread, once no worker writes: everything left, the unfinished chunk too.
  void drain();
  /// Main thread, once no worker writes: everything left, and from now on every chunk goes
  /// straight to the target (the end of a report, a JUnit report's whole body, is not queued).
  void write_through();

protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int_type overflow(int_type c) override;

private:
  static constexpr std::size_t k_chunk = 64 * 1024;
  static constexpr std::size_t k_max_chunks = 64;

  void hand_over();

  std::ostream& m_target;
  std::function<void()> m_on_chunk;
  std::string m_current;
  std::mutex m_mu;
  std::condition_variable m_space;
  std::deque<std::string> m_chunks;
  std::atomic<std::size_t> m_ready{0};
  bool m_released = false;
  bool m_through = false; ///< write_through() called: the writer is the main thread
};

} // namespace altkit::io
