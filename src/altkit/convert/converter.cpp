#include "altkit/convert/converter.hpp"

#include "altkit/convert/reader.hpp"
#include "altkit/convert/writer.hpp"
#include "altkit/diag/interrupt.hpp"

namespace altkit::convert {

Converter::Converter(const Stylesheet& stylesheet, const schema::CompiledSchema& target, ConvertOptions options)
    : m_options(options), m_messages(stylesheet, target, options) {}

FileConversion Converter::convert(io::ByteSource& src, const std::string& out_base,
                                  const std::function<void(const MessageRecord&)>& on_message) {
  FileConversion result;
  const bool dry_run = out_base.empty();
  MessageReader reader(src);
  std::unique_ptr<FileWriter> writer;
  if (!dry_run) {
    writer = std::make_unique<FileWriter>(m_options, out_base);
  }
  MessageInput in;
  while (reader.next(in)) {
    if (diag::stop_requested()) {
      result.interrupted = true;
      return result; // temporaries are removed: no half-written output
    }
    MessageOutput out = m_messages.convert(in, dry_run);
    result.count(out.record);
    if (writer) {
      writer->add(out, *in.header, result);
    }
    on_message(out.record);
  }
  reader.finish(result);
  for (auto& d : result.diagnostics) {
    if (d.file.empty()) {
      d.file = src.name();
    }
  }
  if (result.readable && writer) {
    writer->finish(result);
  }
  return result;
}

} // namespace altkit::convert
