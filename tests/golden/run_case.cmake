# Runs one golden case: corpus/<tool>/<case>/{args, stdin?, expected.out, expected.err, expected.rc}.
# `args` holds one argument per line, relative to the case folder, where the tool runs.
# Nothing is written into the source tree: an argument `out` or `out/...` names the case's output
# folder, which is WORK/out (in the build tree); WORK/out is written back as `out` in what the
# tool prints and writes, so expected files read as if the tool had written to out/. Written
# files are compared with the case's expected-files/.
# With ALTKIT_GOLDEN_UPDATE=1 in the environment, the expected files are rewritten instead.
#   cmake -DTOOL=<exe> -DCASE=<dir> -DWORK=<dir in the build tree> -P run_case.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT WORK)
  message(FATAL_ERROR "run_case.cmake: WORK (a folder in the build tree) is not set")
endif()
set(out_dir "${WORK}/out")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

file(STRINGS "${CASE}/args" args_raw ENCODING UTF-8)
set(args "")
foreach(a IN LISTS args_raw)
  if(a STREQUAL "out" OR a MATCHES "^out/")
    string(REGEX REPLACE "^out" "${out_dir}" a "${a}")
  endif()
  if(NOT a STREQUAL "")
    list(APPEND args "${a}")
  endif()
endforeach()

set(input_opt "")
if(EXISTS "${CASE}/stdin")
  set(input_opt INPUT_FILE "${CASE}/stdin")
endif()

# Reproducible "now" for outputs that need one (altut-convert notification times).
set(ENV{SOURCE_DATE_EPOCH} 1700000000)

execute_process(
  COMMAND "${TOOL}" ${args}
  WORKING_DIRECTORY "${CASE}"
  ${input_opt}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc
  TIMEOUT 60)

# Normalise what legitimately changes between builds: where out/ is, the version (and a report
# header's fingerprint, which covers the version).
macro(normalise_version var)
  string(REGEX REPLACE "\"semanticVersion\": \"[^\"]*\"" "\"semanticVersion\": \"VERSION\"" ${var} "${${var}}")
  string(REGEX REPLACE "(\"type\":\"header\",\"version\":)\"[^\"]*\"" "\\1\"VERSION\"" ${var} "${${var}}")
  string(REGEX REPLACE "(\"type\":\"header\"[^\n]*)\"fingerprint\":\"[0-9a-f]+\"" "\\1\"fingerprint\":\"FINGERPRINT\"" ${var} "${${var}}")
  string(REGEX REPLACE "\"fingerprint\":\"[0-9a-f]+\"([^\n]*\"type\":\"header\")" "\"fingerprint\":\"FINGERPRINT\"\\1" ${var} "${${var}}")
endmacro()
foreach(var out err)
  string(REPLACE "${out_dir}" "out" ${var} "${${var}}")
  normalise_version(${var})
  # corpus-check's timing line changes from run to run.
  string(REGEX REPLACE "this run: [^\n]*" "this run: (timing)" ${var} "${${var}}")
endforeach()

# The same for written files that name their folder (reports list the outputs). Files that are
# not text (UTF-16 outputs) cannot hold the path as it is spelled here and are left as they are.
file(GLOB_RECURSE written "${out_dir}/*")
foreach(f IN LISTS written)
  file(READ "${f}" content)
  string(FIND "${content}" "${out_dir}" at)
  string(FIND "${content}" "\"type\":\"header\"" header)
  if(NOT at EQUAL -1 OR NOT header EQUAL -1)
    string(REPLACE "${out_dir}" "out" content "${content}")
    normalise_version(content)
    file(WRITE "${f}" "${content}")
  endif()
endforeach()

if("$ENV{ALTKIT_GOLDEN_UPDATE}" STREQUAL "1")
  file(REMOVE_RECURSE "${CASE}/expected-files")
  if(written) # git keeps no empty folders: no files is no expected-files/
    file(COPY "${out_dir}/" DESTINATION "${CASE}/expected-files")
  endif()
  file(WRITE "${CASE}/expected.out" "${out}")
  file(WRITE "${CASE}/expected.err" "${err}")
  file(WRITE "${CASE}/expected.rc" "${rc}\n")
  file(REMOVE_RECURSE "${WORK}")
  message(STATUS "updated ${CASE}")
  return()
endif()

set(failed FALSE)
file(READ "${CASE}/expected.rc" want_rc)
string(STRIP "${want_rc}" want_rc)
if(NOT rc STREQUAL want_rc)
  message(SEND_ERROR "exit code: expected ${want_rc}, got ${rc}")
  set(failed TRUE)
endif()
foreach(stream out err)
  file(READ "${CASE}/expected.${stream}" want)
  if(NOT want STREQUAL "${${stream}}")
    file(WRITE "${WORK}/actual.${stream}" "${${stream}}")
    execute_process(COMMAND diff -u "${CASE}/expected.${stream}" "${WORK}/actual.${stream}"
                    OUTPUT_VARIABLE d)
    message(SEND_ERROR "std${stream} differs from expected.${stream}:\n${d}")
    set(failed TRUE)
  endif()
endforeach()
if(EXISTS "${CASE}/expected-files" OR EXISTS "${out_dir}")
  set(want_dir "${CASE}/expected-files")
  set(got_dir "${out_dir}")
  # A missing side means "no files": compare with an empty folder.
  foreach(side want_dir got_dir)
    if(NOT EXISTS "${${side}}")
      set(${side} "${WORK}/.empty")
      file(MAKE_DIRECTORY "${WORK}/.empty")
    endif()
  endforeach()
  execute_process(COMMAND diff -ruN "${want_dir}" "${got_dir}" OUTPUT_VARIABLE d RESULT_VARIABLE drc)
  if(NOT drc EQUAL 0)
    message(SEND_ERROR "written files differ from expected-files/:\n${d}")
    set(failed TRUE)
  endif()
endif()
if(NOT failed)
  file(REMOVE_RECURSE "${WORK}") # kept when the case fails, for a look at what the tool did
endif()
