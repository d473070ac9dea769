// A main() for the fuzz targets when they are not built with libFuzzer: feeds every file named on
// the command line (directories recursively, "@list" for a file of paths) to
// LLVMFuzzerTestOneInput, so the seed corpora and every kept crash input run in make test.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

void collect(const std::string& arg, std::vector<std::string>& files) {
  if (!arg.empty() && arg[0] == '@') {
    std::ifstream list(arg.substr(1));
    if (!list) {
      throw std::runtime_error(arg.substr(1) + ": cannot read the list");
    }
    for (std::string line; std::getline(list, line);) {
      if (!line.empty()) {
        collect(line, files);
      }
    }
  } else if (fs::is_directory(arg)) {
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(arg)) {
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') {
        found.push_back(e.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  } else if (fs::is_regular_file(arg)) {
    files.push_back(arg);
  } else {
    throw std::runtime_error(arg + ": no such file or directory");
  }
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  try {
    for (int i = 1; i < argc; ++i) {
      collect(argv[i], files);
    }
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << '\n';
    return 2;
  }
  if (files.empty()) {
    std::cerr << argv[0] << ": no input to replay\n";
    return 2;
  }
  for (const auto& f : files) {
    std::cerr << "replay: " << f << '\n'; // names the input when a target aborts
    std::ifstream in(f, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << "replayed " << files.size() << " inputs\n";
  return 0;
}
