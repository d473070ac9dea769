#include "altkit/io/source.hpp"

#include <istream>

#include "altkit/diag/error.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::io {

namespace {
[[noreturn]] void throw_unreadable(const std::string& name, int err) {
  throw diag::Error(diag::ExitCode::unreadable, diag::escape_name(name) + ": " + std::strerror(err));
}

/// A read(2)-like call, made again when a signal interrupts it: the count (0 at the end).
/// Throws diag::Error(unreadable) naming `name` on any other failure.
template <class Call> std::size_t retrying(const std::string& name, Call call) {
  for (;;) {
    ssize_t k = call();
    if (k >= 0) {
      return static_cast<std::size_t>(k);
    }
    if (errno != EINTR) {
      throw_unreadable(name, errno);
    }
  }
}
} // namespace

std::string folder_access_problem(const std::string& path) {
  if (::access(path.c_str(), R_OK) != 0) {
    return "cannot list folder: permission denied";
  }
  if (::access(path.c_str(), X_OK) != 0) {
    return "cannot enter folder: permission denied";
  }
  return {};
}

FileSource::FileSource(const std::string& path) : FileSource(path, nullptr) {}

FileSource::FileSource(const std::string& path, bool* directory) : m_name(path) {
  // One open and one fstat, then plain read(2) into the caller's buffer: no stdio buffer to
  // copy through (corpus-check opens tens of thousands of small files a second).
  m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_fd < 0) {
    throw_unreadable(path, errno);
  }
  struct stat st {};
  if (::fstat(m_fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(m_fd);
    m_fd = -1;
    if (directory == nullptr) {
      // A folder among the files is one a walk could not go into: say why (issue 16, item 13).
      std::string why = folder_access_problem(path);
      throw diag::Error(diag::ExitCode::unreadable,
                        diag::escape_name(path) + ": " + (why.empty() ? "is a directory" : why));
    }
    *directory = true;
    return;
  }
  m_regular = S_ISREG(st.st_mode);
  if (m_regular && st.st_size > 0) {
    m_size = static_cast<std::uint64_t>(st.st_size); // 0 for /proc files and the like: read to EOF
  }
}

FileSource::FileSource(int fd, std::string name) : m_name(std::move(name)), m_fd(fd), m_owned(false) {
  struct stat st {};
  m_regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

FileSource::FileSource(int fd, std::string name, std::uint64_t size)
    : m_name(std::move(name)), m_fd(fd), m_owned(true), m_regular(true), m_size(size) {}

FileSource::~FileSource() {
  if (m_fd >= 0 && m_owned) {
    ::close(m_fd);
  }
}

std::size_t FileSource::read_fd(char* buf, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    if (m_size != 0 && m_pos >= m_size) {
      break; // the size fstat gave is read: no read(2) calls just to meet EOF (two per small file)
    }
    std::size_t want = n - got;
    if (m_size != 0) {
      want = static_cast<std::size_t>(std::min<std::uint64_t>(want, m_size - m_pos));
    }
    std::size_t k = retrying(m_name, [&] { return ::read(m_fd, buf + got, want); });
    if (k == 0) {
      break;
    }
    got += k;
    m_pos += k;
    if (!m_regular) {
      break; // a pipe or terminal: hand over what arrived instead of waiting to fill the buffer
    }
  }
  return got;
}

std::size_t FileSource::read(char* buf, std::size_t n) {
  // libxml2 asks for 4,000 bytes at a time. A regular file that does not fit in the request is
  // read in 64 KiB chunks and served from them: 16 times fewer read(2) calls on a large file.
  // What fits (a small file, or the rest of one) goes straight into the caller's buffer.
  constexpr std::size_t k_chunk = 64 * 1024;
  if (m_buf_pos == m_buf_len && (!m_regular || m_size == 0 || n >= k_chunk || m_size - m_pos <= n)) {
    return read_fd(buf, n);
  }
  std::size_t got = 0;
  while (got < n) {
    if (m_buf_pos == m_buf_len) {
      if (!m_buf) {
        // Not zeroed (make_unique would clear 64 KiB per file: 4 % of a run over small files),
        // and no larger than what is left of the file.
        m_buf_size = m_size != 0 ? static_cast<std::size_t>(std::min<std::uint64_t>(k_chunk, m_size - m_pos)) : k_chunk;
        m_buf.reset(new char[m_buf_size]);
      }
      m_buf_len = read_fd(m_buf.get(), m_buf_size);
      m_buf_pos = 0;
      if (m_buf_len == 0) {
        break;
      }
    }
    std::size_t c = std::min(n - got, m_buf_len - m_buf_pos);
    std::memcpy(buf + got, m_buf.get() + m_buf_pos, c);
    m_buf_pos += c;
    got += c;
  }
  return got;
}

std::size_t ByteSource::read_at(char* /*buf*/, std::size_t /*n*/, std::uint64_t /*offset*/) {
  throw diag::Error(diag::ExitCode::unreadable, diag::escape_name(name()) + ": cannot be read a second time");
}

std::size_t FileSource::read_at(char* buf, std::size_t n, std::uint64_t offset) {
  if (!can_read_at()) {
    return ByteSource::read_at(buf, n, offset);
  }
  if (m_size != 0) {
    n = offset >= m_size ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(n, m_size - offset));
  }
  std::size_t got = 0;
  while (got < n) {
    std::size_t k =
        retrying(m_name, [&] { return ::pread(m_fd, buf + got, n - got, static_cast<off_t>(offset + got)); });
    if (k == 0) {
      break;
    }
    got += k;
  }
  return got;
}

std::size_t MemorySource::read_at(char* buf, std::size_t n, std::uint64_t offset) {
  if (offset >= m_data->size()) {
    return 0;
  }
  std::size_t k = std::min<std::size_t>(n, m_data->size() - static_cast<std::size_t>(offset));
  std::memcpy(buf, m_data->data() + offset, k);
  return k;
}

std::size_t MemorySource::read(char* buf, std::size_t n) {
  std::size_t k = std::min(n, m_data->size() - m_pos);
  std::memcpy(buf, m_data->data() + m_pos, k);
  m_pos += k;
  return k;
}

std::size_t PrefixedSource::read(char* buf, std::size_t n) {
  if (m_pos < m_prefix.size()) {
    std::size_t k = std::min(n, m_prefix.size() - m_pos);
    std::memcpy(buf, m_prefix.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  return m_rest->read(buf, n);
}

std::unique_ptr<ByteSource> open_stdin() {
  return std::unique_ptr<ByteSource>(new FileSource(STDIN_FILENO, "<stdin>"));
}

std::unique_ptr<ByteSource> open_input(const std::string& path) {
  if (path == "-") {
    return open_stdin();
  }
  return std::make_unique<FileSource>(path);
}

std::unique_ptr<ByteSource> open_file_unless_directory(const std::string& path) {
  bool directory = false;
  auto file = std::make_unique<FileSource>(path, &directory);
  if (directory) {
    return nullptr;
  }
  return file;
}

std::unique_ptr<ByteSource> open_ahead(const std::string& path, std::uint64_t advise) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return nullptr;
  }
  auto size = static_cast<std::uint64_t>(st.st_size > 0 ? st.st_size : 0);
  if (advise > 0 && size > 0) {
    // Advice only: a failure here changes nothing but the speed.
    (void)::posix_fadvise(fd, 0, static_cast<off_t>(std::min(size, advise)), POSIX_FADV_WILLNEED);
  }
  return std::unique_ptr<ByteSource>(new FileSource(fd, path, size));
}

std::string read_all(ByteSource& src) {
  std::string out;
  char buf[65536];
  while (std::size_t n = src.read(buf, sizeof buf)) {
    out.append(buf, n);
  }
  return out;
}

std::string read_all(ByteSource& src, std::size_t max_bytes) {
  std::string out;
  char buf[65536];
  while (std::size_t n = src.read(buf, sizeof buf)) {
    if (out.size() + n > max_bytes) {
      throw diag::Error(diag::ExitCode::unreadable,
                        src.name() + ": larger than " + std::to_string(max_bytes) + " bytes: not read");
    }
    out.append(buf, n);
  }
  return out;
}

bool read_line(std::istream& in, std::string& line, const std::string& name, std::size_t max) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr || !in.good()) {
    return false;
  }
  for (;;) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (line.empty()) {
        in.setstate(std::ios::failbit);
        return false;
      }
      return true;
    }
    if (c == '\n') {
      return true;
    }
    if (line.size() >= max) {
      throw diag::Error(diag::ExitCode::unreadable,
                        name + ": a line longer than " + std::to_string(max) + " bytes: not a report or journal line");
    }
    line.push_back(static_cast<char>(c));
  }
}

bool is_default_opener(const Opener& open) {
  using Fn = std::unique_ptr<ByteSource> (*)(const std::string&);
  const Fn* f = open.target<Fn>();
  return f != nullptr && *f == &open_input;
}

} // namespace altkit::io
