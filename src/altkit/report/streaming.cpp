// Report writers that keep nothing of a run in memory but what the format's header needs.
#include "altkit/report/streaming.hpp"

#include <stdexcept>

namespace altkit::report {

namespace {

constexpr std::string_view k_results = "\"results\": []";

std::string dump(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

void SarifStream::split(const std::string& text, std::string& head, std::string& tail, std::string& indent) {
  auto at = text.find(k_results);
  if (at == std::string::npos) {
    throw std::logic_error("SARIF log without an empty results array");
  }
  head = text.substr(0, at + k_results.size() - 1); // up to and with the '['
  tail = text.substr(at + k_results.size());
  auto line = text.rfind('\n', at);
  std::size_t spaces = at - (line == std::string::npos ? 0 : line + 1);
  indent.assign(spaces + 2, ' '); // dump(2): an array's elements one level deeper than its key
}

SarifStream::SarifStream(std::ostream& out, const nlohmann::json& skeleton) : m_out(out) {
  std::string tail;
  split(dump(skeleton), m_head, tail, m_indent);
}

void SarifStream::push_back(const nlohmann::json& result) {
  m_out << (m_count == 0 ? m_head : std::string(",")) << '\n' << m_indent;
  // A dump's only newlines are its own (strings have theirs escaped): each line is indented.
  std::string text = dump(result);
  std::size_t from = 0;
  for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    m_out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    m_out << m_indent;
    from = nl + 1;
  }
  m_out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
  ++m_count;
}

void SarifStream::finish(const nlohmann::json& log) {
  std::string text = dump(log);
  if (m_count == 0) {
    m_out << text;
    return;
  }
  std::string head;
  std::string tail;
  std::string indent;
  split(text, head, tail, indent);
  if (head != m_head) {
    throw std::logic_error("SARIF log changed before its results");
  }
  // The closing bracket one level out, as dump(2) puts it.
  m_out << '\n' << std::string_view(m_indent).substr(2) << ']' << tail;
}

} // namespace altkit::report
