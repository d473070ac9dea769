#include "altkit/io/atomic_file.hpp"

#include "altkit/diag/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::io {

namespace {
[[noreturn]] void fail(const std::string& path, int err) {
  throw diag::Error(diag::ExitCode::write_failed, path + ": cannot write: " + std::strerror(err));
}
} // namespace

void write_file_atomically(const std::string& path, std::string_view data) {
  std::string tmpl = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    fail(path, errno);
  }
  auto abandon = [&](int err) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    fail(path, err);
  };
  mode_t mode = 0644;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) {
    abandon(errno);
  }
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      abandon(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    abandon(errno);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    fail(path, err);
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    fail(path, err);
  }
}

} // namespace altkit::io
