#!/usr/bin/env bash
# Installs the Debian 12 packages altkit needs, only those that are missing.
# Used by `make deps` (and so by `make demo` and `make test`).
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 tzdata
  libxml2-dev libxml2-utils libxslt1-dev xsltproc
  libxerces-c-dev libcli11-dev catch2
  libarchive-dev nlohmann-json3-dev parallel
  slurm-wlm munge python3-yaml # check:slurm starts a single-node Slurm; check:kubernetes-job reads YAML
  scdoc man-db dpkg-dev        # man pages (docs/man), their tests (man -l); make deb (dpkg-shlibdeps)
  chromium # html:browser renders the HTML report headless and takes a screenshot
  gzip bzip2 xz-utils zstd util-linux # security:archives compresses documents; setpriv runs a test as nobody
  libvalijson-dev libgcrypt20-dev libcmark-dev # altut-convert --to altinn3: JSON Schema, UUID v5, its Markdown tested
  time # GNU time: tests/security/bounded.sh measures peak RSS and wall time with /usr/bin/time

)

# `make bench` also needs the peers it compares with, and gnuplot for the chart.
if [ "${1:-}" = "--bench" ]; then
  packages+=(libxerces-c-samples python3-lxml gnuplot-nox time)
fi
# `make format` and `make format-check` (scripts/check-format.sh) use Debian 12's clang-format (14).
if [ "${1:-}" = "--format" ]; then
  packages+=(clang-format)
fi
# `scripts/fuzz.sh` (make fuzz) builds with clang and libFuzzer (compiler-rt).
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The SARIF conformance test runs a JSON-schema check under Node.js; the machines may already
# carry a Node.js of their own (with npm bundled), so ask for the commands, not the packages.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
