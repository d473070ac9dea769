#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::io {

/// A forward-only stream of bytes with a display name. read() returns 0 at the end and throws
/// diag::Error(unreadable) on an I/O failure. Not thread-safe; one reader at a time.
class ByteSource {
public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* buf, std::size_t n) = 0;
  virtual const std::string& name() const = 0;
  /// True when read_at() works: the stream can be read again at any offset, cheaply (a regular
  /// file altkit opened, bytes in memory), so a caller that needs a document twice need not keep
  /// a copy. False by default (a pipe, stdin, an archive member being streamed).
  virtual bool can_read_at() const { return false; }
  /// Reads up to `n` bytes from `offset`, counted from the stream's first byte, without moving
  /// read()'s place; the count (0 past the end). Only where can_read_at(); else (and on an I/O
  /// failure) throws diag::Error(unreadable).
  virtual std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset);
};

/// Reads a file through a descriptor it owns (read(2), no stdio buffer). Throws
/// diag::Error(unreadable) if it cannot be opened or is a directory. A regular file is read up
/// to the size it had when opened (what is appended later is not part of this reading).
class FileSource final : public ByteSource {
public:
  explicit FileSource(const std::string& path);
  /// The same, but a directory is not an error: `*directory` is set and nothing is opened.
  FileSource(const std::string& path, bool* directory);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_name; }
  /// A regular file this source opened (not stdin): pread(2), up to the size it had when opened.
  bool can_read_at() const override { return m_owned && m_regular; }
  std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset) override;

private:
  std::string m_name;
  int m_fd = -1;
  bool m_owned = true;
  bool m_regular = true;         ///< false for a pipe, FIFO or terminal: read() returns what has arrived
  std::uint64_t m_size = 0;      ///< a regular file's size at open (0: unknown, read to EOF)
  std::uint64_t m_pos = 0;       ///< bytes taken from the descriptor
  std::unique_ptr<char[]> m_buf; ///< read-ahead for large regular files (see read())
  std::size_t m_buf_size = 0;
  std::size_t m_buf_pos = 0;
  std::size_t m_buf_len = 0;

  std::size_t read_fd(char* buf, std::size_t n);

  friend std::unique_ptr<ByteSource> open_stdin();
  friend std::unique_ptr<ByteSource> open_ahead(const std::string& path, std::uint64_t advise);
  FileSource(int fd, std::string name);
  FileSource(int fd, std::string name, std::uint64_t size); ///< a regular file opened by open_ahead
};

/// Serves bytes held in memory (tests, fuzzers, replayed prefixes, archive members). The bytes
/// may be shared with others (an archive member handed to a worker), never copied.
class MemorySource final : public ByteSource {
public:
  MemorySource(std::string data, std::string name)
      : m_data(std::make_shared<const std::string>(std::move(data))), m_name(std::move(name)) {}
  MemorySource(std::shared_ptr<const std::string> data, std::string name)
      : m_data(std::move(data)), m_name(std::move(name)) {}
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_name; }
  bool can_read_at() const override { return true; }
  std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset) override;

private:
  std::shared_ptr<const std::string> m_data;
  std::string m_name;
  std::size_t m_pos = 0;
};

/// Replays `prefix` and then continues with `rest`: lets a caller peek at the start of a stream
/// (to route a document by its root element) without reading stdin or an archive twice.
/// `prefix` must be the bytes read from `rest` first (read_at() relies on it).
class PrefixedSource final : public ByteSource {
public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : m_prefix(std::move(prefix)), m_rest(std::move(rest)) {}
  std::size_t read(char* buf, std::size_t n) override;
  const std::string& name() const override { return m_rest->name(); }
  /// As `rest` can: the prefix is its first bytes, so the offsets are the same.
  bool can_read_at() const override { return m_rest->can_read_at(); }
  std::size_t read_at(char* buf, std::size_t n, std::uint64_t offset) override {
    return m_rest->read_at(buf, n, offset);
  }

private:
  std::string m_prefix;
  std::size_t m_pos = 0;
  std::unique_ptr<ByteSource> m_rest;
};

/// Standard input as a ByteSource named "<stdin>".
std::unique_ptr<ByteSource> open_stdin();

/// Opens a path, or stdin for "-".
std::unique_ptr<ByteSource> open_input(const std::string& path);

/// Opens an input by path, as open_input does; the tools' run functions take one so tests and
/// fuzzers can run them in memory. Called from worker threads: must be thread-safe.
using Opener = std::function<std::unique_ptr<ByteSource>(const std::string&)>;

/// True when `open` is io::open_input itself (real files: read-ahead may be used).
bool is_default_opener(const Opener& open);

/// Opens a file, or returns nullptr when `path` is a directory (for a caller that walks those):
/// one open and one fstat, no stat of the path first. Throws as FileSource does otherwise.
std::unique_ptr<ByteSource> open_file_unless_directory(const std::string& path);

/// Opens a regular file before its turn comes and asks the kernel to start reading its first
/// `advise` bytes in the background (posix_fadvise WILLNEED), so that the later read finds them
/// in memory instead of waiting for the disk. nullptr for anything that is not a regular file
/// or cannot be opened (a folder, a FIFO, a missing file): its reader opens it as usual and
/// meets what open_input would. Opened non-blocking, so a FIFO cannot hold up the caller; the
/// flag means nothing for a regular file's reads (open(2)).
std::unique_ptr<ByteSource> open_ahead(const std::string& path, std::uint64_t advise);

/// Reads a whole source into memory.
std::string read_all(ByteSource& src);

/// read_all, bounded: throws diag::Error(unreadable) "larger than N bytes" once the source gives
/// more than `max_bytes` (a map or report named as /dev/zero must not take the machine's memory).
std::string read_all(ByteSource& src, std::size_t max_bytes);

/// The longest line a report or journal may have (a document with thousands of findings is a
/// few MB): a longer one is not a report line.
inline constexpr std::size_t k_max_line_bytes = 64U << 20;

/// std::getline, bounded: false at the end of `in`; throws diag::Error(unreadable) "`name`: a
/// line longer than N bytes" past `max` bytes (a report named as /dev/zero must not take the
/// machine's memory).
bool read_line(std::istream& in, std::string& line, const std::string& name, std::size_t max = k_max_line_bytes);

} // namespace altkit::io
