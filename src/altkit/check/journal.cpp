#include "altkit/check/journal.hpp"

#include "altkit/diag/error.hpp"

#include <fstream>

namespace altkit::check {

Journal::Journal(const std::string& path, CheckSummary& summary) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !summary.add_line(j)) {
      continue; // a line cut short by a kill: that document is checked again
    }
    ++m_done[j.value("file", "")];
    m_lines.push_back(line);
  }
  m_any = !m_done.empty();
  m_file.reset(std::fopen(path.c_str(), "a"));
  if (!m_file) {
    throw diag::Error(diag::ExitCode::write_failed, path + ": cannot write the journal");
  }
}

bool Journal::already_done(const std::string& name) {
  if (!m_any.load(std::memory_order_relaxed)) {
    return false;
  }
  std::lock_guard<std::mutex> lock(m_mu);
  auto it = m_done.find(name);
  if (it == m_done.end()) {
    return false;
  }
  if (--it->second == 0) {
    m_done.erase(it);
    m_any = !m_done.empty();
  }
  return true;
}

void Journal::append(const std::string& line) {
  std::fputs(line.c_str(), m_file.get());
  std::fputc('\n', m_file.get());
  std::fflush(m_file.get()); // handed to the kernel: survives a kill -9 of this process
}

} // namespace altkit::check
