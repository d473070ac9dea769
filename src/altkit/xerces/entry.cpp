// The Xerces module's one exported function: the table of what it offers (module_api.hpp).
#include "altkit/xerces/module_api.hpp"

#include <xercesc/util/PlatformUtils.hpp>

namespace altkit::xerces {

void initialize() {
  xercesc::XMLPlatformUtils::Initialize();
}

void terminate() {
  xercesc::XMLPlatformUtils::Terminate();
}

} // namespace altkit::xerces

extern "C" const altkit::xml::XercesApi* ALTKIT_XERCES_ENTRY() {
  static const altkit::xml::XercesApi api{
      &altkit::xerces::initialize,
      &altkit::xerces::terminate,
      &altkit::xerces::compile_schema,
      // The table lives below validate/ and cannot name its types: the validator leaves opaque
      // (validate::make_xerces_validator takes it back as the EngineValidator it is).
      []() -> void* {
        return static_cast<altkit::validate::EngineValidator*>(altkit::xerces::make_validator().release());
      },
  };
  return &api;
}
