#include "altkit/diag/error.hpp"
#include "altkit/io/atomic_file.hpp"
#include "altkit/io/inputs.hpp"
#include "altkit/io/source.hpp"

#include "test_helpers.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace altkit;

using test::TempDir;
using test::write;

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

TEST_CASE("io::ByteSource::read_at reads again without moving read()'s place") {
  auto read_at_all = [](io::ByteSource& s, std::uint64_t from, std::size_t step) {
    std::string out(step, '\0');
    std::string got;
    for (std::size_t k; (k = s.read_at(out.data(), step, from + got.size())) > 0;) {
      got.append(out, 0, k);
    }
    return got;
  };
  io::MemorySource m("0123456789", "m");
  char b[4];
  REQUIRE(m.read(b, 4) == 4);
  CHECK(m.can_read_at());
  CHECK(read_at_all(m, 2, 3) == "23456789");
  CHECK(io::read_all(m) == "456789"); // read() goes on where it was
  // A peeked prefix is the stream's first bytes: offsets run through it.
  io::PrefixedSource p("012", std::make_unique<io::MemorySource>("0123456", "n"));
  CHECK(read_at_all(p, 0, 2) == "0123456");
  TempDir t;
  auto path = (t.path / "doc.xml").string();
  { std::ofstream(path, std::ios::binary) << "<a>hello</a>\n"; }
  io::FileSource f(path);
  REQUIRE(f.read(b, 4) == 4);
  CHECK(f.can_read_at());
  CHECK(read_at_all(f, 1, 5) == "a>hello</a>\n");
  CHECK(read_at_all(f, 100, 5).empty());
  CHECK(io::read_all(f) == "ello</a>\n");
  { std::ofstream(path, std::ios::binary | std::ios::app) << "appended"; }
  CHECK(read_at_all(f, 0, 64) == "<a>hello</a>\n"); // up to the size at open, as read()
  // Standard input is not reread: it may be a pipe, and its start need not be offset 0.
  auto in = io::open_stdin();
  CHECK_FALSE(in->can_read_at());
  CHECK_THROWS_AS(in->read_at(b, 4, 0), diag::Error);
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
  { std::ofstream(p, std::ios::binary) << content; }
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

namespace {
/// How many of a file's pages are in the page cache (mincore over a mapping of it).
std::size_t resident_pages(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  REQUIRE(map != MAP_FAILED);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> vec((size + page - 1) / page);
  REQUIRE(::mincore(map, size, vec.data()) == 0);
  ::munmap(map, size);
  std::size_t n = 0;
  for (unsigned char v : vec) {
    n += (v & 1U);
  }
  return n;
}
} // namespace

TEST_CASE("io::open_ahead opens regular files only, and they read as FileSource reads them") {
  TempDir t;
  CHECK(io::open_ahead((t.path / "missing.xml").string(), 4096) == nullptr);
  CHECK(io::open_ahead(t.path.string(), 4096) == nullptr); // a folder: its reader walks it
  // A FIFO with no writer: opening it to read would wait for one; open_ahead must not.
  auto fifo = (t.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(io::open_ahead(fifo, 4096) == nullptr);

  auto p = (t.path / "doc.xml").string();
  std::string content;
  for (std::size_t i = 0; content.size() < 300000; ++i) { // past the 256 KiB a caller asks for
    content += "<row n=\"" + std::to_string(i) + "\"/>\n";
  }
  { std::ofstream(p, std::ios::binary) << content; }
  for (std::uint64_t advise : {0UL, 4096UL, 256UL * 1024, 1UL << 30}) {
    CAPTURE(advise);
    auto src = io::open_ahead(p, advise);
    REQUIRE(src != nullptr);
    CHECK(src->name() == p);
    CHECK(io::read_all(*src) == content);
  }
  // Read up to the size it had when opened, as FileSource is.
  auto src = io::open_ahead(p, 4096);
  REQUIRE(src != nullptr);
  std::ofstream(p, std::ios::binary | std::ios::app) << "<late/>";
  CHECK(io::read_all(*src) == content);
}

TEST_CASE("io::open_ahead has the kernel read the advised bytes before anyone reads them") {
  TempDir t;
  auto p = (t.path / "cold.xml").string();
  std::string content(1 << 20, 'x');
  { std::ofstream(p, std::ios::binary) << content; }
  // Written back and dropped from the page cache, where the file system allows it (tmpfs
  // keeps its pages: nothing to see there).
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
  if (resident_pages(p) != 0) {
    WARN("this file system kept the pages: the read-ahead cannot be observed here");
    return;
  }
  auto src = io::open_ahead(p, 64 * 1024);
  REQUIRE(src != nullptr);
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t got = 0;
  for (int i = 0; i < 200 && (got = resident_pages(p)) < 64 * 1024 / page; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(got >= 64 * 1024 / page);     // the advised 64 KiB arrived, though nothing was read
  CHECK(got < content.size() / page); // and not the whole megabyte
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
