#pragma once

#include "altkit/convert/loss.hpp"
#include "altkit/convert/stylesheet.hpp"
#include "altkit/diag/diagnostic.hpp"
#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/servicemap/service_map.hpp"
#include "altkit/validate/document.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace altkit::convert {

enum class Format {
  correspondences, ///< the Correspondences batch file
  insert_v2,       ///< InsertCorrespondenceV2 web-service payloads, one file per Correspondence
};

struct ConvertOptions {
  Format format = Format::correspondences;
  const servicemap::ServiceMap* map = nullptr; ///< may be null: then no legacy shortName or form resolves
  bool strict = false;                         ///< an unmapped form reference rejects its message
  bool with_offset = false;                    ///< dateTimes with an explicit offset
  std::size_t batch_size = 0;                  ///< Correspondences per output file; 0: one file
};

/// What happened to one AltUt Message.
struct MessageRecord {
  std::uint64_t index = 0; ///< 1-based, in the input file
  std::uint64_t line = 0;
  std::string reference; ///< @messageReference
  std::string short_name;
  bool converted = false;
  std::string reject_code; ///< when rejected: a stable code (README)
  std::string reject_reason;
  std::uint64_t correspondences = 0;
  std::vector<Loss> losses;
};

/// What happened to one input file. inputs = converted + rejected holds for `messages`.
struct FileConversion {
  bool readable = true; ///< false: not well-formed or unreadable (exit 3)
  bool internal_error = false; ///< an output failed our own target schema (exit 70)
  bool interrupted = false;    ///< stopped between messages by SIGINT/SIGTERM; nothing was written
  std::vector<diag::Diagnostic> diagnostics;
  std::uint64_t messages = 0;
  std::uint64_t converted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t correspondences = 0;
  std::uint64_t losses = 0;
  std::vector<std::string> outputs; ///< files written (Correspondences, then rejected messages)
};

/// Converts AltUt files to Correspondences batches, one Message at a time (xmlTextReader +
/// the stylesheet per Message), so memory stays bounded by the largest message. Every output
/// file is validated against `target` before it is renamed into place. One per worker thread;
/// the stylesheet, schema and map are shared read-only and must outlive it.
class Converter {
public:
  Converter(const Stylesheet& stylesheet, const schema::CompiledSchema& target, ConvertOptions options);

  /// Converts `src`. Outputs go to `out_base` + ".correspondences.xml" (".correspondences.NNN.xml"
  /// with a batch size; ".insert-v2.NNNNNN.xml", one per Correspondence, for insert-v2) and
  /// rejected messages, verbatim, to `out_base` + ".rejected.xml";
  /// an empty `out_base` is a dry run (nothing written). `on_message` sees every message in order.
  FileConversion convert(io::ByteSource& src, const std::string& out_base,
                         const std::function<void(const MessageRecord&)>& on_message);

private:
  const Stylesheet& m_stylesheet;
  const schema::CompiledSchema& m_target;
  ConvertOptions m_options;
  validate::DocumentValidator m_validator;
};

} // namespace altkit::convert
