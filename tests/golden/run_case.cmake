# Runs one golden case: corpus/<tool>/<case>/{args, stdin?, expected.out, expected.err, expected.rc}.
# `args` holds one argument per line, relative to the case folder, where the tool runs.
# With ALTKIT_GOLDEN_UPDATE=1 in the environment, the expected files are rewritten instead.
#   cmake -DTOOL=<exe> -DCASE=<dir> -P run_case.cmake
cmake_minimum_required(VERSION 3.25)

file(STRINGS "${CASE}/args" args_raw ENCODING UTF-8)
set(args "")
foreach(a IN LISTS args_raw)
  if(NOT a STREQUAL "")
    list(APPEND args "${a}")
  endif()
endforeach()

set(input_opt "")
if(EXISTS "${CASE}/stdin")
  set(input_opt INPUT_FILE "${CASE}/stdin")
endif()

# A case may write files under out/ (its args say so); they are compared with expected-files/.
file(REMOVE_RECURSE "${CASE}/out")
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

# Normalise what legitimately changes between builds: the version.
foreach(var out err)
  string(REGEX REPLACE "\"semanticVersion\": \"[^\"]*\"" "\"semanticVersion\": \"VERSION\"" ${var} "${${var}}")
  # corpus-check's timing line changes from run to run.
  string(REGEX REPLACE "this run: [^\n]*" "this run: (timing)" ${var} "${${var}}")
endforeach()

if("$ENV{ALTKIT_GOLDEN_UPDATE}" STREQUAL "1")
  file(REMOVE_RECURSE "${CASE}/expected-files")
  if(EXISTS "${CASE}/out")
    file(GLOB_RECURSE written "${CASE}/out/*")
    if(written)
      file(RENAME "${CASE}/out" "${CASE}/expected-files")
    else()
      file(REMOVE_RECURSE "${CASE}/out") # git keeps no empty folders: no files is no expected-files/
    endif()
  endif()
  file(WRITE "${CASE}/expected.out" "${out}")
  file(WRITE "${CASE}/expected.err" "${err}")
  file(WRITE "${CASE}/expected.rc" "${rc}\n")
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
    file(WRITE "${CASE}/actual.${stream}.actual" "${${stream}}")
    execute_process(COMMAND diff -u "${CASE}/expected.${stream}" "${CASE}/actual.${stream}.actual"
                    OUTPUT_VARIABLE d)
    message(SEND_ERROR "std${stream} differs from expected.${stream}:\n${d}")
    set(failed TRUE)
  endif()
endforeach()
if(EXISTS "${CASE}/expected-files" OR EXISTS "${CASE}/out")
  set(want_dir "${CASE}/expected-files")
  set(got_dir "${CASE}/out")
  # A missing side means "no files": compare with an empty folder.
  foreach(side want_dir got_dir)
    if(NOT EXISTS "${${side}}")
      set(${side} "${CASE}/.empty")
      file(MAKE_DIRECTORY "${CASE}/.empty")
    endif()
  endforeach()
  execute_process(COMMAND diff -ruN "${want_dir}" "${got_dir}" OUTPUT_VARIABLE d RESULT_VARIABLE drc)
  file(REMOVE_RECURSE "${CASE}/.empty")
  if(NOT drc EQUAL 0)
    message(SEND_ERROR "written files differ from expected-files/:\n${d}")
    set(failed TRUE)
  endif()
endif()
if(NOT failed)
  file(REMOVE "${CASE}/actual.out.actual" "${CASE}/actual.err.actual")
  file(REMOVE_RECURSE "${CASE}/out")
endif()
