#include "altkit/check/progress.hpp"

#include <cstdio>
#include <ostream>

namespace altkit::check {

namespace {
constexpr const char* k_tool = "corpus-check";
}

ProgressLine::ProgressLine(std::ostream& err, bool enabled)
    : m_err(err), m_enabled(enabled), m_started(clock::now()), m_last(m_started) {}

void ProgressLine::show() {
  if (!m_enabled || clock::now() - m_last < std::chrono::milliseconds(250)) {
    return;
  }
  double secs = std::chrono::duration<double>(clock::now() - m_started).count();
  double rate = secs > 0 ? static_cast<double>(m_docs) / secs : 0.0;
  char line[200];
  std::snprintf(line, sizeof line, "\r%s: %llu files, %.1f MB, %.0f files/s", k_tool,
                static_cast<unsigned long long>(m_docs), static_cast<double>(m_bytes) / 1048576.0, rate);
  std::string text = line;
  std::uint64_t done = m_docs + m_skipped;
  std::uint64_t queued = m_found > done ? m_found - done : 0;
  if (!m_finding && rate > 0) {
    char eta[64];
    std::snprintf(eta, sizeof eta, ", ETA %.0f s", static_cast<double>(queued) / rate);
    text += eta; // known once every input has been found
  }
  m_err << text << "   " << std::flush;
  m_last = clock::now();
}

void ProgressLine::clear() {
  if (m_enabled) {
    m_err << "\r\033[K" << std::flush;
  }
}

std::string ProgressLine::rate_line() const {
  double secs = std::chrono::duration<double>(clock::now() - m_started).count();
  char line[200];
  std::snprintf(line, sizeof line, "  this run: %llu documents in %.2f s: %.0f files/s, %.1f MB/s\n",
                static_cast<unsigned long long>(m_docs), secs, secs > 0 ? static_cast<double>(m_docs) / secs : 0.0,
                secs > 0 ? static_cast<double>(m_bytes) / 1048576.0 / secs : 0.0);
  return line;
}

} // namespace altkit::check
