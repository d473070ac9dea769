# The Debian packages (`make deb`: cpack -G DEB in the build tree, from what is built already):
#   altkit         the tools, libaltkit.so.0.2, the Xerces module, share/altkit (xsd/, xslt/), man
#                  pages and bash completion (the install component "runtime", the default);
#   libaltkit-dev  headers, altkitConfig.cmake, altkit.pc and the libaltkit.so link ("dev").
# Depends comes from dpkg-shlibdeps over the packaged binaries (Debian 12's runtime packages:
# libxml2, libxslt1.1, libxerces-c3.2, libarchive13, ...); tests/package/deb.sh checks it against
# what the binaries load. Installed under /usr, so the tools find ../lib/altkit and ../share/altkit.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME altkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR altkit)
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it before both packages' descriptions;
# the first line of each component's description is its package's summary.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(ALTKIT_DEB_MAINTAINER "altkit maintainers <altkit@localhost>" CACHE STRING "The Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ALTKIT_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # altkit_0.2.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON) # a shlibs file, and ldconfig in postinst/postrm
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME altkit)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "Altinn message formats: SERES validation, AltUt conversion, corpus checks
seres-validate checks documents against SERES-generated XML schemas (Xerces-C++ and libxml2),
corpus-check checks whole corpora on all cores, altut-convert converts Altinn I AltUt messages
into Altinn II correspondence, replyref-rewrite rewrites reply references byte for byte, and
corpus-gen writes reproducible synthetic corpora. With the library, man pages and bash completion.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libaltkit-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "altkit library: development files
Headers, the CMake package (find_package(altkit), altkit::altkit) and the pkg-config file
(altkit.pc) for programs that link libaltkit.")
# The dev package needs the runtime package of the same version (the library itself) and the
# headers its headers and altkitConfig.cmake use.
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libxml2-dev, libxslt1-dev, libarchive-dev")
include(CPack)
