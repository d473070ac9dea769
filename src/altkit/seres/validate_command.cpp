#include "altkit/seres/validate_command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/atomic_file.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/routed.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <atomic>
#include <ostream>
#include <sstream>
#include <thread>

namespace altkit::seres {

namespace {

constexpr const char* k_tool = "seres-validate";


/// What a worker needs to check one document; shared read-only.
struct Job {
  const schema::CompiledSchema* single = nullptr;
  const schema::Catalog* catalog = nullptr;
  const Opener* open = nullptr;
};

validate::DocumentResult check_one(const Job& job, validate::DocumentValidator& validator, const std::string& path) {
  std::unique_ptr<io::ByteSource> src;
  try {
    src = (*job.open)(path);
  } catch (const diag::Error& e) {
    // The message already names the file: keep only what follows "path: ".
    std::string m = e.what();
    if (m.rfind(path + ": ", 0) == 0) {
      m.erase(0, path.size() + 2);
    }
    return validate::unreadable_result(path == "-" ? "<stdin>" : path, diag::tidy_message("cannot read: " + m));
  }
  return validate::validate_routed(validator, std::move(src), job.single, job.catalog);
}

} // namespace

diag::ExitCode run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err, const Opener& open) {
  xml::init_libxml();
  xml::XercesPlatform xerces_platform(options.engine != schema::Engine::libxml2);
  if (!xerces_platform.ok()) {
    err << k_tool << ": " << xerces_platform.error() << '\n';
    return diag::ExitCode::load_failed;
  }

  report::Format format = report::parse_format(options.format);
  std::ostringstream buffered; // --report FILE: written atomically at the end
  bool to_file = !options.report.empty() && options.report != "-";
  bool text_on_err = format == report::Format::text && options.report.empty(); // no --report: text is for a human
  std::ostream& destination = to_file ? buffered : text_on_err ? err : out;
  auto reporter = report::make_reporter(format, k_tool, destination, options.quiet);
  // In machine formats, load errors still reach a human on stderr.
  auto text = report::make_reporter(report::Format::text, k_tool, err, true);

  diag::ExitCode code = diag::ExitCode::ok;
  auto write_output = [&](diag::ExitCode rc) {
    if (!to_file) {
      return rc;
    }
    try {
      io::write_file_atomically(options.report, buffered.str());
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      rc = diag::worst(rc, e.code());
    }
    return rc;
  };

  // Compile once, on this thread, before any worker starts.
  diag::DiagnosticSink load_sink;
  std::shared_ptr<const schema::CompiledSchema> single;
  std::unique_ptr<schema::Catalog> catalog;
  if (!options.catalog.empty()) {
    catalog = schema::Catalog::load(options.catalog, options.engine, load_sink);
  } else {
    single = schema::compile_schema(options.schema, options.engine, load_sink);
  }
  if (!single && !catalog) {
    std::string what = options.catalog.empty() ? options.schema : options.catalog;
    text->schema_findings(what, load_sink.items());
    if (!text_on_err) {
      reporter->schema_findings(what, load_sink.items());
      reporter->finish(report::Summary{});
    }
    return write_output(diag::ExitCode::load_failed);
  }
  std::vector<const schema::CompiledSchema*> all;
  if (single) {
    all.push_back(single.get());
  } else {
    for (const auto& s : catalog->schemas()) {
      all.push_back(s.get());
    }
  }
  for (const auto* s : all) {
    if (!s->warnings.empty()) {
      reporter->schema_findings(s->path, s->warnings);
    }
  }

  diag::ExitCode expand_code = diag::ExitCode::ok;
  auto expanded =
      io::expand_inputs_or_report(options.inputs, k_tool, err, expand_code, {options.include, options.exclude});
  if (!expanded) {
    return expand_code;
  }
  std::vector<io::InputRef> inputs = std::move(*expanded);

  validate::ValidateSettings settings;
  settings.allow_altinn_row_id = options.allow_altinn_row_id;
  Job job{single.get(), catalog.get(), &open};

  // bloaty's shape: workers take the next index, results are emitted in input order.
  std::vector<validate::DocumentResult> results(inputs.size());
  std::vector<char> done(inputs.size(), 0); // an interrupted run leaves some undone
  unsigned workers = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(inputs.size())));
  report::Summary summary;
  auto emit = [&](validate::DocumentResult& r) {
    summary.add(r);
    code = diag::worst(code, validate::exit_code_for(r.verdict));
    reporter->document(r);
    r = {};
  };
  if (workers <= 1) {
    validate::DocumentValidator validator(options.engine, settings);
    for (std::size_t i = 0; i < inputs.size() && !diag::stop_requested(); ++i) {
      auto r = check_one(job, validator, inputs[i].path);
      emit(r);
    }
  } else {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        validate::DocumentValidator validator(options.engine, settings);
        for (std::size_t i = next++; i < inputs.size() && !diag::stop_requested(); i = next++) {
          results[i] = check_one(job, validator, inputs[i].path);
          done[i] = 1;
        }
      });
    }
    for (auto& t : pool) {
      t.join();
    }
    for (std::size_t i = 0; i < results.size() && done[i] != 0; ++i) {
      emit(results[i]);
    }
  }
  if (diag::stop_requested()) {
    // Leave no report that looks complete: nothing is written to --report.
    err << k_tool << ": interrupted after " << summary.documents << " of " << inputs.size() << " documents\n";
    return diag::ExitCode::interrupted;
  }
  reporter->finish(summary);
  return write_output(code);
}

} // namespace altkit::seres
