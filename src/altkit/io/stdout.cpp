#include "altkit/io/stdout.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace altkit::io {

diag::ExitCode finish_stdout(diag::ExitCode code, std::string_view tool, std::ostream& err) {
  errno = 0;
  std::cout.flush();
  bool failed = std::cout.fail();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    failed = true;
  }
  if (!failed) {
    return code;
  }
  int e = errno;
  err << tool << ": standard output: cannot write" << (e != 0 ? std::string(": ") + std::strerror(e) : std::string())
      << '\n';
  return diag::worst(code, diag::ExitCode::write_failed);
}

} // namespace altkit::io
