#include "altkit/convert/altinn3_writer.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/io/temp_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::convert {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& target, const std::string& why) {
  throw diag::Error(diag::ExitCode::write_failed, target + ": cannot write: " + why);
}

void sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// The temporary directory, removed unless released.
struct TempDir {
  std::string path;
  bool keep = false;
  ~TempDir() {
    if (!keep && !path.empty()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

void put(const std::string& path, const std::string& bytes) {
  io::TempFile f(path);
  f.write(bytes);
  f.commit(io::default_file_mode());
}

} // namespace

void write_altinn3_folder(const std::string& target, const Altinn3Folder& folder) {
  TempDir tmp;
  std::string pattern = target + ".tmp.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    fail(target, std::strerror(errno));
  }
  tmp.path = pattern;
  ::chmod(
      tmp.path.c_str(), 0777 & ~[] {
        mode_t m = ::umask(0);
        ::umask(m);
        return m;
      }());
  put(tmp.path + "/request.json", folder.request);
  if (!folder.attachments.empty()) {
    if (::mkdir((tmp.path + "/attachments").c_str(), 0777) != 0) {
      fail(target, std::strerror(errno));
    }
    for (const auto& a : folder.attachments) {
      put(tmp.path + "/" + a.file, a.bytes);
    }
    sync_directory(tmp.path + "/attachments");
  }
  put(tmp.path + "/manifest.json", folder.manifest);
  sync_directory(tmp.path);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target, ec))) {
    // A folder of an earlier run: exchanged with the new one in one step, then removed.
    if (::renameat2(AT_FDCWD, tmp.path.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      fail(target, std::strerror(errno));
    }
  } else if (::rename(tmp.path.c_str(), target.c_str()) != 0) {
    fail(target, std::strerror(errno));
  } else {
    tmp.keep = true;
  }
  sync_directory(fs::path(target).parent_path().empty() ? "." : fs::path(target).parent_path().string());
}

} // namespace altkit::convert
