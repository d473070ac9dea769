#include "altkit/io/inputs.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/diag/names.hpp"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <ostream>
#include <unistd.h>

namespace altkit::io {

namespace fs = std::filesystem;

namespace {

bool has_extension(std::string_view name, const std::vector<std::string>& extensions) {
  for (const auto& ext : extensions) {
    if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      return true;
    }
  }
  return false;
}

void expand_one(const std::string& op, const NameFilter& filter, std::vector<InputRef>& out, int list_depth) {
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
      if (diag::stop_requested()) {
        return; // SIGINT/SIGTERM: a list of millions of paths takes seconds to read (one stat a line)
      }
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (line.empty() || line[0] == '#') {
        continue;
      }
      expand_one(line, filter, out, list_depth + 1);
    }
    return;
  }
  std::error_code ec;
  if (op != "-" && fs::is_directory(op, ec)) {
    for (const auto& e : walk_directory(op)) {
      if (e.unopenable_folder || filter.wanted(e.path)) {
        out.push_back({e.path, fs::path(e.path).lexically_relative(op).string(), e.not_a_file});
      }
    }
    return;
  }
  out.push_back({op, op == "-" ? op : fs::path(op).filename().string()});
}

} // namespace

bool NameFilter::wanted(const std::string& path) const {
  const char* file_name = path.c_str() + (path.rfind('/') + 1); // npos + 1 == 0
  auto match = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
      const char* subject = g.find('/') == std::string::npos ? file_name : path.c_str();
      return ::fnmatch(g.c_str(), subject, 0) == 0;
    });
  };
  bool included = include.empty() ? has_extension(file_name, extensions) : match(include);
  return included && !match(exclude);
}

namespace {

/// "a FIFO", "a socket", ... for a file type that is neither a regular file nor a folder.
std::string special_kind(fs::file_type t) {
  switch (t) {
  case fs::file_type::fifo:
    return "a FIFO";
  case fs::file_type::socket:
    return "a socket";
  case fs::file_type::block:
    return "a block device";
  case fs::file_type::character:
    return "a character device";
  default:
    return {};
  }
}

} // namespace

std::unique_ptr<ByteSource> open_ref(const Opener& open, const InputRef& in) {
  if (!in.not_a_file.empty()) {
    throw diag::Error(diag::ExitCode::unreadable,
                      diag::escape_name(in.path) + ": skipped: " + in.not_a_file + ", not a regular file");
  }
  return open(in.path);
}

std::vector<WalkedEntry> walk_directory(const std::string& dir) {
  std::vector<WalkedEntry> found;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator() && !diag::stop_requested(); it.increment(ec)) {
    std::error_code sec;
    auto status = it->symlink_status(sec);
    if (fs::is_symlink(status)) {
      if (!fs::exists(it->path(), sec)) {
        found.push_back({it->path().string(), false}); // dangling: reported when opened
      } else if (auto target = fs::status(it->path(), sec); fs::is_regular_file(target)) {
        found.push_back({it->path().string(), false});
      } else if (auto kind = special_kind(target.type()); !kind.empty()) {
        found.push_back({it->path().string(), false, kind});
      }
    } else if (fs::is_regular_file(status)) {
      found.push_back({it->path().string(), false});
    } else if (auto kind = special_kind(status.type()); !kind.empty()) {
      found.push_back({it->path().string(), false, kind}); // skipped silently once (issue 16, item 11)
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
  NameFilter filter;
  filter.extensions = extensions;
  return expand_inputs(operands, filter);
}

std::vector<InputRef> expand_inputs(const std::vector<std::string>& operands, const NameFilter& filter) {
  std::vector<InputRef> out;
  for (const auto& op : operands) {
    expand_one(op, filter, out, 0);
  }
  return out;
}

std::optional<std::vector<InputRef>> expand_inputs_or_report(const std::vector<std::string>& operands,
                                                             std::string_view tool, std::ostream& err,
                                                             diag::ExitCode& code, const NameFilter& filter) {
  try {
    return expand_inputs(operands, filter);
  } catch (const diag::Error& e) {
    err << tool << ": " << e.what() << '\n';
    code = e.code();
    return std::nullopt;
  }
}

std::optional<std::string> input_folder_holding(const std::string& output_dir,
                                                const std::vector<std::string>& operands) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(output_dir, ec), ec);
  if (ec) {
    return std::nullopt;
  }
  for (const auto& op : operands) {
    if (op == "-" || (!op.empty() && op[0] == '@') || !fs::is_directory(op, ec)) {
      continue;
    }
    fs::path in = fs::weakly_canonical(fs::absolute(op, ec), ec);
    if (ec) {
      continue;
    }
    auto rel = out.lexically_relative(in);
    if (!rel.empty() && *rel.begin() != "..") {
      return op;
    }
  }
  return std::nullopt;
}

bool prepare_output_folder(const std::string& output_dir, const std::vector<std::string>& operands,
                           std::string_view tool, std::ostream& err, diag::ExitCode& code) {
  if (auto in = input_folder_holding(output_dir, operands)) {
    // The next run would take its own outputs as inputs (or replace its inputs).
    err << tool << ": -o " << output_dir << " is inside the input folder " << *in
        << ": give an output folder outside the inputs\n";
    code = diag::ExitCode::usage;
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(output_dir, ec);
  if (ec) {
    err << tool << ": " << output_dir << ": cannot create: " << ec.message() << '\n';
    code = diag::ExitCode::write_failed;
    return false;
  }
  return true;
}

} // namespace altkit::io
