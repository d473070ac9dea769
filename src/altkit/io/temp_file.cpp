#include "altkit/io/temp_file.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::io {

namespace {

[[noreturn]] void fail(const std::string& target, int err) {
  throw diag::Error(diag::ExitCode::write_failed, target + ": cannot write: " + std::strerror(err));
}

std::string parent_dir(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

TempFile::TempFile(const std::string& target) : m_target(target) {
  // An unnamed file (O_TMPFILE) first: if the process dies, even by kill -9, nothing is left
  // behind. It gets a name only in commit(). Reading it back goes through /proc/self/fd.
  int fd = ::open(parent_dir(target).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0 && ::access("/proc/self/fd", X_OK) == 0) {
    m_anonymous = true;
    m_path = "/proc/self/fd/" + std::to_string(fd);
  } else {
    if (fd >= 0) {
      ::close(fd);
    }
    // File systems without O_TMPFILE: a named temporary beside the target.
    m_path = target + ".tmp.XXXXXX";
    fd = ::mkstemp(m_path.data());
    if (fd < 0) {
      fail(target, errno);
    }
    diag::remove_on_abandon(m_path); // if SIGTERM's watchdog must end the process (diag/interrupt.hpp)
  }
  m_file = ::fdopen(fd, "wb");
  if (m_file == nullptr) {
    int err = errno;
    ::close(fd);
    if (!m_anonymous) {
      ::unlink(m_path.c_str());
    }
    fail(target, err);
  }
}

TempFile::~TempFile() {
  if (m_file != nullptr) {
    std::fclose(m_file);
  }
  if (!m_committed && !m_anonymous) {
    ::unlink(m_path.c_str());
  }
  if (!m_anonymous) {
    diag::forget_on_abandon(m_path);
  }
}

void TempFile::write(const char* data, std::size_t n) {
  if (n > 0 && m_failed == 0 && std::fwrite(data, 1, n, m_file) != n) {
    m_failed = errno != 0 ? errno : EIO;
  }
}

void TempFile::drain() {
  if (m_file != nullptr && std::fflush(m_file) != 0 && m_failed == 0) {
    m_failed = errno;
  }
}

void TempFile::flush() {
  drain();
  if (m_failed != 0) {
    fail(m_target, m_failed);
  }
}

void TempFile::link_into_place() {
  // Straight to the target when it does not exist yet; else under a temporary name, renamed over it.
  if (::linkat(AT_FDCWD, m_path.c_str(), AT_FDCWD, m_target.c_str(), AT_SYMLINK_FOLLOW) == 0) {
    return;
  }
  for (unsigned attempt = 0; errno == EEXIST && attempt <= 100; ++attempt) {
    std::string name = m_target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(attempt);
    if (::linkat(AT_FDCWD, m_path.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      if (::rename(name.c_str(), m_target.c_str()) != 0) {
        m_failed = errno;
        ::unlink(name.c_str());
      }
      return;
    }
  }
  m_failed = errno;
}

void TempFile::commit(mode_t mode) {
  drain();
  if (m_failed == 0 && ::fsync(::fileno(m_file)) != 0) {
    m_failed = errno;
  }
  if (m_failed == 0 && ::fchmod(::fileno(m_file), mode) != 0) {
    m_failed = errno;
  }
  if (m_failed == 0) {
    if (m_anonymous) {
      link_into_place(); // while the descriptor is open: /proc/self/fd/N names it
    } else if (::rename(m_path.c_str(), m_target.c_str()) != 0) {
      m_failed = errno;
    }
  }
  if (std::fclose(m_file) != 0 && m_failed == 0) {
    m_failed = errno;
  }
  m_file = nullptr;
  if (m_failed != 0) {
    fail(m_target, m_failed);
  }
  m_committed = true;
}

mode_t default_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

} // namespace altkit::io
