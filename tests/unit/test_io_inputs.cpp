#include "altkit/diag/error.hpp"
#include "altkit/io/atomic_file.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/source.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <vector>

namespace fs = std::filesystem;
using namespace altkit;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "altkit-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};
void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
} // namespace

TEST_CASE("io::expand_inputs") {
  TempDir t;
  fs::create_directories(t.path / "d" / "sub");
  write(t.path / "d" / "b.xml", "<b/>");
  write(t.path / "d" / "sub" / "a.xml", "<a/>");
  write(t.path / "d" / "notes.txt", "x");
  write(t.path / "list.txt", "# comment\n" + (t.path / "one.xml").string() + "\r\n\n-\n");
  auto got = io::expand_inputs({(t.path / "d").string(), "@" + (t.path / "list.txt").string(), "x.xml"});
  REQUIRE(got.size() == 5);
  CHECK(got[0].path == (t.path / "d" / "b.xml").string());
  CHECK(got[1].path == (t.path / "d" / "sub" / "a.xml").string());
  CHECK(got[2].path == (t.path / "one.xml").string());
  CHECK(got[3].path == "-");
  CHECK(got[4].path == "x.xml");
  CHECK_THROWS_AS(io::expand_inputs({"@" + (t.path / "missing.txt").string()}), diag::Error);
}

TEST_CASE("io::PrefixedSource") {
  io::PrefixedSource s("abc", std::make_unique<io::MemorySource>("defg", "n"));
  CHECK(io::read_all(s) == "abcdefg");
  CHECK(s.name() == "n");
}

TEST_CASE("io::FileSource") {
  CHECK_THROWS_AS(io::FileSource("/nonexistent/file.xml"), diag::Error);
  TempDir t;
  CHECK_THROWS_AS(io::FileSource(t.path.string()), diag::Error); // a directory
  CHECK(io::open_file_unless_directory(t.path.string()) == nullptr);
  CHECK_THROWS_AS(io::open_file_unless_directory((t.path / "missing.xml").string()), diag::Error);
}

TEST_CASE("io::FileSource reads every byte, whatever the request sizes (read-ahead chunks)") {
  TempDir t;
  auto p = (t.path / "big.xml").string();
  std::string content;
  for (std::size_t i = 0; content.size() < 300000; ++i) {
    content += "<row n=\"" + std::to_string(i) + "\"/>\n";
  }
  {
    std::ofstream(p, std::ios::binary) << content;
  }
  for (std::size_t request : {1UL, 4000UL, 65535UL, 65536UL, 200000UL, 1000000UL}) {
    CAPTURE(request);
    io::FileSource src(p);
    std::string got;
    std::vector<char> buf(request);
    // Alternate request sizes around the chunk size, as a parser growing its buffer would.
    for (bool small = true;; small = !small) {
      std::size_t n = small ? std::min<std::size_t>(request, 4000) : request;
      std::size_t k = src.read(buf.data(), n);
      if (k == 0) {
        break;
      }
      got.append(buf.data(), k);
    }
    CHECK(got == content);
  }
  // What is appended after the open is not part of this reading.
  io::FileSource src(p);
  std::ofstream(p, std::ios::binary | std::ios::app) << "<late/>";
  CHECK(io::read_all(src) == content);
  auto again = io::FileSource(p);
  CHECK(io::read_all(again) == content + "<late/>");
}

TEST_CASE("io::write_file_atomically") {
  TempDir t;
  auto p = (t.path / "out.json").string();
  io::write_file_atomically(p, "first");
  ::chmod(p.c_str(), 0600);
  io::write_file_atomically(p, "second");
  std::ifstream in(p);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  CHECK(s == "second");
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600); // the mode of the file it replaces
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(t.path)) {
    (void)e;
    ++files;
  }
  CHECK(files == 1); // no temporary left behind
  try {
    io::write_file_atomically((t.path / "no" / "such" / "dir.json").string(), "x");
    FAIL("expected a write error");
  } catch (const diag::Error& e) {
    CHECK(e.code() == diag::ExitCode::write_failed);
  }
  CHECK_THROWS_AS(io::write_file_atomically("/dev/full/x", "x"), diag::Error);
}
