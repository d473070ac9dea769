#include "altkit/io/spool.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/io/temp_file.hpp"

#include <cerrno>
#include <cstring>
#include <ostream>

namespace altkit::io {

void Spool::write(std::string_view text) {
  if (!m_file && m_memory.size() + text.size() <= k_in_memory) {
    m_memory.append(text);
    return;
  }
  if (!m_file) {
    m_file.reset(std::tmpfile());
    if (!m_file) {
      throw diag::Error(diag::ExitCode::write_failed,
                        std::string("cannot create a temporary file: ") + std::strerror(errno));
    }
    text = std::string_view(m_memory.append(text));
  }
  if (std::fwrite(text.data(), 1, text.size(), m_file.get()) != text.size()) {
    throw diag::Error(diag::ExitCode::write_failed, "cannot write a temporary file");
  }
  if (!m_memory.empty()) {
    m_memory.clear();
    m_memory.shrink_to_fit();
  }
}

template <class Sink> void Spool::copy(Sink&& sink) {
  if (!m_file) {
    sink(m_memory.data(), m_memory.size());
    return;
  }
  std::rewind(m_file.get());
  char buf[65536];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, m_file.get())) {
    sink(buf, n);
  }
}

void Spool::copy_to(std::ostream& out) {
  copy([&](const char* d, std::size_t n) { out.write(d, static_cast<std::streamsize>(n)); });
}

void Spool::copy_to(TempFile& out) {
  copy([&](const char* d, std::size_t n) { out.write(d, n); });
}

} // namespace altkit::io
