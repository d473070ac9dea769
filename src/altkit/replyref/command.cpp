#include "altkit/replyref/command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/replyref/rewrite.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::replyref {

namespace {

namespace fs = std::filesystem;
constexpr const char* k_tool = "replyref-rewrite";

std::string describe(const Change& c) {
  return c.kind == Change::Kind::form ? "Form " + c.old_ref : "shortName '" + c.old_ref + "'";
}

std::string outcome_text(const Change& c) {
  switch (c.status) {
  case Change::Status::rewritten:
    return (c.kind == Change::Kind::form ? "ServiceCode " : "shortName ") + c.new_ref;
  case Change::Status::has_service_code:
    return "left alone (the Form names a ServiceCode already)";
  case Change::Status::unmapped:
    return "left unchanged (not in the service map)";
  }
  return "";
}

nlohmann::json change_json(const Change& c) {
  nlohmann::json j{{"kind", c.kind == Change::Kind::form ? "form" : "shortName"},
                   {"status", to_string(c.status)},
                   {"line", c.line},
                   {"column", c.column},
                   {"from", c.old_ref}};
  if (!c.new_ref.empty()) {
    j["to"] = c.new_ref;
  }
  return j;
}

/// Writes the --report lines: one per message with its changes, one per file with its counts.
/// Streams to a temporary beside the report file, so a huge input needs no memory for it; "-"
/// streams to `out`.
class ReportWriter {
public:
  ReportWriter(const std::string& path, std::ostream& out) {
    if (path == "-") {
      m_stream = &out;
    } else if (!path.empty()) {
      m_out = std::make_unique<io::TempFile>(path);
    }
  }
  explicit operator bool() const { return m_out != nullptr || m_stream != nullptr; }

  void change(const std::string& file, const Change& c) {
    if (!*this) {
      return;
    }
    if (m_has_message && (m_file != file || m_index != c.message_index)) {
      flush_message();
    }
    if (!m_has_message) {
      m_has_message = true;
      m_file = file;
      m_index = c.message_index;
      m_message = {{"type", "message"},
                   {"file", file},
                   {"message", c.message_index},
                   {"message_reference", c.message_reference},
                   {"changes", nlohmann::json::array()}};
    }
    m_message["changes"].push_back(change_json(c));
  }

  void file(const std::string& file, const std::string& output, const std::string& status, const FileOutcome& o) {
    if (!*this) {
      return;
    }
    flush_message();
    nlohmann::json j{{"type", "file"},        {"file", file},           {"status", status},
                     {"messages", o.messages}, {"rewritten", o.rewritten}, {"unmapped", o.unmapped},
                     {"has_service_code", o.has_service_code}};
    if (!output.empty()) {
      j["output"] = output;
    }
    nlohmann::json diags = nlohmann::json::array();
    for (const auto& d : o.diagnostics) {
      diags.push_back({{"line", d.line}, {"column", d.column}, {"code", d.code}, {"message", d.message}});
    }
    if (!diags.empty()) {
      j["diagnostics"] = diags;
    }
    write(j);
  }

  void commit() {
    flush_message();
    if (m_out) {
      m_out->commit(io::default_file_mode());
    }
  }

private:
  void flush_message() {
    if (m_has_message) {
      write(m_message);
      m_has_message = false;
    }
  }
  void write(const nlohmann::json& j) {
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (m_stream != nullptr) {
      m_stream->write(line.data(), static_cast<std::streamsize>(line.size()));
    } else {
      m_out->write(line.data(), line.size());
    }
  }

  std::unique_ptr<io::TempFile> m_out;
  std::ostream* m_stream = nullptr;
  bool m_has_message = false;
  std::string m_file;
  std::uint64_t m_index = 0;
  nlohmann::json m_message;
};

mode_t mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
}

void copy_file(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    throw diag::Error(diag::ExitCode::write_failed, to + ": cannot write backup: " + ec.message());
  }
}

} // namespace

diag::ExitCode run_replyref(const ReplyrefOptions& options, std::ostream& out, std::ostream& err) {
  diag::DiagnosticSink load;
  auto map = servicemap::ServiceMap::load(options.map, load);
  if (!map) {
    diag::print_gnu(err, k_tool, load.items());
    return diag::ExitCode::load_failed;
  }
  diag::ExitCode expand_code = diag::ExitCode::ok;
  auto expanded =
      io::expand_inputs_or_report(options.inputs, k_tool, err, expand_code, {options.include, options.exclude});
  if (!expanded) {
    return expand_code;
  }
  std::vector<io::InputRef> inputs = std::move(*expanded);
  bool to_stdout = !options.in_place && options.output_dir.empty() && !options.dry_run;
  if (to_stdout && inputs.size() != 1) {
    err << k_tool << ": without -i or -o, exactly one input is written to standard output (got " << inputs.size()
        << ")\n";
    return diag::ExitCode::usage;
  }
  if (options.report == "-" && (to_stdout || options.dry_run)) {
    err << k_tool << ": --report -: standard output already carries "
        << (options.dry_run ? "the --dry-run plan; give the report a file\n"
                            : "the rewritten document; give the report a file, or use -i or -o\n");
    return diag::ExitCode::usage;
  }
  if (!options.output_dir.empty() && !options.dry_run) {
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    if (ec) {
      err << k_tool << ": " << options.output_dir << ": cannot create: " << ec.message() << '\n';
      return diag::ExitCode::write_failed;
    }
  }

  RewriteOptions ropts;
  ropts.keep_legacy = options.keep_legacy;
  ropts.short_names = options.short_names;
  diag::ExitCode code = diag::ExitCode::ok;
  std::unique_ptr<ReportWriter> report;
  try {
    report = std::make_unique<ReportWriter>(options.report, out);
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  std::uint64_t n_rewritten = 0;
  std::uint64_t n_unchanged = 0;
  std::uint64_t n_failed = 0;
  std::uint64_t n_refs = 0;
  std::uint64_t n_unmapped = 0;

  for (const auto& in : inputs) {
    if (diag::stop_requested()) {
      err << k_tool << ": interrupted\n";
      return diag::ExitCode::interrupted; // temporaries (outputs, report) are removed
    }
    std::string display = in.path == "-" ? "<stdin>" : in.path;
    std::string target;
    if (options.in_place && in.path != "-") {
      target = in.path;
    } else if (!options.output_dir.empty()) {
      target = (fs::path(options.output_dir) / (in.path == "-" ? "stdin.xml" : in.relative)).string();
    }
    FileOutcome outcome;
    std::string status;
    try {
      auto src = io::open_input(in.path);
      std::unique_ptr<io::TempFile> tmp;
      // Standard output streams as we go, except under --strict, which must be able to write
      // nothing: then the output is spooled to an anonymous temporary file first.
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> spool(nullptr, &std::fclose);
      if (!options.dry_run && !target.empty()) {
        std::error_code ec;
        fs::create_directories(fs::path(target).parent_path(), ec);
        tmp = std::make_unique<io::TempFile>(target);
      } else if (to_stdout && options.strict) {
        spool.reset(std::tmpfile());
        if (!spool) {
          throw diag::Error(diag::ExitCode::write_failed, std::string("cannot create a temporary file: ") +
                                                              std::strerror(errno));
        }
      }
      auto sink = [&](const char* d, std::size_t n) {
        if (tmp) {
          tmp->write(d, n);
        } else if (spool) {
          std::fwrite(d, 1, n, spool.get());
        } else if (to_stdout) {
          out.write(d, static_cast<std::streamsize>(n));
        }
      };
      auto on_change = [&](const Change& c) {
        if (c.status == Change::Status::unmapped) {
          diag::Diagnostic d{display,
                             c.line,
                             c.column,
                             "",
                             options.strict ? diag::Severity::error : diag::Severity::warning,
                             c.kind == Change::Kind::form ? "unmapped-form" : "unmapped-short-name",
                             describe(c) + " is not in the service map (message '" + c.message_reference + "')",
                             ""};
          err << diag::format_gnu(k_tool, d) << '\n';
        }
        if (options.dry_run) {
          out << display << ':' << c.line << ':' << c.column << ": message '" << c.message_reference << "': "
              << describe(c) << " -> " << outcome_text(c) << '\n';
        }
        report->change(display, c);
      };
      outcome = rewrite(*src, *map, ropts, sink, on_change);
      if (outcome.interrupted || diag::stop_requested()) {
        err << k_tool << ": interrupted\n";
        return diag::ExitCode::interrupted; // the temporary (and the report's) are removed
      }
      n_refs += outcome.references();
      n_unmapped += outcome.unmapped;
      for (const auto& d : outcome.diagnostics) {
        err << diag::format_gnu(k_tool, d) << '\n';
      }
      if (!outcome.well_formed) {
        status = "failed";
        code = diag::worst(code, diag::ExitCode::unreadable);
      } else if (options.strict && outcome.unmapped > 0) {
        status = "rejected";
        code = diag::worst(code, diag::ExitCode::findings);
      } else if (options.dry_run) {
        status = outcome.rewritten > 0 ? "would-rewrite" : "unchanged";
      } else {
        bool changed = outcome.rewritten > 0;
        if (spool) {
          std::rewind(spool.get());
          char buf[65536];
          while (std::size_t n = std::fread(buf, 1, sizeof buf, spool.get())) {
            out.write(buf, static_cast<std::streamsize>(n));
          }
        } else if (tmp && !(options.in_place && !changed)) {
          // (An in-place file with nothing to change is not touched: mtime kept, temporary dropped.)
          if (options.in_place && !options.backup_suffix.empty()) {
            copy_file(in.path, in.path + options.backup_suffix);
          }
          tmp->commit(options.in_place ? mode_of(in.path) : io::default_file_mode());
        }
        status = changed ? "rewritten" : "unchanged";
      }
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      code = diag::worst(code, e.code());
      status = "failed";
    }
    if (status == "rewritten" || status == "would-rewrite") {
      ++n_rewritten;
    } else if (status == "unchanged") {
      ++n_unchanged;
    } else {
      ++n_failed;
    }
    report->file(display, target, status, outcome);
  }
  if (!options.quiet) {
    err << k_tool << ": " << inputs.size() << (inputs.size() == 1 ? " file: " : " files: ") << n_rewritten
        << (options.dry_run ? " to rewrite, " : " rewritten, ") << n_unchanged << " unchanged, " << n_failed
        << " failed; " << n_refs << " references, " << n_unmapped << " unmapped\n";
  }
  try {
    report->commit();
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    code = diag::worst(code, e.code());
  }
  return code;
}

} // namespace altkit::replyref
