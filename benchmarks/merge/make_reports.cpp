// Shard reports for the merge benchmark, and the shard skew of --shard K/N (docs/scaling.md).
//   make_reports reports DIR SHARDS DOCUMENTS   the jsonl reports of a run of DOCUMENTS documents
//                                               over SHARDS shards, as corpus-check writes them
//   make_reports skew SHARDS NAMES              the share of each shard for NAMES generated names
// The hash is corpus-check's (FNV-1a 64 of the name, modulo N): see src/altkit/check/sources.cpp.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL; // as stable_hash() has it (not the FNV offset basis)
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static std::string name_of(std::uint64_t i) {
  char buf[96];
  // Paths as a migration would lay them out: year/month folders, numbered documents.
  std::snprintf(buf, sizeof buf, "/corpus/%llu/%02llu/melding-%09llu.xml", 2015 + (i / 10000000) % 10,
                1 + (i / 1000000) % 12, static_cast<unsigned long long>(i));
  return buf;
}

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "skew") {
    unsigned n = std::atoi(argv[2]);
    std::uint64_t names = std::strtoull(argv[3], nullptr, 10);
    std::vector<std::uint64_t> count(n);
    for (std::uint64_t i = 0; i < names; ++i) {
      ++count[fnv1a(name_of(i)) % n];
    }
    auto [lo, hi] = std::minmax_element(count.begin(), count.end());
    std::printf("%llu names over %u shards: min %llu, max %llu, mean %.0f, max/min %.3f\n",
                static_cast<unsigned long long>(names), n, static_cast<unsigned long long>(*lo),
                static_cast<unsigned long long>(*hi), static_cast<double>(names) / n,
                static_cast<double>(*hi) / static_cast<double>(*lo));
    return 0;
  }
  if (argc != 5 || std::string(argv[1]) != "reports") {
    std::fprintf(stderr, "usage: make_reports reports DIR SHARDS DOCUMENTS | skew SHARDS NAMES\n");
    return 2;
  }
  std::string dir = argv[2];
  unsigned n = std::atoi(argv[3]);
  std::uint64_t docs = std::strtoull(argv[4], nullptr, 10);
  const std::string schema = "/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd";
  struct Out {
    std::FILE* f;
    std::uint64_t documents = 0, bytes = 0, valid = 0, invalid = 0;
  };
  std::vector<Out> out(n);
  for (unsigned k = 1; k <= n; ++k) {
    std::string path = dir + "/shard-" + std::to_string(k) + ".jsonl";
    out[k - 1].f = std::fopen(path.c_str(), "w");
    if (out[k - 1].f == nullptr) {
      std::perror(path.c_str());
      return 1;
    }
    std::fprintf(out[k - 1].f,
                 "{\"engine\":\"libxml2\",\"fingerprint\":\"00000000bench000\",\"format\":1,\"inputs\":{\"exclude\":[],"
                 "\"include\":[],\"operands\":[\"/corpus\"],\"stdin_list\":false},\"shard\":\"%u/%u\",\"tool\":"
                 "\"corpus-check\",\"type\":\"header\",\"version\":\"bench\"}\n",
                 k, n);
  }
  for (std::uint64_t i = 0; i < docs; ++i) {
    std::string name = name_of(i);
    Out& o = out[fnv1a(name) % n];
    std::uint64_t bytes = 500 + i % 1500;
    bool bad = i % 10 == 3;
    ++o.documents;
    o.bytes += bytes;
    ++(bad ? o.invalid : o.valid);
    if (bad) {
      std::fprintf(
          o.f,
          "{\"bytes\":%llu,\"diagnostics\":[{\"code\":\"value-pattern\",\"column\":55,\"engine\":\"libxml2\","
          "\"file\":\"%s\",\"line\":12,\"message\":\"element 'virksomhetsnummer': [facet 'pattern'] The value "
          "'97300000X' is not accepted by the pattern '[0-9]{9}'\",\"path\":\"/melding/Skjemainnhold/"
          "arbeidsgiver[2]/virksomhetsnummer\",\"severity\":\"error\"}],\"engine\":\"libxml2\",\"file\":\"%s\","
          "\"schema\":\"%s\",\"type\":\"document\",\"verdict\":\"invalid\",\"seq\":%llu}\n",
          static_cast<unsigned long long>(bytes), name.c_str(), name.c_str(), schema.c_str(),
          static_cast<unsigned long long>(i));
    } else {
      std::fprintf(o.f,
                   "{\"bytes\":%llu,\"diagnostics\":[],\"engine\":\"libxml2\",\"file\":\"%s\",\"schema\":\"%s\","
                   "\"type\":\"document\",\"verdict\":\"valid\",\"seq\":%llu}\n",
                   static_cast<unsigned long long>(bytes), name.c_str(), schema.c_str(),
                   static_cast<unsigned long long>(i));
    }
  }
  for (auto& o : out) {
    std::fprintf(o.f,
                 "{\"bytes\":%llu,\"documents\":%llu,\"invalid\":%llu,\"not_routed\":0,\"per_schema\":{\"%s\":%llu},"
                 "\"type\":\"summary\",\"unreadable\":0,\"valid\":%llu}\n",
                 static_cast<unsigned long long>(o.bytes), static_cast<unsigned long long>(o.documents),
                 static_cast<unsigned long long>(o.invalid), schema.c_str(),
                 static_cast<unsigned long long>(o.documents), static_cast<unsigned long long>(o.valid));
    std::fclose(o.f);
  }
  return 0;
}
