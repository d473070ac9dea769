#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace altkit::convert {

/// One AltUt value the conversion does not carry over to Altinn II.
struct Loss {
  std::string path;   ///< e.g. /Message/Participant[2]/LoginSecurityLevel or /Message/@viewFormat
  std::string value;  ///< the value lost (shortened to 200 characters)
  std::string reason; ///< "not mapped to Altinn II" (documented), "unknown element", ...
};

/// Walks one Message (namespaces removed) and lists every field the built-in mapping
/// (xslt/altut-to-correspondences.xsl, domain.md §10) does not carry: the fields Altinn
/// documents as not mapped (§2.2), unknown elements and attributes, and the conditional
/// cases (a MessageSubject when a MessageHeader is the title, a formNumber the map does not
/// resolve, ...). `form_resolved` tells whether a Form's formNumber/version the map resolves.
/// `soap` marks the InsertCorrespondenceV2 path, which has no AttachmentType.
std::vector<Loss> find_losses(const xmlNode* message, bool (*form_resolved)(const xmlNode* form, const void* ctx),
                              const void* ctx, bool soap = false);

} // namespace altkit::convert
