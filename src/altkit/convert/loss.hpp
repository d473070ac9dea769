#pragma once

#include "altkit/diag/codes.hpp"

#include <libxml/tree.h>

#include <cstdint>
#include <string>
#include <vector>

namespace altkit::convert {

/// One AltUt value the conversion does not carry over to Altinn II.
struct Loss {
  std::string path;   ///< e.g. /Message/Participant[2]/LoginSecurityLevel or /Message/@viewFormat
  std::string value;  ///< the value lost (shortened to 200 characters)
  std::string reason; ///< "not mapped to Altinn II" (documented), "unknown element", ...
};

/// A value carried over with a change the reader must know of (a hidden character read as a
/// space, a local time moved by the time policy, a ServiceCode's leading zeros kept): printed as
/// a warning with its code, and listed in the report's `warnings`.
struct Warning {
  const diag::CodeInfo* code = nullptr; ///< a registered warning (diag/codes.hpp)
  std::string path;                     ///< e.g. /Message/Participant[2]/DueDate
  std::string message;                  ///< says the value, the rule applied and the result
  std::uint64_t line = 0;               ///< the element's line; 0: the Message's
};

/// Walks one Message (namespaces removed) and lists every field the built-in mapping
/// (xslt/altut-to-correspondences.xsl, domain.md §10) does not carry: the fields Altinn
/// documents as not mapped (§2.2), unknown elements and attributes, and the conditional
/// cases (a MessageSubject when a MessageHeader is the title, a formNumber the map does not
/// resolve, a NotificationMessage whose participantId names no Participant, an attachment name
/// carrying a folder path). `form_resolved` tells whether a Form's formNumber/version the map resolves.
/// `soap` marks the InsertCorrespondenceV2 path, which has no AttachmentType.
std::vector<Loss> find_losses(const xmlNode* message, bool (*form_resolved)(const xmlNode* form, const void* ctx),
                              const void* ctx, bool soap = false);

} // namespace altkit::convert
