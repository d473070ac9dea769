#include "altkit/check/fingerprint.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace altkit::check {

namespace fs = std::filesystem;

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t h) {
  static const char* k_hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = k_hex[h & 15];
    h >>= 4;
  }
  return s;
}

namespace {

std::uint64_t hash_file(const fs::path& p, std::uint64_t h) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    return fnv1a("unreadable:" + p.string(), h);
  }
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    h = fnv1a(std::string_view(buf, static_cast<std::size_t>(in.gcount())), h);
  }
  return fnv1a("\n", h);
}

} // namespace

std::string content_hash(const std::vector<std::string>& files) {
  std::uint64_t h = fnv1a("");
  for (const auto& f : files) {
    std::error_code ec;
    if (fs::is_directory(f, ec)) {
      std::vector<fs::path> under;
      for (auto it = fs::recursive_directory_iterator(f, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec)) {
          under.push_back(it->path());
        }
      }
      std::sort(under.begin(), under.end());
      for (const auto& p : under) {
        h = hash_file(p, fnv1a(fs::relative(p, f, ec).string(), h)); // a renamed file is a change too
      }
    } else {
      h = hash_file(f, h);
    }
  }
  return hex64(h);
}

nlohmann::json Fingerprint::to_json() const {
  return {{"version", version}, {"engine", engine}, {"mode", mode},         {"rules", rules},
          {"options", options}, {"inputs", inputs}, {"shard", shard_text()}};
}

std::string Fingerprint::digest() const {
  nlohmann::json j = to_json();
  j.erase("shard");
  return hex64(fnv1a(j.dump()));
}

Fingerprint Fingerprint::from_json(const nlohmann::json& j) {
  Fingerprint f;
  f.version = j.at("version").get<std::string>();
  f.engine = j.at("engine").get<std::string>();
  f.mode = j.at("mode").get<std::string>();
  f.rules = j.at("rules").get<std::string>();
  f.options = j.at("options").get<std::string>();
  f.inputs = j.at("inputs");
  std::string s = j.at("shard").get<std::string>();
  if (std::sscanf(s.c_str(), "%u/%u", &f.shard, &f.shards) != 2 || f.shards == 0 || f.shard == 0 ||
      f.shard > f.shards) {
    throw std::invalid_argument("bad shard " + s);
  }
  return f;
}

std::string Fingerprint::differences(const Fingerprint& o) const {
  std::vector<std::string> d;
  auto differ = [&](const std::string& what, const std::string& mine, const std::string& theirs) {
    if (mine != theirs) {
      d.push_back(what + " (" + mine + " now, " + theirs + " then)");
    }
  };
  differ("the tool version", version, o.version);
  differ("the engine", engine, o.engine);
  differ("what is checked", mode, o.mode);
  if (rules != o.rules) {
    d.push_back("the content of the schema, catalog, stylesheet or map");
  }
  differ("the options that change verdicts", options.empty() ? "none" : options,
         o.options.empty() ? "none" : o.options);
  differ("the inputs", inputs.dump(), o.inputs.dump());
  differ("the shard", shard_text(), o.shard_text());
  std::string out;
  for (const auto& s : d) {
    out += (out.empty() ? "" : "; ") + s;
  }
  return out;
}

std::string report_header(const Fingerprint& f) {
  nlohmann::json j{{"type", "header"},          {"format", 1},
                   {"tool", "corpus-check"},    {"version", f.version},
                   {"fingerprint", f.digest()}, {"shard", f.shard_text()},
                   {"engine", f.engine},        {"inputs", f.inputs}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace altkit::check
