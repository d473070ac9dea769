#pragma once

// corpus-gen prefill: Altinn II prefill batches (root ServiceOwner, Altinn's serviceinitiation
// 2009/10 schema) whose FormData carry forms generated from a SERES schema, for testing and
// benchmarking seres-validate/corpus-check --deep.

#include "altkit/diag/exit_code.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>

namespace altkit::gen {

/// How a form is put into its FormData element.
enum class FormDataStyle { cdata, escaped, mixed };

struct PrefillGenOptions {
  std::string schema;     ///< the forms' XSD (a SERES form)
  std::string output_dir; ///< batches and ground-truth.tsv go here
  std::uint64_t seed = 1;
  std::size_t batches = 1;
  std::size_t forms = 10; ///< per batch, one Reportee each
  double invalid_ratio = 0.0;
  FormDataStyle style = FormDataStyle::mixed;
};

/// Parses "cdata", "escaped" or "mixed"; throws std::invalid_argument otherwise.
FormDataStyle parse_form_data_style(const std::string& name);

/// Writes `batches` files prefill-N.xml, each valid against the serviceinitiation schema, with
/// `forms` generated forms (a share `invalid_ratio` with one injected fault each, as corpus-gen
/// instances makes them), and ground-truth.tsv (batch, form number, expected verdict, fault,
/// path inside the batch, detail). Deterministic: the same options give the same bytes. Each file
/// is written atomically. Returns the exit code (4: the schema cannot be read; 5: a file cannot
/// be written). Not thread-safe.
diag::ExitCode run_prefill_gen(const PrefillGenOptions& options, std::ostream& err);

} // namespace altkit::gen
