// Archive members from untrusted archive bytes (zip, tar, compressed tar, anything libarchive
// reads), as corpus-check takes them: check::enumerate over the archive, each member checked
// for well-formedness in a worker's validator; members over k_member_in_memory are streamed
// (a thread unpacking while the validator reads: sometimes it stops reading early, as a finding
// or a limit would make it). Invariants: every item is named `archive!member` and holds exactly
// one of bytes, a stream or an error; a streamed member ends (no hang); a document never
// exceeds the size limit; the run ends (an empty archive gives no item).

#include "fuzz_common.hpp"

#include "altkit/check/sources.hpp"
#include "altkit/validate/document.hpp"

#include <unistd.h>

using namespace altkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::init_once();
  static std::string path = "/tmp/altkit-fuzz-archive-" + std::to_string(::getpid()) + ".zip";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    fuzz::fail("cannot write the archive to /tmp");
  }
  validate::ValidateSettings settings;
  settings.limits.max_document_bytes = 8U << 20; // a bomb stops here
  static validate::DocumentValidator validator(schema::Engine::libxml2, settings);
  check::SourceOptions options;
  options.operands = {path};
  options.include = {"*"};
  std::size_t items = 0;
  std::string error;
  bool listed = check::enumerate(
      options,
      [&](check::Item item) {
        ++items;
        if (item.name.rfind(path, 0) != 0) {
          fuzz::fail("an item not named after its archive");
        }
        int kinds = (item.bytes ? 1 : 0) + (item.stream ? 1 : 0) + (item.error.empty() ? 0 : 1);
        if (kinds != 1) {
          fuzz::fail("an item with not exactly one of bytes, stream or error");
        }
        if (item.stream && (size % 3) == 0) {
          return true; // dropped unread: the unpacking thread must move on
        }
        if (item.stream || item.bytes) {
          std::unique_ptr<io::ByteSource> src;
          if (item.stream) {
            struct Shared final : io::ByteSource {
              explicit Shared(std::shared_ptr<io::ByteSource> inner) : s(std::move(inner)) {}
              std::size_t read(char* b, std::size_t n) override { return s->read(b, n); }
              const std::string& name() const override { return s->name(); }
              std::shared_ptr<io::ByteSource> s;
            };
            src = std::make_unique<Shared>(std::move(item.stream));
          } else {
            src = std::make_unique<io::MemorySource>(item.bytes, item.name);
          }
          auto r = validator.validate(*src, nullptr);
          if (r.bytes > settings.limits.max_document_bytes) {
            fuzz::fail("a document read past the size limit");
          }
          for (const auto& d : r.diagnostics) {
            if (d.message.empty()) {
              fuzz::fail("a finding without a message");
            }
          }
        }
        return items < 10000;
      },
      error);
  if (!listed) {
    fuzz::fail("enumerate failed on an archive operand (only a list file may fail)");
  }
  // No item at all is fine: an empty file or a tar of zero blocks is an empty archive to libarchive.
  return 0;
}
