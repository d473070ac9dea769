#include "altkit/gen/command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/gen/instances.hpp"
#include "altkit/io/temp_file.hpp"

#include <cmath>
#include <filesystem>
#include <ostream>

namespace altkit::gen {

namespace {
constexpr const char* k_tool = "corpus-gen";
}

diag::ExitCode run_instances(const InstancesCommandOptions& options, std::ostream& err) {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(options.schema, sink);
  if (!model) {
    diag::print_gnu(err, k_tool, sink.items());
    return diag::ExitCode::load_failed;
  }
  InstanceOptions io_opts;
  io_opts.seed = options.seed;
  io_opts.count = options.count;
  io_opts.invalid_percent = static_cast<int>(std::lround(options.invalid_ratio * 100.0));
  io_opts.root = options.root;
  io_opts.repeat = options.repeat;
  io_opts.schema_location = options.schema_location;
  io_opts.prefix = std::filesystem::path(options.schema).stem().string();
  if (!options.root.empty() && model->find(options.root) == nullptr) {
    err << k_tool << ": " << options.schema << ": no global element '" << options.root << "'\n";
    return diag::ExitCode::usage;
  }
  if (model->default_root() == nullptr) {
    err << k_tool << ": " << options.schema << ": the schema declares no global element\n";
    return diag::ExitCode::load_failed;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.output_dir, ec);
  try {
    auto truth = generate_instances(*model, io_opts, [&](const std::string& name, const std::string& xml) {
      io::TempFile f((std::filesystem::path(options.output_dir) / name).string());
      f.write(xml);
      f.commit(io::default_file_mode());
    });
    io::TempFile gt((std::filesystem::path(options.output_dir) / "ground-truth.tsv").string());
    gt.write("document\texpected\tfault\tpath\tdetail\n");
    std::size_t invalid = 0;
    for (const auto& g : truth) {
      invalid += g.valid ? 0 : 1;
      gt.write(g.document + "\t" + (g.valid ? "valid" : "invalid") + "\t" + g.fault + "\t" + g.path + "\t" + g.detail + "\n");
    }
    gt.commit(io::default_file_mode());
    err << k_tool << ": " << truth.size() << " documents (" << invalid << " invalid) from " << options.schema << " in "
        << options.output_dir << "\n";
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  return diag::ExitCode::ok;
}

} // namespace altkit::gen
