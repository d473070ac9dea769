#include "altkit/convert/command.hpp"

#include "altkit/convert/converter.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/xml/libxml.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <thread>

namespace altkit::convert {

namespace {

namespace fs = std::filesystem;
constexpr const char* k_tool = "altut-convert";
using nlohmann::json;

std::string dumps(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

/// Everything one file produced for the terminal and the report, in order; kept in anonymous
/// temporary files so a huge input does not need memory for it, and emitted in input order.
struct FileLog {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> text{nullptr, &std::fclose};
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> report{nullptr, &std::fclose};
  FileConversion result;
  std::string display;
  bool done = false;

  FileLog() {
    text.reset(std::tmpfile());
    report.reset(std::tmpfile());
    if (!text || !report) {
      throw diag::Error(diag::ExitCode::write_failed, "cannot create a temporary file");
    }
  }
  void say(const std::string& line) { std::fputs((line + "\n").c_str(), text.get()); }
  void put(const json& j) { std::fputs(dumps(j).c_str(), report.get()); }
};

void copy_out(std::FILE* f, std::ostream& out) {
  std::rewind(f);
  char buf[65536];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) {
    out.write(buf, static_cast<std::streamsize>(n));
  }
}

void copy_out(std::FILE* f, io::TempFile& out) {
  std::rewind(f);
  char buf[65536];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) {
    out.write(buf, n);
  }
}

std::string strip_xml(const std::string& rel) {
  if (rel.size() > 4 && rel.compare(rel.size() - 4, 4, ".xml") == 0) {
    return rel.substr(0, rel.size() - 4);
  }
  return rel;
}

void convert_one(Converter& converter, const io::InputRef& in, const ConvertCommandOptions& options, bool with_report,
                 FileLog& log) {
  log.display = in.path == "-" ? "<stdin>" : in.path;
  std::string out_base;
  if (!options.dry_run) {
    out_base = (fs::path(options.output_dir) / strip_xml(in.path == "-" ? "stdin" : in.relative)).string();
    std::error_code ec;
    fs::create_directories(fs::path(out_base).parent_path(), ec);
  }
  try {
    auto src = io::open_input(in.path);
    log.result = converter.convert(*src, out_base, [&](const MessageRecord& m) {
      json lost = json::array();
      for (const auto& l : m.losses) {
        lost.push_back({{"path", l.path}, {"value", l.value}, {"reason", l.reason}});
        if (!with_report) {
          log.say(diag::format_gnu(k_tool, diag::Diagnostic{log.display, m.line, 0, l.path, diag::Severity::note,
                                                            "lost-field",
                                                            "message '" + m.reference + "': " + l.path + " = '" + l.value +
                                                                "' not carried over: " + l.reason,
                                                            ""}));
        }
      }
      if (!m.converted) {
        log.say(diag::format_gnu(k_tool, diag::Diagnostic{log.display, m.line, 0, "", diag::Severity::error, m.reject_code,
                                                          "message '" + m.reference + "' rejected: " + m.reject_reason,
                                                          ""}));
      }
      json j{{"type", "message"},
             {"file", log.display},
             {"message", m.index},
             {"line", m.line},
             {"message_reference", m.reference},
             {"short_name", m.short_name},
             {"status", m.converted ? "converted" : "rejected"},
             {"correspondences", m.correspondences},
             {"lost", lost}};
      if (!m.converted) {
        j["code"] = m.reject_code;
        j["reason"] = m.reject_reason;
      }
      log.put(j);
    });
  } catch (const diag::Error& e) {
    bool write = e.code() == diag::ExitCode::write_failed;
    if (!write) {
      log.result.readable = false;
    }
    log.result.diagnostics.push_back(diag::Diagnostic{log.display, 0, 0, "", diag::Severity::fatal,
                                                      write ? "write-failed" : "unreadable", diag::tidy_message(e.what()),
                                                      ""});
  }
  for (auto& d : log.result.diagnostics) {
    if (d.file.empty()) {
      d.file = log.display;
    }
    log.say(diag::format_gnu(k_tool, d));
  }
  const auto& r = log.result;
  log.say(std::string(k_tool) + ": " + log.display + ": " + std::to_string(r.messages) +
          (r.messages == 1 ? " message = " : " messages = ") +
          std::to_string(r.converted) + " converted + " + std::to_string(r.rejected) + " rejected; " +
          std::to_string(r.correspondences) + " correspondences; " + std::to_string(r.losses) +
          " fields not carried over");
  json outputs = json::array();
  for (const auto& o : r.outputs) {
    outputs.push_back(o);
  }
  log.put({{"type", "file"},
           {"file", log.display},
           {"status", !r.readable ? "unreadable" : r.internal_error ? "internal-error" : "done"},
           {"inputs", r.messages},
           {"converted", r.converted},
           {"rejected", r.rejected},
           {"correspondences", r.correspondences},
           {"lost", r.losses},
           {"outputs", outputs}});
}

} // namespace

diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& err) {
  return run_convert(options, std::cout, err);
}

diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& out, std::ostream& err) {
  xml::init_libxml();
  register_extensions();

  diag::DiagnosticSink load;
  std::unique_ptr<servicemap::ServiceMap> map;
  if (!options.map.empty()) {
    map = servicemap::ServiceMap::load(options.map, load);
  }
  bool soap = options.to == "insert-v2";
  std::string stylesheet_path =
      !options.stylesheet.empty() ? options.stylesheet
      : soap                      ? options.data_dir + "/xslt/altut-to-insert-v2.xsl"
                                  : options.data_dir + "/xslt/altut-to-correspondences.xsl";
  auto stylesheet = Stylesheet::load(stylesheet_path, load);
  auto target = schema::compile_schema(options.data_dir + (soap ? "/xsd/insert-correspondence-v2/insert-correspondence-v2.xsd"
                                                                : "/xsd/correspondences.xsd"),
                                       schema::Engine::libxml2, load);
  if (load.has_errors()) {
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
  if (!options.dry_run) {
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    if (ec) {
      err << k_tool << ": " << options.output_dir << ": cannot create: " << ec.message() << '\n';
      return diag::ExitCode::write_failed;
    }
  }
  std::unique_ptr<io::TempFile> report;
  std::ostream* report_out = options.report == "-" ? &out : nullptr; // --report -: streamed, in input order
  if (!options.report.empty() && report_out == nullptr) {
    try {
      report = std::make_unique<io::TempFile>(options.report);
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      return e.code();
    }
  }

  ConvertOptions copts;
  copts.map = map.get();
  copts.format = soap ? Format::insert_v2 : Format::correspondences;
  copts.strict = options.strict;
  copts.with_offset = options.with_offset;
  copts.batch_size = options.batch_size;

  // Files in parallel, each worker with its own Converter; logs emitted in input order.
  std::vector<std::unique_ptr<FileLog>> logs(inputs.size());
  for (auto& l : logs) {
    l = std::make_unique<FileLog>();
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    Converter converter(*stylesheet, *target, copts);
    for (std::size_t i = next++; i < inputs.size() && !diag::stop_requested(); i = next++) {
      convert_one(converter, inputs[i], options, report != nullptr || report_out != nullptr, *logs[i]);
      logs[i]->done = true;
    }
  };
  unsigned workers = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(inputs.size())));
  if (workers == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
      pool.emplace_back(work);
    }
    for (auto& t : pool) {
      t.join();
    }
  }
  if (diag::stop_requested()) {
    err << k_tool << ": interrupted\n";
    return diag::ExitCode::interrupted; // the report's temporary is removed
  }

  diag::ExitCode code = diag::ExitCode::ok;
  std::uint64_t t_messages = 0, t_converted = 0, t_rejected = 0, t_corr = 0, t_lost = 0;
  for (auto& l : logs) {
    if (!options.quiet) {
      copy_out(l->text.get(), err);
    } else {
      // Quiet: findings still go out, the per-file summary line does not.
      std::rewind(l->text.get());
      char line[8192];
      std::string summary_prefix = std::string(k_tool) + ": " + l->display + ": ";
      while (std::fgets(line, sizeof line, l->text.get()) != nullptr) {
        std::string text_line(line);
        bool summary = text_line.rfind(summary_prefix, 0) == 0 && (text_line.find(" messages = ") != std::string::npos ||
                                                           text_line.find(" message = ") != std::string::npos);
        if (!summary) {
          err << line;
        }
      }
    }
    if (report) {
      copy_out(l->report.get(), *report);
    } else if (report_out != nullptr) {
      copy_out(l->report.get(), *report_out);
    }
    const auto& r = l->result;
    t_messages += r.messages;
    t_converted += r.converted;
    t_rejected += r.rejected;
    t_corr += r.correspondences;
    t_lost += r.losses;
    if (!r.readable) {
      code = diag::worst(code, diag::ExitCode::unreadable);
    }
    if (r.rejected > 0) {
      code = diag::worst(code, diag::ExitCode::findings);
    }
    for (const auto& d : r.diagnostics) {
      if (d.code == "write-failed") {
        code = diag::worst(code, diag::ExitCode::write_failed);
      }
    }
    if (r.internal_error) {
      code = diag::worst(code, diag::ExitCode::internal);
    }
  }
  if (report || report_out != nullptr) {
    std::string summary = dumps({{"type", "summary"},
                                 {"files", inputs.size()},
                                 {"inputs", t_messages},
                                 {"converted", t_converted},
                                 {"rejected", t_rejected},
                                 {"correspondences", t_corr},
                                 {"lost", t_lost}});
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
    err << k_tool << ": " << inputs.size() << (inputs.size() == 1 ? " file: " : " files: ") << t_messages
        << (t_messages == 1 ? " message = " : " messages = ") << t_converted << " converted + " << t_rejected << " rejected; " << t_corr
        << " correspondences; " << t_lost << " fields not carried over\n";
  }
  return code;
}

} // namespace altkit::convert
