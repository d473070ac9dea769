# Flags shared by first-party targets only, through two interface targets.
add_library(altkit_warnings INTERFACE)
target_compile_options(altkit_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                 -Wold-style-cast -Wcast-align)
if(ALTKIT_WARNINGS_AS_ERRORS)
  target_compile_options(altkit_warnings INTERFACE -Werror)
endif()

add_library(altkit_settings INTERFACE)
target_compile_definitions(altkit_settings INTERFACE ALTKIT_VERSION="${PROJECT_VERSION}" ALTKIT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
if(ALTKIT_ENABLE_ASAN)
  target_compile_options(altkit_settings INTERFACE -fsanitize=address -fno-omit-frame-pointer)
  target_link_options(altkit_settings INTERFACE -fsanitize=address)
endif()
if(ALTKIT_ENABLE_UBSAN)
  target_compile_options(altkit_settings INTERFACE -fsanitize=undefined -fno-sanitize-recover=undefined)
  target_link_options(altkit_settings INTERFACE -fsanitize=undefined)
endif()
