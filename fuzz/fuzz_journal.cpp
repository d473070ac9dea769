// corpus-check --journal from untrusted journal bytes (a journal cut off by a kill, edited,
// or another file named as one). With the first byte even, the bytes follow a valid header of
// the run's fingerprint (so the lines are what is fuzzed), else they are the whole file.
// Invariants: the journal loads or fails with diag::Error (usage, write_failed) only; once
// loaded, what it counts is what it replays, a line appended is replayed last on the next load,
// and the file then loads again with nothing dropped.

#include "fuzz_common.hpp"

#include "altkit/check/journal.hpp"
#include "altkit/diag/error.hpp"

#include <unistd.h>

using namespace altkit;

namespace {

check::Fingerprint run_fingerprint() {
  check::Fingerprint f;
  f.version = "fuzz";
  f.engine = "libxml2";
  f.mode = "well-formed";
  f.inputs = nlohmann::json::array({"corpus"});
  return f;
}

std::uint64_t replayed(const check::Journal& j) {
  std::uint64_t n = 0;
  j.replay([&](const std::string&) { ++n; });
  return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/altkit-fuzz-journal-" + std::to_string(::getpid()) + ".jsonl";
  static const check::Fingerprint fp = run_fingerprint();
  std::string bytes = fuzz::as_string(data, size);
  if (size > 0 && (data[0] & 1) == 0) {
    // A header as a run writes it: made by an empty journal of this fingerprint.
    ::unlink(path.c_str());
    check::CheckSummary none;
    { check::Journal fresh(path, fp, false, none); }
    FILE* f = std::fopen(path.c_str(), "ab");
    std::fwrite(bytes.data() + 1, 1, bytes.size() - 1, f);
    std::fclose(f);
  } else {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  std::uint64_t before = 0;
  try {
    check::CheckSummary summary;
    check::Journal j(path, fp, false, summary);
    if (replayed(j) != j.documents() || summary.counts.documents != j.documents()) {
      fuzz::fail("a journal that counts other documents than it replays");
    }
    before = j.documents();
    j.append(R"({"type":"document","file":"fuzz-added.xml","verdict":"valid","bytes":1,"findings":[]})");
  } catch (const diag::Error& e) {
    if (e.code() != diag::ExitCode::usage && e.code() != diag::ExitCode::write_failed) {
      fuzz::fail("a journal error with an exit code other than 2 or 5");
    }
    return 0;
  }
  check::CheckSummary again;
  check::Journal j(path, fp, false, again);
  std::string last;
  j.replay([&](const std::string& line) { last = line; });
  if (j.documents() != before + 1 || j.dropped() != 0 || last.find("fuzz-added.xml") == std::string::npos) {
    fuzz::fail("a line appended to a loaded journal is not replayed last on the next load");
  }
  return 0;
}
