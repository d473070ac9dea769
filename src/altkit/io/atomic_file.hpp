#pragma once

#include <string>
#include <string_view>

namespace altkit::io {

/// Writes `data` to `path` through a temporary file in the same directory, fsync and rename, so
/// a reader (or a killed run) never sees half a file. Keeps the mode of an existing file.
/// Throws diag::Error(write_failed) naming the path on any failure; the temporary is removed.
void write_file_atomically(const std::string& path, std::string_view data);

} // namespace altkit::io
