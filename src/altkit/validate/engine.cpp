#include "altkit/validate/engine.hpp"

#include "altkit/xml/xerces_module.hpp"

namespace altkit::validate {

std::unique_ptr<EngineValidator> make_xerces_validator() {
  // The module hands the validator over opaque (its table lives below this layer): it is an
  // EngineValidator it made, now ours.
  return std::unique_ptr<EngineValidator>(static_cast<EngineValidator*>(xml::xerces().make_validator()));
}

} // namespace altkit::validate
