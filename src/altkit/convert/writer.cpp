#include "altkit/convert/writer.hpp"

#include "altkit/convert/altinn3_writer.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/io/encoder.hpp"
#include "altkit/xml/escape.hpp"

#include <algorithm>
#include <cstdio>

namespace altkit::convert {

namespace {

std::uint64_t lines_in(const std::string& s) {
  return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), '\n'));
}

/// Findings about an output, named after the file it would have been.
void output_failed(std::vector<diag::Diagnostic> found, const std::string& file, std::uint64_t line_shift,
                   std::uint64_t header_lines, FileConversion& result) {
  result.internal_error = true;
  for (auto& d : found) {
    d.file = file;
    if (d.line > header_lines) {
      d.line += line_shift; // the message's lines where they would have stood in the batch
    }
    d.message = "output fails the target schema: " + d.message;
    result.diagnostics.push_back(std::move(d));
  }
}

} // namespace

/// One Correspondences file being written: header, correspondences, footer.
struct FileWriter::Batch {
  Batch(const std::string& path, const std::string& head) : file(path), lines(lines_in(head)) { file.write(head); }
  io::TempFile file;
  std::size_t count = 0;
  std::uint64_t lines = 0;
};

FileWriter::FileWriter(const ConvertOptions& options, std::string out_base)
    : m_options(options), m_out_base(std::move(out_base)) {}

FileWriter::~FileWriter() = default;

std::string FileWriter::batch_path(std::size_t k) const {
  if (m_options.batch_size == 0) {
    return m_out_base + ".correspondences.xml";
  }
  char num[16];
  std::snprintf(num, sizeof num, "%03zu", k + 1);
  return m_out_base + ".correspondences." + num + ".xml";
}

bool FileWriter::add(const MessageOutput& m, const FileHeader& header, FileConversion& result) {
  if (m_failed) {
    return false;
  }
  if (!m.rejected_xml.empty()) {
    add_rejected(m, header);
  }
  if (!m.folders.empty()) {
    add_folders(m, result);
    return true;
  }
  if (m.parts.empty()) {
    return true;
  }
  bool ok = m_options.format == Format::insert_v2 ? add_payloads(m, result) : add_to_batches(m, header, result);
  if (!ok) {
    m_failed = true;
    m_batch.reset(); // temporaries that are not committed are removed
    m_rejected.reset();
  }
  return ok;
}

bool FileWriter::add_to_batches(const MessageOutput& m, const FileHeader& header, FileConversion& result) {
  if (!m.output_errors.empty()) {
    const std::uint64_t head_lines = lines_in(batch_head(header, 0));
    const std::uint64_t at = m_batch ? m_batch->lines : head_lines;
    output_failed(m.output_errors, batch_path(m_batch_index), at - head_lines, head_lines, result);
    return false;
  }
  for (const auto& part : m.parts) {
    if (!m_batch) {
      m_batch = std::make_unique<Batch>(batch_path(m_batch_index), batch_head(header, m_batch_index));
    }
    m_batch->file.write("  ");
    m_batch->file.write(part);
    m_batch->file.write("\n");
    m_batch->lines += lines_in(part) + 1;
    ++m_batch->count;
    if (m_options.batch_size != 0 && m_batch->count >= m_options.batch_size) {
      close_batch(result);
      ++m_batch_index;
    }
  }
  return true;
}

bool FileWriter::add_payloads(const MessageOutput& m, FileConversion& result) {
  for (std::size_t i = 0; i < m.parts.size(); ++i) {
    char num[16];
    std::snprintf(num, sizeof num, "%06llu", static_cast<unsigned long long>(++m_payloads));
    std::string path = m_out_base + ".insert-v2." + num + ".xml";
    if (!m.output_errors.empty() && i == m.failed_part) {
      output_failed(m.output_errors, path, 0, 0, result);
      return false;
    }
    io::TempFile file(path);
    file.write(m.parts[i]);
    file.commit(io::default_file_mode());
    result.outputs.push_back(file.target());
  }
  return true;
}

void FileWriter::add_folders(const MessageOutput& m, FileConversion& result) {
  for (const auto& folder : m.folders) {
    char num[16];
    std::snprintf(num, sizeof num, "%06llu", static_cast<unsigned long long>(++m_payloads));
    std::string path = m_out_base + ".altinn3." + num;
    write_altinn3_folder(path, folder);
    result.outputs.push_back(path);
  }
}

void FileWriter::add_rejected(const MessageOutput& m, const FileHeader& header) {
  if (!m_rejected) {
    m_rejected = std::make_unique<io::TempFile>(m_out_base + ".rejected.xml");
    const char* comment = "<!-- messages altut-convert rejected, as they were; the reasons are in its report -->\n";
    if (m.rejected_verbatim && header.frame) {
      // The file's own byte order mark, declaration and start tags around its own Messages.
      m_frame = header.frame;
      m_rejected->write(m_frame->prologue);
      m_rejected->write(m_frame->text(m_frame->prologue.empty() ? comment : std::string("\n") + comment));
      for (const auto& tag : m_frame->open_tags) {
        m_rejected->write(tag);
        m_rejected->write(m_frame->text("\n"));
      }
    } else {
      m_rejected->write(
          std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") + comment + "<GovOrgan name=\"" +
          xml::escape(header.system_user) + "\">\n<AltUt" +
          (header.sequence.empty() ? std::string() : " sequenceno=\"" + xml::escape(header.sequence) + "\"") + ">\n");
    }
  }
  if (m_frame && !m.rejected_verbatim) {
    // A message whose bytes were not found, in a file of verbatim ones: in the file's encoding.
    try {
      io::Utf8ToEncoding to(m_frame->encoding);
      m_rejected->write(to.encode(m.rejected_xml));
    } catch (const diag::Error&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw diag::Error(diag::ExitCode::write_failed, m_rejected->target() + ": " + e.what());
    }
  } else {
    m_rejected->write(m.rejected_xml);
  }
  m_rejected->write(m_frame ? m_frame->text("\n") : std::string("\n"));
}

void FileWriter::close_batch(FileConversion& result) {
  if (!m_batch) {
    return;
  }
  m_batch->file.write(k_batch_tail);
  m_batch->file.flush();
  m_batch->file.commit(io::default_file_mode());
  result.outputs.push_back(m_batch->file.target());
  m_batch.reset();
}

void FileWriter::finish(FileConversion& result) {
  if (m_failed) {
    return;
  }
  close_batch(result);
  if (m_rejected) {
    if (m_frame) {
      for (std::size_t i = m_frame->open_tags.size(); i-- > 0;) {
        m_rejected->write(m_frame->end_tag(i) + m_frame->text("\n"));
      }
    } else {
      m_rejected->write("</AltUt>\n</GovOrgan>\n");
    }
    m_rejected->commit(io::default_file_mode());
    result.outputs.push_back(m_rejected->target());
  }
}

} // namespace altkit::convert
