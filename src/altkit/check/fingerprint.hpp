#pragma once

#include "altkit/check/sources.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::check {

/// FNV-1a 64 of `bytes` continuing from `h`: the content hash of the fingerprint and the check
/// sum of a journal line (it finds damage and hand edits, it is no defence against forgery).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL);
/// `h` as 16 lower-case hex digits.
std::string hex64(std::uint64_t h);

/// What a run's verdicts depend on: the tool's version, the engine, the content of every schema,
/// catalog, stylesheet and map it loads, the options that change verdicts, the inputs as given,
/// and the shard. Journals and reports carry it; resume and merge compare it.
struct Fingerprint {
  std::string version;
  std::string engine;
  std::string mode;                                ///< schema | catalog | well-formed | convert-check
  std::string rules;                               ///< content hash of every file the run loads (schema, catalog, ...)
  std::string options;                             ///< the options that change verdicts, e.g. "allow-altinn-row-id"
  nlohmann::json inputs = nlohmann::json::array(); ///< operands, --stdin-list, --include/--exclude
  unsigned shard = 1;
  unsigned shards = 1;

  /// One digest of everything but the shard: the same for every shard of one run.
  std::string digest() const;
  std::string shard_text() const { return std::to_string(shard) + "/" + std::to_string(shards); }
  nlohmann::json to_json() const;
  /// Throws std::exception on a malformed object.
  static Fingerprint from_json(const nlohmann::json& j);
  /// What differs from `other`, in words ("the schema's content", "the engine (xerces, not
  /// libxml2)"), or "" when they match.
  std::string differences(const Fingerprint& other) const;
};

/// Hashes the content of `files` in order (a folder: every file under it, sorted). A file that
/// cannot be read hashes as its name with a marker (the load that follows reports it).
std::string content_hash(const std::vector<std::string>& files);

/// The jsonl report's first line: `{"type":"header","format":1,...}`, no newline.
std::string report_header(const Fingerprint& f);

} // namespace altkit::check
