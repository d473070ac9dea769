#include "altkit/gen/confirmations_gen.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/gen/ids.hpp"
#include "altkit/gen/rng.hpp"
#include "altkit/io/temp_file.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <ostream>
#include <vector>

namespace altkit::gen {

namespace {

constexpr const char* k_tool = "corpus-gen";
constexpr const char* k_ns = "http://schemas.altinn.no/services/intermediary/correspondence/confirmations/";

// Services confirmed under a legacy name (service-map.csv), and Altinn 3 resources.
const std::vector<std::string>& legacy_names() {
  static const std::vector<std::string> k{"Årsoppgave næring", "Skatteoppgjør 2007", "Melding om flytting"};
  return k;
}
const std::vector<std::string>& resources() {
  static const std::vector<std::string> k{"gen-vedtak", "gen-varsel", "gen-paaminnelse"};
  return k;
}
const std::vector<std::string>& roles() {
  static const std::vector<std::string> k{"DAGL", "REGNA", "ALLEA,REGNA", "DAGL LEDE", "UTINN"};
  return k;
}

/// A synthetic fødselsnummer (one ident:: accepts).
std::string person(Rng& rng) {
  return synthetic_fodselsnummer(rng);
}

/// Seconds after 2024-01-01T00:00:00 as an xs:dateTime, without offset or with Z.
std::string when(std::int64_t seconds, bool utc) {
  std::time_t t = static_cast<std::time_t>(1704067200 + seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

std::string numbered(const char* stem, std::size_t n, const char* ext) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%05zu%s", stem, n, ext);
  return buf;
}

/// One Altinn II Confirmation: a C_E service (now and then one the map knows by a legacy name).
std::string altinn2_confirmation(Rng& rng, std::size_t file, std::size_t n, std::int64_t t) {
  std::string code =
      rng.chance(15) ? std::to_string(2500 + rng.between(0, 2)) : std::to_string(rng.between(3000, 3999));
  std::string edition = code.rfind("25", 0) == 0 ? "1" : std::to_string(rng.between(1, 3));
  std::string reportee = rng.chance(70) ? organisasjonsnummer(rng) : person(rng);
  std::string s = "  <Confirmation>\n    <ServiceCode>" + code + "</ServiceCode>\n    <ServiceEdition>" + edition +
                  "</ServiceEdition>\n    <Reportee>" + reportee + "</Reportee>\n    <CorrespondenceReference>GEN-" +
                  std::to_string(file) + "-" + std::to_string(n) +
                  "</CorrespondenceReference>\n    <Read><ReadDateTime>" + when(t, false) + "</ReadDateTime></Read>\n";
  if (rng.chance(40)) {
    s += "    <Confirmed><UserSSN>" + person(rng) + "</UserSSN><ConfirmedDateTime>" +
         when(t + rng.between(5, 3600), false) + "</ConfirmedDateTime><ConfirmedRoleList>" + rng.pick(roles()) +
         "</ConfirmedRoleList><AuthenticationMethod>" + std::to_string(rng.between(1, 4)) +
         "</AuthenticationMethod></Confirmed>\n";
  }
  return s + "  </Confirmation>\n";
}

/// One Altinn 3 correspondence's details on one line: Published, then (mostly) Read, sometimes Confirmed.
std::string altinn3_line(Rng& rng, std::size_t file, std::size_t n, std::int64_t t) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%06zu%06zu", file % 1000000, n % 1000000);
  bool to_person = rng.chance(30);
  std::string recipient = to_person ? "urn:altinn:person:identifier-no:" + person(rng)
                                    : "urn:altinn:organization:identifier-no:" + organisasjonsnummer(rng);
  std::string events =
      "{\"status\":\"Published\",\"statusText\":\"Published\",\"statusChanged\":\"" + when(t, true) + "\"}";
  if (rng.chance(90)) {
    events += ",{\"status\":\"Read\",\"statusText\":\"Read\",\"statusChanged\":\"" + when(t + 60, true) + "\"}";
    if (rng.chance(40)) {
      events +=
          ",{\"status\":\"Confirmed\",\"statusText\":\"Confirmed\",\"statusChanged\":\"" + when(t + 120, true) + "\"}";
    }
  }
  return "{\"correspondenceId\":\"" + std::string(id) + "\",\"resourceId\":\"" + rng.pick(resources()) +
         "\",\"sender\":\"urn:altinn:organization:identifier-no:991825827\",\"sendersReference\":\"GEN-" +
         std::to_string(file) + "-" + std::to_string(n) + "\",\"recipient\":\"" + recipient + "\",\"created\":\"" +
         when(t - 60, true) + "\",\"statusHistory\":[" + events + "]}\n";
}

void write_small(const std::string& path, const std::string& text) {
  io::TempFile f(path);
  f.write(text);
  f.commit(io::default_file_mode());
}

} // namespace

diag::ExitCode run_confirmations_gen(const ConfirmationsGenOptions& options, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  fs::path dir(options.output_dir);
  try {
    std::string map = "kind,name,version,serviceCode,serviceEditionCode\n";
    std::string res = "resourceId,shortName\n";
    for (std::size_t i = 0; i < legacy_names().size(); ++i) {
      map += "shortName," + legacy_names()[i] + ",," + std::to_string(2500 + i) + ",1\n";
      res += resources()[i] + "," + (i == 0 ? legacy_names()[i] : std::to_string(3100 + i) + "_1") + "\n";
    }
    write_small((dir / "service-map.csv").string(), map);
    if (options.altinn3) {
      write_small((dir / "resources.csv").string(), res);
    }
    for (std::size_t f = 1; f <= options.files; ++f) {
      Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + f);
      std::int64_t t = static_cast<std::int64_t>(f) * 86400;
      if (options.altinn3) {
        io::TempFile file((dir / numbered("details", f, ".jsonl")).string());
        for (std::size_t n = 1; n <= options.confirmations; ++n) {
          file.write(altinn3_line(rng, f, n, t + static_cast<std::int64_t>(n) * 7));
        }
        file.commit(io::default_file_mode());
        continue;
      }
      std::string version = f % 2 == 1 ? "2009/10" : "2010/10";
      io::TempFile file((dir / numbered("confirmations", f, ".xml")).string());
      file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CorrespondenceConfirmations xmlns=\"" +
                 std::string(k_ns) + version + "\">\n  <SequenceNo>" + std::to_string(f) +
                 "</SequenceNo>\n  <PreviousSequenceNo>" + std::to_string(f - 1) +
                 "</PreviousSequenceNo>\n  <SystemUserCode>GEN</SystemUserCode>\n  <ShipmentDateTime>" +
                 when(t + 86399, false) + "</ShipmentDateTime>\n  <CountConfirmationsInShipment>" +
                 std::to_string(options.confirmations) + "</CountConfirmationsInShipment>\n");
      for (std::size_t n = 1; n <= options.confirmations; ++n) {
        file.write(altinn2_confirmation(rng, f, n, t + static_cast<std::int64_t>(n) * 7));
      }
      file.write("</CorrespondenceConfirmations>\n");
      file.commit(io::default_file_mode());
    }
    err << k_tool << ": " << options.files << (options.altinn3 ? " Altinn 3 details files" : " confirmation files")
        << " of " << options.confirmations << " and " << (options.altinn3 ? "resources.csv, " : "")
        << "service-map.csv in " << options.output_dir << "\n";
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  return diag::ExitCode::ok;
}

} // namespace altkit::gen
