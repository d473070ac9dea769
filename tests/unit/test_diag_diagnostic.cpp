#include "altkit/diag/diagnostic.hpp"
#include "altkit/diag/exit_code.hpp"

#include <catch2/catch.hpp>

using namespace altkit::diag;

TEST_CASE("diag::format_gnu") {
  Diagnostic d;
  d.file = "input";
  d.line = 3;
  d.column = 7;
  d.severity = Severity::error;
  d.code = "value-pattern";
  d.message = "value 'x' does not match";
  CHECK(format_gnu("seres-validate", d) ==
        "seres-validate: input:3:7: error: value 'x' does not match [value-pattern]");
  d.column = 0;
  CHECK(format_gnu("t", d) == "t: input:3: error: value 'x' does not match [value-pattern]");
  d.line = 0;
  d.code.clear();
  d.severity = Severity::fatal;
  CHECK(format_gnu("t", d) == "t: input: fatal error: value 'x' does not match");
  d.file.clear();
  CHECK(format_gnu("t", d) == "t: fatal error: value 'x' does not match");
}

TEST_CASE("diag::tidy_message") {
  CHECK(tidy_message("Element 'a': This element is not expected.\n") == "element 'a': This element is not expected");
  CHECK(tidy_message("  XML declaration   allowed only\tat the start. ") ==
        "XML declaration allowed only at the start");
  CHECK(tidy_message("DOCTYPE is disallowed") == "DOCTYPE is disallowed");
  CHECK(tidy_message("") == "");
}

TEST_CASE("diag::worst") {
  CHECK(worst(ExitCode::ok, ExitCode::findings) == ExitCode::findings);
  CHECK(worst(ExitCode::unreadable, ExitCode::findings) == ExitCode::unreadable);
  CHECK(worst(ExitCode::load_failed, ExitCode::write_failed) == ExitCode::write_failed);
  CHECK(worst(ExitCode::write_failed, ExitCode::internal) == ExitCode::internal);
  CHECK(worst(ExitCode::internal, ExitCode::interrupted) == ExitCode::interrupted);
}

TEST_CASE("diag::DiagnosticSink::has_errors") {
  DiagnosticSink sink;
  CHECK_FALSE(sink.has_errors());
  sink.add(Diagnostic{"f", 1, 1, "", Severity::warning, "w", "a warning", ""});
  CHECK_FALSE(sink.has_errors());
  sink.add(Diagnostic{"f", 1, 1, "", Severity::error, "e", "an error", ""});
  CHECK(sink.has_errors());
}
