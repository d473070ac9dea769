#include "altkit/gen/altut_gen.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/gen/ids.hpp"
#include "altkit/gen/rng.hpp"
#include "altkit/io/encoder.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/xml/escape.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace altkit::gen {

namespace {

constexpr const char* k_tool = "corpus-gen";

// The service map every generated file refers to: forms RF-1000..RF-1039 in versions 1 and 2,
// a blank-version row for every fourth form, and legacy free-text shortNames.
struct MapData {
  std::vector<std::string> legacy_mapped{"Skatteoppgjør 2007", "Årsoppgave næring", "Lønns- og trekkoppgave 2008",
                                         "Melding om flytting", "Særavgift Ø"};
  std::vector<std::string> legacy_unmapped{"Gammel tjeneste æøå", "Ukjent skjema"};
  std::string csv() const {
    std::string out = "kind,name,version,serviceCode,serviceEditionCode\n";
    for (int f = 1000; f < 1040; ++f) {
      for (int v = 1; v <= 2; ++v) {
        out += "form,RF-" + std::to_string(f) + "," + std::to_string(v) + "," + std::to_string(4000 + f - 1000) + "," +
               std::to_string(v) + "\n";
      }
      if (f % 4 == 0) {
        out += "form,RF-" + std::to_string(f) + ",," + std::to_string(4000 + f - 1000) + ",9\n";
      }
    }
    for (std::size_t i = 0; i < legacy_mapped.size(); ++i) {
      out += "shortName,\"" + legacy_mapped[i] + "\",," + std::to_string(2500 + i) + ",1\n";
    }
    return out;
  }
};

const std::vector<std::string>& titles() {
  static const std::vector<std::string> k{
      "Skatteoppgjøret er klart",          "Påminnelse om frist",       "Vedtak om særavgift", "Årsoppgjør for næring",
      "Melding fra Brønnøysundregistrene", "Kvittering for innsending", "Endring i skattekort"};
  return k;
}

/// Writes text in the file's encoding (UTF-8, or ISO-8859-1 through iconv).
class Writer {
public:
  Writer(io::TempFile& file, bool latin1) : m_file(file), m_encoder(latin1 ? "ISO-8859-1" : "UTF-8") {}
  void put(const std::string& utf8) {
    m_bytes += utf8.size();
    m_file.write(m_encoder.encode(utf8));
  }
  std::uint64_t bytes() const { return m_bytes; }

private:
  io::TempFile& m_file;
  io::Utf8ToEncoding m_encoder; // every generated character is in Latin-1's range
  std::uint64_t m_bytes = 0;
};

std::string two(std::int64_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02lld", static_cast<long long>(v));
  return b;
}

/// Base64 of random bytes. `damaged`: as AltUt producers wrote it, with line breaks and
/// without the padding (repairable); now and then not base64 at all (the message is rejected).
std::string base64(Rng& rng, bool damaged) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (damaged && rng.chance(5)) {
    return "dette er ikke base64!";
  }
  std::int64_t n = rng.between(1, 150);
  std::string bytes;
  for (std::int64_t i = 0; i < n; ++i) {
    bytes.push_back(static_cast<char>(rng.between(0, 255)));
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size())
      v |= static_cast<unsigned char>(bytes[i + 2]);
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? k[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? k[v & 63] : '=';
  }
  if (!damaged) {
    return out;
  }
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  std::string wrapped;
  for (std::size_t i = 0; i < out.size(); i += 60) {
    wrapped += out.substr(i, 60) + (i + 60 < out.size() ? "\n          " : "");
  }
  return wrapped;
}

/// The Message's shortName: mostly C_E, some "C E", legacy free text (mapped, rarely not).
std::string short_name(Rng& rng, const MapData& map) {
  std::string name;
  std::int64_t kind = rng.between(0, 99);
  if (kind < 70) {
    name = std::to_string(rng.between(1000, 9999)) + "_" + std::to_string(rng.between(1, 3));
  } else if (kind < 80) {
    name = std::to_string(rng.between(1000, 9999)) + " " + std::to_string(rng.between(1, 3));
  } else if (kind < 97) {
    name = rng.pick(map.legacy_mapped);
  } else {
    name = rng.pick(map.legacy_unmapped);
  }
  return name;
}

/// One Participant with its Content (and attachments, some with damaged base64).
std::string participant(Rng& rng, const std::string& id, std::size_t n) {
  std::string m;
  std::string year = std::to_string(rng.between(2008, 2012));
  m += "      <Participant id=\"" + id + "\">\n";
  m += "        <VisibleDate>" + year + "-" + two(rng.between(1, 12)) + "-" + two(rng.between(1, 28)) +
       "</VisibleDate>\n";
  if (rng.chance(50)) {
    m += "        <DueDate>" + year + "-12-31</DueDate>\n";
  }
  if (rng.chance(20)) {
    m += "        <LoginSecurityLevel>2</LoginSecurityLevel>\n";
  }
  if (rng.chance(30)) {
    m += "        <Year>" + year + "</Year>\n        <MunicipalNumber>" + std::to_string(rng.between(301, 5444)) +
         "</MunicipalNumber>\n";
  }
  const char* lang = rng.chance(80) ? "1044" : rng.chance(50) ? "2068" : "1033";
  m += "        <Content languageCode=\"" + std::string(lang) + "\">\n";
  m += "          <MessageHeader>" + xml::escape(rng.pick(titles())) + "</MessageHeader>\n";
  m +=
      "          <MessageSummery>Logg inn på Altinn for å se meldingen (" + std::to_string(n) + ").</MessageSummery>\n";
  std::int64_t attachments = rng.chance(70) ? 0 : rng.between(1, 2);
  if (attachments > 0) {
    m += "          <Attachments>\n";
    for (std::int64_t a = 0; a < attachments; ++a) {
      m += "            <Attachment id=\"A" + std::to_string(a + 1) +
           "\" functionType=\"Unspecified\" type=\"application_pdf\" "
           "filename=\"vedlegg-" +
           std::to_string(a + 1) + "-æøå.pdf\" name=\"Vedlegg " + std::to_string(a + 1) + "\">" +
           base64(rng, rng.chance(30)) + "</Attachment>\n";
    }
    m += "          </Attachments>\n";
  }
  m += "          <HTML><![CDATA[<p>Hei&nbsp;du,</p><p>meldingen gjelder " + year + ".</p>]]></HTML>\n";
  m += "        </Content>\n      </Participant>\n";
  return m;
}

/// NotificationMessages (40 % of the messages) for one of the participants `ids`.
std::string notifications(Rng& rng, const std::vector<std::string>& ids, std::size_t n) {
  std::string m;
  if (rng.chance(40)) {
    m += "      <NotificationMessages NotificationTypeName=\"Default\">\n";
    m += "        <NotificationMessage participantId=\"" + rng.pick(ids) + "\">\n";
    m += "          <SMSPhoneNumbers><SMSPhoneNumber> +479" + std::to_string(rng.between(1000000, 9999999)) +
         " </SMSPhoneNumber></SMSPhoneNumbers>\n";
    m += "          <EmailAddresses><EmailAddress>post" + std::to_string(n) +
         "@example.no</EmailAddress></EmailAddresses>\n";
    m += "        </NotificationMessage>\n      </NotificationMessages>\n";
  }
  return m;
}

/// ReplyMessages (60 % of the messages): legacy form references, ServiceCodes, URLs, archive references.
std::string reply_messages(Rng& rng, std::size_t n) {
  std::string m;
  if (rng.chance(60)) {
    m += "      <ReplyMessages>\n";
    std::int64_t options = rng.between(1, 3);
    for (std::int64_t o = 0; o < options; ++o) {
      std::int64_t which = rng.between(0, 99);
      if (which < 40) {
        // A legacy form reference: listed, covered by a blank-version row, or (rarely) unknown.
        std::int64_t form = rng.chance(95) ? rng.between(1000, 1039) : rng.between(1100, 1199);
        m += "        <ReplyMessage><Form formNumber=\"RF-" + std::to_string(form) + "\" version=\"" +
             std::to_string(rng.between(1, 3)) + "\"/></ReplyMessage>\n";
      } else if (which < 70) {
        m += "        <ReplyMessage><Form><ServiceCode>" + std::to_string(rng.between(1000, 9999)) +
             "_1</ServiceCode></Form></ReplyMessage>\n";
      } else if (which < 85) {
        m += "        <ReplyMessage><Form><ServiceURL>https://example.no/svar/" + std::to_string(n) +
             "</ServiceURL></Form></ReplyMessage>\n";
      } else {
        m += "        <ReplyMessage><Form><ArchiveReference>AR" + std::to_string(rng.between(100000, 999999)) +
             "</ArchiveReference></Form></ReplyMessage>\n";
      }
    }
    m += "      </ReplyMessages>\n";
  }
  return m;
}

std::string message(Rng& rng, const MapData& map, std::size_t file, std::size_t n) {
  std::string m;
  std::string name = short_name(rng, map);
  m += "    <Message shortName=\"" + xml::escape(name) + "\" messageReference=\"MSG-" + std::to_string(file) + "-" +
       std::to_string(n) + "\" viewFormat=\"bin\" allowDelete=\"1\" persistent=\"0\">\n";
  if (rng.chance(30)) {
    m += "      <RoleReqRead>MOINR</RoleReqRead>\n      <Sender><Name>Skatteetaten</Name></Sender>\n";
  }
  // 1-50 participants, mostly few.
  std::int64_t participants = rng.chance(90) ? rng.between(1, 3) : rng.between(4, 50);
  std::vector<std::string> ids;
  for (std::int64_t p = 0; p < participants; ++p) {
    std::string id = rng.chance(60) ? organisasjonsnummer(rng) : synthetic_fodselsnummer(rng);
    ids.push_back(id);
    m += participant(rng, id, n);
  }
  m += notifications(rng, ids, n);
  m += reply_messages(rng, n);
  m += "    </Message>\n";
  return m;
}

std::string soap_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c == '<' ? "&lt;" : c == '&' ? "&amp;" : c == '>' ? "&gt;" : std::string(1, c);
  }
  return out;
}

} // namespace

std::uint64_t parse_size(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    // std::stoull would take "-1" as 2^64 - 1 and skip leading spaces
    throw std::invalid_argument("'" + text + "' is not a size (a number of bytes, or with K, M or G)");
  }
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::out_of_range&) {
    throw std::invalid_argument("'" + text + "' is too large (at most " + std::to_string(k_max_size >> 30) + "G)");
  }
  std::string unit = text.substr(used);
  unsigned shift = 0;
  if (unit == "K" || unit == "k") {
    shift = 10;
  } else if (unit == "M") {
    shift = 20;
  } else if (unit == "G") {
    shift = 30;
  } else if (unit != "" && unit != "B") {
    throw std::invalid_argument("unknown size unit '" + unit + "' (K, M or G)");
  }
  // Compared before shifting: 18014398509481984G shifted wraps around to 0.
  if (n > (k_max_size >> shift)) {
    throw std::invalid_argument("'" + text + "' is too large (at most " + std::to_string(k_max_size >> 30) + "G)");
  }
  if (n == 0) {
    throw std::invalid_argument("a size of 0 writes nothing");
  }
  return n << shift;
}

diag::ExitCode run_altut_gen(const AltutGenOptions& options, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  MapData map;
  try {
    io::TempFile csv((fs::path(options.output_dir) / "service-map.csv").string());
    csv.write(map.csv());
    csv.commit(io::default_file_mode());
    std::size_t files = options.size > 0 ? 1 : options.files;
    std::uint64_t total = 0;
    for (std::size_t f = 0; f < files; ++f) {
      Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + f + 1);
      // Encoding: UTF-8 mostly, ISO-8859-1 often, SOAP-wrapped sometimes (a huge file: UTF-8).
      std::int64_t e = options.size > 0 ? 0 : rng.between(0, 99);
      bool latin1 = e >= 60 && e < 85;
      bool soap = e >= 85;
      char num[32];
      std::snprintf(num, sizeof num, "%05llu", static_cast<unsigned long long>(f + 1));
      std::string name = std::string("altut-") + num + (soap ? "-soap" : latin1 ? "-latin1" : "") + ".xml";
      io::TempFile file((fs::path(options.output_dir) / name).string());
      Writer w(file, latin1);
      std::string head = std::string("<?xml version=\"1.0\" encoding=\"") + (latin1 ? "ISO-8859-1" : "UTF-8") +
                         "\"?>\n<GovOrgan name=\"SKD_GEN\">\n  <AltUt sequenceno=\"" + std::to_string(1000 + f) +
                         "\">\n";
      std::string tail = "  </AltUt>\n</GovOrgan>\n";
      if (soap) {
        // The AltUt document as an escaped string; its inner declaration says ISO-8859-1 but
        // the text is already decoded (domain.md §11 C13).
        std::string inner =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<GovOrgan name=\"SKD_GEN\">\n  <AltUt sequenceno=\"" +
            std::to_string(1000 + f) + "\">\n";
        for (std::size_t m = 0; m < options.messages; ++m) {
          inner += message(rng, map, f + 1, m + 1);
        }
        inner += tail;
        w.put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope "
              "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
              "<soap:Body><SubmitAltutMessagePw xmlns=\"http://AltInn.no/agencywebservices/\"><altutMessage>" +
              soap_escape(inner) +
              "</altutMessage><password>secret</password></SubmitAltutMessagePw></soap:Body></soap:Envelope>\n");
      } else {
        w.put(head);
        std::size_t m = 0;
        while (options.size > 0 ? w.bytes() + tail.size() < options.size : m < options.messages) {
          w.put(message(rng, map, f + 1, ++m));
        }
        w.put(tail);
      }
      file.commit(io::default_file_mode());
      total += w.bytes();
    }
    err << k_tool << ": " << files << (files == 1 ? " AltUt file" : " AltUt files") << " (" << total
        << " bytes) and service-map.csv in " << options.output_dir << "\n";
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  return diag::ExitCode::ok;
}

} // namespace altkit::gen
