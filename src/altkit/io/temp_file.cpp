#include "altkit/io/temp_file.hpp"

#include "altkit/diag/error.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::io {

TempFile::TempFile(const std::string& target) : m_target(target) {
  m_path = target + ".tmp.XXXXXX";
  int fd = ::mkstemp(m_path.data());
  if (fd < 0) {
    throw diag::Error(diag::ExitCode::write_failed, target + ": cannot write: " + std::strerror(errno));
  }
  m_file = ::fdopen(fd, "wb");
}

TempFile::~TempFile() {
  if (m_file != nullptr) {
    std::fclose(m_file);
  }
  if (!m_committed) {
    ::unlink(m_path.c_str());
  }
}

void TempFile::write(const char* data, std::size_t n) {
  if (n > 0 && m_failed == 0 && std::fwrite(data, 1, n, m_file) != n) {
    m_failed = errno != 0 ? errno : EIO;
  }
}

void TempFile::flush() {
  if (m_file != nullptr && std::fflush(m_file) != 0 && m_failed == 0) {
    m_failed = errno;
  }
}

void TempFile::commit(mode_t mode) {
  flush();
  if (m_failed == 0 && ::fsync(::fileno(m_file)) != 0) {
    m_failed = errno;
  }
  if (std::fclose(m_file) != 0 && m_failed == 0) {
    m_failed = errno;
  }
  m_file = nullptr;
  if (m_failed == 0 && ::chmod(m_path.c_str(), mode) != 0) {
    m_failed = errno;
  }
  if (m_failed == 0 && ::rename(m_path.c_str(), m_target.c_str()) != 0) {
    m_failed = errno;
  }
  if (m_failed != 0) {
    throw diag::Error(diag::ExitCode::write_failed, m_target + ": cannot write: " + std::strerror(m_failed));
  }
  m_committed = true;
}

mode_t default_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

} // namespace altkit::io
