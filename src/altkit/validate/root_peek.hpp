#pragma once

#include "altkit/io/source.hpp"
#include "altkit/validate/result.hpp"

#include <memory>

namespace altkit::validate {

/// Reads just far enough into `src` to see the root element, and returns it with a source that
/// replays what was read and then continues: a document is routed without being read twice.
/// A document that is not well-formed before its root gives root.found == false.
struct PeekedDocument {
  RootInfo root;
  bool doctype = false; ///< a DOCTYPE came before the root (callers refuse the document)
  std::unique_ptr<io::ByteSource> source;
};

PeekedDocument peek_root(std::unique_ptr<io::ByteSource> src);

} // namespace altkit::validate
