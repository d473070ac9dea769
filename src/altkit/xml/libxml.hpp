#pragma once

namespace altkit::xml {

/// Initialises libxml2 once for the process: xmlInitParser() and an external-entity loader that
/// refuses every URL that is not a local file (no network, ever). Call on the main thread before
/// any worker starts; further calls do nothing.
void init_libxml();

/// Parser options for every libxml2 parse: no network, no DTD loading, no entity substitution,
/// no XInclude, compact tree. (Huge-input mode stays off, which keeps libxml2's own depth and
/// text-length bounds.)
int safe_parse_options();

} // namespace altkit::xml
