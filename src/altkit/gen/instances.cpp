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

/// A document's bytes on their way out, handed on a chunk at a time.
class Output {
public:
  explicit Output(DocumentSink& sink) : m_sink(sink) {}
  std::string& buffer() {
    if (m_buf.size() >= (1U << 20)) {
      flush();
    }
    return m_buf;
  }
  void flush() {
    m_sink.write(m_buf);
    m_buf.clear();
  }

private:
  DocumentSink& m_sink;
  std::string m_buf;
};

struct Writer {
  const std::string& prefix;
  const AttrPrefixes& ap;
  detail::Patterns& patterns;
  long repeat;
  std::string root_decls; ///< namespace declarations, written into the root's start tag
  Output& out;

  void node(const Node& n, int depth) {
    if (n.lazy) {
      // A long list: its items made again one at a time, written, and dropped.
      detail::Builder::replay(*n.lazy, patterns, repeat, [&](const Node& item) {
        for (const auto& c : item.children) {
          node(c, depth);
        }
      });
      return;
    }
    std::string& o = out.buffer();
    std::string q = detail::qname_of(n, prefix);
    o.append(static_cast<std::size_t>(depth) * 2, ' ');
    o += "<" + q;
    if (depth == 0) {
      o += root_decls;
    }
    for (std::size_t i = 0; i < n.attrs.size(); ++i) {
      const Attribute* a = i < n.attr_decls.size() ? n.attr_decls[i] : nullptr;
      std::string name = a != nullptr && !a->ns.empty() ? ap.at(a->ns) + ":" + n.attrs[i].first : n.attrs[i].first;
      o += " " + name + "=\"" + xml::escape(n.attrs[i].second) + "\"";
    }
    if (n.nil) {
      o += " xsi:nil=\"true\"/>\n";
      return;
    }
    if (n.simple) {
      o += ">" + xml::escape(n.text) + "</" + q + ">\n";
      return;
    }
    if (n.children.empty()) {
      o += "/>\n";
      return;
    }
    o += ">\n";
    for (const auto& c : n.children) {
      node(c, depth + 1);
    }
    std::string& tail = out.buffer();
    tail.append(static_cast<std::size_t>(depth) * 2, ' ');
    tail += "</" + q + ">\n";
  }
};

/// Writes the document for tree `doc`, its namespace declarations (and schema location) on the
/// root, to `sink` in chunks of about 1 MiB.
void serialise(const Node& doc, const std::string& root_ns, const std::string& prefix,
               const std::string& schema_location, detail::Patterns& patterns, long repeat, DocumentSink& sink) {
  std::vector<std::string> namespaces;
  detail::attribute_namespaces(doc, namespaces);
  AttrPrefixes attr_prefixes;
  for (const auto& ns : namespaces) {
    attr_prefixes[ns] = "a" + std::to_string(attr_prefixes.size() + 1);
  }
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
  Output out(sink);
  out.buffer() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Writer w{prefix, attr_prefixes, patterns, repeat, decls, out};
  w.node(doc, 0);
  out.flush();
}

} // namespace

std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            const std::function<void(const std::string&, const std::string&)>& write) {
  struct Whole final : DocumentSink {
    const std::function<void(const std::string&, const std::string&)>& fn;
    std::string name;
    std::string bytes;
    explicit Whole(const std::function<void(const std::string&, const std::string&)>& f) : fn(f) {}
    void begin(const std::string& n) override {
      name = n;
      bytes.clear();
    }
    void write(std::string_view b) override { bytes.append(b); }
    void end() override { fn(name, bytes); }
  } whole(write);
  return generate_instances(model, options, whole);
}

std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            DocumentSink& sink) {
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
    std::string prefix = !root->ns.empty() && detail::any_unqualified(doc) ? "ns" : "";
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
    sink.begin(name);
    serialise(doc, root->ns, prefix, options.schema_location, patterns, options.repeat, sink);
    sink.end();
    truth.push_back(std::move(g));
  }
  return truth;
}

} // namespace altkit::gen
