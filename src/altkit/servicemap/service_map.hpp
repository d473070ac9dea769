#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace altkit::servicemap {

/// An Altinn II service: ServiceCode and ServiceEditionCode (edition normalised: no leading zeros).
struct Service {
  std::string code;
  std::string edition;
  std::size_t line = 0; ///< the map line it came from

  /// "C_E", as AltUt's shortName and Form/ServiceCode write it.
  std::string joined() const { return code + "_" + edition; }
};

/// The service map: CSV, UTF-8, RFC 4180, header `kind,name,version,serviceCode,serviceEditionCode`,
/// optionally followed by a sixth column `resourceId` (the Altinn 3 resource of the row's service;
/// maps of five columns load as before).
/// kind `form`: name = formNumber, version = form version (blank: any version not listed);
/// kind `shortName`: name = a legacy free-text shortName, version blank;
/// kind `service` (six-column maps only): name and version blank, serviceCode/serviceEditionCode the
/// service (a blank edition: any edition without its own row), resourceId required.
/// A resourceId on a form or shortName row is the resource of the service it names, as a service
/// row would give it; two rows giving one service different resources are a map-conflict.
/// Immutable after load; safe to share between threads.
class ServiceMap {
public:
  /// Loads and checks a map. Every problem (syntax, a duplicate or conflicting row, a code over
  /// 7 characters, a non-integer edition, an unknown kind) goes to `sink` with its line; then
  /// the result is null (the tools end with exit code 4).
  /// The file must be UTF-8 (a byte that is not is an error naming its line and column), unless
  /// `encoding` names the one it is in (iconv's names: "latin1", "windows-1252", ...); a NUL
  /// byte is an error; a file over 16 MiB is refused unread (map-unreadable).
  static std::unique_ptr<ServiceMap> load(const std::string& path, diag::DiagnosticSink& sink,
                                          const std::string& encoding = "");
  /// The same, from text in memory (`name` is used in diagnostics).
  static std::unique_ptr<ServiceMap> parse(std::string_view text, const std::string& name, diag::DiagnosticSink& sink);

  /// The service for an Altinn I form: the row for (formNumber, version), else the blank-version row.
  /// A version of digits is a number: "2" and "02" are one version.
  std::optional<Service> form(const std::string& form_number, const std::string& version) const;
  /// The service for a legacy free-text shortName.
  std::optional<Service> short_name(const std::string& name) const;
  /// The other way: every legacy shortName mapped to ServiceCode `code` and edition `edition`
  /// (compared as numbers: "01" is "1"), in the map's order of names. Thread-safe (const).
  std::vector<std::string> legacy_names(const std::string& code, const std::string& edition) const;

  /// The Altinn 3 resource id of a service (code, edition as normalised: no leading zeros):
  /// the row for that edition, else a service row with a blank edition; nullopt when none.
  std::optional<std::string> resource(const std::string& code, const std::string& edition) const;

  std::size_t size() const { return m_forms.size() + m_short_names.size() + m_resources.size(); }

private:
  struct Resource {
    std::string id;
    std::size_t line = 0;
    bool service_row = false; ///< from a `service` row (not a form or shortName row)
  };
  /// Records `resource` as the resource of `svc`; a conflict or repeated service row goes to `fail`.
  bool add_resource(const Service& svc, const std::string& resource, bool service_row,
                    const std::function<void(std::size_t, const diag::CodeInfo&, const std::string&)>& fail);
  std::map<std::pair<std::string, std::string>, Service> m_forms; // (formNumber, version or "")
  std::map<std::string, Service> m_short_names;
  std::map<std::pair<std::string, std::string>, Resource> m_resources; // (serviceCode, edition or "")
};

/// The AltUt shortName of an Altinn II service: "C_E", the edition's leading zeros dropped; the
/// inverse of the rule that reads a shortName (convert::resolve_short_name: two tokens split on
/// '_' or whitespace, a code of 1-7 ASCII characters, an edition of digits). nullopt when the
/// pair cannot be written so that it reads back as the same service (an empty, long or non-ASCII
/// code, one holding '_' or whitespace, an edition that is not all digits). Pure; thread-safe.
std::optional<std::string> short_name_for(std::string_view code, std::string_view edition);

} // namespace altkit::servicemap
