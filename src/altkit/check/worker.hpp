#pragma once

#include "altkit/check/sources.hpp"
#include "altkit/convert/converter.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace altkit::check {

/// What every corpus-check worker checks against: compiled once on the main thread before any
/// worker starts, then read-only. The pointers that are null are not in use.
struct CheckPlan {
  const SourceOptions* sources = nullptr;
  const schema::CompiledSchema* single = nullptr; ///< --schema
  const schema::Catalog* catalog = nullptr;       ///< --catalog
  schema::Engine engine = schema::Engine::libxml2;
  validate::ValidateSettings settings;
  bool deep = false; ///< --deep: the forms embedded in prefill batches too (validate/embedded.hpp)
  // --convert-check: altut-convert's parts
  const convert::Stylesheet* stylesheet = nullptr;
  const schema::CompiledSchema* target = nullptr;
  const servicemap::ServiceMap* map = nullptr;
  const io::Opener* open = nullptr; ///< opens a listed file (nullptr: io::open_input)
  std::size_t ahead_files = 0;      ///< files a worker may open ahead of its turn (0: none)
};

/// One document (or listed path) in the pipeline. A worker opens plain files ahead of its turn.
struct CheckJob {
  Item item;
  std::unique_ptr<io::ByteSource> ahead; ///< opened before its turn, or nullptr
};

/// What a worker made of one job: a document's result, or (a listed path) nothing for this
/// shard, or a folder to walk where it stands in the list.
struct CheckOutcome {
  validate::DocumentResult result;
  bool skipped = false;
  std::string folder;
  std::uint64_t index = 0; ///< the item's position (Item::index)
};

/// One worker thread's state: its validator and (--convert-check) its converter.
/// Not thread-safe: one per worker; the plan must outlive it.
class CheckWorker {
public:
  explicit CheckWorker(const CheckPlan& plan);

  /// Opens the plain files among `jobs` (not stdin, archive members or another shard's listed
  /// paths) and asks the kernel to read them, before the first is checked; a batch of one is
  /// simply read when its turn comes.
  void open_ahead(std::vector<CheckJob>& jobs) const;

  /// Checks one job; a listed path may turn out to be another shard's, or a folder.
  CheckOutcome check(CheckJob& job);

  /// Checks one item (opening it unless `opened` is given). Never throws for bad input: an
  /// unreadable document is a result with that verdict.
  validate::DocumentResult check_item(Item& item, std::unique_ptr<io::ByteSource> opened = nullptr);

  /// The element the validator is in (DocumentValidator::where): thread-safe.
  std::string where() const { return m_validator.where(); }

private:
  validate::DocumentResult convert_item(std::unique_ptr<io::ByteSource> src);

  const CheckPlan& m_plan;
  validate::DocumentValidator m_validator;
  std::unique_ptr<convert::Converter> m_converter;
};

} // namespace altkit::check
