#include "altkit/check/sources.hpp"

#include "test_helpers.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace altkit;

namespace {
struct Seen {
  std::string name;
  bool listed;
};
std::vector<Seen> enumerate_all(const check::SourceOptions& opt) {
  std::vector<Seen> seen;
  std::string error;
  REQUIRE(check::enumerate(
      opt,
      [&](check::Item item) {
        seen.push_back({item.name, item.listed});
        return true;
      },
      error));
  REQUIRE(error.empty());
  return seen;
}
} // namespace

TEST_CASE("sources: a folder named in a list is expanded in its place, a listed document is not looked at", "[check]") {
  test::TempDir t;
  fs::create_directories(t.path / "forms" / "sub");
  test::write(t.path / "forms" / "b.xml", "<b/>");
  test::write(t.path / "forms" / "sub" / "a.xml", "<a/>");
  test::write(t.path / "forms" / "notes.txt", "not a document");
  test::write(t.path / "first.xml", "<f/>");
  const std::string first = (t.path / "first.xml").string();
  const std::string missing = (t.path / "missing.xml").string();
  const std::string data = (t.path / "data.txt").string();
  test::write(data, "<d/>");
  {
    std::ofstream list(t.path / "list.txt");
    list << first << '\n' << (t.path / "forms").string() << '\n' << missing << '\n' << data << '\n';
  }
  check::SourceOptions opt;
  opt.operands = {"@" + (t.path / "list.txt").string()};
  auto seen = enumerate_all(opt);
  REQUIRE(seen.size() == 5);
  // Named like documents: handed on as they are (no stat: the missing one too).
  CHECK(seen[0].name == first);
  CHECK(seen[0].listed);
  // The folder: its documents, in the walk's order, each an item of its own that any worker
  // may take (the folder is not one item walked by one worker).
  CHECK(seen[1].name == (t.path / "forms" / "b.xml").string());
  CHECK(seen[2].name == (t.path / "forms" / "sub" / "a.xml").string());
  CHECK_FALSE(seen[1].listed);
  CHECK_FALSE(seen[2].listed);
  CHECK(seen[3].name == missing);
  CHECK(seen[3].listed);
  // A file named explicitly is taken whatever its extension.
  CHECK(seen[4].name == data);
}

TEST_CASE("sources: a listed folder's files are sharded by their own names", "[check]") {
  test::TempDir t;
  fs::create_directories(t.path / "forms");
  for (int i = 0; i < 30; ++i) {
    test::write(t.path / "forms" / ("f" + std::to_string(i) + ".xml"), "<f/>");
  }
  {
    std::ofstream list(t.path / "list.txt");
    list << (t.path / "forms").string() << '\n';
  }
  std::size_t total = 0;
  for (unsigned k = 1; k <= 3; ++k) {
    check::SourceOptions opt;
    opt.operands = {"@" + (t.path / "list.txt").string()};
    opt.shard = k;
    opt.shards = 3;
    auto seen = enumerate_all(opt);
    for (const auto& s : seen) {
      CHECK(check::in_shard(s.name, k, 3));
    }
    total += seen.size();
  }
  CHECK(total == 30);
}
