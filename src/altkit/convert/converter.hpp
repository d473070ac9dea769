#pragma once

#include "altkit/convert/message.hpp"
#include "altkit/convert/options.hpp"
#include "altkit/convert/stylesheet.hpp"
#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"

#include <functional>
#include <string>

namespace altkit::convert {

/// Converts one AltUt file on the calling thread, one Message at a time: MessageReader ->
/// MessageConverter -> FileWriter (the same parts altut-convert's pipeline spreads over its
/// workers), so memory stays bounded by the largest message. Used where a file is one job
/// (corpus-check --convert-check, the fuzz target). One per thread; the stylesheet, schema and
/// map are shared read-only and must outlive it.
class Converter {
public:
  Converter(const Stylesheet& stylesheet, const schema::CompiledSchema& target, ConvertOptions options);

  /// Converts `src`. Outputs go to `out_base` + ".correspondences.xml" (".correspondences.NNN.xml"
  /// with a batch size; ".insert-v2.NNNNNN.xml", one per Correspondence, for insert-v2) and
  /// rejected messages, as they were, to `out_base` + ".rejected.xml"; an empty `out_base` is a
  /// dry run (nothing written). `on_message` sees every message in order. Throws diag::Error
  /// (write_failed) when an output cannot be written.
  FileConversion convert(io::ByteSource& src, const std::string& out_base,
                         const std::function<void(const MessageRecord&)>& on_message);

private:
  ConvertOptions m_options;
  MessageConverter m_messages;
};

} // namespace altkit::convert
