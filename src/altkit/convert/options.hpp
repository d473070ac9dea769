#pragma once
// What altut-convert is asked to do and what it reports, per Message and per file: the types
// shared by the reader, the message converter, the writer and the tool.
#include "altkit/convert/loss.hpp"
#include "altkit/diag/diagnostic.hpp"
#include "altkit/servicemap/service_map.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace altkit::convert {

enum class Format {
  correspondences, ///< the Correspondences batch file
  insert_v2,       ///< InsertCorrespondenceV2 web-service payloads, one file per Correspondence
  altinn3,         ///< Altinn 3 requests, one folder per Correspondence (altinn3.hpp)
};

class RequestSchema; // altinn3.hpp

struct ConvertOptions {
  Format format = Format::correspondences;
  const servicemap::ServiceMap* map = nullptr; ///< may be null: then no legacy shortName or form resolves
  bool strict = false;                         ///< an unmapped form reference rejects its message
  bool with_offset = false;                    ///< dateTimes with an explicit offset
  std::size_t batch_size = 0;                  ///< Correspondences per output file; 0: one file
  // --to altinn3 (altinn3.hpp):
  const RequestSchema* altinn3_schema = nullptr; ///< the request schema, loaded once; set for altinn3
  std::string sender;                            ///< --sender: the sending organisation's organisasjonsnummer
  bool allow_synthetic_ids = false;              ///< synthetic test fødselsnummer are recipients too
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
  std::vector<Warning> warnings; ///< values carried over with a change (time policy, hidden characters, ...)
};

/// What happened to one input file. inputs = converted + rejected holds for `messages`.
struct FileConversion {
  bool readable = true;        ///< false: not well-formed or unreadable (exit 3)
  bool internal_error = false; ///< FileWriter was handed an output that failed the target schema (exit 70)
  bool interrupted = false;    ///< stopped between messages by SIGINT/SIGTERM; nothing was written
  std::vector<diag::Diagnostic> diagnostics;
  std::uint64_t messages = 0;
  std::uint64_t converted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t correspondences = 0;
  std::uint64_t losses = 0;
  std::vector<std::string> outputs; ///< files written (Correspondences, then rejected messages)

  /// Counts one message's record in.
  void count(const MessageRecord& m) {
    if (m.converted) {
      ++converted;
      correspondences += m.correspondences;
    } else {
      ++rejected;
    }
    losses += m.losses.size();
  }
};

} // namespace altkit::convert
