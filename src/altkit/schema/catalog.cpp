#include "altkit/schema/catalog.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/io/inputs.hpp"

#include <algorithm>
#include <filesystem>

namespace altkit::schema {

std::string CatalogKey::describe() const {
  std::string out = ns.empty() ? root : "{" + ns + "}" + root;
  for (const auto& [k, v] : fixed) {
    out += " " + k + "=" + v;
  }
  return out;
}

namespace {

bool is_top(const CompiledSchema& s, const std::string& document) {
  std::error_code ec;
  return std::filesystem::weakly_canonical(s.path, ec).string() == document;
}

} // namespace

std::unique_ptr<Catalog> Catalog::from_schemas(std::vector<std::shared_ptr<const CompiledSchema>> schemas,
                                               diag::DiagnosticSink& sink) {
  auto cat = std::unique_ptr<Catalog>(new Catalog());
  cat->m_schemas = std::move(schemas);
  bool ok = true;
  for (const auto& s : cat->m_schemas) {
    // A schema whose form root carries identifying attributes claims that root only: the other
    // global elements of salami-slice (OR) and MetaTrans (DiBK) schemas are building blocks,
    // shared between forms. A schema without any claims all its global elements.
    // The elements of the schema's own documents (the top one, what it includes or redefines)
    // are claimed; an imported document's only when the own ones declare none (a driver schema
    // that only imports the real one).
    bool has_own =
        std::any_of(s->info.elements.begin(), s->info.elements.end(), [](const GlobalElement& e) { return e.own; });
    bool has_identified = std::any_of(s->info.elements.begin(), s->info.elements.end(),
                                      [&](const GlobalElement& e) { return (e.own || !has_own) && !e.fixed.empty(); });
    for (const auto& e : s->info.elements) {
      if ((has_own && !e.own) || (has_identified && e.fixed.empty())) {
        continue;
      }
      Entry entry{CatalogKey{e.ns, e.name, e.fixed}, s.get(), e.type_name, e.fixed_types, e.document};
      auto clash = std::find_if(cat->m_entries.begin(), cat->m_entries.end(),
                                [&](const Entry& o) { return o.key == entry.key && o.schema != entry.schema; });
      if (clash != cat->m_entries.end() && !clash->document.empty() && clash->document == entry.document) {
        // One declaration reached from two schemas of the folder (a driver schema that includes
        // the real one, both in the folder): the schema whose own top document declares it
        // claims it; when neither does, it stays a conflict.
        bool entry_declares = is_top(*entry.schema, entry.document);
        bool clash_declares = is_top(*clash->schema, clash->document);
        if (clash_declares && !entry_declares) {
          continue;
        }
        if (entry_declares && !clash_declares) {
          *clash = std::move(entry);
          continue;
        }
      }
      if (clash != cat->m_entries.end()) {
        sink.add(diag::Diagnostic::of(diag::code::catalog_conflict)
                     .at(s->path)
                     .message("schema claims " + entry.key.describe() + ", which " + clash->schema->path +
                              " claims too: a document with that root could not be routed"));
        ok = false;
        continue;
      }
      cat->m_entries.push_back(std::move(entry));
    }
  }
  if (!ok) {
    return nullptr;
  }
  return cat;
}

std::unique_ptr<Catalog> Catalog::load(const std::string& dir, Engine engine, diag::DiagnosticSink& sink) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    sink.add(
        diag::Diagnostic::of(diag::code::catalog_unreadable).at(dir).message("catalog is not a readable directory"));
    return nullptr;
  }
  std::vector<std::shared_ptr<const CompiledSchema>> schemas;
  bool ok = true;
  for (const auto& ref : io::expand_inputs({dir}, {".xsd"})) {
    auto s = compile_schema(ref.path, engine, sink);
    if (!s) {
      ok = false;
      continue;
    }
    schemas.push_back(std::move(s));
  }
  if (schemas.empty() && ok) {
    sink.add(diag::Diagnostic::of(diag::code::catalog_empty).at(dir).message("catalog holds no .xsd file"));
    return nullptr;
  }
  if (!ok) {
    return nullptr;
  }
  return from_schemas(std::move(schemas), sink);
}

bool Catalog::Entry::same(const std::string& attribute, const std::string& value) const {
  const std::string& fixed = key.fixed.at(attribute);
  auto type = fixed_types.find(attribute);
  if (type != fixed_types.end()) {
    // A fixed value is a value of its type: +1603, " 1603 " and 01603 are 1603 for an xs:integer.
    if (auto same = same_value(type->second, value, fixed)) {
      return *same;
    }
  }
  return value == fixed;
}

Route Catalog::route(const std::string& ns, const std::string& local,
                     const std::map<std::string, std::string>& attributes) const {
  auto value_of = [&](const std::string& k) -> const std::string* {
    auto it = attributes.find(k);
    return it == attributes.end() ? nullptr : &it->second;
  };
  // Candidates: same namespace and root, every fixed key present with the same value. A root
  // named after the element's type (BliTjenesteeier_M for melding) is routed to that schema
  // too, when no element matches by name, so the validator can say which root it expects.
  const Entry* best = nullptr;
  std::size_t best_keys = 0;
  bool tie = false;
  bool by_type = false;
  for (const auto& e : m_entries) {
    bool name_match = e.key.root == local;
    bool type_match = !name_match && !e.type_name.empty() && e.type_name == local;
    if (e.key.ns != ns || !(name_match || type_match)) {
      continue;
    }
    if (type_match && best != nullptr && !by_type) {
      continue; // a match by name beats any match by type
    }
    bool match = std::all_of(e.key.fixed.begin(), e.key.fixed.end(), [&](const auto& kv) {
      const std::string* v = value_of(kv.first);
      return v != nullptr && e.same(kv.first, *v);
    });
    if (!match) {
      continue;
    }
    if (name_match && by_type) {
      best = nullptr; // forget matches by type
      by_type = false;
    }
    if (best == nullptr || e.key.fixed.size() > best_keys) {
      by_type = type_match;
      best = &e;
      best_keys = e.key.fixed.size();
      tie = false;
    } else if (e.key.fixed.size() == best_keys) {
      tie = true;
    }
  }
  if (best != nullptr && !tie) {
    return Route{best->schema, {}};
  }

  return Route{nullptr, explain(ns, local, attributes, tie)};
}

std::string Catalog::explain(const std::string& ns, const std::string& local,
                             const std::map<std::string, std::string>& attributes, bool tie) const {
  auto value_of = [&](const std::string& k) -> const std::string* {
    auto it = attributes.find(k);
    return it == attributes.end() ? nullptr : &it->second;
  };
  CatalogKey carried{ns, local, {}};
  for (const auto& k : identifying_attributes()) {
    if (const std::string* v = value_of(k)) {
      carried.fixed[k] = *v;
    }
  }
  std::string problem = tie ? "more than one schema in the catalog matches " + carried.describe()
                            : "no schema in the catalog matches " + carried.describe();
  std::vector<std::pair<int, const Entry*>> scored;
  for (const auto& e : m_entries) {
    int score = 0;
    if (e.key.root == local) {
      score += 3;
    }
    if (e.key.ns == ns) {
      score += 1;
    }
    for (const auto& [k, v] : e.key.fixed) {
      const std::string* dv = value_of(k);
      if (dv != nullptr && e.same(k, *dv)) {
        score += 2;
      }
    }
    if (score >= 3) {
      scored.emplace_back(score, &e);
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (!scored.empty()) {
    problem += "; nearest: ";
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
      const Entry* e = scored[i].second;
      problem += (i == 0 ? "" : ", ") + std::filesystem::path(e->schema->path).filename().string() + " (" +
                 e->key.describe() + ")";
    }
  }
  return problem;
}

} // namespace altkit::schema
