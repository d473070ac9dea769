// corpus-check merge from untrusted shard reports: the input is split at lines "----" into up
// to four jsonl reports, merged with a merged report written. Invariants: the exit code is one
// the README documents for merge (0, 1, 2, 3, 5); a merged report is written only when the
// merge is accepted (exit 0 or 1), and then it is not empty.

#include "fuzz_common.hpp"

#include "altkit/check/run.hpp"

#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace altkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::init_once();
  static const std::string dir = "/tmp/altkit-fuzz-merge-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  std::string text = fuzz::as_string(data, size);
  check::MergeOptions options;
  std::size_t start = 0;
  for (int k = 0; k < 4 && start <= text.size(); ++k) {
    std::size_t cut = text.find("\n----\n", start);
    std::string part = text.substr(start, cut == std::string::npos ? std::string::npos : cut - start + 1);
    std::string path = dir + "/shard-" + std::to_string(k) + ".jsonl";
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(part.data(), 1, part.size(), f);
    std::fclose(f);
    options.reports.push_back(path);
    if (cut == std::string::npos) {
      break;
    }
    start = cut + 6;
  }
  const std::string merged = dir + "/merged.jsonl";
  ::unlink(merged.c_str());
  options.report = merged;
  options.quiet = (size & 1) != 0;
  std::ostringstream out;
  std::ostringstream err;
  auto rc = check::run_merge(options, out, err);
  int code = static_cast<int>(rc);
  if (code != 0 && code != 1 && code != 2 && code != 3 && code != 5) {
    fuzz::fail("merge ended with an exit code it does not document");
  }
  struct stat sb {};
  bool written = ::stat(merged.c_str(), &sb) == 0;
  if (written != (code <= 1)) {
    fuzz::fail("a merged report written for a refused merge, or none for an accepted one");
  }
  if (written && sb.st_size == 0) {
    fuzz::fail("an accepted merge wrote an empty report");
  }
  if (code > 1 && err.str().empty()) {
    fuzz::fail("a refused merge that says nothing");
  }
  return 0;
}
