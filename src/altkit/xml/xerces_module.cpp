#include "altkit/xml/xerces_module.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace altkit::xml {

namespace {

constexpr const char* k_file = "libaltkit-xerces.so";

std::string executable_dir() {
  std::string buf(4096, '\0');
  ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) {
    return "";
  }
  buf.resize(static_cast<std::size_t>(n));
  auto slash = buf.rfind('/');
  return slash == std::string::npos ? "" : buf.substr(0, slash);
}

/// The folder of the object holding this code: the shared library when a program links
/// libaltkit.so, else the executable.
std::string own_object_dir() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&own_object_dir), &info) == 0 || info.dli_fname == nullptr) {
    return "";
  }
  std::string path = info.dli_fname;
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

const XercesApi* load() {
  std::vector<std::string> places;
  const char* env = std::getenv("ALTKIT_XERCES_MODULE");
  if (env != nullptr && *env != '\0') {
    places.emplace_back(env); // named explicitly: the only place looked at
  } else if (std::string dir = executable_dir(); !dir.empty()) {
    places.push_back(dir + "/" + k_file);
#ifdef ALTKIT_MODULE_FROM_BINDIR
    // Installed: the module's folder as seen from the tools' (lib/altkit, or with a Debian
    // prefix lib/x86_64-linux-gnu/altkit).
    places.push_back(dir + "/" ALTKIT_MODULE_FROM_BINDIR "/" + k_file);
#endif
    places.push_back(dir + "/../lib/altkit/" + k_file);
    // A program linking the shared library: the module beside it, in <libdir>/altkit.
    if (std::string lib = own_object_dir(); !lib.empty() && lib != dir) {
      places.push_back(lib + "/altkit/" + k_file);
    }
#if defined(ALTKIT_XERCES_MODULE_BUILD_PATH) && defined(ALTKIT_BUILD_DIR)
    // Tests and fuzzers run from elsewhere in the build tree: a program inside it may load the
    // tree's module; an installed one never looks there.
    if ((dir + "/").rfind(ALTKIT_BUILD_DIR "/", 0) == 0) {
      places.emplace_back(ALTKIT_XERCES_MODULE_BUILD_PATH);
    }
#endif
  }
  std::string tried;
  for (const auto& p : places) {
    if (::access(p.c_str(), F_OK) != 0) {
      tried += "\n  " + p + ": not there";
      continue;
    }
    void* handle = ::dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      tried += "\n  " + p + ": " + (why != nullptr ? why : "cannot load");
      continue;
    }
    using Entry = const XercesApi* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, ALTKIT_XERCES_ENTRY_NAME));
    if (entry == nullptr) {
      tried += "\n  " + p + ": no " + ALTKIT_XERCES_ENTRY_NAME;
      continue;
    }
    return entry(); // the handle stays open for the life of the process
  }
  throw diag::Error(diag::ExitCode::load_failed,
                    std::string("the Xerces engine is not available: cannot load ") + k_file + ", looked at:" + tried);
}

} // namespace

const XercesApi& xerces() {
  static const XercesApi* api = load(); // thread-safe once; a failure throws and is retried
  return *api;
}

XercesPlatform::XercesPlatform(bool needed) {
  if (!needed) {
    return;
  }
  try {
    xerces().initialize();
    m_initialized = true;
  } catch (const diag::Error& e) {
    m_error = e.what();
  }
}

XercesPlatform::~XercesPlatform() {
  // A worker given up inside Xerces (pipeline::Stages::abandon) may still be running in it.
  if (m_initialized && diag::abandoned_workers() == 0) {
    xerces().terminate();
  }
}

} // namespace altkit::xml
