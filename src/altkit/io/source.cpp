#include "altkit/io/source.hpp"

#include "altkit/diag/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace altkit::io {

namespace {
[[noreturn]] void throw_unreadable(const std::string& name, int err) {
  throw diag::Error(diag::ExitCode::unreadable, name + ": " + std::strerror(err));
}
} // namespace

FileSource::FileSource(const std::string& path) : m_name(path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    throw diag::Error(diag::ExitCode::unreadable, path + ": is a directory");
  }
  m_file = std::fopen(path.c_str(), "rb");
  if (m_file == nullptr) {
    throw_unreadable(path, errno);
  }
}

FileSource::FileSource(std::FILE* f, std::string name) : m_name(std::move(name)), m_file(f), m_owned(false) {}

FileSource::~FileSource() {
  if (m_file != nullptr && m_owned) {
    std::fclose(m_file);
  }
}

std::size_t FileSource::read(char* buf, std::size_t n) {
  std::size_t got = std::fread(buf, 1, n, m_file);
  if (got < n && std::ferror(m_file)) {
    throw_unreadable(m_name, errno != 0 ? errno : EIO);
  }
  return got;
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
  return std::unique_ptr<ByteSource>(new FileSource(stdin, "<stdin>"));
}

std::unique_ptr<ByteSource> open_input(const std::string& path) {
  if (path == "-") {
    return open_stdin();
  }
  return std::make_unique<FileSource>(path);
}

std::string read_all(ByteSource& src) {
  std::string out;
  char buf[65536];
  while (std::size_t n = src.read(buf, sizeof buf)) {
    out.append(buf, n);
  }
  return out;
}

} // namespace altkit::io
