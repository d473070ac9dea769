#include "altkit/check/run.hpp"

#include "altkit/check/journal.hpp"
#include "altkit/check/progress.hpp"
#include "altkit/check/summary.hpp"
#include "altkit/check/worker.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/handoff.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/pipeline/ordered.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/validate/id_check.hpp"
#include "altkit/validate/routed.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace altkit::check {

namespace {

constexpr const char* k_tool = "corpus-check";
// Work moves in batches, so the threads meet once per batch, not once per document.
constexpr std::size_t k_batch = 32;
// Archive members travel with their bytes: those are bounded too (one member always passes).
constexpr std::uint64_t k_max_member_bytes = 32ULL << 20;

/// How many files each worker may open ahead of its turn: a batch, while all workers together
/// keep within half the open-file limit (the other half for everything else: a worker's own
/// open must never be the one refused).
std::size_t ahead_per_worker(unsigned workers, std::size_t batch) {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    return 0;
  }
  if (rl.rlim_cur == RLIM_INFINITY) {
    return batch;
  }
  return std::min<std::size_t>(batch, static_cast<std::size_t>(rl.rlim_cur / 2) / std::max(1u, workers));
}

/// The kernel grows a process's descriptor table as higher numbers come into use; once threads
/// share the table, every growth waits for an RCU grace period (measured here: ~6 ms each, the
/// workers starved meanwhile). Grown before any thread starts, it costs microseconds: take a
/// descriptor numbered past what the run will hold open, and give it back.
void grow_descriptor_table(std::size_t open_at_once) {
  const int top = static_cast<int>(std::min<std::size_t>(open_at_once + 64, 4096));
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    int high = ::fcntl(fd, F_DUPFD_CLOEXEC, top);
    if (high >= 0) {
      ::close(high);
      return;
    }
  }
}

/// What the run checks against, compiled once on the main thread before any worker starts.
struct Loaded {
  std::shared_ptr<const schema::CompiledSchema> single;
  std::unique_ptr<schema::Catalog> catalog;
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<convert::Stylesheet> stylesheet;
  std::shared_ptr<const schema::CompiledSchema> target;
};

/// Compiles the schema or catalog (and, for --convert-check, altut-convert's stylesheet, target
/// schema and map); load errors are added to `load`.
Loaded load_plan(const CheckOptions& options, diag::DiagnosticSink& load) {
  Loaded l;
  std::unique_ptr<xml::XmlCatalogs> xml_catalogs;
  if (!options.xml_catalogs.empty()) {
    xml_catalogs = xml::XmlCatalogs::load(options.xml_catalogs, load);
  }
  xml::LocationResolverScope locations(xml_catalogs.get()); // schemas compile in this function only
  if (!options.xml_catalogs.empty() && !xml_catalogs) {
    // the catalog's error is in `load`
  } else if (!options.catalog.empty()) {
    l.catalog = schema::Catalog::load(options.catalog, options.engine, load);
  } else if (!options.schema.empty()) {
    l.single = schema::compile_schema(options.schema, options.engine, load);
  }
  if (options.convert_check) {
    if (!options.map.empty()) {
      l.map = servicemap::ServiceMap::load(options.map, load, options.map_encoding);
    }
    l.stylesheet = convert::Stylesheet::load(options.data_dir + "/xslt/altut-to-correspondences.xsl", load);
    l.target = schema::compile_schema(options.data_dir + "/xsd/correspondences.xsd", schema::Engine::libxml2, load);
  }
  return l;
}

/// The --report file (or stdout for "-"), written by the emitting worker through a chunk
/// handoff and by the main thread to its target; a file is committed atomically at the end.
class ReportOut {
public:
  /// Throws diag::Error when the report's temporary cannot be made.
  ReportOut(const CheckOptions& options, const Fingerprint& fp, std::ostream& out, const pipeline::Waker& waker)
      : m_jsonl(options.format == "jsonl") {
    std::error_code ec;
    auto parent = std::filesystem::path(options.report).parent_path();
    if (!parent.empty()) {
      std::filesystem::create_directories(parent, ec);
    }
    // "-": the report streams to stdout (the summary then goes to stderr); a file is written
    // atomically.
    std::ostream* stream = &out;
    if (options.report != "-") {
      m_file = std::make_unique<io::TempFileStream>(options.report);
      stream = m_file.get();
    }
    m_handoff = std::make_unique<io::ChunkHandoff>(*stream, [&waker] { waker.wake(); });
    m_stream = std::make_unique<std::ostream>(m_handoff.get());
    m_reporter = report::make_reporter(report::parse_format(options.format), k_tool, *m_stream, true);
    if (m_jsonl) {
      *m_stream << report_header(fp) << '\n'; // what run, which shard: merge checks it
    }
  }
  /// One document: a jsonl line as the journal holds it (with its position), or the reporter's.
  void document(const validate::DocumentResult& r, const std::string& line) {
    if (m_jsonl) {
      *m_stream << line << '\n';
    } else {
      m_reporter->document(r);
    }
  }
  /// A journalled document line, written again.
  void journalled(const std::string& line) {
    validate::DocumentResult r;
    if (m_jsonl) {
      *m_stream << line << '\n';
    } else if (result_from_line(nlohmann::json::parse(line), r)) {
      m_reporter->document(r);
    }
    if (m_handoff->has_chunks()) {
      m_handoff->write_ready(); // no worker runs yet: nobody else would
    }
  }
  report::Reporter& reporter() { return *m_reporter; }
  std::ostream& stream() { return *m_stream; }
  io::ChunkHandoff& handoff() { return *m_handoff; }
  /// Main thread, at the end: the summary, everything written, the file renamed into place.
  void finish(const report::Summary& counts) {
    m_handoff->write_through(); // no worker writes any more: a report's end goes straight out
    m_reporter->finish(counts);
    m_handoff->drain();
    if (m_file) {
      m_file->commit(io::default_file_mode());
    }
  }

private:
  bool m_jsonl;
  std::unique_ptr<io::TempFileStream> m_file;
  std::unique_ptr<io::ChunkHandoff> m_handoff;
  std::unique_ptr<std::ostream> m_stream;
  std::unique_ptr<report::Reporter> m_reporter;
};

/// The emitting side of a run: results in input order into the summary, the report and the
/// journal. One call at a time (the pipeline's emitter).
class Emitter {
public:
  Emitter(const CheckOptions& options, CheckSummary& summary, ReportOut* report, Journal* journal,
          ProgressLine& progress)
      : m_options(options), m_summary(summary), m_report(report), m_journal(journal), m_progress(progress) {
    if (journal != nullptr) {
      m_code = journal->code(); // what the journal holds counts as if checked now
    }
  }

  /// False: stop (an interrupt, or --fail-fast met a finding): nothing after it is written.
  bool emit(CheckWorker& worker, CheckOutcome& o) {
    if (o.skipped) {
      m_progress.skipped();
      return true;
    }
    return o.folder.empty() ? document(o.result, o.index, nullptr) : folder(worker, o.folder, o.index);
  }
  diag::ExitCode code() const { return m_code; }
  const std::string& journal_error() const { return m_journal_error; }

private:
  bool document(const validate::DocumentResult& r, std::uint64_t index, const std::uint64_t* sub) {
    m_progress.checked(r.bytes);
    m_summary.add(r);
    m_code = diag::worst(m_code, validate::exit_code_for(r.verdict));
    if (m_report != nullptr || m_journal != nullptr) {
      // The line ends with the document's position in the whole run ("sub": in a listed folder),
      // by which merge puts shards back in order.
      std::string line = report::to_json_line(r);
      line.pop_back();
      line += ",\"seq\":" + std::to_string(index);
      if (sub != nullptr) {
        line += ",\"sub\":" + std::to_string(*sub);
      }
      line += '}';
      if (m_report != nullptr) {
        m_report->document(r, line);
      }
      if (m_journal != nullptr) {
        try {
          m_journal->append(line);
        } catch (const diag::Error& e) {
          m_journal_error = e.what(); // the run stops: what is not journalled would be lost
          return false;
        }
      }
    }
    return !(m_options.fail_fast && r.verdict != validate::Verdict::valid);
  }
  // A listed folder, walked and checked by the emitting worker where it stands in the list (the
  // others go on with what follows it, within the window).
  bool folder(CheckWorker& worker, const std::string& path, std::uint64_t index) {
    bool go_on = true;
    enumerate_operand(m_options.sources, path, [&](Item item) {
      if (m_journal != nullptr && m_journal->already_done(item.name)) {
        return true;
      }
      std::uint64_t sub = item.index;
      go_on = !diag::stop_requested() && document(worker.check_item(item), index, &sub);
      return go_on;
    });
    return go_on;
  }

  const CheckOptions& m_options;
  CheckSummary& m_summary;
  ReportOut* m_report;
  Journal* m_journal;
  ProgressLine& m_progress;
  diag::ExitCode m_code = diag::ExitCode::ok;
  std::string m_journal_error;
};

/// The last words of a run: the interrupt line, or the report committed and the summary.
diag::ExitCode finish_run(const CheckOptions& options, pipeline::Outcome outcome, diag::ExitCode code,
                          const CheckSummary& summary, ReportOut* report, const ProgressLine& progress,
                          const std::vector<diag::Diagnostic>& schema_warnings, std::ostream& out, std::ostream& err) {
  if (outcome == pipeline::Outcome::interrupted) {
    err << k_tool << ": interrupted after " << summary.counts.documents << " documents";
    if (!options.journal.empty()) {
      err << "; the journal holds them: the same command with --journal " << options.journal << " goes on from there";
    }
    err << '\n';
    return diag::ExitCode::interrupted;
  }
  if (report != nullptr) {
    try {
      report->finish(summary.counts);
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      code = diag::worst(code, e.code());
    }
  }
  std::ostream& human = options.report == "-" ? err : out;
  if (!options.quiet) {
    human << summary.text(k_tool) << progress.rate_line();
    // The schemas' own warnings (an import refused for the network, ...), once per schema.
    if (!schema_warnings.empty()) {
      human << "schema warnings: " << schema_warnings.size() << '\n';
      diag::print_gnu(human, k_tool, schema_warnings);
    }
  }
  return code;
}

} // namespace

namespace {

/// The journal (an earlier run of the same fingerprint read back) and the report, opened before
/// any worker starts. Throws diag::Error when either cannot be written, or the journal is
/// another run's (exit 2).
void open_outputs(const CheckOptions& options, std::ostream& out, std::ostream& err, const pipeline::Waker& waker,
                  CheckSummary& summary, std::unique_ptr<Journal>& journal, std::unique_ptr<ReportOut>& report) {
  const Fingerprint fp = fingerprint_of(options);
  if (!options.journal.empty()) {
    // What an earlier, interrupted run of the same fingerprint finished is not checked again.
    journal = std::make_unique<Journal>(options.journal, fp, options.restart, summary);
    if (journal->dropped() > 0) {
      err << k_tool << ": warning: " << options.journal << ": " << journal->dropped()
          << (journal->dropped() == 1 ? " damaged line" : " damaged lines")
          << " at the end dropped (a kill inside a write, or an edit); their documents are checked again\n";
    }
  }
  if (options.report.empty()) {
    return;
  }
  report = std::make_unique<ReportOut>(options, fp, out, waker);
  if (journal) {
    journal->replay([&](const std::string& line) { report->journalled(line); });
  }
}

/// What the workers check against, and how many files each may open ahead.
CheckPlan make_plan(const CheckOptions& options, const Loaded& loaded, unsigned workers, const io::Opener& open) {
  CheckPlan plan;
  plan.sources = &options.sources;
  plan.single = loaded.single.get();
  plan.catalog = loaded.catalog.get();
  plan.engine = options.engine;
  plan.settings.allow_altinn_row_id = options.allow_altinn_row_id;
  plan.settings.limits = options.limits;
  plan.stylesheet = loaded.stylesheet.get();
  plan.target = loaded.target.get();
  plan.map = loaded.map.get();
  plan.open = &open;
  plan.ahead_files = io::is_default_opener(open) ? ahead_per_worker(workers, k_batch) : 0;
  grow_descriptor_table(workers * plan.ahead_files);
  return plan;
}

/// Every document through the ordered pipeline: found by the producer, checked by the workers,
/// emitted in input order; the main thread writes report chunks and the progress line.
pipeline::Outcome check_all(const CheckOptions& options, const pipeline::Settings& settings, const CheckPlan& plan,
                            Journal* journal, ReportOut* report, Emitter& emitter, ProgressLine& progress,
                            pipeline::Waker& waker, std::string& enumerate_error) {
  pipeline::Stages<CheckJob, CheckOutcome, CheckWorker> stages;
  stages.produce = [&](pipeline::Feed<CheckJob>& feed) {
    enumerate(
        options.sources,
        [&](Item item) {
          if (journal != nullptr && journal->already_done(item.name)) {
            return true;
          }
          progress.found();
          std::uint64_t weight = item.bytes ? item.bytes->size() : 0;
          bool streamed = item.stream != nullptr;
          // A streamed member is read while the producer unpacks it: out to a worker now.
          return feed.push(CheckJob{std::move(item), nullptr}, weight) && (!streamed || feed.flush());
        },
        enumerate_error, [&feed] { return feed.stopping(); });
    progress.finding_done();
  };
  stages.make_worker = [&] { return std::make_unique<CheckWorker>(plan); };
  stages.prepare = [](CheckWorker& w, std::vector<CheckJob>& jobs) { w.open_ahead(jobs); };
  stages.work = [](CheckWorker& w, CheckJob& job) { return w.check(job); };
  // A document stuck inside one engine call past its time budget (and a grace for the engine's
  // own checks to stop it) is given up: the run goes on (README, "Limits").
  stages.abandon = [&options](CheckWorker& w, const CheckJob& job) {
    CheckOutcome o;
    o.index = job.item.index;
    o.result = validate::too_slow_result(job.item.name, w.where(), options.limits.time_budget);
    return o;
  };
  stages.emit = [&](CheckWorker& w, CheckOutcome& o) { return emitter.emit(w, o); };
  stages.tick = [&] {
    if (report != nullptr) {
      report->handoff().write_ready();
    }
    progress.show();
  };
  stages.before_join = [&] {
    if (report != nullptr) {
      report->handoff().release(); // a worker waiting for room must not wait for a writer gone
    }
  };
  stages.waker = &waker;
  pipeline::Outcome outcome = pipeline::run(settings, stages);
  if (report != nullptr) {
    report->handoff().drain(); // what was emitted is written, also when interrupted
  }
  return outcome;
}

} // namespace

diag::ExitCode run_check(const CheckOptions& options, std::ostream& out, std::ostream& err, const io::Opener& open) {
  xml::init_libxml();
  xml::XercesPlatform xerces_platform(options.engine == schema::Engine::xerces ||
                                      options.engine == schema::Engine::both);
  if (!xerces_platform.ok()) {
    err << k_tool << ": " << xerces_platform.error() << '\n';
    return diag::ExitCode::load_failed;
  }
  std::shared_ptr<const validate::IdCheckOptions> ids;
  try {
    ids = validate::make_id_check_options(options.ids);
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  // Compile once, on this thread, before any worker starts.
  diag::DiagnosticSink load;
  Loaded loaded = load_plan(options, load);
  if (load.has_errors()) {
    diag::print_gnu(err, k_tool, load.items());
    return diag::ExitCode::load_failed;
  }
  CheckSummary summary;
  pipeline::Waker waker;
  std::unique_ptr<Journal> journal;
  std::unique_ptr<ReportOut> report;
  try {
    open_outputs(options, out, err, waker, summary, journal, report);
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  pipeline::Settings settings;
  settings.workers = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  settings.batch = k_batch;
  settings.weight_budget = k_max_member_bytes;
  settings.job_budget = pipeline::give_up_after(options.limits.time_budget);
  CheckPlan plan = make_plan(options, loaded, settings.workers, open);
  plan.settings.ids = ids;
  plan.deep = options.deep;
  ProgressLine progress(err, !options.quiet && ::isatty(STDERR_FILENO) != 0);
  Emitter emitter(options, summary, report.get(), journal.get(), progress);
  std::string enumerate_error;
  pipeline::Outcome outcome =
      check_all(options, settings, plan, journal.get(), report.get(), emitter, progress, waker, enumerate_error);
  progress.clear();
  diag::ExitCode code = emitter.code();
  if (!emitter.journal_error().empty()) {
    err << k_tool << ": " << emitter.journal_error() << '\n';
    return diag::ExitCode::write_failed;
  }
  if (!enumerate_error.empty()) {
    err << k_tool << ": " << enumerate_error << '\n';
    code = diag::worst(code, diag::ExitCode::unreadable);
  }
  std::vector<diag::Diagnostic> schema_warnings;
  if (loaded.single) {
    schema_warnings = loaded.single->warnings;
  }
  if (loaded.catalog) {
    for (const auto& s : loaded.catalog->schemas()) {
      schema_warnings.insert(schema_warnings.end(), s->warnings.begin(), s->warnings.end());
    }
  }
  return finish_run(options, outcome, code, summary, report.get(), progress, schema_warnings, out, err);
}

Fingerprint fingerprint_of(const CheckOptions& options) {
  Fingerprint f;
  f.version = ALTKIT_VERSION;
  f.engine = schema::to_string(options.engine);
  std::vector<std::string> files;
  if (!options.catalog.empty()) {
    f.mode = "catalog";
    files.push_back(options.catalog);
  } else if (!options.schema.empty()) {
    f.mode = "schema";
    // The schema and the schemas beside it, which it may include or import.
    files.push_back(options.schema);
    std::error_code ec;
    auto folder = std::filesystem::path(options.schema).parent_path();
    std::vector<std::string> beside;
    for (const auto& e : std::filesystem::directory_iterator(folder.empty() ? "." : folder, ec)) {
      if (e.path().extension() == ".xsd" && e.path().filename() != std::filesystem::path(options.schema).filename()) {
        beside.push_back(e.path().string());
      }
    }
    std::sort(beside.begin(), beside.end());
    files.insert(files.end(), beside.begin(), beside.end());
  } else if (options.convert_check) {
    f.mode = "convert-check";
    files.push_back(options.data_dir + "/xslt/altut-to-correspondences.xsl");
    files.push_back(options.data_dir + "/xsd/correspondences.xsd");
    if (!options.map.empty()) {
      files.push_back(options.map);
    }
    f.options = "timezone=" + options.time_zone;
  } else {
    f.mode = "well-formed";
  }
  if (options.ids.check_ids && !options.ids.file.empty()) {
    files.push_back(options.ids.file);
  }
  f.rules = content_hash(files);
  if (options.allow_altinn_row_id) {
    f.options += std::string(f.options.empty() ? "" : " ") + "allow-altinn-row-id";
  }
  if (options.deep) {
    f.options += std::string(f.options.empty() ? "" : " ") + "deep";
  }
  if (options.ids.check_ids) {
    // Which numbers are checked, and how, changes verdicts: a resume with other settings is refused.
    f.options += std::string(f.options.empty() ? "" : " ") + "check-ids";
    if (options.ids.allow_synthetic) {
      f.options += " allow-synthetic-ids";
    }
    for (const auto& spec : options.ids.specs) {
      f.options += " check-id=" + spec;
    }
    if (!options.ids.file.empty()) {
      f.options += " id-paths";
    }
  }
  const SourceOptions& so = options.sources;
  f.inputs = {
      {"operands", so.operands}, {"stdin_list", so.stdin_list}, {"include", so.include}, {"exclude", so.exclude}};
  f.shard = so.shard;
  f.shards = so.shards;
  return f;
}

} // namespace altkit::check
