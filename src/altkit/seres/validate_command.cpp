#include "altkit/seres/validate_command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/pipeline/ordered.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/embedded.hpp"
#include "altkit/validate/routed.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <optional>
#include <ostream>

namespace altkit::seres {

namespace {

constexpr const char* k_tool = "seres-validate";

/// What a worker needs to check one document; shared read-only.
struct Job {
  const schema::CompiledSchema* single = nullptr;
  const schema::Catalog* catalog = nullptr;
  const Opener* open = nullptr;
  bool deep = false;
};

validate::DocumentResult check_one(const Job& job, validate::DocumentValidator& validator, const io::InputRef& in) {
  const std::string& path = in.path;
  std::unique_ptr<io::ByteSource> src;
  try {
    src = io::open_ref(*job.open, in);
  } catch (const diag::Error& e) {
    // The message already names the file (as escape_name shows it): keep only what follows.
    std::string m = e.what();
    std::string shown = diag::escape_name(path) + ": ";
    if (m.rfind(shown, 0) == 0) {
      m.erase(0, shown.size());
    }
    return validate::unreadable_result(path == "-" ? "<stdin>" : path, diag::tidy_message("cannot read: " + m));
  }
  return job.deep ? validate::validate_deep(validator, std::move(src), job.single, job.catalog)
                  : validate::validate_routed(validator, std::move(src), job.single, job.catalog);
}

/// What the run validates against, compiled once on the main thread.
struct Loaded {
  std::shared_ptr<const schema::CompiledSchema> single;
  std::unique_ptr<schema::Catalog> catalog;
  std::vector<const schema::CompiledSchema*> all() const {
    std::vector<const schema::CompiledSchema*> out;
    if (single) {
      out.push_back(single.get());
    } else if (catalog) {
      for (const auto& s : catalog->schemas()) {
        out.push_back(s.get());
      }
    }
    return out;
  }
};

/// The report's destinations: --report FILE (a temporary committed at the end), or `out` for
/// "-"; without --report, machine formats to `out` and text to `err`, for a human. Load errors
/// reach a human on `err` in every format.
class ReportOut {
public:
  /// Throws diag::Error when the --report temporary cannot be made.
  ReportOut(const ValidateOptions& options, std::ostream& out, std::ostream& err)
      : m_text_on_err(report::parse_format(options.format) == report::Format::text && options.report.empty()) {
    if (!options.report.empty() && options.report != "-") {
      m_file = std::make_unique<io::TempFileStream>(options.report);
    }
    std::ostream& destination = m_file ? static_cast<std::ostream&>(*m_file) : m_text_on_err ? err : out;
    reporter = report::make_reporter(report::parse_format(options.format), k_tool, destination, options.quiet);
    text = report::make_reporter(report::Format::text, k_tool, err, true);
  }
  /// The report goes somewhere other than the human's stderr text.
  bool separate() const { return !m_text_on_err; }
  /// Commits --report; a failure is reported on `err` and worsens `rc`.
  diag::ExitCode commit(diag::ExitCode rc, std::ostream& err) {
    if (!m_file) {
      return rc;
    }
    try {
      m_file->commit(io::default_file_mode());
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      rc = diag::worst(rc, e.code());
    }
    return rc;
  }
  std::unique_ptr<report::Reporter> reporter;
  std::unique_ptr<report::Reporter> text;

private:
  bool m_text_on_err;
  std::unique_ptr<io::TempFileStream> m_file;
};

/// Compiles the schema or catalog; on failure reports it and returns nullopt.
std::optional<Loaded> load_schemas(const ValidateOptions& options, ReportOut& report) {
  diag::DiagnosticSink load_sink;
  Loaded l;
  std::unique_ptr<xml::XmlCatalogs> xml_catalogs;
  if (!options.xml_catalogs.empty()) {
    xml_catalogs = xml::XmlCatalogs::load(options.xml_catalogs, load_sink);
  }
  xml::LocationResolverScope locations(xml_catalogs.get()); // schemas compile in this function only
  if (!options.xml_catalogs.empty() && !xml_catalogs) {
    // nothing compiled: the catalog's error is reported below
  } else if (!options.catalog.empty()) {
    l.catalog = schema::Catalog::load(options.catalog, options.engine, load_sink);
  } else {
    l.single = schema::compile_schema(options.schema, options.engine, load_sink);
  }
  if (!l.single && !l.catalog) {
    std::string what = options.catalog.empty() ? options.schema : options.catalog;
    report.text->schema_findings(what, load_sink.items());
    if (report.separate()) {
      report.reporter->schema_findings(what, load_sink.items());
      report.reporter->finish(report::Summary{});
    }
    return std::nullopt;
  }
  for (const auto* s : l.all()) {
    if (!s->warnings.empty()) {
      report.reporter->schema_findings(s->path, s->warnings);
    }
  }
  return l;
}

} // namespace

diag::ExitCode run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err, const Opener& open) {
  xml::init_libxml();
  xml::XercesPlatform xerces_platform(options.engine == schema::Engine::xerces ||
                                      options.engine == schema::Engine::both);
  if (!xerces_platform.ok()) {
    err << k_tool << ": " << xerces_platform.error() << '\n';
    return diag::ExitCode::load_failed;
  }
  validate::ValidateSettings settings;
  settings.allow_altinn_row_id = options.allow_altinn_row_id;
  std::unique_ptr<ReportOut> report;
  try {
    settings.ids = validate::make_id_check_options(options.ids);
    report = std::make_unique<ReportOut>(options, out, err);
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  // Compile once, on this thread, before any worker starts.
  auto loaded = load_schemas(options, *report);
  if (!loaded) {
    return report->commit(diag::ExitCode::load_failed, err);
  }
  diag::ExitCode expand_code = diag::ExitCode::ok;
  auto inputs =
      io::expand_inputs_or_report(options.inputs, k_tool, err, expand_code, {options.include, options.exclude});
  const bool listed_all = !diag::stop_requested(); // else expansion stopped early at a signal
  if (!inputs) {
    return expand_code;
  }

  settings.limits = options.limits;
  Job job{loaded->single.get(), loaded->catalog.get(), &open, options.deep};
  report::Summary summary;
  diag::ExitCode code = diag::ExitCode::ok;

  // Results are written as they come, in input order, with a bounded window in flight.
  pipeline::Settings ps;
  ps.workers =
      std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(std::max<std::size_t>(inputs->size(), 1))));
  ps.batch = 4;
  pipeline::Stages<std::size_t, validate::DocumentResult, validate::DocumentValidator> stages;
  stages.produce = [&](pipeline::Feed<std::size_t>& feed) {
    for (std::size_t i = 0; i < inputs->size() && feed.push(i); ++i) {
    }
  };
  stages.make_worker = [&] { return std::make_unique<validate::DocumentValidator>(options.engine, settings); };
  stages.work = [&](validate::DocumentValidator& v, std::size_t& i) { return check_one(job, v, (*inputs)[i]); };
  // A document stuck inside one engine call past its time budget is given up (README, "Limits").
  ps.job_budget = pipeline::give_up_after(options.limits.time_budget);
  stages.abandon = [&](validate::DocumentValidator& v, const std::size_t& i) {
    return validate::too_slow_result((*inputs)[i].path, v.where(), options.limits.time_budget);
  };
  stages.emit = [&](validate::DocumentValidator&, validate::DocumentResult& r) {
    summary.add(r);
    code = diag::worst(code, validate::exit_code_for(r.verdict));
    report->reporter->document(r);
    return true;
  };
  if (pipeline::run(ps, stages) == pipeline::Outcome::interrupted) {
    // Leave no report that looks complete: nothing is written to --report.
    err << k_tool << ": interrupted after " << summary.documents << " of " << (listed_all ? "" : "at least ")
        << inputs->size() << " documents\n";
    return diag::ExitCode::interrupted;
  }
  report->reporter->finish(summary);
  return report->commit(code, err);
}

} // namespace altkit::seres
