#include "altkit/check/sources.hpp"

#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>
#include <sys/stat.h>

namespace altkit::check {

namespace {

/// An archive reader freed on every way out (archive_read_free also closes it).
struct ArchiveReadFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<struct archive, ArchiveReadFree>;

} // namespace

std::uint64_t stable_hash(const std::string& name) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

bool in_shard(const std::string& name, unsigned k, unsigned n) {
  return n <= 1 || stable_hash(name) % n == k - 1;
}

bool is_archive(const std::string& path) {
  static constexpr std::string_view k[] = {".zip", ".tar",     ".tar.gz", ".tgz",    ".tar.xz",
                                           ".txz", ".tar.zst", ".tzst",   ".tar.bz2"};
  std::string_view p = path;
  return std::any_of(std::begin(k), std::end(k), [&](std::string_view ext) {
    return p.size() > ext.size() && p.substr(p.size() - ext.size()) == ext;
  });
}

namespace {

struct Walker {
  const SourceOptions& opt;
  const std::function<bool(Item)>& emit;
  std::uint64_t next = 0;
  bool stopped = false;

  /// Called per file (every listed path, walked file and archive member): no allocation. The
  /// file name is the tail of `name` after its last '/', so it is NUL-terminated in place.
  bool wanted(const std::string& name) const {
    const char* file_name = name.c_str() + (name.rfind('/') + 1); // npos + 1 == 0
    auto match = [&](const std::vector<std::string>& globs) {
      return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
        // A glob without '/' matches the file name; one with '/' matches the whole path.
        const char* subject = g.find('/') == std::string::npos ? file_name : name.c_str();
        return ::fnmatch(g.c_str(), subject, 0) == 0;
      });
    };
    // An extension ".xml" as std::filesystem sees it: not a whole name ".xml" (a hidden file).
    std::string_view file(file_name);
    bool included =
        opt.include.empty() ? file.size() > 4 && file.substr(file.size() - 4) == ".xml" : match(opt.include);
    return included && !match(opt.exclude);
  }

  // Every selected item takes the next position, in its shard or not: shards of one run number
  // their documents as the run over everything does, so merge can put them back in its order.
  void give(Item item) {
    std::uint64_t position = next++;
    if (stopped || !in_shard(item.name, opt.shard, opt.shards)) {
      return;
    }
    item.index = position;
    if (!emit(std::move(item))) {
      stopped = true;
    }
  }

  void archive(const std::string& path) {
    ArchiveReader reader(archive_read_new());
    struct archive* a = reader.get();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
      Item bad;
      bad.name = path;
      bad.error = std::string("cannot read archive: ") + archive_error_string(a);
      give(std::move(bad));
      return;
    }
    struct archive_entry* entry = nullptr;
    int r = ARCHIVE_OK;
    while (!stopped && (r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
      if (archive_entry_filetype(entry) != AE_IFREG) {
        continue;
      }
      const char* pn = archive_entry_pathname_utf8(entry);
      std::string member = pn != nullptr ? pn : archive_entry_pathname(entry);
      std::string name = path + "!" + member;
      if (!wanted(member)) {
        continue;
      }
      if (!in_shard(name, opt.shard, opt.shards)) {
        ++next; // another shard's: skipped without reading its data, its position kept
        continue;
      }
      auto data = std::make_shared<std::string>();
      char buf[65536];
      la_ssize_t n = 0;
      while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
        data->append(buf, static_cast<std::size_t>(n));
      }
      Item item;
      item.name = name;
      if (n < 0) {
        item.error = std::string("cannot read archive member: ") + archive_error_string(a);
      } else {
        item.bytes = std::move(data);
      }
      give(std::move(item));
    }
    if (r != ARCHIVE_EOF && r != ARCHIVE_OK && !stopped) {
      Item bad;
      bad.name = path + "!";
      bad.error = std::string("archive is damaged: ") + archive_error_string(a);
      give(std::move(bad));
    }
  }

  /// A path from a list or stdin. One named like a document the walk would take (`x.xml`, or
  /// what --include selects) is handed on unlooked-at (see Item::listed): a list of 100,000
  /// files costs no stat here. Anything else (a folder, an archive, `-`) is looked at now, so a
  /// folder's files are spread over the workers like those of a folder named on the command line.
  void listed(std::string op) {
    if (is_archive(op) || op == "-" || !wanted(op)) {
      operand(std::move(op));
      return;
    }
    if (stopped) {
      return;
    }
    Item item;
    item.index = next++;
    item.path = op;
    item.name = std::move(op);
    item.listed = true;
    if (!emit(std::move(item))) {
      stopped = true;
    }
  }

  void operand(std::string op) {
    struct stat sb {};
    if (::stat(op.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode)) {
      for (const auto& e : io::walk_directory(op)) {
        if (e.unopenable_folder) {
          give(Item{0, e.path, e.path, nullptr, "cannot list folder: permission denied"});
        } else if (is_archive(e.path)) {
          archive(e.path);
        } else if (wanted(e.path)) {
          give(Item{0, e.path, e.path, nullptr, ""});
        }
      }
      return;
    }
    if (is_archive(op)) {
      archive(op);
      return;
    }
    std::string path = op;
    give(Item{0, std::move(op), std::move(path), nullptr, ""}); // named explicitly: taken whatever its extension
  }
};

/// A path list, taken line by line as it is read (a list file or stdin alike): the workers start
/// on the first paths instead of waiting for the end of the list, and a slow writer of stdin
/// (find, a queue consumer, Hadoop streaming) keeps them busy.
void read_list(std::istream& in, char sep, Walker& w) {
  std::string line;
  while (!w.stopped && !diag::stop_requested() && std::getline(in, line, sep)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (!line.empty() && line[0] != '#') {
      w.listed(std::move(line));
    }
  }
}

} // namespace

bool enumerate(const SourceOptions& options, const std::function<bool(Item)>& emit, std::string& error) {
  Walker w{options, emit};
  for (const auto& op : options.operands) {
    if (op.size() > 1 && op[0] == '@') {
      std::ifstream in(op.substr(1));
      if (!in) {
        error = op.substr(1) + ": cannot read list file";
        return false;
      }
      read_list(in, '\n', w);
      continue;
    }
    w.operand(op);
  }
  if (options.stdin_list) {
    read_list(std::cin, options.nul_separated ? '\0' : '\n', w);
  }
  return true;
}

void enumerate_operand(const SourceOptions& options, const std::string& operand,
                       const std::function<bool(Item)>& emit) {
  Walker w{options, emit};
  w.operand(operand);
}

} // namespace altkit::check
