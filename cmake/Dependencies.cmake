# Every dependency is a Debian 12 package (scripts/setup-deps.sh installs them).
find_package(LibXml2 REQUIRED)
find_package(LibXslt REQUIRED)
find_package(XercesC REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(LibArchive REQUIRED)
find_package(Threads REQUIRED)
# libgcrypt: SHA-1 for altut-convert's UUID v5 (--to altinn3); libexslt links it already.
# valijson (JSON Schema, header only, /usr/include/valijson) needs nothing here.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GCRYPT REQUIRED IMPORTED_TARGET libgcrypt)
if(ALTKIT_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  # cmark, the CommonMark reference library: the tests render the Markdown altut-convert writes.
  pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
endif()
