#pragma once

// The Altinn 3 output of one Correspondence, as the writer puts it on disk (a folder): the types
// only, shared by the message converter (which makes them) and the file writer.

#include <string>
#include <vector>

namespace altkit::convert {

/// One attachment of an Altinn 3 request: the bytes of one multipart part.
struct Altinn3Attachment {
  std::string file;      ///< its name in the folder ("attachments/001-oppgjor.pdf")
  std::string file_name; ///< the request's fileName (the AltUt filename)
  std::string bytes;     ///< decoded
};

/// One Correspondence as an Altinn 3 request: request.json (validated against the request
/// schema), the attachments, and manifest.json naming each part.
struct Altinn3Folder {
  std::string recipient; ///< the recipient URN
  std::string request;   ///< request.json, serialised (2-space indentation, UTF-8, final newline)
  std::string manifest;  ///< manifest.json, serialised the same way
  std::vector<Altinn3Attachment> attachments;
};

} // namespace altkit::convert
