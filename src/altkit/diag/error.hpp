#pragma once

#include "altkit/diag/exit_code.hpp"

#include <stdexcept>
#include <string>

namespace altkit::diag {

/// An environment failure (unreadable schema, unwritable output): carries the exit code the
/// tool should end with. Invalid input is never an Error; it is a Diagnostic.
class Error : public std::runtime_error {
public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

private:
  ExitCode m_code;
};

} // namespace altkit::diag
