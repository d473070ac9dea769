#include "altkit/convert/command.hpp"

#include "altkit/convert/altinn3.hpp"
#include "altkit/convert/reader.hpp"
#include "altkit/convert/writer.hpp"
#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/pipeline/ordered.hpp"
#include "altkit/report/html.hpp"
#include "altkit/report/names.hpp"
#include "altkit/xml/libxml.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <ostream>
#include <sstream>

namespace altkit::convert {

namespace {

namespace fs = std::filesystem;
constexpr const char* k_tool = "altut-convert";
using nlohmann::json;

std::string dumps(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string strip_xml(const std::string& rel) {
  if (rel.size() > 4 && rel.compare(rel.size() - 4, 4, ".xml") == 0) {
    return rel.substr(0, rel.size() - 4);
  }
  return rel;
}

/// One job of the pipeline: a Message of a file, or the end of a file (what reading it came to).
struct ConvertJob {
  std::size_t file = 0; ///< index into the inputs
  bool end = false;
  MessageInput message;
  FileConversion read; ///< end: messages read, readable, and why not
};

/// What a worker made of a job; the end of a file passes through.
struct ConvertResult {
  std::size_t file = 0;
  bool end = false;
  std::shared_ptr<const FileHeader> header;
  MessageOutput output;
  FileConversion read;
};

/// The totals over every file.
struct Totals {
  std::uint64_t messages = 0, converted = 0, rejected = 0, correspondences = 0, lost = 0, unreadable = 0;
  diag::ExitCode code = diag::ExitCode::ok;
};

/// Reads the inputs one after another and hands on their Messages, then each file's end.
void produce(const std::vector<io::InputRef>& inputs, const io::Opener& open, bool as_windows_1252,
             pipeline::Feed<ConvertJob>& feed) {
  for (std::size_t i = 0; i < inputs.size() && !feed.stopping(); ++i) {
    ConvertJob end;
    end.file = i;
    end.end = true;
    try {
      auto src = io::open_ref(open, inputs[i]);
      MessageReader reader(*src, as_windows_1252);
      ConvertJob job;
      job.file = i;
      while (reader.next(job.message)) {
        std::uint64_t weight = job.message.bytes;
        if (!feed.push(std::move(job), weight)) {
          return;
        }
        job = ConvertJob{};
        job.file = i;
      }
      reader.finish(end.read);
    } catch (const diag::Error& e) {
      end.read.readable = false;
      end.read.diagnostics.push_back(
          diag::Diagnostic::fatal(diag::code::unreadable).message(diag::tidy_message(e.what())));
    }
    if (!feed.push(std::move(end))) {
      return;
    }
  }
}

/// The emitting side: each file's outputs, its lines on the terminal and in the report, in
/// input order. One call at a time (the pipeline's emitter).
class Emitter {
public:
  /// The report goes to `report` (a file) or `report_out` (--report -), or nowhere (both null).
  Emitter(const ConvertCommandOptions& options, const ConvertOptions& copts, const std::vector<io::InputRef>& inputs,
          io::TempFile* report, std::ostream* report_out, std::ostream& err)
      : m_options(options), m_copts(copts), m_inputs(inputs), m_report(report), m_report_out(report_out), m_err(err) {
    if (with_report() && options.format == "html") {
      m_html = std::make_unique<report::HtmlPage>(k_tool); // counts now, drawn by finish_run
    }
  }

  bool emit(ConvertResult& r) {
    if (!m_open) {
      start_file(r.file);
    }
    if (r.end) {
      end_file(r.read);
    } else {
      message(r);
    }
    return true;
  }
  const Totals& totals() const { return m_totals; }
  /// The html report's page; null for jsonl or no report.
  const report::HtmlPage* html() const { return m_html.get(); }

private:
  void start_file(std::size_t file) {
    m_open = true;
    m_result = FileConversion{};
    const io::InputRef& in = m_inputs[file];
    m_display = in.path == "-" ? "<stdin>" : in.path;
    m_writer.reset();
    if (!m_options.dry_run) {
      std::string out_base =
          (fs::path(m_options.output_dir) / strip_xml(in.path == "-" ? "stdin" : in.relative)).string();
      std::error_code ec;
      fs::create_directories(fs::path(out_base).parent_path(), ec);
      m_writer = std::make_unique<FileWriter>(m_copts, out_base);
    }
  }

  void message(ConvertResult& r) {
    const MessageRecord& m = r.output.record;
    m_result.count(m);
    if (m_writer) {
      try {
        m_writer->add(r.output, *r.header, m_result);
      } catch (const diag::Error& e) {
        write_failed(e);
      }
    }
    log_message(m);
  }

  void write_failed(const diag::Error& e) {
    m_writer.reset(); // what it had not put in place is gone
    m_result.diagnostics.push_back(
        diag::Diagnostic::fatal(diag::code::write_failed).at(m_display).message(diag::tidy_message(e.what())));
  }

  void end_file(FileConversion& read) {
    m_result.messages = read.messages;
    m_result.readable = read.readable;
    for (auto& d : read.diagnostics) {
      m_result.diagnostics.push_back(std::move(d));
    }
    if (m_result.readable && m_writer) {
      try {
        m_writer->finish(m_result);
      } catch (const diag::Error& e) {
        write_failed(e);
      }
    }
    m_writer.reset(); // an unreadable file's temporaries are removed: nothing half-written stays
    log_file();
    add_to_totals();
    m_open = false;
  }

  void say(const diag::Diagnostic& d) { m_err << diag::format_gnu(k_tool, d) << '\n'; }
  bool with_report() const { return m_report != nullptr || m_report_out != nullptr; }
  void put(const json& j) {
    if (m_html) {
      return; // the page counts what the lines would say (html_message, log_file)
    }
    if (m_report != nullptr) {
      m_report->write(dumps(j));
    } else if (m_report_out != nullptr) {
      *m_report_out << dumps(j);
    }
  }

  void log_message(const MessageRecord& m) {
    json lost = json::array();
    for (const auto& l : m.losses) {
      lost.push_back({{"path", l.path}, {"value", l.value}, {"reason", l.reason}});
      if (!with_report()) {
        say(diag::Diagnostic::note(diag::code::lost_field)
                .at(m_display, m.line)
                .path(l.path)
                .message("message '" + m.reference + "': " + l.path + " = '" + l.value +
                         "' not carried over: " + l.reason));
      }
    }
    json warned = json::array();
    for (const auto& w : m.warnings) {
      say(diag::Diagnostic::warning(*w.code)
              .at(m_display, w.line != 0 ? w.line : m.line)
              .path(w.path)
              .message("message '" + m.reference + "': " + w.message));
      warned.push_back({{"code", w.code->name}, {"path", w.path}, {"message", w.message}});
    }
    if (!m.converted) {
      say(diag::Diagnostic::error(*diag::find_code(m.reject_code))
              .at(m_display, m.line)
              .message("message '" + m.reference + "' rejected: " + m.reject_reason));
    }
    json j{{"type", "message"},
           {"message", m.index},
           {"line", m.line},
           {"message_reference", m.reference},
           {"short_name", m.short_name},
           {"status", m.converted ? "converted" : "rejected"},
           {"correspondences", m.correspondences},
           {"lost", lost}};
    if (!warned.empty()) {
      j["warnings"] = warned;
    }
    report::put_name(j, m_display);
    if (!m.converted) {
      j["code"] = m.reject_code;
      j["reason"] = m.reject_reason;
    }
    put(j);
    if (m_html) {
      html_message(m);
    }
  }

  void html_message(const MessageRecord& m) {
    report::HtmlMessage h;
    h.file = m_display;
    h.line = m.line;
    h.reference = m.reference;
    h.service = m.short_name;
    h.converted = m.converted;
    h.reject_code = m.reject_code;
    h.reject_reason = m.reject_reason;
    for (const auto& l : m.losses) {
      h.lost.push_back({l.path, l.value, l.reason});
    }
    m_html->message(h);
  }

  void log_file() {
    for (auto& d : m_result.diagnostics) {
      if (d.file.empty()) {
        d.file = m_display;
      }
      say(d);
      if (m_html) {
        m_html->finding(d);
      }
    }
    const auto& r = m_result;
    if (!m_options.quiet) {
      m_err << k_tool << ": " << diag::escape_name(m_display) << ": " << r.messages
            << (r.messages == 1 ? " message = " : " messages = ") << r.converted << " converted + " << r.rejected
            << " rejected; " << r.correspondences << " correspondences; " << r.losses << " fields not carried over\n";
    }
    json outputs = json::array();
    for (const auto& o : r.outputs) {
      outputs.push_back(o);
    }
    json file{
        {"type", "file"},         {"status", !r.readable ? "unreadable" : r.internal_error ? "internal-error" : "done"},
        {"inputs", r.messages},   {"converted", r.converted},
        {"rejected", r.rejected}, {"correspondences", r.correspondences},
        {"lost", r.losses},       {"outputs", outputs}};
    report::put_name(file, m_display);
    put(file);
  }

  void add_to_totals() {
    const auto& r = m_result;
    Totals& t = m_totals;
    t.messages += r.messages;
    t.converted += r.converted;
    t.rejected += r.rejected;
    t.correspondences += r.correspondences;
    t.lost += r.losses;
    if (!r.readable) {
      ++t.unreadable;
      t.code = diag::worst(t.code, diag::ExitCode::unreadable);
    }
    if (r.rejected > 0) {
      t.code = diag::worst(t.code, diag::ExitCode::findings);
    }
    for (const auto& d : r.diagnostics) {
      if (d.is(diag::code::write_failed)) {
        t.code = diag::worst(t.code, diag::ExitCode::write_failed);
      }
    }
    if (r.internal_error) {
      t.code = diag::worst(t.code, diag::ExitCode::internal);
    }
  }

  const ConvertCommandOptions& m_options;
  const ConvertOptions& m_copts;
  const std::vector<io::InputRef>& m_inputs;
  io::TempFile* m_report;
  std::ostream* m_report_out;
  std::ostream& m_err;
  bool m_open = false;
  FileConversion m_result;
  std::string m_display;
  std::unique_ptr<FileWriter> m_writer;
  Totals m_totals;
  std::unique_ptr<report::HtmlPage> m_html;
};

/// What every worker converts with, loaded once on the main thread.
struct Parts {
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<Stylesheet> stylesheet;
  std::shared_ptr<const schema::CompiledSchema> target;
  std::unique_ptr<RequestSchema> altinn3; ///< --to altinn3: the request schema
  ConvertOptions copts;
};

/// Loads the map, the stylesheet and the target schema of the output kind; load errors go to `load`.
Parts load_parts(const ConvertCommandOptions& options, diag::DiagnosticSink& load) {
  Parts p;
  if (!options.map.empty()) {
    p.map = servicemap::ServiceMap::load(options.map, load, options.map_encoding);
  }
  bool soap = options.to == "insert-v2";
  std::string stylesheet_path = !options.stylesheet.empty() ? options.stylesheet
                                : soap                      ? options.data_dir + "/xslt/altut-to-insert-v2.xsl"
                                                            : options.data_dir + "/xslt/altut-to-correspondences.xsl";
  p.stylesheet = Stylesheet::load(stylesheet_path, load);
  p.target =
      schema::compile_schema(options.data_dir + (soap ? "/xsd/insert-correspondence-v2/insert-correspondence-v2.xsd"
                                                      : "/xsd/correspondences.xsd"),
                             schema::Engine::libxml2, load);
  p.copts.map = p.map.get();
  p.copts.format = soap ? Format::insert_v2 : Format::correspondences;
  p.copts.strict = options.strict;
  p.copts.with_offset = options.with_offset;
  p.copts.batch_size = options.batch_size;
  if (options.to == "altinn3") {
    // The Altinn II mapping makes the Correspondences; altinn3.hpp makes requests of them.
    init_crypto();
    p.altinn3 = RequestSchema::load(options.data_dir + "/schemas/altinn3/initialize-correspondences.schema.json", load);
    p.copts.format = Format::altinn3;
    p.copts.altinn3_schema = p.altinn3.get();
    p.copts.sender = options.sender;
    p.copts.allow_synthetic_ids = options.allow_synthetic_ids;
  }
  return p;
}

/// The output folder and the report's temporary; false (with `code`) when either cannot be made.
bool prepare_outputs(const ConvertCommandOptions& options, std::unique_ptr<io::TempFile>& report, std::ostream& err,
                     diag::ExitCode& code) {
  if (!options.dry_run) {
    if (!io::prepare_output_folder(options.output_dir, options.inputs, k_tool, err, code)) {
      return false;
    }
  }
  if (!options.report.empty() && options.report != "-") {
    try {
      report = std::make_unique<io::TempFile>(options.report);
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      code = e.code();
      return false;
    }
  }
  return true;
}

/// Messages of every file go to all workers; outputs and lines leave in input order.
pipeline::Outcome convert_all(const ConvertCommandOptions& options, const Parts& parts,
                              const std::vector<io::InputRef>& inputs, const io::Opener& open, Emitter& emitter) {
  pipeline::Settings ps;
  ps.workers = std::max(1u, options.jobs);
  ps.batch = 8;
  ps.weight_budget = 64ULL << 20; // bytes of messages read and not yet converted
  pipeline::Stages<ConvertJob, ConvertResult, MessageConverter> stages;
  stages.produce = [&](pipeline::Feed<ConvertJob>& feed) {
    produce(inputs, open, options.latin1_as_windows_1252, feed);
  };
  stages.make_worker = [&] {
    return std::make_unique<MessageConverter>(*parts.stylesheet, *parts.target, parts.copts);
  };
  stages.work = [&](MessageConverter& mc, ConvertJob& job) {
    ConvertResult r;
    r.file = job.file;
    r.end = job.end;
    if (job.end) {
      r.read = std::move(job.read);
    } else {
      r.header = job.message.header;
      r.output = mc.convert(job.message, options.dry_run);
    }
    return r;
  };
  stages.emit = [&](MessageConverter&, ConvertResult& r) { return emitter.emit(r); };
  return pipeline::run(ps, stages);
}

/// The report's summary line (the report then put in place) and the run's summary on `err`.
diag::ExitCode finish_run(const ConvertCommandOptions& options, std::size_t files, const Totals& t,
                          const report::HtmlPage* html, io::TempFile* report, std::ostream* report_out,
                          std::ostream& err) {
  diag::ExitCode code = t.code;
  if (report != nullptr || report_out != nullptr) {
    std::string summary;
    if (html != nullptr) {
      std::ostringstream page; // bounded: counts, and a capped list
      html->write(page, report::MigrationTotals{files, t.unreadable, t.messages, t.converted, t.rejected,
                                                t.correspondences, t.lost});
      summary = page.str();
    } else {
      summary = dumps({{"type", "summary"},
                       {"files", files},
                       {"inputs", t.messages},
                       {"converted", t.converted},
                       {"rejected", t.rejected},
                       {"correspondences", t.correspondences},
                       {"lost", t.lost}});
    }
    if (report_out != nullptr) {
      *report_out << summary;
    } else {
      report->write(summary);
      try {
        report->commit(io::default_file_mode());
      } catch (const diag::Error& e) {
        err << k_tool << ": " << e.what() << '\n';
        code = diag::worst(code, e.code());
      }
    }
  }
  if (!options.quiet) {
    err << k_tool << ": " << files << (files == 1 ? " file: " : " files: ") << t.messages
        << (t.messages == 1 ? " message = " : " messages = ") << t.converted << " converted + " << t.rejected
        << " rejected; " << t.correspondences << " correspondences; " << t.lost << " fields not carried over\n";
  }
  return code;
}

} // namespace

diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& err) {
  return run_convert(options, std::cout, err);
}

diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& out, std::ostream& err,
                           const io::Opener& open) {
  xml::init_libxml();
  register_extensions();
  diag::DiagnosticSink load;
  Parts parts = load_parts(options, load);
  if (load.has_errors()) {
    diag::print_gnu(err, k_tool, load.items());
    return diag::ExitCode::load_failed;
  }
  diag::ExitCode code = diag::ExitCode::ok;
  auto inputs = io::expand_inputs_or_report(options.inputs, k_tool, err, code, {options.include, options.exclude});
  if (!inputs) {
    return code;
  }
  std::unique_ptr<io::TempFile> report;
  if (!prepare_outputs(options, report, err, code)) {
    return code;
  }
  std::ostream* report_out = options.report == "-" ? &out : nullptr; // --report -: streamed, in input order
  Emitter emitter(options, parts.copts, *inputs, report.get(), report_out, err);
  if (convert_all(options, parts, *inputs, open, emitter) == pipeline::Outcome::interrupted) {
    err << k_tool << ": interrupted\n";
    return diag::ExitCode::interrupted; // the report's temporary is removed, and any output's
  }
  return finish_run(options, inputs->size(), emitter.totals(), emitter.html(), report.get(), report_out, err);
}

} // namespace altkit::convert
