#pragma once

#include <cstdio>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace altkit::io {

class TempFile;

/// Text a worker produces for a job, kept until the job's turn to be emitted: in memory up to
/// 1 MiB, then in an anonymous temporary file (tmpfile(3)), so a job with a huge log needs no
/// memory for it. Throws diag::Error(write_failed) when the temporary cannot be made or written.
/// Not thread-safe: one owner at a time (the worker, then the emitter).
class Spool {
public:
  void write(std::string_view text);
  bool empty() const { return m_memory.empty() && !m_file; }
  /// Everything written, in order.
  void copy_to(std::ostream& out);
  void copy_to(TempFile& out);

private:
  static constexpr std::size_t k_in_memory = 1U << 20;
  template <class Sink> void copy(Sink&& sink);
  std::string m_memory;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file{nullptr, &std::fclose};
};

} // namespace altkit::io
