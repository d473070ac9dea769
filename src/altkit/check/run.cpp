#include "altkit/check/run.hpp"

#include "altkit/check/summary.hpp"
#include "altkit/convert/converter.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/routed.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <streambuf>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <thread>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace altkit::check {

namespace {

constexpr const char* k_tool = "corpus-check";

/// The report as the emitting worker writes it, handed in 64 KiB chunks to the main thread,
/// which writes them out: a slow reader of the report (a pipe) then stalls no worker until
/// 4 MiB wait unwritten. The order is the emitting order, since one worker emits at a time.
class OutputHandoff final : public std::streambuf {
public:
  OutputHandoff(std::ostream& target, std::function<void()> on_chunk)
      : m_target(target), m_on_chunk(std::move(on_chunk)) {}
  bool has_chunks() const { return m_ready.load() > 0; }
  /// Main thread: writes the chunks handed over so far.
  void write_ready() {
    std::deque<std::string> chunks;
    {
      std::lock_guard<std::mutex> lock(m_mu);
      chunks.swap(m_chunks);
      m_ready = 0;
    }
    m_space.notify_all();
    for (const auto& c : chunks) {
      m_target.write(c.data(), static_cast<std::streamsize>(c.size()));
    }
  }
  /// Main thread: no more waiting for room (the run is ending).
  void release() {
    {
      std::lock_guard<std::mutex> lock(m_mu);
      m_released = true;
    }
    m_space.notify_all();
  }
  /// Main thread, once no worker writes: everything left, the unfinished chunk too.
  void drain() {
    write_ready();
    m_target.write(m_current.data(), static_cast<std::streamsize>(m_current.size()));
    m_current.clear();
  }

protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    m_current.append(s, static_cast<std::size_t>(n));
    if (m_current.size() >= k_chunk) {
      hand_over();
    }
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      char ch = traits_type::to_char_type(c);
      xsputn(&ch, 1);
    }
    return traits_type::not_eof(c);
  }

private:
  static constexpr std::size_t k_chunk = 64 * 1024;
  static constexpr std::size_t k_max_chunks = 64;

  void hand_over() {
    {
      std::unique_lock<std::mutex> lock(m_mu);
      m_space.wait(lock, [&] { return m_chunks.size() < k_max_chunks || m_released; });
      m_chunks.push_back(std::move(m_current));
      m_ready = m_chunks.size();
    }
    m_current = std::string();
    m_current.reserve(k_chunk + 4096);
    m_on_chunk();
  }

  std::ostream& m_target;
  std::function<void()> m_on_chunk;
  std::string m_current;
  std::mutex m_mu;
  std::condition_variable m_space;
  std::deque<std::string> m_chunks;
  std::atomic<std::size_t> m_ready{0};
  bool m_released = false;
};

/// How many files each worker may open ahead of its turn: a batch, while all workers together
/// keep within half the open-file limit (the other half for everything else: a worker's own
/// open must never be the one refused).
std::size_t ahead_per_worker(unsigned workers, std::size_t batch) {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    return 0;
  }
  if (rl.rlim_cur == RLIM_INFINITY) {
    return batch;
  }
  return std::min<std::size_t>(batch, static_cast<std::size_t>(rl.rlim_cur / 2) / std::max(1u, workers));
}

/// The kernel grows a process's descriptor table as higher numbers come into use; once threads
/// share the table, every growth waits for an RCU grace period (measured here: ~6 ms each, the
/// workers starved meanwhile). Grown before any thread starts, it costs microseconds: take a
/// descriptor numbered past what the run will hold open, and give it back.
void grow_descriptor_table(std::size_t open_at_once) {
  const int top = static_cast<int>(std::min<std::size_t>(open_at_once + 64, 4096));
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    int high = ::fcntl(fd, F_DUPFD_CLOEXEC, top);
    if (high >= 0) {
      ::close(high);
      return;
    }
  }
}

} // namespace

diag::ExitCode run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  using clock = std::chrono::steady_clock;
  xml::init_libxml();
  xml::XercesPlatform xerces_platform(options.engine != schema::Engine::libxml2);
  if (!xerces_platform.ok()) {
    err << k_tool << ": " << xerces_platform.error() << '\n';
    return diag::ExitCode::load_failed;
  }

  // Compile once, on this thread, before any worker starts.
  diag::DiagnosticSink load;
  std::shared_ptr<const schema::CompiledSchema> single;
  std::unique_ptr<schema::Catalog> catalog;
  if (!options.catalog.empty()) {
    catalog = schema::Catalog::load(options.catalog, options.engine, load);
  } else if (!options.schema.empty()) {
    single = schema::compile_schema(options.schema, options.engine, load);
  }
  // --convert-check: altut-convert's stylesheet, target schema and map, compiled once.
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<convert::Stylesheet> stylesheet;
  std::shared_ptr<const schema::CompiledSchema> target;
  if (options.convert_check) {
    if (!options.map.empty()) {
      map = servicemap::ServiceMap::load(options.map, load);
    }
    stylesheet = convert::Stylesheet::load(options.data_dir + "/xslt/altut-to-correspondences.xsl", load);
    target = schema::compile_schema(options.data_dir + "/xsd/correspondences.xsd", schema::Engine::libxml2, load);
  }
  if (load.has_errors()) {
    diag::print_gnu(err, k_tool, load.items());
    return diag::ExitCode::load_failed;
  }

  // A journal from an earlier, interrupted run: what it finished is not checked again. Counted
  // by name: a list naming a file twice, cut off between the two, still checks the second.
  CheckSummary summary;
  std::map<std::string, std::uint64_t> done;
  std::vector<std::string> journal_lines;
  if (!options.journal.empty()) {
    std::ifstream in(options.journal);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !summary.add_line(j)) {
        continue; // a line cut short by a kill: that document is checked again
      }
      ++done[j.value("file", "")];
      journal_lines.push_back(line);
    }
  }
  // Taken by the producer and by the worker walking a listed folder: guarded, and looked at
  // only while the journal still names something (a run without one never locks).
  std::mutex done_mu;
  std::atomic<bool> any_done{!done.empty()};
  auto already_done = [&](const std::string& name) {
    if (!any_done.load(std::memory_order_relaxed)) {
      return false;
    }
    std::lock_guard<std::mutex> lock(done_mu);
    auto it = done.find(name);
    if (it == done.end()) {
      return false;
    }
    if (--it->second == 0) {
      done.erase(it);
      any_done = !done.empty();
    }
    return true;
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> journal(nullptr, &std::fclose);
  if (!options.journal.empty()) {
    journal.reset(std::fopen(options.journal.c_str(), "a"));
    if (!journal) {
      err << k_tool << ": " << options.journal << ": cannot write the journal\n";
      return diag::ExitCode::write_failed;
    }
  }

  std::unique_ptr<io::TempFileStream> report_file;
  std::unique_ptr<report::Reporter> reporter;
  std::mutex mu; // the pipeline's (below)
  std::condition_variable cv_done; // this thread: everything emitted, report text to write, or the end
  std::unique_ptr<OutputHandoff> handoff;
  std::unique_ptr<std::ostream> handoff_stream;
  try {
    if (!options.report.empty()) {
      std::error_code ec;
      auto parent = std::filesystem::path(options.report).parent_path();
      if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
      }
      // "-": the report streams to stdout (the summary then goes to stderr); a file is
      // written atomically.
      std::ostream* stream = &out;
      if (options.report != "-") {
        report_file = std::make_unique<io::TempFileStream>(options.report);
        stream = report_file.get();
      }
      handoff = std::make_unique<OutputHandoff>(*stream, [&] {
        std::lock_guard<std::mutex> lock(mu); // so the wake-up cannot fall between check and wait
        cv_done.notify_all();
      });
      handoff_stream = std::make_unique<std::ostream>(handoff.get());
      reporter = report::make_reporter(report::parse_format(options.format), k_tool, *handoff_stream, true);
      for (const auto& line : journal_lines) {
        if (options.format == "jsonl") {
          *handoff_stream << line << '\n';
        }
      }
    }
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }

  unsigned workers = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Work moves in batches, so the threads meet once per batch, not once per document.
  constexpr std::size_t k_batch = 32;
  // Documents in flight (queued, being checked, or checked and waiting for an earlier one):
  // bounds memory. The producer refills only once half of it has been emitted, so it wakes a
  // few times per thousand documents instead of once per batch.
  const std::size_t window = (16 + 4 * static_cast<std::size_t>(workers)) * k_batch;
  // Archive members travel with their bytes: those are bounded too (one member always passes).
  constexpr std::uint64_t k_max_member_bytes = 32ULL << 20;

  // A worker opens the files of the jobs it takes before it checks the first, asking the kernel
  // to read them in the background: on a corpus not in the page cache the disk then works on
  // a batch at once instead of one file at a time (2.3 KB files: 89 us each read in turn,
  // 4 us read ahead). Each worker holds at most a batch open; the first 256 KiB of a file are
  // asked for, the rest comes with the kernel's own read-ahead as the file is read.
  struct Job {
    std::uint64_t seq = 0;
    Item item;
    std::unique_ptr<io::ByteSource> ahead; ///< opened before its turn, or nullptr
  };
  constexpr std::uint64_t k_ahead_per_file = 256 * 1024;
  const std::size_t ahead_files = ahead_per_worker(workers, k_batch);
  grow_descriptor_table(workers * ahead_files);
  std::condition_variable cv_work;  // workers: a batch is queued, or the end
  std::condition_variable cv_space; // producer: the window is half empty
  std::deque<Job> queue;
  // What a worker made of one job: a document's result, or (for a listed path, Item::listed)
  // nothing for this shard, or a folder to walk where it stands in the list.
  struct Outcome {
    validate::DocumentResult result;
    bool skipped = false;
    std::string folder;
  };
  std::map<std::uint64_t, Outcome> ready;
  std::uint64_t member_bytes = 0; // archive member bytes queued or being checked
  // Read by the progress line outside the lock: atomics.
  std::atomic<std::uint64_t> produced{0};
  std::atomic<std::uint64_t> emitted{0};
  std::atomic<std::uint64_t> new_docs{0};
  std::atomic<std::uint64_t> new_bytes{0};
  std::atomic<bool> producing{true};
  std::atomic<bool> stop{false};
  bool emitting = false; // a worker is writing results out (one at a time, in input order)
  std::string enumerate_error;

  auto window_open = [&](std::size_t more, std::uint64_t more_bytes) {
    return produced - emitted + more <= window &&
           (member_bytes == 0 || member_bytes + more_bytes <= k_max_member_bytes);
  };
  std::thread producer([&] {
    std::vector<Job> batch;
    std::uint64_t batch_bytes = 0;
    auto flush = [&] {
      if (batch.empty()) {
        return true;
      }
      std::unique_lock<std::mutex> lock(mu);
      cv_space.wait(lock, [&] { return window_open(batch.size(), batch_bytes) || stop.load(); });
      if (stop.load()) {
        return false;
      }
      for (auto& j : batch) {
        j.seq = produced++;
        queue.push_back(std::move(j));
      }
      member_bytes += batch_bytes;
      batch.clear();
      batch_bytes = 0;
      cv_work.notify_all();
      return true;
    };
    enumerate(
        options.sources,
        [&](Item item) {
          if (already_done(item.name)) {
            return true;
          }
          batch_bytes += item.bytes ? item.bytes->size() : 0;
          Job job;
          job.item = std::move(item);
          batch.push_back(std::move(job));
          return (batch.size() < k_batch && batch_bytes < (1U << 20)) || flush();
        },
        enumerate_error);
    flush();
    std::lock_guard<std::mutex> lock(mu);
    producing = false;
    cv_work.notify_all();
    cv_done.notify_all();
  });

  validate::ValidateSettings settings;
  settings.allow_altinn_row_id = options.allow_altinn_row_id;
  // --convert-check: what altut-convert would reject (errors) and leave out (notes), per message.
  auto convert_item = [&](convert::Converter& converter, std::unique_ptr<io::ByteSource> src) {
    validate::DocumentResult r;
    r.engine = "altut-convert";
    const std::string name = src->name();
    std::vector<diag::Diagnostic> found;
    auto fc = converter.convert(*src, "", [&](const convert::MessageRecord& m) {
      if (!m.converted) {
        found.push_back(diag::Diagnostic{name, m.line, 0, "", diag::Severity::error, m.reject_code,
                                         "message '" + m.reference + "' would be rejected: " + m.reject_reason, ""});
      }
      for (const auto& l : m.losses) {
        found.push_back(diag::Diagnostic{name, m.line, 0, l.path, diag::Severity::note, "lost-field",
                                         "message '" + m.reference + "': " + l.path + " = '" + l.value +
                                             "' would not be carried over: " + l.reason,
                                         ""});
      }
    });
    r.diagnostics = std::move(found);
    for (auto& d : fc.diagnostics) {
      d.file = name;
      r.diagnostics.push_back(d);
    }
    r.verdict = !fc.readable ? validate::Verdict::unreadable
                : fc.rejected > 0 || fc.internal_error ? validate::Verdict::invalid
                                                       : validate::Verdict::valid;
    return r;
  };
  auto check_item = [&](validate::DocumentValidator& validator, convert::Converter* converter, Item& item,
                        std::unique_ptr<io::ByteSource> opened = nullptr) {
    validate::DocumentResult r;
    if (!item.error.empty()) {
      r = validate::unreadable_result(item.name, item.error);
    } else {
      try {
        std::unique_ptr<io::ByteSource> src = std::move(opened);
        if (src) {
          // opened already: ahead of its turn, or (a listed path) to see whether it is a folder
        } else if (item.bytes) {
          src = std::make_unique<io::MemorySource>(item.bytes, item.name);
        } else {
          src = io::open_input(item.path);
        }
        r = converter != nullptr ? convert_item(*converter, std::move(src))
                                 : validate::validate_routed(validator, std::move(src), single.get(), catalog.get());
      } catch (const diag::Error& e) {
        std::string m = e.what();
        if (m.rfind(item.path + ": ", 0) == 0) {
          m.erase(0, item.path.size() + 2);
        }
        r = validate::unreadable_result(item.name, diag::tidy_message("cannot read: " + m));
      }
    }
    r.file = item.name;
    if (r.bytes == 0) { // the converter does not count bytes: take the document's size
      std::error_code ec;
      r.bytes = item.bytes ? item.bytes->size() : item.path.empty() ? 0 : std::filesystem::file_size(item.path, ec);
      if (ec) {
        r.bytes = 0; // file_size gives (uintmax_t)-1 for a file it cannot see
      }
    }
    return r;
  };
  auto check_job = [&](validate::DocumentValidator& validator, convert::Converter* converter, Job& job) {
    Outcome o;
    Item& item = job.item;
    std::unique_ptr<io::ByteSource> ahead = std::move(job.ahead);
    if (item.listed) {
      std::unique_ptr<io::ByteSource> src = std::move(ahead); // a regular file, if opened ahead
      bool folder = false;
      if (src) {
        // opened ahead: a file of this shard
      } else if (!in_shard(item.name, options.sources.shard, options.sources.shards)) {
        struct stat sb {}; // another shard's file, unless it is a folder whose files may be ours
        folder = ::stat(item.path.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode);
        o.skipped = !folder;
      } else {
        try {
          src = io::open_file_unless_directory(item.path);
          folder = src == nullptr;
        } catch (const diag::Error&) {
          // unreadable: check_item opens it again and says why
        }
      }
      if (folder) {
        o.folder = item.path;
      }
      if (folder || o.skipped) {
        return o;
      }
      o.result = check_item(validator, converter, item, std::move(src));
      return o;
    }
    o.result = check_item(validator, converter, item, std::move(ahead));
    return o;
  };
  // Opens the plain files of a batch (not stdin, not archive members, not another shard's listed
  // paths) before the first is checked; a batch of one is simply read.
  auto open_ahead_batch = [&](std::vector<Job>& jobs) {
    if (jobs.size() < 2) {
      return;
    }
    for (std::size_t i = 0; i < std::min(jobs.size(), ahead_files); ++i) {
      const Item& item = jobs[i].item;
      if (!item.path.empty() && !item.bytes && item.error.empty() && item.path != "-" &&
          (!item.listed || in_shard(item.name, options.sources.shard, options.sources.shards))) {
        jobs[i].ahead = io::open_ahead(item.path, k_ahead_per_file);
      }
    }
  };
  // Results leave in input order, written by whichever worker holds the next one in line
  // (no emitter thread to wake: on two cores every thread switch costs a worker's time).
  diag::ExitCode code = diag::ExitCode::ok;
  auto started = clock::now();
  auto emit_one = [&](const validate::DocumentResult& r) {
    new_docs.fetch_add(1, std::memory_order_relaxed);
    new_bytes.fetch_add(r.bytes, std::memory_order_relaxed);
    summary.add(r);
    code = diag::worst(code, validate::exit_code_for(r.verdict));
    if (reporter) {
      reporter->document(r);
    }
    if (journal) {
      std::string line = report::to_json_line(r) + "\n";
      std::fputs(line.c_str(), journal.get());
      std::fflush(journal.get()); // handed to the kernel: survives a kill -9 of this process
    }
    return !(options.fail_fast && r.verdict != validate::Verdict::valid);
  };
  // A listed folder, walked and checked by the emitting worker where it stands in the list (the
  // others go on with what follows it, within the window). False: stop emitting.
  auto check_folder = [&](const std::string& folder, validate::DocumentValidator& validator,
                          convert::Converter* converter) {
    bool go_on = true;
    enumerate_operand(options.sources, folder, [&](Item item) {
      if (already_done(item.name)) {
        return true;
      }
      if (diag::stop_requested() || stop.load()) {
        go_on = false;
        return false;
      }
      go_on = emit_one(check_item(validator, converter, item));
      return go_on;
    });
    return go_on;
  };
  // Called with `lock` held; returns with it held.
  auto emit_ready = [&](std::unique_lock<std::mutex>& lock, validate::DocumentValidator& validator,
                        convert::Converter* converter) {
    if (emitting) {
      return; // the worker emitting now will find these too: it looks again before it stops
    }
    emitting = true;
    std::vector<Outcome> out_batch;
    while (!stop.load()) {
      out_batch.clear();
      for (auto it = ready.find(emitted); it != ready.end() && it->first == emitted; it = ready.find(emitted)) {
        out_batch.push_back(std::move(it->second));
        ready.erase(it);
        ++emitted;
      }
      if (out_batch.empty()) {
        break;
      }
      if (produced - emitted <= window / 2) {
        cv_space.notify_one();
      }
      lock.unlock();
      bool go_on = true;
      for (const auto& o : out_batch) {
        if (o.skipped) {
          continue;
        }
        if (diag::stop_requested() || !(o.folder.empty() ? emit_one(o.result) : check_folder(o.folder, validator, converter))) {
          go_on = false; // interrupted, or --fail-fast met a finding: nothing after it is written
          break;
        }
      }
      lock.lock();
      if (!go_on) {
        stop = true;
        cv_work.notify_all();
        cv_space.notify_all();
      }
    }
    emitting = false;
    if (stop.load() || (!producing && emitted == produced)) {
      cv_done.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      validate::DocumentValidator validator(options.engine, settings);
      std::unique_ptr<convert::Converter> converter;
      if (options.convert_check) {
        convert::ConvertOptions co;
        co.map = map.get();
        converter = std::make_unique<convert::Converter>(*stylesheet, *target, co);
      }
      std::vector<Job> jobs;
      std::vector<std::pair<std::uint64_t, Outcome>> results;
      for (;;) {
        jobs.clear();
        {
          std::unique_lock<std::mutex> lock(mu);
          cv_work.wait(lock, [&] { return !queue.empty() || !producing || stop.load(); });
          if (queue.empty() || stop.load()) {
            return;
          }
          // Take a share of what is queued: up to a batch while plenty waits, one at a time when
          // little does (sizes are not known: 20 large documents must not go 5 to a worker).
          std::size_t take = std::clamp<std::size_t>(queue.size() / (8 * workers), 1, k_batch);
          for (std::size_t i = 0; i < take; ++i) {
            jobs.push_back(std::move(queue.front()));
            queue.pop_front();
          }
        }
        open_ahead_batch(jobs);
        results.clear();
        std::uint64_t freed = 0;
        for (auto& job : jobs) {
          results.emplace_back(job.seq, check_job(validator, converter.get(), job));
          if (job.item.bytes) {
            freed += job.item.bytes->size();
            job.item.bytes.reset();
          }
        }
        std::unique_lock<std::mutex> lock(mu);
        for (auto& [seq, r] : results) {
          ready.emplace(seq, std::move(r));
        }
        if (freed > 0) {
          member_bytes -= freed;
          cv_space.notify_one();
        }
        emit_ready(lock, validator, converter.get());
      }
    });
  }

  // This thread waits, shows the progress line, and passes an interrupt on.
  auto last_progress = started;
  bool progress = !options.quiet && ::isatty(STDERR_FILENO) != 0;
  auto show_progress = [&] {
    if (!progress || clock::now() - last_progress < std::chrono::milliseconds(250)) {
      return;
    }
    double secs = std::chrono::duration<double>(clock::now() - started).count();
    double rate = secs > 0 ? static_cast<double>(new_docs) / secs : 0.0;
    char line[200];
    std::snprintf(line, sizeof line, "\r%s: %llu files, %.1f MB, %.0f files/s", k_tool,
                  static_cast<unsigned long long>(new_docs), static_cast<double>(new_bytes) / 1048576.0, rate);
    std::string text = line;
    std::uint64_t queued = produced > emitted ? produced - emitted : 0;
    if (!producing && rate > 0) {
      char eta[64];
      std::snprintf(eta, sizeof eta, ", ETA %.0f s", static_cast<double>(queued) / rate);
      text += eta; // known once every input has been found
    }
    err << text << "   " << std::flush;
    last_progress = clock::now();
  };
  {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      bool finished = false;
      cv_done.wait_for(lock, std::chrono::milliseconds(250), [&] {
        finished = stop.load() || (!producing && emitted == produced && !emitting) || diag::stop_requested();
        return finished || (handoff && handoff->has_chunks());
      });
      if (finished) {
        break;
      }
      lock.unlock();
      if (handoff) {
        handoff->write_ready();
      }
      show_progress();
      lock.lock();
    }
    stop = true; // done, interrupted or failing fast: everyone leaves
    cv_work.notify_all();
    cv_space.notify_all();
  }
  if (handoff) {
    handoff->release();
  }
  producer.join();
  for (auto& t : pool) {
    t.join();
  }
  if (handoff) {
    handoff->drain(); // what was emitted is written, also when interrupted
  }
  if (progress) {
    err << "\r\033[K" << std::flush;
  }
  if (!enumerate_error.empty()) {
    err << k_tool << ": " << enumerate_error << '\n';
    code = diag::worst(code, diag::ExitCode::unreadable);
  }
  if (diag::stop_requested()) {
    err << k_tool << ": interrupted after " << summary.counts.documents << " documents";
    if (journal) {
      err << "; the journal holds them: the same command with --journal " << options.journal << " goes on from there";
    }
    err << '\n';
    return diag::ExitCode::interrupted;
  }
  if (reporter) {
    reporter->finish(summary.counts);
    handoff->drain();
    try {
      if (report_file) {
        report_file->commit(io::default_file_mode());
      }
    } catch (const diag::Error& e) {
      err << k_tool << ": " << e.what() << '\n';
      code = diag::worst(code, e.code());
    }
  }
  std::ostream& human = options.report == "-" ? err : out;
  if (!options.quiet) {
    human << summary.text(k_tool);
    double secs = std::chrono::duration<double>(clock::now() - started).count();
    char line[200];
    std::snprintf(line, sizeof line, "  this run: %llu documents in %.2f s: %.0f files/s, %.1f MB/s\n",
                  static_cast<unsigned long long>(new_docs), secs, secs > 0 ? static_cast<double>(new_docs) / secs : 0.0,
                  secs > 0 ? static_cast<double>(new_bytes) / 1048576.0 / secs : 0.0);
    human << line;
  }
  return code;
}

diag::ExitCode run_merge(const std::vector<std::string>& reports, std::ostream& out, std::ostream& err) {
  CheckSummary summary;
  diag::ExitCode code = diag::ExitCode::ok;
  std::set<std::string> seen; // names in the reports read before this one
  for (const auto& path : reports) {
    std::set<std::string> here; // a report may name a file twice (a list naming it twice)
    std::ifstream in(path);
    if (!in) {
      err << k_tool << ": " << path << ": cannot read\n";
      return diag::ExitCode::unreadable;
    }
    std::string line;
    std::uint64_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        err << k_tool << ": " << path << ":" << n << ": not a JSON line\n";
        return diag::ExitCode::unreadable;
      }
      if (j.value("type", "") != "document") {
        continue;
      }
      const std::string file = j.value("file", "");
      if (seen.count(file) != 0) {
        err << k_tool << ": " << path << ":" << n << ": " << file
            << " is in more than one report (overlapping shards?)\n";
        return diag::ExitCode::usage;
      }
      here.insert(file);
      summary.add_line(j);
    }
    seen.insert(here.begin(), here.end());
  }
  out << summary.text(k_tool);
  if (summary.counts.invalid + summary.counts.not_routed > 0) {
    code = diag::ExitCode::findings;
  }
  if (summary.counts.unreadable > 0) {
    code = diag::worst(code, diag::ExitCode::unreadable);
  }
  return code;
}

} // namespace altkit::check
