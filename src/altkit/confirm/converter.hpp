#pragma once
// One input file of confirmations-convert, converted: an Altinn II CorrespondenceConfirmations
// file (either namespace) read as a stream, each Confirmation checked against the confirmations
// schema, mapped (mapping.hpp) and checked against the AltUtConfirmationBatch schema before it is
// written; or Altinn 3 correspondence details (JSON), each correspondence's status history mapped
// the same way. The Confirmation elements go to a Spool; the batch's header and the file it goes
// to are the caller's (the emitter numbers Altinn 3 batches in input order).

#include "altkit/confirm/mapping.hpp"
#include "altkit/diag/diagnostic.hpp"
#include "altkit/io/source.hpp"
#include "altkit/io/spool.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/xml/handles.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace altkit::confirm {

/// Which format a file turned out to be.
enum class InputKind { unknown, altinn2, altinn3 };

/// What one input file came to. confirmations = written + rejected always holds; an Altinn 3
/// correspondence without a Read or Confirmed event is no confirmation (`unread`).
struct FileResult {
  InputKind kind = InputKind::unknown;
  std::string version;  ///< Altinn II: the namespace's "2009/10" or "2010/10"
  bool readable = true; ///< false: unreadable, not well-formed, not a confirmations file (exit 3)
  bool header_valid = true;
  Shipment shipment;  ///< Altinn II: the header (when valid)
  std::string sender; ///< Altinn 3: the first correspondence's sender, as its number when it is one
  std::uint64_t confirmations = 0;
  std::uint64_t written = 0;
  std::uint64_t rejected = 0;
  std::uint64_t unread = 0;
  std::vector<diag::Diagnostic> diagnostics; ///< in file order; `file` is left to the caller
  std::unique_ptr<io::Spool> body;           ///< the Confirmation elements written (confirmation_xml)
};

/// The three schemas, compiled once on the main thread (libxml2), then shared read-only.
struct Schemas {
  std::shared_ptr<const schema::CompiledSchema> in_2009; ///< xsd/confirmations/confirmations-2009-10.xsd
  std::shared_ptr<const schema::CompiledSchema> in_2010; ///< xsd/confirmations/confirmations-2010-10.xsd
  std::shared_ptr<const schema::CompiledSchema> out;     ///< xsd/confirmations/altut-confirmation-batch.xsd

  /// Compiles them from `data_dir`/xsd/confirmations/; errors go to `sink` (then the result has
  /// a null member: the tool ends with exit 4). Requires xml::init_libxml(); main thread only.
  static Schemas load(const std::string& data_dir, diag::DiagnosticSink& sink);
  bool ok() const { return in_2009 && in_2010 && out; }
};

/// Converts files, one at a time, on one thread: each worker has its own (the validation
/// contexts are its own). `schemas` and `settings` must outlive it. Not thread-safe.
class FileConverter {
public:
  FileConverter(const Schemas& schemas, const MapSettings& settings);
  ~FileConverter();
  FileConverter(const FileConverter&) = delete;
  FileConverter& operator=(const FileConverter&) = delete;

  /// Reads `src` to its end (or to the first reason it cannot be read on) and converts what it
  /// holds. Never throws for bad input: an unreadable or malformed file is a result
  /// (readable = false, a fatal diagnostic); throws diag::Error(write_failed) when the Spool's
  /// temporary cannot be written, std::bad_alloc.
  FileResult convert(io::ByteSource& src);

  /// The schema check of one output Confirmation as confirmation_xml() writes it: empty when
  /// valid, else the validator's first complaint (lower-case, no trailing period).
  std::string check_output(const std::string& confirmation_xml);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace altkit::confirm
