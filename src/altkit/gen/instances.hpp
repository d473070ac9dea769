#pragma once

#include "altkit/schema/xsd_model.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::gen {

// The schema model is schema/xsd_model.hpp, shared with the compiled validation engine.
using schema::Attribute;
using schema::ComplexType;
using schema::Element;
using schema::Facets;
using schema::Group;
using schema::Particle;
using schema::read_schema_model;
using schema::SchemaModel;
using schema::SimpleType;

struct InstanceOptions {
  std::uint64_t seed = 1;
  std::size_t count = 10;
  int invalid_percent = 0; ///< share of documents that get exactly one injected fault
  std::string root;        ///< global element to start from; empty: SchemaModel::default_root()
  std::string prefix = "doc";
  long repeat = 0;
  std::string
      schema_location; ///< written as xsi:(noNamespace)SchemaLocation, for tools that need the hint ///< > 0: unbounded
                       ///< repeating elements near the root occur up to this many times (large documents)
};

/// What a generated document is, and for an invalid one, what was broken where.
struct GroundTruth {
  std::string document;
  bool valid = true;
  std::string fault; ///< missing-element, unexpected-element, bad-value, wrong-fixed-value, missing-attribute
  std::string path;  ///< element path, as seres-validate writes it
  std::string detail;
};

/// Receives each generated document in pieces: begin(name), write(bytes)..., end().
/// Implementations may throw diag::Error (write_failed); generation stops there.
class DocumentSink {
public:
  virtual ~DocumentSink() = default;
  virtual void begin(const std::string& name) = 0;
  virtual void write(std::string_view bytes) = 0;
  virtual void end() = 0;
};

/// Generates `count` documents from `model`, deterministically from the seed (same seed, same
/// bytes). Valid documents follow every facet the model knows (enumerations, patterns, lengths,
/// digits, ranges, fixed values) and use MOD11-valid organisasjonsnummer and synthetic
/// fødselsnummer where element names ask for them. Each invalid document has one injected fault.
/// `sink` receives each document in pieces of about 1 MiB: with `repeat`, the long lists are
/// never held whole, so memory stays bounded whatever the document's size.
std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            DocumentSink& sink);
/// The same, `write(name, bytes)` receiving each document whole (for tests and small documents).
std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            const std::function<void(const std::string&, const std::string&)>& write);

} // namespace altkit::gen
