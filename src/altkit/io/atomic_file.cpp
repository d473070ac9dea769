#include "altkit/io/atomic_file.hpp"

#include "altkit/io/temp_file.hpp"

#include <sys/stat.h>

namespace altkit::io {

void write_file_atomically(const std::string& path, std::string_view data) {
  struct stat st {};
  mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : default_file_mode();
  TempFile file(path);
  file.write(data.data(), data.size());
  file.commit(mode);
}

} // namespace altkit::io
