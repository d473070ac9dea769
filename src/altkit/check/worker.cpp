#include "altkit/check/worker.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/validate/embedded.hpp"
#include "altkit/validate/routed.hpp"

#include <filesystem>
#include <sys/stat.h>

namespace altkit::check {

namespace {

// The first 256 KiB of a file opened ahead are asked for; the rest comes with the kernel's own
// read-ahead as the file is read.
constexpr std::uint64_t k_ahead_per_file = 256 * 1024;

/// A streamed archive member (Item::stream) as the one source a validator takes: reading it
/// keeps the member's pipe open, dropping it lets the archive move on.
class StreamedMember final : public io::ByteSource {
public:
  explicit StreamedMember(std::shared_ptr<io::ByteSource> s) : m_s(std::move(s)) {}
  std::size_t read(char* buf, std::size_t n) override { return m_s->read(buf, n); }
  const std::string& name() const override { return m_s->name(); }

private:
  std::shared_ptr<io::ByteSource> m_s;
};

} // namespace

CheckWorker::CheckWorker(const CheckPlan& plan) : m_plan(plan), m_validator(plan.engine, plan.settings) {
  if (plan.stylesheet != nullptr) {
    convert::ConvertOptions co;
    co.map = plan.map;
    m_converter = std::make_unique<convert::Converter>(*plan.stylesheet, *plan.target, co);
  }
}

void CheckWorker::open_ahead(std::vector<CheckJob>& jobs) const {
  if (jobs.size() < 2 || m_plan.ahead_files == 0) {
    return;
  }
  const SourceOptions& so = *m_plan.sources;
  for (std::size_t i = 0; i < std::min(jobs.size(), m_plan.ahead_files); ++i) {
    const Item& item = jobs[i].item;
    if (!item.path.empty() && !item.bytes && item.error.empty() && item.path != "-" &&
        (!item.listed || in_shard(item.name, so.shard, so.shards))) {
      jobs[i].ahead = io::open_ahead(item.path, k_ahead_per_file);
    }
  }
}

CheckOutcome CheckWorker::check(CheckJob& job) {
  CheckOutcome o;
  Item& item = job.item;
  o.index = item.index;
  std::unique_ptr<io::ByteSource> src = std::move(job.ahead); // a regular file, if opened ahead
  if (!item.listed || src) {
    o.result = check_item(item, std::move(src));
    return o;
  }
  const SourceOptions& so = *m_plan.sources;
  bool folder = false;
  if (!in_shard(item.name, so.shard, so.shards)) {
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
  } else if (!o.skipped) {
    o.result = check_item(item, std::move(src));
  }
  return o;
}

validate::DocumentResult CheckWorker::check_item(Item& item, std::unique_ptr<io::ByteSource> opened) {
  validate::DocumentResult r;
  if (!item.error.empty()) {
    r = validate::unreadable_result(item.name, item.error);
  } else {
    try {
      std::unique_ptr<io::ByteSource> src = std::move(opened);
      if (!src && item.stream) {
        src = std::make_unique<StreamedMember>(std::move(item.stream));
      } else if (!src) {
        src = item.bytes               ? std::make_unique<io::MemorySource>(item.bytes, item.name)
              : m_plan.open != nullptr ? (*m_plan.open)(item.path)
                                       : io::open_input(item.path);
      }
      r = m_converter   ? convert_item(std::move(src))
          : m_plan.deep ? validate::validate_deep(m_validator, std::move(src), m_plan.single, m_plan.catalog)
                        : validate::validate_routed(m_validator, std::move(src), m_plan.single, m_plan.catalog);
    } catch (const diag::Error& e) {
      std::string m = e.what();
      std::string shown = diag::escape_name(item.path) + ": "; // how the message names the file
      if (m.rfind(shown, 0) == 0) {
        m.erase(0, shown.size());
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
}

// --convert-check: what altut-convert would reject (errors) and leave out (notes), per message.
validate::DocumentResult CheckWorker::convert_item(std::unique_ptr<io::ByteSource> src) {
  validate::DocumentResult r;
  r.engine = "altut-convert";
  const std::string name = src->name();
  std::vector<diag::Diagnostic> found;
  auto fc = m_converter->convert(*src, "", [&](const convert::MessageRecord& m) {
    if (!m.converted) {
      found.push_back(diag::Diagnostic::error(*diag::find_code(m.reject_code))
                          .at(name, m.line)
                          .message("message '" + m.reference + "' would be rejected: " + m.reject_reason));
    }
    for (const auto& l : m.losses) {
      found.push_back(diag::Diagnostic::note(diag::code::lost_field)
                          .at(name, m.line)
                          .path(l.path)
                          .message("message '" + m.reference + "': " + l.path + " = '" + l.value +
                                   "' would not be carried over: " + l.reason));
    }
  });
  r.diagnostics = std::move(found);
  for (auto& d : fc.diagnostics) {
    d.file = name;
    r.diagnostics.push_back(d);
  }
  r.verdict = !fc.readable                           ? validate::Verdict::unreadable
              : fc.rejected > 0 || fc.internal_error ? validate::Verdict::invalid
                                                     : validate::Verdict::valid;
  return r;
}

} // namespace altkit::check
