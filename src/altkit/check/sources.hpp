#pragma once

#include "altkit/io/source.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace altkit::check {

/// What corpus-check reads: operands (files, directories, @lists, archives) plus a path list on
/// stdin, filtered by globs, and one share of it with --shard.
struct SourceOptions {
  std::vector<std::string> operands;
  bool stdin_list = false;          ///< read more paths from stdin, one per line
  bool nul_separated = false;       ///< -0: the stdin list is NUL-separated
  std::vector<std::string> include; ///< globs on the path (default *.xml)
  std::vector<std::string> exclude;
  unsigned shard = 1;  ///< K of --shard K/N (1-based)
  unsigned shards = 1; ///< N
};

/// One document to check. Files are opened by the worker; archive members arrive with their
/// bytes (read in place, never unpacked to disk). `name` is what every report says:
/// `archive.zip!dir/file.xml` for a member.
struct Item {
  /// Position in the run over every shard (items of other shards count too), so the shards of
  /// one run number their documents alike; for a listed folder's files, their position in it.
  std::uint64_t index = 0;
  std::string name;
  std::string path;                         ///< a file to open ("" for an archive member)
  std::shared_ptr<const std::string> bytes; ///< an archive member's content
  std::string error;                        ///< set when the item could not be read at all (a broken archive, ...)
  /// Named in a list or on stdin, named like a document, and not looked at yet: a file, or
  /// (rarely: a folder called `x.xml`) a folder to walk in its place. The worker that opens it
  /// finds out (no stat per listed path); --shard applies to it there too, since a folder's
  /// files are sharded by their own names.
  bool listed = false;
  /// A large archive member (over k_member_in_memory), read as it is unpacked: the thread that
  /// reads the archive hands its bytes over in bounded chunks while a worker reads them, and
  /// goes on to the next member once this one is read, given up or dropped (archive.cpp's
  /// MemberPipe). Read it once, on one thread; dropping it unread is fine.
  std::shared_ptr<io::ByteSource> stream = nullptr;
};

/// Archive members up to this size travel with their bytes (`Item::bytes`, spread over the
/// workers at once); larger ones are streamed (`Item::stream`), so memory stays bounded whatever
/// a member unpacks to (a zip bomb).
inline constexpr std::size_t k_member_in_memory = 4U << 20;

/// A stable 64-bit hash of a name (FNV-1a): the same on every machine, so N machines can split
/// a corpus with --shard K/N and each takes a disjoint share.
std::uint64_t stable_hash(const std::string& name);

/// True when `name` belongs to shard K of N.
bool in_shard(const std::string& name, unsigned k, unsigned n);

/// Is this an archive by its name: zip, tar, tar.gz/tgz, tar.xz/txz, tar.zst/tzst, tar.bz2/tbz2/tbz?
/// (A single compressed document, `x.xml.gz` and the like, is not: enumerate reads it
/// uncompressed under its own name.)
bool is_archive(const std::string& path);

/// Enumerates the items in a stable order (operands in order; directories sorted; archive members
/// in archive order), calling `emit` for each selected one. Returns false (with `error`) only when
/// an operand list itself cannot be read; an unreadable archive becomes an Item with `error`.
/// `stopping` (optional) says when the run is ending: a member being streamed is then given up
/// even if nobody reads it. An `emit` that reads an Item::stream itself, before it returns, is fine.
bool enumerate(const SourceOptions& options, const std::function<bool(Item)>& emit, std::string& error,
               const std::function<bool()>& stopping = {});

/// The items of one operand (a file, folder or archive), selected as enumerate() selects them:
/// for a listed path that turned out to be a folder.
void enumerate_operand(const SourceOptions& options, const std::string& operand, const std::function<bool(Item)>& emit);

} // namespace altkit::check
