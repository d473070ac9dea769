// corpus-check merge: the shard reports of one run, checked and combined as streams.
#include "altkit/check/run.hpp"
#include "altkit/check/summary.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/io/source.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/report/reporter.hpp"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <queue>

namespace altkit::check {

namespace {

constexpr const char* k_tool = "corpus-check";

/// Where a document stands in the whole run: its position, and its position inside a listed folder.
struct Position {
  std::uint64_t seq = 0;
  std::uint64_t sub = 0;
  bool operator<(const Position& o) const { return seq != o.seq ? seq < o.seq : sub < o.sub; }
};

/// What a report's header says.
struct ShardReport {
  std::string path;
  nlohmann::json header;
  unsigned k = 0;
  unsigned n = 0;
};

[[noreturn]] void refuse(diag::ExitCode code, const std::string& message) {
  throw diag::Error(code, message);
}

std::string at(const std::string& path, std::uint64_t line) {
  return path + ":" + std::to_string(line);
}

/// Reads the position from the end of a document line (written last, see Emitter::document),
/// without parsing the line: the write pass costs a scan, not a parse.
bool position_of(const std::string& line, Position& p) {
  auto s = line.rfind("\"seq\":");
  if (s == std::string::npos) {
    return false;
  }
  char* end = nullptr;
  p.seq = std::strtoull(line.c_str() + s + 6, &end, 10);
  p.sub = 0;
  if (std::string_view(end).rfind(",\"sub\":", 0) == 0) {
    p.sub = std::strtoull(end + 7, &end, 10);
  }
  return *end == '}';
}

ShardReport read_header(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    refuse(diag::ExitCode::unreadable, path + ": cannot read");
  }
  std::string line;
  io::read_line(in, line, path);
  auto j = nlohmann::json::parse(line, nullptr, false);
  ShardReport r;
  r.path = path;
  if (!j.is_object() || j.value("type", "") != "header" || !j.contains("format") || j["format"] != 1 ||
      std::sscanf(j.value("shard", "").c_str(), "%u/%u", &r.k, &r.n) != 2 || r.n == 0 || r.k == 0 || r.k > r.n) {
    refuse(diag::ExitCode::unreadable,
           at(path, 1) + ": no report header (a jsonl report of corpus-check " + ALTKIT_VERSION + " starts with one)");
  }
  r.header = std::move(j);
  return r;
}

/// The shards must be the N shards of one run, each once.
void check_headers(const std::vector<ShardReport>& shards) {
  const ShardReport& first = shards.front();
  std::map<unsigned, const ShardReport*> by_k;
  for (const auto& s : shards) {
    if (s.header.value("fingerprint", "") != first.header.value("fingerprint", "")) {
      std::string why;
      for (const char* key : {"version", "engine", "inputs"}) {
        if (s.header.value(key, nlohmann::json()) != first.header.value(key, nlohmann::json())) {
          why += std::string(why.empty() ? "" : ", ") + key + " " + s.header.value(key, nlohmann::json()).dump() +
                 " not " + first.header.value(key, nlohmann::json()).dump();
        }
      }
      refuse(diag::ExitCode::usage, s.path + ": a report of another run than " + first.path + " (fingerprint " +
                                        s.header.value("fingerprint", "") + ", not " +
                                        first.header.value("fingerprint", "") + (why.empty() ? "" : ": " + why) + ")");
    }
    if (s.n != first.n) {
      refuse(diag::ExitCode::usage, s.path + ": shard " + std::to_string(s.k) + "/" + std::to_string(s.n) + ", but " +
                                        first.path + " is one of " + std::to_string(first.n) + " shards");
    }
    auto [it, fresh] = by_k.emplace(s.k, &s);
    if (!fresh) {
      refuse(diag::ExitCode::usage, "shard " + std::to_string(s.k) + "/" + std::to_string(s.n) + " given twice (" +
                                        it->second->path + ", " + s.path + ")");
    }
  }
  // The shard count comes from the reports' headers: up to 2^32-1 claimed shards. Name the first
  // few missing ones and count the rest, so the work is bounded by the reports given, not by the
  // count a header claims (a header saying 1/4294967295 made this loop endless, found by fuzz_merge).
  const std::uint64_t n_missing = std::uint64_t{first.n} - by_k.size();
  if (n_missing > 0) {
    constexpr std::uint64_t k_named = 10;
    std::string missing;
    std::uint64_t named = 0;
    for (std::uint64_t k = 1; k <= first.n && named < k_named; ++k) {
      if (by_k.count(static_cast<unsigned>(k)) == 0) {
        missing += std::string(missing.empty() ? "" : ", ") + "shard " + std::to_string(k) + "/" +
                   std::to_string(first.n) + " missing";
        ++named;
      }
    }
    if (n_missing > named) {
      missing += " (and " + std::to_string(n_missing - named) + " more shards missing)";
    }
    refuse(diag::ExitCode::usage, missing);
  }
}

std::string counts_text(const report::Summary& s) {
  return std::to_string(s.documents) + " documents, " + std::to_string(s.bytes) + " bytes, " + std::to_string(s.valid) +
         " valid, " + std::to_string(s.invalid) + " invalid, " + std::to_string(s.unreadable) + " unreadable, " +
         std::to_string(s.not_routed) + " not routed";
}

/// Reads one report through: every document line belongs to its shard and comes in input order,
/// and they add up to the summary line that ends it. Its documents are added to `all`.
void verify(const ShardReport& shard, CheckSummary& all) {
  std::ifstream in(shard.path);
  std::string line;
  io::read_line(in, line, shard.path); // the header, read already
  std::uint64_t n = 1;
  report::Summary mine;
  Position last;
  bool any = false;
  bool summary = false;
  validate::DocumentResult r;
  while (io::read_line(in, line, shard.path)) {
    ++n;
    if (summary) {
      refuse(diag::ExitCode::unreadable, at(shard.path, n) + ": a line after the summary");
    }
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      refuse(diag::ExitCode::unreadable, at(shard.path, n) + ": not a JSON line");
    }
    const std::string type = j.value("type", "");
    if (type == "document") {
      Position p;
      if (!result_from_line(j, r) || !position_of(line, p)) {
        refuse(diag::ExitCode::unreadable,
               at(shard.path, n) + ": a document line without its file, verdict or position");
      }
      if (!in_shard(r.file, shard.k, shard.n)) {
        refuse(diag::ExitCode::usage, at(shard.path, n) + ": " + diag::escape_name(r.file) +
                                          " is not a document of shard " + std::to_string(shard.k) + "/" +
                                          std::to_string(shard.n));
      }
      if (any && !(last < p)) {
        refuse(diag::ExitCode::unreadable, at(shard.path, n) + ": not in input order (edited or joined?)");
      }
      last = p;
      any = true;
      mine.add(r);
      all.add(r);
    } else if (type == "summary") {
      report::Summary said;
      said.documents = count_of(j, "documents");
      said.bytes = count_of(j, "bytes");
      said.valid = count_of(j, "valid");
      said.invalid = count_of(j, "invalid");
      said.unreadable = count_of(j, "unreadable");
      said.not_routed = count_of(j, "not_routed");
      const nlohmann::json per = j.value("per_schema", nlohmann::json::object());
      for (const auto& [k, v] : per.items()) {
        said.per_schema[k] = count_of(per, k.c_str());
      }
      if (said.documents != mine.documents || said.bytes != mine.bytes || said.valid != mine.valid ||
          said.invalid != mine.invalid || said.unreadable != mine.unreadable || said.not_routed != mine.not_routed ||
          said.per_schema != mine.per_schema) {
        refuse(diag::ExitCode::unreadable, at(shard.path, n) + ": its document lines (" + counts_text(mine) +
                                               ") do not add up to its summary (" + counts_text(said) + ")");
      }
      summary = true;
    } else if (type != "schema") {
      refuse(diag::ExitCode::unreadable, at(shard.path, n) + ": a line of unknown type \"" + type + "\"");
    }
  }
  if (!summary) {
    refuse(diag::ExitCode::unreadable, shard.path + ": no summary line: the report is cut off");
  }
}

/// One shard report read again, a document line at a time.
struct Cursor {
  std::unique_ptr<std::ifstream> in;
  std::string line;
  Position at;
  bool next() {
    while (io::read_line(*in, line, "report")) {
      if (line.find("\"type\":\"document\"") != std::string::npos && position_of(line, at)) {
        return true;
      }
    }
    return false;
  }
};

/// The documents of every shard in the whole run's order (a k-way merge: one line per shard in
/// memory), written as one run's report.
void write_merged(const MergeOptions& options, const std::vector<ShardReport>& shards, const CheckSummary& all,
                  std::ostream& out) {
  std::unique_ptr<io::TempFileStream> file;
  std::ostream* stream = &out;
  if (options.report != "-") {
    file = std::make_unique<io::TempFileStream>(options.report);
    stream = file.get();
  }
  const bool jsonl = options.format == "jsonl";
  auto reporter = report::make_reporter(report::parse_format(options.format), k_tool, *stream, true);
  if (jsonl) {
    nlohmann::json header = shards.front().header;
    header["shard"] = "1/1";
    *stream << header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  std::vector<Cursor> cursors(shards.size());
  using Entry = std::pair<Position, std::size_t>;
  auto later = [](const Entry& a, const Entry& b) { return b.first < a.first; };
  std::priority_queue<Entry, std::vector<Entry>, decltype(later)> heap(later);
  for (std::size_t i = 0; i < shards.size(); ++i) {
    cursors[i].in = std::make_unique<std::ifstream>(shards[i].path);
    if (cursors[i].next()) {
      heap.emplace(cursors[i].at, i);
    }
  }
  validate::DocumentResult r;
  while (!heap.empty()) {
    std::size_t i = heap.top().second;
    heap.pop();
    if (jsonl) {
      *stream << cursors[i].line << '\n';
    } else if (result_from_line(nlohmann::json::parse(cursors[i].line), r)) {
      reporter->document(r);
    }
    if (cursors[i].next()) {
      heap.emplace(cursors[i].at, i);
    }
  }
  reporter->finish(all.counts);
  stream->flush();
  if (!*stream) {
    throw diag::Error(diag::ExitCode::write_failed, options.report + ": cannot write");
  }
  if (file) {
    file->commit(io::default_file_mode());
  }
}

} // namespace

diag::ExitCode run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  try {
    std::vector<ShardReport> shards;
    for (const auto& path : options.reports) {
      shards.push_back(read_header(path));
    }
    check_headers(shards);
    CheckSummary all;
    for (const auto& s : shards) {
      verify(s, all);
    }
    if (!options.report.empty()) {
      write_merged(options, shards, all, out);
    }
    if (!options.quiet) {
      (options.report == "-" ? err : out) << all.text(k_tool);
    }
    diag::ExitCode code = diag::ExitCode::ok;
    if (all.counts.invalid + all.counts.not_routed > 0) {
      code = diag::ExitCode::findings;
    }
    if (all.counts.unreadable > 0) {
      code = diag::worst(code, diag::ExitCode::unreadable);
    }
    return code;
  } catch (const diag::Error& e) {
    err << k_tool << ": merge: " << e.what() << '\n';
    return e.code();
  } catch (const nlohmann::json::exception& e) {
    // A report line that is JSON but holds a field of another type (found by fuzz_merge: a
    // summary's "bytes" an object) was an uncaught exception, exit 70.
    err << k_tool << ": merge: a report line is not what corpus-check writes: " << e.what() << '\n';
    return diag::ExitCode::unreadable;
  } catch (const std::invalid_argument& e) { // a count that is not one (check::count_of)
    err << k_tool << ": merge: a report line is not what corpus-check writes: " << e.what() << '\n';
    return diag::ExitCode::unreadable;
  }
}

} // namespace altkit::check
