#pragma once

// What joins Xerces-C++ to altkit: strings both ways, input sources over our ByteSources and
// files, and the entity resolvers. Built into the Xerces module only (module_api.hpp).

#include "altkit/io/source.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <xercesc/sax/InputSource.hpp>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLString.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace altkit::xerces {

/// Transcodes Xerces' UTF-16 strings (XMLCh) to UTF-8 std::strings (empty for nullptr), through
/// one transcoder made once: for a hot path (a name per element), where to_utf8's own
/// transcoder per call would cost an allocation each time. Not thread-safe: one per thread.
class Utf16ToUtf8 {
public:
  Utf16ToUtf8();
  ~Utf16ToUtf8();
  Utf16ToUtf8(const Utf16ToUtf8&) = delete;
  Utf16ToUtf8& operator=(const Utf16ToUtf8&) = delete;
  std::string operator()(const XMLCh* s) const;

private:
  std::unique_ptr<xercesc::XMLTranscoder> m_transcoder;
};

/// Xerces UTF-16 -> UTF-8 std::string (empty for nullptr), for the occasional string.
std::string to_utf8(const XMLCh* s);

/// UTF-8 -> Xerces UTF-16 string (XMLCh), owned.
class XStr {
public:
  explicit XStr(std::string_view utf8);
  ~XStr();
  XStr(const XStr&) = delete;
  XStr& operator=(const XStr&) = delete;
  const XMLCh* get() const { return m_str; }

private:
  XMLCh* m_str = nullptr;
};

/// A name (bytes, as POSIX has them) as a Xerces system id: the name itself when it is UTF-8,
/// else its escape_name form (`lat\xF8.xml`), since Xerces would throw on the name's bytes
/// (UTFDataFormatException, which once ended a run). Pure.
std::string system_id_of(const std::string& name);

/// What system_id_of made back to the name's bytes (a system id read from Xerces: a schema
/// error's file, an import's base). Pure.
std::string name_of_system_id(const std::string& id);

/// A Xerces InputSource that reads from a ByteSource it does not own; the system id is the
/// source's name (system_id_of), so Xerces reports it in every error.
class ByteSourceInput final : public xercesc::InputSource {
public:
  explicit ByteSourceInput(io::ByteSource& src);
  xercesc::BinInputStream* makeStream() const override;

private:
  io::ByteSource& m_src;
};

/// A Xerces InputSource over a local file, opened through io::FileSource (the path's bytes, no
/// locale-dependent transcoding); the system id is the path (system_id_of), so relative
/// imports resolve.
class FileInput final : public xercesc::InputSource {
public:
  explicit FileInput(const std::string& path);
  xercesc::BinInputStream* makeStream() const override;

private:
  std::string m_path;
};

/// Resolves schema imports and includes to local files only: first through `locations` (XML
/// catalogs; may be null), which sees the location made absolute and the namespace. Anything
/// else with a URL scheme other than file:, or a file that does not exist, resolves to nothing
/// (Xerces then warns).
class LocalOnlyResolver final : public xercesc::XMLEntityResolver {
public:
  explicit LocalOnlyResolver(const xml::LocationResolver* locations = nullptr) : m_locations(locations) {}
  xercesc::InputSource* resolveEntity(xercesc::XMLResourceIdentifier* id) override;

private:
  const xml::LocationResolver* m_locations;
};

/// Resolves nothing: instance documents may not pull in any external resource.
class RefuseAllResolver final : public xercesc::XMLEntityResolver {
public:
  xercesc::InputSource* resolveEntity(xercesc::XMLResourceIdentifier*) override { return nullptr; }
};

} // namespace altkit::xerces
