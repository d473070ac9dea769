# The manual: a man page per tool (section 1) and altkit(7), written once in scdoc
# (docs/man/*.scd), whose FINDING CODES are printed from the registry (docs/man/finding_codes.cpp,
# diag/codes.hpp); and a bash completion per tool, generated from its --help
# (cmake/bash-completion.sh). Both built with the tools and installed; tests/package/ checks them.
# Included after add_subdirectory(tools): every executable there is a tool.
include(GNUInstallDirs)
get_property(altkit_targets DIRECTORY ${PROJECT_SOURCE_DIR}/tools PROPERTY BUILDSYSTEM_TARGETS)
set(ALTKIT_TOOLS "")
foreach(target IN LISTS altkit_targets)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    list(APPEND ALTKIT_TOOLS ${target})
  endif()
endforeach()

# ---- bash completion --------------------------------------------------------
set(altkit_completions "")
foreach(tool IN LISTS ALTKIT_TOOLS)
  set(out ${PROJECT_BINARY_DIR}/completions/${tool})
  add_custom_command(OUTPUT ${out}
                     COMMAND bash ${PROJECT_SOURCE_DIR}/cmake/bash-completion.sh $<TARGET_FILE:${tool}> ${tool} ${out}
                     DEPENDS ${tool} ${PROJECT_SOURCE_DIR}/cmake/bash-completion.sh
                     COMMENT "bash completion for ${tool} from its --help" VERBATIM)
  list(APPEND altkit_completions ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
endforeach()
add_custom_target(altkit_completions ALL DEPENDS ${altkit_completions})

# ---- man pages ---------------------------------------------------------------
find_program(ALTKIT_SCDOC scdoc)
if(NOT ALTKIT_SCDOC)
  message(WARNING "scdoc not found (Debian: apt-get install scdoc, or make deps): no man pages")
  return()
endif()
add_executable(altkit_finding_codes ${PROJECT_SOURCE_DIR}/docs/man/finding_codes.cpp)
target_link_libraries(altkit_finding_codes PRIVATE altkit altkit_warnings altkit_settings)
set(altkit_pages "")
foreach(tool IN LISTS ALTKIT_TOOLS)
  set(src ${PROJECT_SOURCE_DIR}/docs/man/${tool}.1.scd)
  if(NOT EXISTS ${src})
    message(WARNING "${tool} has no man page: write docs/man/${tool}.1.scd (tests/package/man_help.sh fails without it)")
    continue()
  endif()
  set(out ${PROJECT_BINARY_DIR}/man/${tool}.1)
  add_custom_command(OUTPUT ${out} ${out}.gz
                     COMMAND ${CMAKE_COMMAND} -DSCDOC=${ALTKIT_SCDOC} -DIN=${src} -DOUT=${out}
                             -P ${PROJECT_SOURCE_DIR}/cmake/Scdoc.cmake
                     DEPENDS ${src} ${PROJECT_SOURCE_DIR}/cmake/Scdoc.cmake
                     COMMENT "man page ${tool}(1)" VERBATIM)
  list(APPEND altkit_pages ${out}.gz)
  install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
set(out ${PROJECT_BINARY_DIR}/man/altkit.7)
add_custom_command(OUTPUT ${out} ${out}.gz
                   COMMAND ${CMAKE_COMMAND} -DSCDOC=${ALTKIT_SCDOC} -DIN=${PROJECT_SOURCE_DIR}/docs/man/altkit.7.scd
                           -DOUT=${out} -DCODES=$<TARGET_FILE:altkit_finding_codes>
                           -P ${PROJECT_SOURCE_DIR}/cmake/Scdoc.cmake
                   DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/altkit.7.scd altkit_finding_codes
                           ${PROJECT_SOURCE_DIR}/cmake/Scdoc.cmake
                   COMMENT "man page altkit(7)" VERBATIM)
list(APPEND altkit_pages ${out}.gz)
install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
add_custom_target(altkit_man ALL DEPENDS ${altkit_pages})
