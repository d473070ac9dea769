#pragma once

// Shared set-up for altkit's fuzz targets (fuzz/README.md). Each target defines
// LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer it is a libFuzzer binary, built with
// any compiler and replay_main.cpp it replays files (the seeds and regressions run in make test).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace altkit::fuzz {

/// Where xsd/, xslt/ and corpus/ are: $ALTKIT_DATA_DIR, else the source tree the target was built from.
std::string data_dir();

/// Initialises libxml2, Xerces and the XSLT extension functions once for the process, as the
/// tools do on their main thread. Everything it creates lives until exit.
void init_once();

/// The fuzz input as a string.
inline std::string as_string(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A broken invariant: print it and abort, so libFuzzer keeps the input as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "altkit fuzz invariant broken: %s\n", what);
  std::abort();
}

} // namespace altkit::fuzz
