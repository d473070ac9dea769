// The Xerces module's one exported function: the table of what it offers.
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/engine.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <xercesc/util/PlatformUtils.hpp>

namespace altkit::schema {
bool compile_xerces(CompiledSchema& out, diag::DiagnosticSink& sink);
}
namespace altkit::validate {
std::unique_ptr<EngineValidator> make_xerces_engine();
}

extern "C" __attribute__((visibility("default"))) const altkit::xml::XercesApi* ALTKIT_XERCES_ENTRY() {
  static const altkit::xml::XercesApi api{
      [] { xercesc::XMLPlatformUtils::Initialize(); },
      [] { xercesc::XMLPlatformUtils::Terminate(); },
      &altkit::schema::compile_xerces,
      &altkit::validate::make_xerces_engine,
  };
  return &api;
}
