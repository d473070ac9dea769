#include "altkit/diag/error.hpp"
#include "altkit/io/atomic_file.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/source.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

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
