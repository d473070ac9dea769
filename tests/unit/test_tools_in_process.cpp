// The tools' run functions called in-process with an injected opener (ARCHITECTURE.md: "tests
// call the same entry points in-process"): every input is served from memory under a name that
// exists nowhere on disk, so a test that passes proves the opener, not the file system, was used.
#include "altkit/check/run.hpp"
#include "altkit/convert/command.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/replyref/command.hpp"
#include "altkit/seres/validate_command.hpp"
#include "test_helpers.hpp"

#include <atomic>
#include <map>
#include <sstream>

namespace {

using test::slurp;

/// Serves named documents from memory; any other name is unreadable. Counts its calls.
struct MemoryOpener {
  std::map<std::string, std::string> files;
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  altkit::io::Opener opener() const {
    return [files = files, calls = calls](const std::string& name) -> std::unique_ptr<altkit::io::ByteSource> {
      ++*calls;
      auto it = files.find(name);
      if (it == files.end()) {
        throw altkit::diag::Error(altkit::diag::ExitCode::unreadable, name + ": no such file in memory");
      }
      return std::make_unique<altkit::io::MemorySource>(it->second, name);
    };
  }
};

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

const std::string k_valid = test::k_corpus + "/seres-validate/docs/valid.xml";
const std::string k_invalid = test::k_corpus + "/seres-validate/docs/invalid.xml";

} // namespace

TEST_CASE("run_validate reads through the injected opener, -j 1 and -j 3 alike", "[tools][in-process]") {
  MemoryOpener mem;
  mem.files["mem:/a-valid.xml"] = slurp(k_valid);
  mem.files["mem:/b-invalid.xml"] = slurp(k_invalid);
  altkit::seres::ValidateOptions o;
  o.schema = test::k_schema;
  o.engine = altkit::schema::Engine::libxml2;
  o.format = "jsonl";
  o.inputs = {"mem:/a-valid.xml", "mem:/b-invalid.xml", "mem:/missing.xml"};
  std::string first;
  for (unsigned jobs : {1u, 3u}) {
    o.jobs = jobs;
    std::ostringstream out, err;
    auto rc = altkit::seres::run_validate(o, out, err, mem.opener());
    CHECK(rc == altkit::diag::ExitCode::unreadable); // the worst of valid, invalid, unreadable
    CHECK(count(out.str(), "\"verdict\":\"valid\"") == 1);
    CHECK(count(out.str(), "\"verdict\":\"invalid\"") == 1);
    CHECK(count(out.str(), "\"verdict\":\"unreadable\"") == 1);
    CHECK(out.str().find("no such file in memory") != std::string::npos);
    if (jobs == 1) {
      first = out.str();
    } else {
      CHECK(out.str() == first);
    }
  }
  CHECK(*mem.calls == 6);
}

TEST_CASE("run_check reads through the injected opener", "[tools][in-process]") {
  MemoryOpener mem;
  mem.files["mem:/a-valid.xml"] = slurp(k_valid);
  mem.files["mem:/b-invalid.xml"] = slurp(k_invalid);
  test::TempDir dir;
  altkit::check::CheckOptions o;
  o.schema = test::k_schema;
  o.sources.operands = {"mem:/a-valid.xml", "mem:/b-invalid.xml"};
  o.report = (dir.path / "report.jsonl").string();
  o.quiet = true;
  o.jobs = 2;
  std::ostringstream out, err;
  auto rc = altkit::check::run_check(o, out, err, mem.opener());
  INFO(err.str());
  CHECK(rc == altkit::diag::ExitCode::findings);
  std::string report = slurp(o.report);
  CHECK(count(report, "\"verdict\":\"valid\"") == 1);
  CHECK(count(report, "\"verdict\":\"invalid\"") == 1);
  CHECK(*mem.calls == 2);
}

TEST_CASE("run_convert reads through the injected opener; --report - streams to out", "[tools][in-process]") {
  MemoryOpener mem;
  mem.files["mem:/complete.xml"] = slurp(test::k_corpus + "/altut/inputs/complete.xml");
  altkit::convert::ConvertCommandOptions o;
  o.map = test::k_corpus + "/altut/inputs/service-map.csv";
  o.data_dir = test::k_corpus + "/..";
  o.inputs = {"mem:/complete.xml", "mem:/gone.xml"};
  o.dry_run = true;
  o.report = "-";
  o.jobs = 2;
  std::ostringstream out, err;
  auto rc = altkit::convert::run_convert(o, out, err, mem.opener());
  INFO(err.str());
  CHECK(rc == altkit::diag::ExitCode::unreadable); // the missing one
  CHECK(count(out.str(), "\"type\":\"message\"") >= 1);
  CHECK(count(out.str(), "\"status\":\"unreadable\"") == 1);
  CHECK(count(out.str(), "\"type\":\"summary\"") == 1);
  CHECK(err.str().find("mem:/gone.xml") != std::string::npos);
  CHECK(*mem.calls == 2);
}

TEST_CASE("run_replyref reads through the injected opener and rewrites to out", "[tools][in-process]") {
  MemoryOpener mem;
  std::string altut = slurp(test::k_corpus + "/replyref/data/altut.xml");
  mem.files["mem:/altut.xml"] = altut;
  altkit::replyref::ReplyrefOptions o;
  o.map = test::k_corpus + "/replyref/data/service-map.csv";
  o.inputs = {"mem:/altut.xml"};
  o.quiet = true;
  std::ostringstream out, err;
  auto rc = altkit::replyref::run_replyref(o, out, err, mem.opener());
  INFO(err.str());
  CHECK(rc == altkit::diag::ExitCode::ok);
  CHECK(*mem.calls == 1);
  CHECK(!out.str().empty());
  CHECK(out.str() != altut); // references were rewritten
  CHECK(out.str().find("<ServiceCode>") != std::string::npos);
  CHECK(out.str().size() > altut.size() / 2);
}
