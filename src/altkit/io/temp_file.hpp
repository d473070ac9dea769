#pragma once

#include <cstdio>
#include <ostream>
#include <streambuf>
#include <string>
#include <sys/types.h>

namespace altkit::io {

/// A temporary file beside `target` (same directory, so the rename is atomic). Written in
/// pieces, then commit() fsyncs, sets the mode and puts it in place of the target in one step;
/// destroyed without commit, it is gone: a failed or interrupted run never leaves half a file.
/// Where the file system has O_TMPFILE (ext4, xfs, btrfs, tmpfs) the temporary has no name at
/// all until commit, so not even kill -9 leaves one behind; elsewhere it is target.tmp.XXXXXX.
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
  /// A path that opens the temporary for reading (/proc/self/fd/N when it has no name).
  const std::string& path() const { return m_path; }
  const std::string& target() const { return m_target; }
  /// Flushes buffered bytes (so the temporary can be read back before commit); throws
  /// diag::Error(write_failed) naming the target if any write so far failed (a full disk).
  void flush();

private:
  void drain();           ///< fflush, recording a failure in m_failed
  void link_into_place(); ///< an O_TMPFILE temporary gets the target's name; sets m_failed

  std::string m_target;
  std::string m_path;
  std::FILE* m_file = nullptr;
  int m_failed = 0;
  bool m_committed = false;
  bool m_anonymous = false; ///< O_TMPFILE: unnamed until commit
};

/// The stream buffer behind TempFileStream.
class TempFileBuf final : public std::streambuf {
public:
  explicit TempFileBuf(const std::string& target) : m_file(target) {}
  TempFile& file() { return m_file; }

private:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      char ch = static_cast<char>(c);
      m_file.write(&ch, 1);
    }
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    m_file.write(s, static_cast<std::size_t>(n));
    return n;
  }
  TempFile m_file;
};

/// A std::ostream that writes into a TempFile (for reporters), committed like it.
class TempFileStream final : public std::ostream {
public:
  explicit TempFileStream(const std::string& target) : std::ostream(nullptr), m_buf(target) { rdbuf(&m_buf); }
  void commit(mode_t mode) {
    flush();
    m_buf.file().commit(mode);
  }

private:
  TempFileBuf m_buf;
};

/// What a new file gets: 0666 less the umask.
mode_t default_file_mode();

} // namespace altkit::io
