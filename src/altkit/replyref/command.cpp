#include "altkit/replyref/command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/spool.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/pipeline/ordered.hpp"
#include "altkit/replyref/rewrite.hpp"
#include "altkit/report/names.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
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

std::string dumps(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

/// The report's lines for one file's changes: one per message with its changes, as they come.
class MessageLines {
public:
  explicit MessageLines(io::Spool& out) : m_out(out) {}
  void change(const std::string& file, const Change& c) {
    if (m_has_message && m_index != c.message_index) {
      flush();
    }
    if (!m_has_message) {
      m_has_message = true;
      m_index = c.message_index;
      m_message = {{"type", "message"},
                   {"message", c.message_index},
                   {"message_reference", c.message_reference},
                   {"changes", nlohmann::json::array()}};
      report::put_name(m_message, file);
    }
    m_message["changes"].push_back(change_json(c));
  }
  void flush() {
    if (m_has_message) {
      m_out.write(dumps(m_message));
      m_has_message = false;
    }
  }

private:
  io::Spool& m_out;
  bool m_has_message = false;
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

/// What a worker made of one input: the rewritten bytes in a temporary not yet put in place,
/// and the lines for the terminal and the report, kept until the file's turn.
struct FileDone {
  std::string display;
  std::string target;
  FileOutcome outcome;
  std::unique_ptr<io::TempFile> tmp;
  std::unique_ptr<io::Spool> spool; ///< standard output under --strict: held until it may be written
  io::Spool err_lines;
  io::Spool out_lines;
  io::Spool report_lines;
  std::string error; ///< an environment failure (unreadable input, unwritable output)
  diag::ExitCode error_code = diag::ExitCode::ok;
};

/// One tool run's fixed parts, shared read-only by the workers.
struct Plan {
  const ReplyrefOptions& options;
  const servicemap::ServiceMap& map;
  RewriteOptions ropts;
  bool to_stdout = false;
  std::ostream& out;
  const io::Opener& open;
};

/// Where input `in` is written: itself (-i), below -o, or nowhere (stdout, --dry-run).
std::string target_for(const ReplyrefOptions& options, const io::InputRef& in) {
  if (options.in_place && in.path != "-") {
    // A symbolic link is followed: its target is rewritten and the link stays a link (the
    // emitter says so). Replacing the link by a regular file would leave the target unrewritten.
    std::error_code ec;
    if (fs::is_symlink(in.path, ec)) {
      auto target = fs::canonical(in.path, ec);
      if (!ec) {
        return target.string();
      }
    }
    return in.path;
  }
  if (!options.output_dir.empty()) {
    return (fs::path(options.output_dir) / (in.path == "-" ? "stdin.xml" : in.relative)).string();
  }
  return {};
}

/// A worker's part: rewrites one input into its temporary (or standard output, streamed, when
/// it is the one input and nothing may hold it back).
FileDone rewrite_file(const Plan& plan, const io::InputRef& in) {
  const ReplyrefOptions& options = plan.options;
  FileDone f;
  f.display = in.path == "-" ? "<stdin>" : in.path;
  f.target = target_for(options, in);
  MessageLines lines(f.report_lines);
  try {
    auto src = io::open_ref(plan.open, in);
    if (!options.dry_run && !f.target.empty()) {
      std::error_code ec;
      fs::create_directories(fs::path(f.target).parent_path(), ec);
      f.tmp = std::make_unique<io::TempFile>(f.target);
    } else if (plan.to_stdout && options.strict) {
      f.spool = std::make_unique<io::Spool>(); // --strict must be able to write nothing
    }
    auto sink = [&](const char* d, std::size_t n) {
      if (f.tmp) {
        f.tmp->write(d, n);
      } else if (f.spool) {
        f.spool->write(std::string_view(d, n));
      } else if (plan.to_stdout) {
        plan.out.write(d, static_cast<std::streamsize>(n));
      }
    };
    auto on_change = [&](const Change& c) {
      if (c.status == Change::Status::unmapped) {
        diag::Diagnostic d{f.display,
                           c.line,
                           c.column,
                           "",
                           options.strict ? diag::Severity::error : diag::Severity::warning,
                           c.kind == Change::Kind::form ? "unmapped-form" : "unmapped-short-name",
                           describe(c) + " is not in the service map (message '" + c.message_reference + "')",
                           ""};
        f.err_lines.write(diag::format_gnu(k_tool, d) + "\n");
      }
      if (options.dry_run) {
        f.out_lines.write(diag::escape_name(f.display) + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) +
                          ": message '" + c.message_reference + "': " + describe(c) + " -> " + outcome_text(c) + "\n");
      }
      if (!options.report.empty()) {
        lines.change(f.display, c);
      }
    };
    f.outcome = rewrite(*src, plan.map, plan.ropts, sink, on_change);
  } catch (const diag::Error& e) {
    f.error = e.what();
    f.error_code = e.code();
  }
  lines.flush();
  return f;
}

/// The emitting side: each file's lines, its output put in place, the counts; in input order.
class Emitter {
public:
  /// The report goes to `report` (a file) or `report_out` (--report -), or nowhere (both null).
  Emitter(const ReplyrefOptions& options, std::unique_ptr<io::TempFile> report, std::ostream* report_out,
          std::ostream& out, std::ostream& err)
      : m_options(options), m_report(std::move(report)), m_report_out(report_out), m_out(out), m_err(err) {}

  /// False: interrupted inside this file.
  bool emit(FileDone& f) {
    f.err_lines.copy_to(m_err);
    f.out_lines.copy_to(m_out);
    if (m_report) {
      f.report_lines.copy_to(*m_report);
    } else if (m_report_out != nullptr) {
      f.report_lines.copy_to(*m_report_out);
    }
    if (f.outcome.interrupted) {
      return false;
    }
    std::string status = f.error.empty() ? finish_file(f) : "failed";
    if (!f.error.empty()) {
      m_err << k_tool << ": " << f.error << '\n';
      code = diag::worst(code, f.error_code);
    }
    count(status);
    if (m_report || m_report_out != nullptr) {
      report_file(f, status);
    }
    return true;
  }

  /// The report put in place.
  void commit() {
    if (m_report) {
      m_report->commit(io::default_file_mode());
    }
  }

  diag::ExitCode code = diag::ExitCode::ok;
  std::uint64_t rewritten = 0, unchanged = 0, failed = 0, refs = 0, unmapped = 0;

private:
  std::string finish_file(FileDone& f) {
    const FileOutcome& o = f.outcome;
    refs += o.references();
    unmapped += o.unmapped;
    for (const auto& d : o.diagnostics) {
      m_err << diag::format_gnu(k_tool, d) << '\n';
    }
    if (!o.well_formed) {
      code = diag::worst(code, diag::ExitCode::unreadable);
      return "failed";
    }
    if (m_options.strict && o.unmapped > 0) {
      code = diag::worst(code, diag::ExitCode::findings);
      return "rejected";
    }
    if (m_options.dry_run) {
      return o.rewritten > 0 ? "would-rewrite" : "unchanged";
    }
    try {
      put_in_place(f);
    } catch (const diag::Error& e) {
      m_err << k_tool << ": " << e.what() << '\n';
      code = diag::worst(code, e.code());
      return "failed";
    }
    return o.rewritten > 0 ? "rewritten" : "unchanged";
  }

  void put_in_place(FileDone& f) {
    bool changed = f.outcome.rewritten > 0;
    if (f.spool) {
      f.spool->copy_to(m_out);
    } else if (f.tmp && !(m_options.in_place && !changed)) {
      // (An in-place file with nothing to change is not touched: mtime kept, temporary dropped.)
      if (m_options.in_place && !m_options.backup_suffix.empty()) {
        copy_file(f.target, f.target + m_options.backup_suffix);
      }
      f.tmp->commit(m_options.in_place ? mode_of(f.target) : io::default_file_mode());
      if (m_options.in_place && f.target != f.display) {
        m_err << k_tool << ": " << diag::escape_name(f.display) << " is a symbolic link: its target "
              << diag::escape_name(f.target) << " was rewritten; the link is unchanged\n";
      }
    }
  }

  void count(const std::string& status) {
    if (status == "rewritten" || status == "would-rewrite") {
      ++rewritten;
    } else if (status == "unchanged") {
      ++unchanged;
    } else {
      ++failed;
    }
  }

  void report_file(const FileDone& f, const std::string& status) {
    const FileOutcome& o = f.outcome;
    nlohmann::json j{{"type", "file"},           {"status", status},       {"messages", o.messages},
                     {"rewritten", o.rewritten}, {"unmapped", o.unmapped}, {"has_service_code", o.has_service_code}};
    report::put_name(j, f.display);
    if (!f.target.empty()) {
      j["output"] = f.target;
    }
    nlohmann::json diags = nlohmann::json::array();
    for (const auto& d : o.diagnostics) {
      diags.push_back({{"line", d.line}, {"column", d.column}, {"code", d.code}, {"message", d.message}});
    }
    if (!diags.empty()) {
      j["diagnostics"] = diags;
    }
    if (m_report) {
      m_report->write(dumps(j));
    } else {
      *m_report_out << dumps(j);
    }
  }

  const ReplyrefOptions& m_options;
  std::unique_ptr<io::TempFile> m_report;
  std::ostream* m_report_out;
  std::ostream& m_out;
  std::ostream& m_err;
};

/// Where the outputs go must make sense before anything is read: standard output takes one
/// input, and `--report -` not where a document or plan goes; the output folder is made.
/// Returns the exit code that refuses the run, or nothing.
std::optional<diag::ExitCode> check_destinations(const ReplyrefOptions& options, std::size_t inputs, bool to_stdout,
                                                 std::ostream& err) {
  if (to_stdout && inputs != 1) {
    err << k_tool << ": without -i or -o, exactly one input is written to standard output (got " << inputs << ")\n";
    return diag::ExitCode::usage;
  }
  if (options.report == "-" && (to_stdout || options.dry_run)) {
    err << k_tool << ": --report -: standard output already carries "
        << (options.dry_run ? "the --dry-run plan; give the report a file\n"
                            : "the rewritten document; give the report a file, or use -i or -o\n");
    return diag::ExitCode::usage;
  }
  if (!options.output_dir.empty() && !options.dry_run) {
    if (auto in = io::input_folder_holding(options.output_dir, options.inputs)) {
      // The copies would replace the inputs (or be read as inputs next time): in place is -i.
      err << k_tool << ": -o " << options.output_dir << " is inside the input folder " << *in
          << ": use -i (with --backup) to rewrite files in place, or an output folder outside the inputs\n";
      return diag::ExitCode::usage;
    }
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    if (ec) {
      err << k_tool << ": " << options.output_dir << ": cannot create: " << ec.message() << '\n';
      return diag::ExitCode::write_failed;
    }
  }
  return std::nullopt;
}

} // namespace

diag::ExitCode run_replyref(const ReplyrefOptions& options, std::ostream& out, std::ostream& err,
                            const io::Opener& open) {
  diag::DiagnosticSink load;
  auto map = servicemap::ServiceMap::load(options.map, load, options.map_encoding);
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
  const std::vector<io::InputRef>& inputs = *expanded;
  bool to_stdout = !options.in_place && options.output_dir.empty() && !options.dry_run;
  if (auto refused = check_destinations(options, inputs.size(), to_stdout, err)) {
    return *refused;
  }
  std::unique_ptr<io::TempFile> report;
  std::ostream* report_out = options.report == "-" ? &out : nullptr;
  if (!options.report.empty() && report_out == nullptr) {
    try {
      report = std::make_unique<io::TempFile>(options.report);
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      return e.code();
    }
  }
  Plan plan{options, *map, RewriteOptions{}, to_stdout, out, open};
  plan.ropts.keep_legacy = options.keep_legacy;
  plan.ropts.latin1_as_windows_1252 = options.latin1_as_windows_1252;
  plan.ropts.short_names = options.short_names;
  Emitter emitter(options, std::move(report), report_out, out, err);

  // Files are rewritten in parallel into their temporaries and put in place in input order; a
  // small window, since each file in flight holds an open temporary.
  pipeline::Settings ps;
  ps.workers = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(inputs.size())));
  ps.batch = 1;
  ps.window = 2 + 2 * static_cast<std::size_t>(ps.workers);
  struct NoState {};
  pipeline::Stages<std::size_t, FileDone, NoState> stages;
  stages.produce = [&](pipeline::Feed<std::size_t>& feed) {
    for (std::size_t i = 0; i < inputs.size() && feed.push(i); ++i) {
    }
  };
  stages.make_worker = [] { return std::make_unique<NoState>(); };
  stages.work = [&](NoState&, std::size_t& i) { return rewrite_file(plan, inputs[i]); };
  stages.emit = [&](NoState&, FileDone& f) { return emitter.emit(f); };
  if (pipeline::run(ps, stages) != pipeline::Outcome::finished) {
    err << k_tool << ": interrupted\n";
    return diag::ExitCode::interrupted; // temporaries (outputs, report) are removed
  }
  if (!options.quiet) {
    err << k_tool << ": " << inputs.size() << (inputs.size() == 1 ? " file: " : " files: ") << emitter.rewritten
        << (options.dry_run ? " to rewrite, " : " rewritten, ") << emitter.unchanged << " unchanged, " << emitter.failed
        << " failed; " << emitter.refs << " references, " << emitter.unmapped << " unmapped\n";
  }
  diag::ExitCode code = emitter.code;
  try {
    emitter.commit();
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    code = diag::worst(code, e.code());
  }
  return code;
}

} // namespace altkit::replyref
