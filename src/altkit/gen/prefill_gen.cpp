#include "altkit/gen/prefill_gen.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/gen/command.hpp"
#include "altkit/gen/ids.hpp"
#include "altkit/gen/instances.hpp"
#include "altkit/gen/rng.hpp"
#include "altkit/io/atomic_file.hpp"
#include "altkit/io/temp_file.hpp"
#include "altkit/validate/embedded.hpp"
#include "altkit/xml/escape.hpp"

#include <cmath>
#include <filesystem>
#include <ostream>
#include <regex>
#include <stdexcept>

namespace altkit::gen {

namespace {

constexpr const char* k_tool = "corpus-gen";

/// An attribute of the form's root as written in the document ("" when it has none).
std::string root_attribute(const std::string& doc, const std::string& name) {
  std::size_t open = doc.find('<');
  while (open != std::string::npos && open + 1 < doc.size() && (doc[open + 1] == '?' || doc[open + 1] == '!')) {
    open = doc.find('<', open + 1);
  }
  if (open == std::string::npos) {
    return {};
  }
  std::string tag = doc.substr(open, doc.find('>', open) - open);
  std::smatch m;
  return std::regex_search(tag, m, std::regex("\\s" + name + "=\"([^\"]*)\"")) ? m[1].str() : std::string();
}

/// The form without its XML declaration (a FormData holds the form's elements).
std::string without_declaration(const std::string& doc) {
  if (doc.rfind("<?xml", 0) != 0) {
    return doc;
  }
  std::size_t end = doc.find("?>");
  std::size_t start = doc.find_first_not_of(" \t\r\n", end + 2);
  return start == std::string::npos ? std::string() : doc.substr(start);
}

/// A CDATA section holding `text` ("]]>" inside split over two sections).
std::string cdata(const std::string& text) {
  std::string out = "<![CDATA[";
  std::size_t from = 0;
  for (std::size_t at = text.find("]]>"); at != std::string::npos; at = text.find("]]>", from)) {
    out += text.substr(from, at - from) + "]]]]><![CDATA[>";
    from = at + 3;
  }
  return out + text.substr(from) + "]]>";
}

std::string two(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

} // namespace

FormDataStyle parse_form_data_style(const std::string& name) {
  if (name == "cdata") {
    return FormDataStyle::cdata;
  }
  if (name == "escaped") {
    return FormDataStyle::escaped;
  }
  if (name == "mixed") {
    return FormDataStyle::mixed;
  }
  throw std::invalid_argument("'" + name + "' is not cdata, escaped or mixed");
}

diag::ExitCode run_prefill_gen(const PrefillGenOptions& options, std::ostream& err) {
  auto model = load_model(options.schema, err);
  if (!model) {
    return diag::ExitCode::load_failed;
  }
  if (model->default_root() == nullptr) {
    err << k_tool << ": " << options.schema << ": the schema declares no global element\n";
    return diag::ExitCode::load_failed;
  }
  InstanceOptions io_opts;
  io_opts.seed = options.seed;
  io_opts.count = options.batches * options.forms;
  io_opts.invalid_percent = static_cast<int>(std::lround(options.invalid_ratio * 100.0));
  io_opts.prefix = "form";
  std::vector<std::string> forms;
  auto truth = generate_instances(*model, io_opts,
                                  [&](const std::string&, const std::string& bytes) { forms.push_back(bytes); });
  std::error_code ec;
  std::filesystem::create_directories(options.output_dir, ec);
  Rng rng(options.seed ^ 0x50524546494C4CULL); // "PREFILL": the batch's own values, apart from the forms'
  try {
    io::TempFile gt((std::filesystem::path(options.output_dir) / "ground-truth.tsv").string());
    gt.write("document\tform\texpected\tfault\tpath\tdetail\n");
    std::size_t invalid = 0;
    for (std::size_t b = 0; b < options.batches; ++b) {
      std::string name = "prefill-" + std::to_string(b + 1) + ".xml";
      std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ServiceOwner xmlns=\"" +
                      std::string(validate::k_serviceinitiation_ns) +
                      "\">\n  <ServiceOwnerName>ACME etat</ServiceOwnerName>\n"
                      "  <Prefill>\n    <SequenceNo>" +
                      std::to_string(b + 1) +
                      "</SequenceNo>\n"
                      "    <ExternalShipmentReference>SHIP-" +
                      std::to_string(options.seed) + "-" + std::to_string(b + 1) + "</ExternalShipmentReference>\n";
      for (std::size_t f = 0; f < options.forms; ++f) {
        std::size_t i = b * options.forms + f;
        const std::string& doc = forms[i];
        int month = static_cast<int>(rng.between(1, 12));
        std::string from = "2026-" + two(month) + "-01";
        std::string to = "2027-" + two(month) + "-01";
        bool use_cdata =
            options.style == FormDataStyle::cdata || (options.style == FormDataStyle::mixed && rng.between(0, 1) == 0);
        std::string body = without_declaration(doc);
        x += "    <Reportee>\n      <Id>" + organisasjonsnummer(rng) +
             "</Id>\n      <FormTask>\n"
             "        <ExternalServiceCode>" +
             std::to_string(rng.between(1000, 9999)) +
             "</ExternalServiceCode>\n"
             "        <ExternalServiceEditionCode>" +
             std::to_string(rng.between(1, 9)) +
             "</ExternalServiceEditionCode>\n"
             "        <ValidFrom>" +
             from + "</ValidFrom>\n        <ValidTo>" + to +
             "</ValidTo>\n"
             "        <SendersReference>REF-" +
             std::to_string(i + 1) +
             "</SendersReference>\n"
             "        <Form>\n"
             "          <DataFormatId>" +
             xml::escape(root_attribute(doc, "dataFormatId")) +
             "</DataFormatId>\n"
             "          <DataFormatVersion>" +
             xml::escape(root_attribute(doc, "dataFormatVersion")) +
             "</DataFormatVersion>\n"
             "          <SendersReference>FORM-" +
             std::to_string(i + 1) +
             "</SendersReference>\n"
             "          <FormData>" +
             (use_cdata ? cdata(body) : xml::escape(body)) +
             "</FormData>\n"
             "        </Form>\n      </FormTask>\n    </Reportee>\n";
        const GroundTruth& g = truth[i];
        invalid += g.valid ? 0 : 1;
        std::string reportee = "/ServiceOwner/Prefill/Reportee" + (f > 0 ? "[" + std::to_string(f + 1) + "]" : "");
        gt.write(name + "\t" + std::to_string(f + 1) + "\t" + (g.valid ? "valid" : "invalid") + "\t" + g.fault + "\t" +
                 (g.path.empty() ? "" : reportee + "/FormTask/Form/FormData" + g.path) + "\t" + g.detail + "\n");
      }
      x += "  </Prefill>\n</ServiceOwner>\n";
      io::write_file_atomically((std::filesystem::path(options.output_dir) / name).string(), x);
    }
    gt.commit(io::default_file_mode());
    err << k_tool << ": " << options.batches << " prefill batches of " << options.forms << " forms (" << invalid
        << " invalid) from " << options.schema << " in " << options.output_dir << "\n";
  } catch (const diag::Error& e) {
    err << k_tool << ": " << e.what() << '\n';
    return e.code();
  }
  return diag::ExitCode::ok;
}

} // namespace altkit::gen
