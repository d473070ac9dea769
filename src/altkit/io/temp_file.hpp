#pragma once

#include <cstdio>
#include <string>
#include <sys/types.h>

namespace altkit::io {

/// A temporary file beside `target` (same directory, so the rename is atomic). Written in
/// pieces, then commit() fsyncs, sets the mode and renames it over the target; destroyed
/// without commit, it is removed: a failed or interrupted run never leaves half a file.
/// Throws diag::Error(write_failed) naming the target.
class TempFile {
public:
  explicit TempFile(const std::string& target);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const char* data, std::size_t n);
  void write(const std::string& s) { write(s.data(), s.size()); }
  /// Renames the temporary over the target with `mode`.
  void commit(mode_t mode);
  const std::string& path() const { return m_path; }
  const std::string& target() const { return m_target; }
  /// Flushes buffered bytes (so the temporary can be read back before commit).
  void flush();

private:
  std::string m_target;
  std::string m_path;
  std::FILE* m_file = nullptr;
  int m_failed = 0;
  bool m_committed = false;
};

/// What a new file gets: 0666 less the umask.
mode_t default_file_mode();

} // namespace altkit::io
