#include "altkit/check/sources.hpp"

#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <clocale>
#include <locale.h>

#include <algorithm>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>
#include <sys/stat.h>
#include <unordered_set>

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
  static constexpr std::string_view k[] = {".zip",     ".tar",  ".tar.gz",  ".tgz",  ".tar.xz", ".txz",
                                           ".tar.zst", ".tzst", ".tar.bz2", ".tbz2", ".tbz"};
  std::string_view p = path;
  return std::any_of(std::begin(k), std::end(k), [&](std::string_view ext) {
    return p.size() > ext.size() && p.substr(p.size() - ext.size()) == ext;
  });
}

namespace {

/// The length of the compression suffix of a single compressed file (`.gz`, `.bz2`, `.xz`,
/// `.zst`; not an archive's, see is_archive), else 0. Such a file is read uncompressed through
/// libarchive (its raw format), under its own name; a walk takes `x.xml.gz` when it would take
/// `x.xml` (issue 16, item 10).
std::size_t compression_suffix(const std::string& path) {
  static constexpr std::string_view k[] = {".gz", ".bz2", ".xz", ".zst"};
  std::string_view p = path;
  for (std::string_view ext : k) {
    if (p.size() > ext.size() && p.substr(p.size() - ext.size()) == ext && !is_archive(path)) {
      return ext.size();
    }
  }
  return 0;
}

/// While it lives, this thread's locale is C.UTF-8 (uselocale: per thread, the process's locale
/// untouched). libarchive converts every member name to the locale's character set: under the C
/// locale (what a process has without setlocale), a name with 'æ' could not be converted and
/// the archive was given up there (issue 16, item 10). In UTF-8, a name the archive declares
/// (zip's UTF-8 flag, pax) arrives as it is, CP437 zip names (hdrcharset below) become UTF-8,
/// and undeclared tar names keep their bytes.
class Utf8Names {
public:
  Utf8Names() : m_locale(::newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (m_locale != static_cast<locale_t>(nullptr)) {
      m_previous = ::uselocale(m_locale);
    }
  }
  ~Utf8Names() {
    if (m_locale != static_cast<locale_t>(nullptr)) {
      ::uselocale(m_previous);
      ::freelocale(m_locale);
    }
  }
  Utf8Names(const Utf8Names&) = delete;
  Utf8Names& operator=(const Utf8Names&) = delete;

private:
  locale_t m_locale;
  locale_t m_previous = static_cast<locale_t>(nullptr);
};

/// A reader for an archive (every format and filter), or for one compressed file (`raw`: the
/// raw format, whose one member is the uncompressed bytes). A zip member without the UTF-8 flag
/// is named in CP437, as the zip specification says and Windows' own zipper writes.
ArchiveReader open_archive(const std::string&, bool raw) {
  ArchiveReader reader(archive_read_new());
  struct archive* a = reader.get();
  archive_read_support_filter_all(a);
  if (raw) {
    archive_read_support_format_raw(a);
  } else {
    archive_read_support_format_all(a);
    archive_read_set_options(a, "zip:hdrcharset=CP437");
  }
  return reader;
}

/// A member's name (in a Utf8Names scope: UTF-8 as the archive declares it, else its bytes);
/// `#N` (its position) when it has none that can be read.
std::string member_name(struct archive_entry* entry, std::uint64_t ordinal) {
  if (const char* n = archive_entry_pathname(entry)) {
    return n;
  }
  if (const char* n = archive_entry_pathname_utf8(entry)) {
    return n;
  }
  return "#" + std::to_string(ordinal);
}

/// "a symbolic link", "a FIFO", ... for a member that is not a regular file.
std::string member_kind(struct archive_entry* entry) {
  switch (archive_entry_filetype(entry)) {
  case AE_IFLNK:
    return "a symbolic link";
  case AE_IFIFO:
    return "a FIFO";
  case AE_IFSOCK:
    return "a socket";
  case AE_IFBLK:
    return "a block device";
  case AE_IFCHR:
    return "a character device";
  default:
    return "not a file";
  }
}

/// The current member's bytes into `item` (or its error).
void read_data(struct archive* a, Item& item) {
  auto data = std::make_shared<std::string>();
  char buf[65536];
  la_ssize_t n = 0;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    data->append(buf, static_cast<std::size_t>(n));
  }
  if (n < 0) {
    item.error = std::string("cannot read archive member: ") + archive_error_string(a);
  } else {
    item.bytes = std::move(data);
  }
}

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
    Utf8Names utf8; // before the reader: libarchive takes the character set when it converts
    ArchiveReader reader = open_archive(path, false);
    struct archive* a = reader.get();
    if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
      Item bad;
      bad.name = path;
      bad.error = std::string("cannot read archive: ") + archive_error_string(a);
      give(std::move(bad));
      return;
    }
    struct archive_entry* entry = nullptr;
    int r = ARCHIVE_OK;
    std::unordered_set<std::string> seen; // member names, for one given twice
    std::uint64_t ordinal = 0;
    // ARCHIVE_WARN is a header read with a complaint (a name not converted exactly): the member
    // is there, and the archive goes on. Only ARCHIVE_FATAL (or EOF) ends it.
    while (!stopped &&
           ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN || r == ARCHIVE_FAILED)) {
      ++ordinal;
      auto type = archive_entry_filetype(entry);
      const char* link = archive_entry_hardlink(entry);
      if (type == AE_IFDIR) {
        continue;
      }
      std::string member = member_name(entry, ordinal);
      if (!wanted(member)) {
        continue;
      }
      std::string name = path + "!" + member;
      if (!in_shard(name, opt.shard, opt.shards)) {
        ++next; // another shard's: skipped without reading its data, its position kept
        seen.insert(member);
        continue;
      }
      Item item;
      item.name = name;
      if (!seen.insert(member).second) {
        item.error = "the archive holds a member of this name already: this one is not checked";
      } else if (r == ARCHIVE_FAILED) {
        item.error = std::string("cannot read archive member: ") + archive_error_string(a);
      } else if (link != nullptr && archive_entry_size(entry) == 0) {
        read_hard_link(path, link, item); // tar: a hard link carries no data of its own
      } else if (type != AE_IFREG && link == nullptr) {
        item.error = "skipped: " + member_kind(entry) + ", not a regular file";
      } else {
        read_data(a, item);
      }
      give(std::move(item));
    }
    if (r != ARCHIVE_EOF && !stopped) {
      Item bad;
      bad.name = path + "!";
      bad.error = std::string("archive is damaged: ") + archive_error_string(a);
      give(std::move(bad));
    }
  }

  /// A tar hard link's content is its target's, an earlier member: the archive is read again
  /// up to it (hard links are rare; holding every member's bytes for them is not an option).
  static void read_hard_link(const std::string& path, const std::string& target, Item& item) {
    ArchiveReader reader = open_archive(path, false);
    struct archive* a = reader.get();
    struct archive_entry* entry = nullptr;
    if (archive_read_open_filename(a, path.c_str(), 1 << 16) == ARCHIVE_OK) {
      std::uint64_t ordinal = 0;
      int r = ARCHIVE_OK;
      while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        if (member_name(entry, ++ordinal) == target && archive_entry_hardlink(entry) == nullptr &&
            archive_entry_filetype(entry) == AE_IFREG) {
          read_data(a, item);
          return;
        }
      }
    }
    item.error = "a hard link to '" + target + "', which the archive does not hold before it";
  }

  /// A single compressed document (`x.xml.gz`, .bz2, .xz, .zst): its bytes, uncompressed, under
  /// its own name.
  void compressed(const std::string& path) {
    if (stopped || !in_shard(path, opt.shard, opt.shards)) {
      ++next; // another shard's: not uncompressed here, its position kept
      return;
    }
    ArchiveReader reader = open_archive(path, true);
    struct archive* a = reader.get();
    struct archive_entry* entry = nullptr;
    Item item;
    item.name = path;
    item.path = path;
    if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK ||
        archive_read_next_header(a, &entry) != ARCHIVE_OK) {
      item.error = std::string("cannot read compressed file: ") + archive_error_string(a);
    } else {
      read_data(a, item);
    }
    item.path.clear(); // the worker reads the bytes, never the compressed file
    give(std::move(item));
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
          std::string why = io::folder_access_problem(e.path);
          give(Item{0, e.path, e.path, nullptr, why.empty() ? "cannot list folder" : why});
        } else if (!e.not_a_file.empty()) {
          if (wanted(e.path)) {
            give(Item{0, e.path, e.path, nullptr, "skipped: " + e.not_a_file + ", not a regular file"});
          }
        } else if (is_archive(e.path)) {
          archive(e.path);
        } else if (std::size_t k = compression_suffix(e.path); k > 0) {
          if (wanted(e.path.substr(0, e.path.size() - k))) {
            compressed(e.path); // `x.xml.gz` is taken when `x.xml` would be
          }
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
    if (compression_suffix(op) > 0) {
      compressed(op); // named explicitly: taken whatever its name without the suffix
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
