#include "altkit/confirm/command.hpp"

#include "altkit/confirm/converter.hpp"
#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/pipeline/ordered.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/xml/libxml.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <ostream>

namespace altkit::confirm {

namespace {

namespace fs = std::filesystem;
constexpr const char* k_tool = "confirmations-convert";

/// The run's time as an xs:dateTime in UTC: SOURCE_DATE_EPOCH when set (reproducible outputs).
std::string run_time() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Where a file's batch goes: its path below its operand, the extension replaced.
std::string output_path(const std::string& dir, const io::InputRef& in) {
  fs::path rel = in.path == "-" ? fs::path("stdin") : fs::path(in.relative);
  rel.replace_extension();
  return (fs::path(dir) / rel).string() + ".altut-confirmations.xml";
}

/// What every worker converts with, loaded once on the main thread.
struct Parts {
  Schemas schemas;
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<ResourceMap> resources;
  MapSettings settings;
};

Parts load_parts(const ConfirmCommandOptions& options, diag::DiagnosticSink& load) {
  Parts p;
  p.schemas = Schemas::load(options.data_dir, load);
  if (!options.map.empty()) {
    p.map = servicemap::ServiceMap::load(options.map, load, options.map_encoding);
  }
  if (!options.resource_map.empty()) {
    p.resources = ResourceMap::load(options.resource_map, load);
  }
  p.settings.map = p.map.get();
  p.settings.resources = p.resources.get();
  p.settings.login_method = options.login_method;
  return p;
}

/// One job's result: the input's index and what converting it came to.
struct Converted {
  std::size_t index = 0;
  FileResult result;
};

/// The totals over every file.
struct Totals {
  std::uint64_t files = 0, confirmations = 0, written = 0, rejected = 0, unread = 0, batches = 0;
  diag::ExitCode code = diag::ExitCode::ok;
};

/// The emitting side, in input order, one call at a time: each file's batch put in place, its
/// findings reported, the sequence checked.
class Emitter {
public:
  Emitter(const ConfirmCommandOptions& options, const std::vector<io::InputRef>& inputs, report::Reporter& report,
          report::Reporter* text, std::ostream& err)
      : m_options(options), m_inputs(inputs), m_report(report), m_text(text), m_err(err), m_now(run_time()),
        m_next(options.sequence_start) {}

  void emit(Converted& c) {
    FileResult& r = c.result;
    const io::InputRef& in = m_inputs[c.index];
    std::string display = in.path == "-" ? "<stdin>" : in.path;
    std::string target;
    if (r.readable && r.header_valid) {
      check_sequence(r);
      if (r.written > 0) {
        target = write_batch(r, in);
      }
    }
    validate::DocumentResult doc;
    doc.file = display;
    doc.schema = r.kind == InputKind::altinn2   ? "CorrespondenceConfirmations " + r.version
                 : r.kind == InputKind::altinn3 ? "Altinn 3 correspondence details"
                                                : "";
    doc.verdict = !r.readable                                      ? validate::Verdict::unreadable
                  : r.rejected > 0 || !r.header_valid || failed(r) ? validate::Verdict::invalid
                                                                   : validate::Verdict::valid;
    for (auto& d : r.diagnostics) {
      d.file = display;
    }
    doc.diagnostics = std::move(r.diagnostics);
    m_summary.add(doc);
    m_report.document(doc);
    if (m_text != nullptr) {
      m_text->document(doc);
    }
    count(r, doc, display, target);
  }

  const Totals& totals() const { return m_totals; }
  const report::Summary& summary() const { return m_summary; }

private:
  static bool failed(const FileResult& r) {
    for (const auto& d : r.diagnostics) {
      if (d.is(diag::code::write_failed)) {
        return true;
      }
    }
    return false;
  }

  /// Altinn II: each PreviousSequenceNo names the SequenceNo before it (per SystemUserCode).
  void check_sequence(FileResult& r) {
    if (r.kind != InputKind::altinn2) {
      return;
    }
    const Shipment& s = r.shipment;
    auto it = m_last.find(s.system_user_code);
    if (it != m_last.end() && it->second != s.previous_sequence_no) {
      r.diagnostics.push_back(diag::Diagnostic::of(diag::code::conf_sequence_gap)
                                  .message("PreviousSequenceNo '" + s.previous_sequence_no + "' of " +
                                           s.system_user_code + " follows SequenceNo '" + it->second +
                                           "' of the file before"));
    }
    m_last[s.system_user_code] = s.sequence_no;
  }

  BatchHeader header(const FileResult& r) {
    BatchHeader h;
    h.confirmations = r.written;
    if (r.kind == InputKind::altinn2) {
      h.batch_reference = r.shipment.sequence_no;
      h.previous_reference = r.shipment.previous_sequence_no;
      h.receiver_reference = r.shipment.system_user_code;
      h.timestamp = r.shipment.shipment_datetime;
    } else {
      h.batch_reference = std::to_string(m_next);
      h.previous_reference = std::to_string(m_next - 1);
      ++m_next;
      h.receiver_reference = m_options.receiver_reference.empty() ? r.sender : m_options.receiver_reference;
      h.timestamp = m_now;
    }
    return h;
  }

  /// Puts the batch in place (not with --dry-run); returns its path, or "" when not written.
  std::string write_batch(FileResult& r, const io::InputRef& in) {
    BatchHeader h = header(r);
    m_batch = h.batch_reference;
    if (m_options.dry_run) {
      return "";
    }
    std::string target = output_path(m_options.output_dir, in);
    try {
      std::error_code ec;
      fs::create_directories(fs::path(target).parent_path(), ec);
      io::TempFile file(target);
      file.write(batch_head(h));
      r.body->copy_to(file);
      file.write(batch_tail());
      file.commit(io::default_file_mode());
    } catch (const diag::Error& e) {
      r.diagnostics.push_back(
          diag::Diagnostic::fatal(diag::code::write_failed)
              .message(diag::tidy_message(e.what()) + ": " + std::to_string(r.written) + " confirmations not written"));
      r.rejected += r.written; // in = out + rejected holds: these did not get out
      r.written = 0;
      return "";
    }
    return target;
  }

  void count(const FileResult& r, const validate::DocumentResult& doc, const std::string& display,
             const std::string& target) {
    Totals& t = m_totals;
    ++t.files;
    t.confirmations += r.confirmations;
    t.written += r.written;
    t.rejected += r.rejected;
    t.unread += r.unread;
    t.batches += target.empty() ? 0 : 1;
    for (const auto& d : doc.diagnostics) {
      t.code = diag::worst(t.code, diag::exit_class(d));
    }
    if (!m_options.quiet) {
      m_err << k_tool << ": " << display << ": " << r.confirmations
            << (r.confirmations == 1 ? " confirmation = " : " confirmations = ") << r.written << " written + "
            << r.rejected << " rejected";
      if (r.unread > 0) {
        m_err << "; " << r.unread << " not read yet";
      }
      if (!target.empty()) {
        m_err << " -> " << target << " (batch " << m_batch << ")";
      } else if (m_options.dry_run && r.written > 0) {
        m_err << " (batch " << m_batch << ", not written: --dry-run)";
      }
      m_err << '\n';
    }
  }

  const ConfirmCommandOptions& m_options;
  const std::vector<io::InputRef>& m_inputs;
  report::Reporter& m_report;
  report::Reporter* m_text;
  std::ostream& m_err;
  std::string m_now;
  std::uint64_t m_next;
  std::string m_batch;
  std::map<std::string, std::string> m_last; // SystemUserCode -> its last SequenceNo
  report::Summary m_summary;
  Totals m_totals;
};

/// The output folder; false (with `code`) when it cannot be used.
bool prepare_output(const ConfirmCommandOptions& options, std::ostream& err, diag::ExitCode& code) {
  if (options.dry_run) {
    return true;
  }
  return io::prepare_output_folder(options.output_dir, options.inputs, k_tool, err, code);
}

pipeline::Outcome convert_all(const ConfirmCommandOptions& options, const Parts& parts,
                              const std::vector<io::InputRef>& inputs, const io::Opener& open, Emitter& emitter) {
  pipeline::Settings ps;
  ps.workers =
      std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(std::max<std::size_t>(inputs.size(), 1))));
  ps.batch = 1; // a file is a job: one large file must not hold others back in one worker's batch
  pipeline::Stages<std::size_t, Converted, FileConverter> stages;
  stages.produce = [&](pipeline::Feed<std::size_t>& feed) {
    for (std::size_t i = 0; i < inputs.size() && feed.push(i); ++i) {
    }
  };
  stages.make_worker = [&] { return std::make_unique<FileConverter>(parts.schemas, parts.settings); };
  stages.work = [&](FileConverter& fc, std::size_t& i) {
    Converted c;
    c.index = i;
    try {
      auto src = open(inputs[i].path);
      c.result = fc.convert(*src);
    } catch (const diag::Error& e) {
      c.result = FileResult{};
      c.result.readable = false;
      c.result.diagnostics.push_back(diag::Diagnostic::fatal(e.code() == diag::ExitCode::write_failed
                                                                 ? diag::code::write_failed
                                                                 : diag::code::unreadable)
                                         .message(diag::tidy_message(e.what())));
    }
    return c;
  };
  stages.emit = [&](FileConverter&, Converted& c) {
    emitter.emit(c);
    return true;
  };
  return pipeline::run(ps, stages);
}

} // namespace

diag::ExitCode run_confirmations(const ConfirmCommandOptions& options, std::ostream& out, std::ostream& err,
                                 const io::Opener& open) {
  xml::init_libxml();
  diag::DiagnosticSink load;
  Parts parts = load_parts(options, load);
  if (load.has_errors() || !parts.schemas.ok()) {
    diag::print_gnu(err, k_tool, load.items());
    return diag::ExitCode::load_failed;
  }
  diag::ExitCode code = diag::ExitCode::ok;
  io::NameFilter filter{options.include, options.exclude, {".xml", ".json", ".jsonl", ".ndjson"}};
  auto inputs = io::expand_inputs_or_report(options.inputs, k_tool, err, code, filter);
  if (!inputs) {
    return code;
  }
  const bool listed_all = !diag::stop_requested(); // else expansion stopped early at a signal
  if (!prepare_output(options, err, code)) {
    return code;
  }
  report::Format format = report::parse_format(options.format);
  bool text_on_err = format == report::Format::text && options.report.empty();
  std::unique_ptr<io::TempFileStream> file;
  try {
    if (!options.report.empty() && options.report != "-") {
      file = std::make_unique<io::TempFileStream>(options.report);
    }
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  std::ostream& destination = file ? static_cast<std::ostream&>(*file) : text_on_err ? err : out;
  auto reporter = report::make_reporter(format, k_tool, destination, true);
  auto text = text_on_err ? nullptr : report::make_reporter(report::Format::text, k_tool, err, true);
  Emitter emitter(options, *inputs, *reporter, text.get(), err);
  if (convert_all(options, parts, *inputs, open, emitter) == pipeline::Outcome::interrupted) {
    err << k_tool << ": interrupted after " << emitter.totals().files << " of " << (listed_all ? "" : "at least ")
        << inputs->size() << " files\n";
    return diag::ExitCode::interrupted; // the report's temporary is removed; batches written stay
  }
  reporter->finish(emitter.summary());
  const Totals& t = emitter.totals();
  code = t.code;
  if (file) {
    try {
      file->commit(io::default_file_mode());
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      code = diag::worst(code, e.code());
    }
  }
  if (!options.quiet) {
    err << k_tool << ": " << t.files << (t.files == 1 ? " file: " : " files: ") << t.confirmations
        << (t.confirmations == 1 ? " confirmation = " : " confirmations = ") << t.written << " written + " << t.rejected
        << " rejected; " << t.batches << (t.batches == 1 ? " batch file" : " batch files");
    if (t.unread > 0) {
      err << "; " << t.unread << (t.unread == 1 ? " correspondence" : " correspondences") << " not read yet";
    }
    err << '\n';
  }
  return code;
}

} // namespace altkit::confirm
