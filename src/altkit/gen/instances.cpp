#include "altkit/gen/instances.hpp"

#include "altkit/gen/instance_parts.hpp"
#include "altkit/gen/rng.hpp"
#include "altkit/xml/escape.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

// The parts live beside this file: instance_regex.cpp, instance_values.cpp, instance_builder.cpp
// and instance_faults.cpp (instance_parts.hpp); here, serialising and the loop over documents.

namespace altkit::gen {

using detail::Node;

namespace {

/// Prefixes for qualified attributes' namespaces (a1, a2, ...), declared on the root.
using AttrPrefixes = std::map<std::string, std::string>;

void attribute_namespaces(const Node& n, AttrPrefixes& out) {
  for (const Attribute* a : n.attr_decls) {
    if (a != nullptr && !a->ns.empty() && out.count(a->ns) == 0) {
      out[a->ns] = "a" + std::to_string(out.size() + 1);
    }
  }
  for (const auto& c : n.children) {
    attribute_namespaces(c, out);
  }
}

void write_node(const Node& n, const std::string& prefix, const AttrPrefixes& ap, int depth, std::string& out) {
  std::string q = detail::qname_of(n, prefix);
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "<" + q;
  for (std::size_t i = 0; i < n.attrs.size(); ++i) {
    const Attribute* a = i < n.attr_decls.size() ? n.attr_decls[i] : nullptr;
    std::string name = a != nullptr && !a->ns.empty() ? ap.at(a->ns) + ":" + n.attrs[i].first : n.attrs[i].first;
    out += " " + name + "=\"" + xml::escape(n.attrs[i].second) + "\"";
  }
  if (n.nil) {
    out += " xsi:nil=\"true\"/>\n";
    return;
  }
  if (n.simple) {
    out += ">" + xml::escape(n.text) + "</" + q + ">\n";
    return;
  }
  if (n.children.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  for (const auto& c : n.children) {
    write_node(c, prefix, ap, depth + 1, out);
  }
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "</" + q + ">\n";
}

bool any_unqualified(const Node& n) {
  if (n.ns.empty()) {
    return true;
  }
  return std::any_of(n.children.begin(), n.children.end(), any_unqualified);
}

/// The document for tree `doc`, its namespace declarations (and schema location) on the root.
std::string serialise(const Node& doc, const std::string& root_ns, const std::string& prefix,
                      const std::string& schema_location) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string body;
  AttrPrefixes attr_prefixes;
  attribute_namespaces(doc, attr_prefixes);
  write_node(doc, prefix, attr_prefixes, 0, body);
  // Namespace declarations on the root start tag.
  std::string decls = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
  for (const auto& [ns, p] : attr_prefixes) {
    decls += " xmlns:" + p + "=\"" + xml::escape(ns) + "\"";
  }
  if (!schema_location.empty()) {
    decls += root_ns.empty() ? " xsi:noNamespaceSchemaLocation=\"" + xml::escape(schema_location) + "\""
                             : " xsi:schemaLocation=\"" + xml::escape(root_ns + " " + schema_location) + "\"";
  }
  if (!root_ns.empty()) {
    decls += prefix.empty() ? " xmlns=\"" + xml::escape(root_ns) + "\"" : " xmlns:ns=\"" + xml::escape(root_ns) + "\"";
  }
  std::size_t insert_at = body.find_first_of(" >/", 1);
  body.insert(insert_at, decls);
  xml += body;
  return xml;
}

} // namespace

std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            const std::function<void(const std::string&, const std::string&)>& write) {
  std::vector<GroundTruth> truth;
  const Element* root = options.root.empty() ? model.default_root() : model.find(options.root);
  if (root == nullptr) {
    return truth;
  }
  detail::Patterns patterns;
  for (std::size_t i = 0; i < options.count; ++i) {
    // Each document has its own stream, so document k is the same whatever the count.
    Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + i + 1);
    detail::Builder builder(rng, patterns, options.repeat);
    Node doc = builder.element(*root, 0);
    // Namespaced schemas with unqualified local elements need a prefix for the qualified ones.
    std::string prefix = !root->ns.empty() && any_unqualified(doc) ? "ns" : "";
    GroundTruth g;
    char num[32];
    std::snprintf(num, sizeof num, "%06llu", static_cast<unsigned long long>(i + 1));
    std::string name = options.prefix + "-" + num + ".xml";
    g.document = name;
    if (rng.between(0, 99) < options.invalid_percent) {
      GroundTruth fault = detail::inject(doc, prefix, rng);
      if (!fault.fault.empty()) {
        fault.document = name;
        g = fault;
      }
    }
    write(name, serialise(doc, root->ns, prefix, options.schema_location));
    truth.push_back(std::move(g));
  }
  return truth;
}

} // namespace altkit::gen
