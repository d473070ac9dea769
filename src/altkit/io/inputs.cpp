#include "altkit/io/inputs.hpp"

#include "altkit/diag/error.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <unistd.h>

namespace altkit::io {

namespace fs = std::filesystem;

namespace {

bool has_extension(const std::string& name, const std::vector<std::string>& extensions) {
  for (const auto& ext : extensions) {
    if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
}

void expand_one(const std::string& op, const std::vector<std::string>& extensions,
                std::vector<InputRef>& out, int list_depth) {
  if (op.size() > 1 && op[0] == '@') {
    if (list_depth > 0) {
      out.push_back({op, fs::path(op).filename().string()}); // no nested lists: inside a list, '@...' is a path
      return;
    }
    std::string list = op.substr(1);
    std::ifstream in(list);
    if (!in) {
      throw diag::Error(diag::ExitCode::unreadable, list + ": cannot read list file");
    }
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (line.empty() || line[0] == '#') {
        continue;
      }
      expand_one(line, extensions, out, list_depth + 1);
    }
    return;
  }
  std::error_code ec;
  if (op != "-" && fs::is_directory(op, ec)) {
    for (const auto& e : walk_directory(op)) {
      if (e.unopenable_folder || has_extension(fs::path(e.path).filename().string(), extensions)) {
        out.push_back({e.path, fs::path(e.path).lexically_relative(op).string()});
      }
    }
    return;
  }
  out.push_back({op, op == "-" ? op : fs::path(op).filename().string()});
}

} // namespace

std::vector<WalkedEntry> walk_directory(const std::string& dir) {
  std::vector<WalkedEntry> found;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code sec;
    auto status = it->symlink_status(sec);
    if (fs::is_symlink(status)) {
      if (!fs::exists(it->path(), sec)) {
        found.push_back({it->path().string(), false}); // dangling: reported when opened
      } else if (fs::is_regular_file(it->path(), sec)) {
        found.push_back({it->path().string(), false});
      }
    } else if (fs::is_regular_file(status)) {
      found.push_back({it->path().string(), false});
    } else if (fs::is_directory(status) && ::access(it->path().c_str(), R_OK | X_OK) != 0) {
      // skip_permission_denied would pass over it without a word.
      found.push_back({it->path().string(), true});
      it.disable_recursion_pending();
    }
  }
  if (ec && found.empty()) {
    found.push_back({dir, true});
  }
  std::sort(found.begin(), found.end(), [](const WalkedEntry& a, const WalkedEntry& b) { return a.path < b.path; });
  return found;
}

std::vector<InputRef> expand_inputs(const std::vector<std::string>& operands,
                                    const std::vector<std::string>& extensions) {
  std::vector<InputRef> out;
  for (const auto& op : operands) {
    expand_one(op, extensions, out, 0);
  }
  return out;
}

std::optional<std::vector<InputRef>> expand_inputs_or_report(const std::vector<std::string>& operands,
                                                             std::string_view tool, std::ostream& err,
                                                             diag::ExitCode& code) {
  try {
    return expand_inputs(operands);
  } catch (const diag::Error& e) {
    err << tool << ": " << e.what() << '\n';
    code = e.code();
    return std::nullopt;
  }
}

} // namespace altkit::io
