#pragma once

// A file name in a JSON report, the same in every tool's report (README "Names in reports").

#include <nlohmann/json.hpp>

#include <string>

namespace altkit::report {

/// Sets j["file"] to `name` when it is UTF-8; otherwise to the name as text shows it
/// (diag::escape_name) and j["file_bytes"] to its bytes in base64, which a reader takes
/// instead: a JSON string can hold only Unicode, and replacing the bytes would make two names
/// one. Pure apart from `j`.
void put_name(nlohmann::json& j, const std::string& name);

} // namespace altkit::report
