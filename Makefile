# The two commands a new user needs: `make demo` and `make test`.
# Both install what is missing (Debian 12, apt-get), configure and build first.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test deb sanitize tsan fuzz bench differential golden-update format format-check clean

all: build

deps:
	@scripts/setup-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The Debian packages altkit_<version>-1_<arch>.deb (tools, library, data, man pages, bash
# completion) and libaltkit-dev_<version>-1_<arch>.deb, from the tree built above, in $(BUILD_DIR).
deb: build
	cd $(BUILD_DIR) && cpack -G DEB
	@ls -1 $(BUILD_DIR)/*.deb

demo: build
	@scripts/demo.sh $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Hardening (SECURITY.md). sanitize: the unit, golden and fuzz-replay tests under ASan+UBSan;
# tsan: the parallel paths (-j 4) under ThreadSanitizer; fuzz: libFuzzer runs (clang).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

sanitize: deps
	@test -f build-asan/CMakeCache.txt || cmake --preset asan
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest -L 'unit|golden|fuzz' --output-on-failure -j $(JOBS)

tsan: deps
	@test -f build-tsan/CMakeCache.txt || cmake --preset tsan
	cmake --build build-tsan -j $(JOBS) --target seres-validate altut-convert corpus-check corpus-gen confirmations-convert
	tests/tsan/run.sh build-tsan

fuzz:
	scripts/fuzz.sh --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The compiled engine against Xerces on more documents than make test's differential:quick
# (tests/differential/README.md): DIFF_COUNT generated documents per schema, tens of thousands in all.
DIFF_COUNT ?= 1000
differential: build
	python3 tests/differential/run.py --corpus-gen $(BUILD_DIR)/tools/corpus-gen \
	  --seres-validate $(BUILD_DIR)/tools/seres-validate --source . --shared ../shared --count $(DIFF_COUNT) --jobs 2

# Benchmarks: altkit next to xmllint, SAX2Count and lxml (benchmarks/README.md). Not part of test.
bench: build
	@scripts/setup-deps.sh --bench
	/usr/bin/python3 benchmarks/run --build $(BUILD_DIR)
	benchmarks/altut/run.sh 256 $(BUILD_DIR)
	benchmarks/replyref/run.sh 256 $(BUILD_DIR)

# Rewrites the golden files of corpus/ from what the tools print now; review with git diff.
golden-update: build
	cd $(BUILD_DIR) && ALTKIT_GOLDEN_UPDATE=1 ctest -L golden -j $(JOBS) || true

# C++ formatting (.clang-format, clang-format 14): format rewrites src/ tools/ tests/ fuzz/
# benchmarks/ in place; format-check lists the files it would change and fails if there are any.
format:
	@scripts/setup-deps.sh --format
	scripts/check-format.sh --fix

format-check:
	@scripts/setup-deps.sh --format
	scripts/check-format.sh

clean:
	rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz
