#include "altkit/check/sources.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/inputs.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <clocale>
#include <locale.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unordered_set>

namespace altkit::check {

namespace {

/// An archive reader freed on every way out (archive_read_free also closes it).
struct ArchiveReadFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<struct archive, ArchiveReadFree>;

/// libarchive's word on the last error; it may have none (null: found by fuzz_archive).
std::string error_text(struct archive* a) {
  const char* e = archive_error_string(a);
  return e != nullptr ? e : "unknown error";
}

/// One archive member's bytes on their way from the thread unpacking the archive to the worker
/// checking it: a queue of at most k_chunks chunks, so memory is bounded whatever the member's size.
class MemberPipe {
public:
  static constexpr std::size_t k_chunks = 16;

  /// Writer: queues `chunk`, waiting while the queue is full. False once the reader is gone
  /// (it stopped reading: a finding, a limit) or `stopping()` says the run is ending.
  bool put(std::string chunk, const std::function<bool()>& stopping) {
    std::unique_lock<std::mutex> lock(m_mu);
    for (;;) {
      if (m_reader_gone) {
        return false;
      }
      if (m_chunks.size() < k_chunks) {
        break;
      }
      // Polled: a run that stops may never read or drop this member (it stays queued).
      m_cv.wait_for(lock, std::chrono::milliseconds(100));
      if ((stopping && stopping()) || diag::stop_requested()) {
        return false;
      }
    }
    m_chunks.push_back(std::move(chunk));
    m_cv.notify_all();
    return true;
  }
  /// Writer: the end of the member (`error` empty), or why it could not be read on.
  void finish(std::string error) {
    std::lock_guard<std::mutex> lock(m_mu);
    m_done = true;
    m_error = std::move(error);
    m_cv.notify_all();
  }
  /// Reader: up to `n` bytes; 0 at the end; throws diag::Error(unreadable) on the writer's error.
  std::size_t read(char* buf, std::size_t n) {
    std::unique_lock<std::mutex> lock(m_mu);
    m_cv.wait(lock, [&] { return !m_chunks.empty() || m_done; });
    if (m_chunks.empty()) {
      if (!m_error.empty()) {
        throw diag::Error(diag::ExitCode::unreadable, m_error);
      }
      return 0;
    }
    const std::string& front = m_chunks.front();
    std::size_t k = std::min(n, front.size() - m_pos);
    std::memcpy(buf, front.data() + m_pos, k);
    m_pos += k;
    if (m_pos == front.size()) {
      m_chunks.pop_front();
      m_pos = 0;
      m_cv.notify_all();
    }
    return k;
  }
  /// Reader: reads no more; the writer stops at its next chunk.
  void close_reader() {
    std::lock_guard<std::mutex> lock(m_mu);
    m_reader_gone = true;
    m_chunks.clear();
    m_cv.notify_all();
  }

private:
  std::mutex m_mu;
  std::condition_variable m_cv;
  std::deque<std::string> m_chunks;
  std::size_t m_pos = 0; ///< read so far of the front chunk
  bool m_done = false;
  bool m_reader_gone = false;
  std::string m_error;
};

/// The reader's end of a MemberPipe, as a ByteSource; dropping it closes the pipe.
class MemberSource final : public io::ByteSource {
public:
  MemberSource(std::shared_ptr<MemberPipe> pipe, std::string name) : m_pipe(std::move(pipe)), m_name(std::move(name)) {}
  ~MemberSource() override { m_pipe->close_reader(); }
  MemberSource(const MemberSource&) = delete;
  MemberSource& operator=(const MemberSource&) = delete;
  std::size_t read(char* buf, std::size_t n) override { return m_pipe->read(buf, n); }
  const std::string& name() const override { return m_name; }

private:
  std::shared_ptr<MemberPipe> m_pipe;
  std::string m_name;
};

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
    item.error = std::string("cannot read archive member: ") + error_text(a);
  } else {
    item.bytes = std::move(data);
  }
}

struct Walker {
  const SourceOptions& opt;
  const std::function<bool(Item)>& emit;
  std::uint64_t next = 0;
  bool stopped = false;
  std::function<bool()> stopping = nullptr; ///< see enumerate()

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
      bad.error = std::string("cannot read archive: ") + error_text(a);
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
      if (!seen.insert(member).second) {
        Item item;
        item.name = name;
        item.error = "the archive holds a member of this name already: this one is not checked";
        give(std::move(item));
      } else if (r == ARCHIVE_FAILED) {
        Item item;
        item.name = name;
        item.error = std::string("cannot read archive member: ") + error_text(a);
        give(std::move(item));
      } else if (link != nullptr && archive_entry_size(entry) == 0) {
        Item item;
        item.name = name;
        read_hard_link(path, link, item); // tar: a hard link carries no data of its own
        give(std::move(item));
      } else if (type != AE_IFREG && link == nullptr) {
        Item item;
        item.name = name;
        item.error = "skipped: " + member_kind(entry) + ", not a regular file";
        give(std::move(item));
      } else {
        member_item(a, std::move(name));
      }
    }
    if (r != ARCHIVE_EOF && !stopped) {
      Item bad;
      bad.name = path + "!";
      bad.error = std::string("archive is damaged: ") + error_text(a);
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
    if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK ||
        archive_read_next_header(a, &entry) != ARCHIVE_OK) {
      Item item;
      item.name = path;
      item.error = std::string("cannot read compressed file: ") + error_text(a);
      give(std::move(item));
    } else {
      member_item(a, path); // uncompressed as an archive member is: streamed when large, bounded
    }
  }

  /// The member `a` stands on: its bytes when it is small, else streamed (Item::stream) while
  /// the item is checked, by a thread of its own, so that an `emit` that checks the item before
  /// it returns (a listed folder's archive) reads it as a worker would.
  void member_item(struct archive* a, std::string name) {
    auto data = std::make_shared<std::string>();
    char buf[65536];
    la_ssize_t n = 0;
    while (data->size() < k_member_in_memory && (n = archive_read_data(a, buf, sizeof buf)) > 0) {
      data->append(buf, static_cast<std::size_t>(n));
    }
    Item item;
    item.name = name;
    if (n < 0) {
      item.error = std::string("cannot read archive member: ") + error_text(a);
      give(std::move(item));
      return;
    }
    if (data->size() < k_member_in_memory) {
      item.bytes = std::move(data);
      give(std::move(item));
      return;
    }
    auto pipe = std::make_shared<MemberPipe>();
    item.stream = std::make_shared<MemberSource>(pipe, name);
    std::thread pump([&, pipe, first = std::move(*data)]() mutable {
      // The archive is read by this thread alone until it is joined (libarchive: one reader).
      std::string error;
      try {
        bool go_on = pipe->put(std::move(first), stopping);
        la_ssize_t k = 0;
        while (go_on && (k = archive_read_data(a, buf, sizeof buf)) > 0) {
          go_on = pipe->put(std::string(buf, static_cast<std::size_t>(k)), stopping);
        }
        if (k < 0) {
          error = std::string("cannot read archive member: ") + error_text(a);
        }
      } catch (const std::exception& e) {
        error = e.what();
      }
      pipe->finish(std::move(error));
    });
    give(std::move(item));
    pump.join(); // the member is read, given up or dropped; the archive moves on to the next
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

bool enumerate(const SourceOptions& options, const std::function<bool(Item)>& emit, std::string& error,
               const std::function<bool()>& stopping) {
  Walker w{options, emit};
  w.stopping = stopping;
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
