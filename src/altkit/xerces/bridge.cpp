#include "altkit/xerces/bridge.hpp"

#include "altkit/diag/names.hpp"
#include "altkit/io/encoder.hpp"

#include <xercesc/framework/XMLFormatter.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/TransService.hpp>

#include <memory>
#include <mutex>
#include <new>

namespace altkit::xerces {

using namespace xercesc;

namespace {
/// A UTF-8 transcoder, asked for by the encoding's number. Asked for by name ("UTF-8"), Xerces
/// first transcodes the name itself through the local code page transcoder, which takes a
/// process-wide lock: once per element name, that made seres-validate -e xerces -j 2 slower
/// than -j 1 (28,000 context switches per 20,000 documents, all on that lock).
std::unique_ptr<XMLTranscoder> utf8_transcoder() {
  XMLTransService::Codes res = XMLTransService::Ok;
  XMLTranscoder* t = XMLPlatformUtils::fgTransService->makeNewTranscoderFor(XMLRecognizer::UTF_8, res, 16 * 1024,
                                                                            XMLPlatformUtils::fgMemoryManager);
  if (t == nullptr) {
    throw std::bad_alloc(); // UTF-8 is built into Xerces: only memory can be missing
  }
  return std::unique_ptr<XMLTranscoder>(t);
}
} // namespace

Utf16ToUtf8::Utf16ToUtf8() : m_transcoder(utf8_transcoder()) {}

Utf16ToUtf8::~Utf16ToUtf8() = default;

std::string Utf16ToUtf8::operator()(const XMLCh* s) const {
  if (s == nullptr) {
    return {};
  }
  TranscodeToStr t(s, m_transcoder.get());
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

std::string to_utf8(const XMLCh* s) {
  return Utf16ToUtf8()(s);
}

XStr::XStr(std::string_view utf8) {
  auto transcoder = utf8_transcoder();
  TranscodeFromStr t(reinterpret_cast<const XMLByte*>(utf8.data()), utf8.size(), transcoder.get());
  m_str = t.adopt();
}

XStr::~XStr() {
  XMLString::release(&m_str);
}

namespace {

// Reads a ByteSource for Xerces; owns it when given ownership (a file opened for an import).
class ByteSourceStream final : public BinInputStream {
public:
  explicit ByteSourceStream(io::ByteSource& src) : m_src(src) {}
  explicit ByteSourceStream(std::unique_ptr<io::ByteSource> owned) : m_owned(std::move(owned)), m_src(*m_owned) {}
  XMLFilePos curPos() const override { return m_pos; }
  XMLSize_t readBytes(XMLByte* const buf, const XMLSize_t max) override {
    XMLSize_t n = m_src.read(reinterpret_cast<char*>(buf), max);
    m_pos += n;
    return n;
  }
  const XMLCh* getContentType() const override { return nullptr; }

private:
  std::unique_ptr<io::ByteSource> m_owned;
  io::ByteSource& m_src;
  XMLFilePos m_pos = 0;
};

} // namespace

std::string system_id_of(const std::string& name) {
  return io::is_utf8(name) ? name : diag::escape_name(name);
}

std::string name_of_system_id(const std::string& id) {
  if (id.find('\\') == std::string::npos) {
    return id;
  }
  // Only an escaped name unescapes to bytes that are not UTF-8; a UTF-8 name was taken as it is.
  std::string bytes = diag::unescape_name(id);
  return io::is_utf8(bytes) ? id : bytes;
}

ByteSourceInput::ByteSourceInput(io::ByteSource& src) : m_src(src) {
  XStr id(system_id_of(src.name()));
  setSystemId(id.get());
}

BinInputStream* ByteSourceInput::makeStream() const {
  return new ByteSourceStream(m_src);
}

namespace {

std::string strip_file_scheme(std::string s) {
  if (s.rfind("file://", 0) == 0) {
    s.erase(0, 7);
  }
  return s;
}

bool has_remote_scheme(const std::string& s) {
  auto p = s.find("://");
  return p != std::string::npos && s.rfind("file://", 0) != 0;
}

} // namespace

FileInput::FileInput(const std::string& path) : m_path(path) {
  XStr id(system_id_of(path));
  setSystemId(id.get());
}

BinInputStream* FileInput::makeStream() const {
  try {
    return new ByteSourceStream(std::make_unique<io::FileSource>(m_path));
  } catch (const std::exception&) {
    return nullptr; // Xerces reports "unable to open" with the system id
  }
}

InputSource* LocalOnlyResolver::resolveEntity(XMLResourceIdentifier* id) {
  std::string sys = to_utf8(id->getSystemId());
  std::string path;
  if (!sys.empty() && !has_remote_scheme(sys)) {
    sys = strip_file_scheme(sys);
    path = sys;
    if (sys[0] != '/') {
      std::string base = strip_file_scheme(name_of_system_id(to_utf8(id->getBaseURI())));
      auto slash = base.rfind('/');
      path = slash == std::string::npos ? sys : base.substr(0, slash + 1) + sys;
    }
  }
  // A catalog sees the location as libxml2's loader does: absolute (a remote URL as it is).
  if (m_locations != nullptr) {
    std::string mapped = m_locations->resolve(path.empty() ? sys : path, to_utf8(id->getNameSpace()));
    if (!mapped.empty()) {
      return new FileInput(mapped);
    }
  }
  if (path.empty()) {
    return nullptr;
  }
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
    return new FileInput(path);
  }
  return nullptr;
}

} // namespace altkit::xerces
