#pragma once

#include "altkit/convert/altinn3_request.hpp"

#include <string>

namespace altkit::convert {

/// Writes `folder` as the directory `target` (request.json, manifest.json, attachments/...), all
/// or nothing: into a temporary directory beside it (target.tmp.XXXXXX), each file fsynced, then
/// renamed into place in one step (an existing `target` is exchanged with it, renameat2
/// RENAME_EXCHANGE, and then removed). On failure the temporary is removed and
/// diag::Error(write_failed) names the target. Thread-safe for distinct targets.
void write_altinn3_folder(const std::string& target, const Altinn3Folder& folder);

} // namespace altkit::convert
