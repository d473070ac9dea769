#include "altkit/check/journal.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/io/source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace altkit::check {

namespace {

constexpr int k_format = 1;

void write_all(int fd, const std::string& bytes, const std::string& path) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw diag::Error(diag::ExitCode::write_failed, path + ": cannot write the journal: " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

std::string header_json(const Fingerprint& run) {
  nlohmann::json j{{"type", "journal"}, {"format", k_format}, {"fingerprint", run.to_json()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string_view verified_json(std::string_view line) {
  if (line.size() < 18 || line[16] != ' ') {
    return {};
  }
  std::string_view json = line.substr(17);
  return line.substr(0, 16) == hex64(fnv1a(json)) ? json : std::string_view{};
}

std::string Journal::framed(const std::string& json) {
  return hex64(fnv1a(json)) + " " + json;
}

Journal::Journal(const std::string& path, const Fingerprint& run, bool restart, CheckSummary& summary) : m_path(path) {
  bool fresh = true;
  if (!restart) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    std::uint64_t offset = 0;
    bool header = true;
    bool damaged = false;
    while (io::read_line(in, line, path)) {
      bool whole = !in.eof(); // the last line without its newline was cut short
      if (damaged) {
        ++m_dropped;
        continue;
      }
      std::string_view json = whole ? verified_json(line) : std::string_view{};
      auto j = json.empty() ? nlohmann::json() : nlohmann::json::parse(json, nullptr, false);
      if (header) {
        if (!whole) {
          ++m_dropped; // killed while writing the header: nothing was journalled yet
          break;
        }
        if (!j.is_object() || j.value("type", "") != "journal") {
          throw diag::Error(diag::ExitCode::usage, path + ": not a corpus-check journal (format " +
                                                       std::to_string(k_format) +
                                                       "); --restart empties it and starts over");
        }
        Fingerprint then;
        try {
          then = Fingerprint::from_json(j.at("fingerprint"));
        } catch (const std::exception&) {
          throw diag::Error(diag::ExitCode::usage, path + ": the journal's fingerprint is unreadable; --restart "
                                                          "empties it and starts over");
        }
        if (std::string why = run.differences(then); !why.empty()) {
          throw diag::Error(diag::ExitCode::usage, path + ": the journal belongs to another run: " + why +
                                                       "; --restart empties it and starts over");
        }
        header = false;
        fresh = false;
      } else {
        validate::DocumentResult r;
        if (!j.is_object() || !summary.add_line(j, &r)) {
          damaged = true;
          ++m_dropped;
          continue;
        }
        ++m_done[r.file];
        ++m_documents;
        m_code = diag::worst(m_code, validate::exit_code_for(r.verdict));
      }
      offset += line.size() + 1;
    }
    m_good = offset;
  }
  m_any = !m_done.empty();
  m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  // What follows the last good line goes: an append must not glue itself to a cut-off line.
  if (m_fd < 0 || ::ftruncate(m_fd, static_cast<off_t>(fresh ? 0 : m_good)) != 0 || ::lseek(m_fd, 0, SEEK_END) < 0) {
    throw diag::Error(diag::ExitCode::write_failed, path + ": cannot write the journal: " + std::strerror(errno));
  }
  if (fresh) {
    write_all(m_fd, framed(header_json(run)) + "\n", m_path);
  }
}

Journal::~Journal() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

void Journal::replay(const std::function<void(const std::string&)>& fn) const {
  std::ifstream in(m_path, std::ios::binary);
  std::string line;
  std::uint64_t left = m_documents;
  io::read_line(in, line, m_path); // the header
  while (left > 0 && io::read_line(in, line, m_path)) {
    fn(std::string(verified_json(line)));
    --left;
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
  // One write(2): a kill -9 leaves the line whole or a prefix of it, which the next run drops.
  write_all(m_fd, framed(line) + "\n", m_path);
}

} // namespace altkit::check
