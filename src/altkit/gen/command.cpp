#include "altkit/gen/command.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/gen/instances.hpp"
#include "altkit/io/temp_file.hpp"

#include <cmath>
#include <filesystem>
#include <memory>
#include <ostream>

namespace altkit::gen {

namespace {
constexpr const char* k_tool = "corpus-gen";
}

std::unique_ptr<SchemaModel> load_model(const std::string& schema, std::ostream& err) {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(schema, sink);
  if (!model) {
    diag::print_gnu(err, k_tool, sink.items());
  }
  return model;
}

diag::ExitCode run_instances(const InstancesCommandOptions& options, std::ostream& err) {
  auto model = load_model(options.schema, err);
  if (!model) {
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
    // Each document goes to its file as it is made (a --repeat document of hundreds of MB is
    // never held whole), renamed into place when complete.
    struct Files final : DocumentSink {
      const std::string& dir;
      std::unique_ptr<io::TempFile> file;
      explicit Files(const std::string& d) : dir(d) {}
      void begin(const std::string& name) override {
        file = std::make_unique<io::TempFile>((std::filesystem::path(dir) / name).string());
      }
      void write(std::string_view bytes) override { file->write(bytes.data(), bytes.size()); }
      void end() override {
        file->commit(io::default_file_mode());
        file.reset();
      }
    } files(options.output_dir);
    auto truth = generate_instances(*model, io_opts, files);
    io::TempFile gt((std::filesystem::path(options.output_dir) / "ground-truth.tsv").string());
    gt.write("document\texpected\tfault\tpath\tdetail\n");
    std::size_t invalid = 0;
    for (const auto& g : truth) {
      invalid += g.valid ? 0 : 1;
      gt.write(g.document + "\t" + (g.valid ? "valid" : "invalid") + "\t" + g.fault + "\t" + g.path + "\t" + g.detail +
               "\n");
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
