#pragma once

#include "altkit/convert/message.hpp"
#include "altkit/io/temp_file.hpp"

#include <memory>
#include <string>

namespace altkit::convert {

/// The outputs of one input file, written in message order: Correspondences batch files
/// (`out_base.correspondences.xml`, or `.correspondences.NNN.xml` with a batch size, rolling
/// over with SequenceNo + 1), InsertCorrespondenceV2 payloads (`out_base.insert-v2.NNNNNN.xml`,
/// one per Correspondence, put in place as written), Altinn 3 folders (`out_base.altinn3.NNNNNN/`,
/// one per Correspondence, each put in place whole: altinn3_writer.hpp), and the rejected messages as they were
/// (`out_base.rejected.xml`: each Message's bytes from the input, inside the input's own
/// declaration and GovOrgan/AltUt start tags, in its encoding; serialised again, in UTF-8, when
/// the reader could not find a message's bytes). Each file is a temporary until it is complete; destroyed without
/// finish(), a batch or rejected file in progress is gone. Throws diag::Error(write_failed).
/// Not thread-safe: the pipeline's emitter owns it.
class FileWriter {
public:
  FileWriter(const ConvertOptions& options, std::string out_base);
  ~FileWriter();

  /// Writes one message's output. False once an output failed the target schema (our bug:
  /// MessageConverter rejects such a message, output-invalid, and hands on no parts):
  /// `result.internal_error` is set with the findings, positioned in the file it would have
  /// gone to, and nothing more is written for this file (its temporaries are dropped).
  bool add(const MessageOutput& m, const FileHeader& header, FileConversion& result);

  /// The last batch and the rejected messages put in place (a file read to its end), unless
  /// an output failed.
  void finish(FileConversion& result);

private:
  struct Batch;
  std::string batch_path(std::size_t k) const;
  bool add_to_batches(const MessageOutput& m, const FileHeader& header, FileConversion& result);
  bool add_payloads(const MessageOutput& m, FileConversion& result);
  void add_folders(const MessageOutput& m, FileConversion& result); ///< altinn3: out_base.altinn3.NNNNNN/
  void add_rejected(const MessageOutput& m, const FileHeader& header);
  void close_batch(FileConversion& result);

  const ConvertOptions& m_options;
  std::string m_out_base;
  std::unique_ptr<Batch> m_batch;
  std::size_t m_batch_index = 0;
  std::uint64_t m_payloads = 0;
  std::unique_ptr<io::TempFile> m_rejected;
  std::shared_ptr<const VerbatimFrame> m_frame; ///< the rejected file's frame, when it holds verbatim bytes
  bool m_failed = false;
};

} // namespace altkit::convert
