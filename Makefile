# The two commands a new user needs: `make demo` and `make test`.
# Both install what is missing (Debian 12, apt-get), configure and build first.

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench golden-update clean

all: build

deps:
	@scripts/setup-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Benchmarks: altkit next to xmllint, SAX2Count and lxml (benchmarks/README.md). Not part of test.
bench: build
	@scripts/setup-deps.sh --bench
	/usr/bin/python3 benchmarks/run --build $(BUILD_DIR)
	benchmarks/altut/run.sh 256 $(BUILD_DIR)
	benchmarks/replyref/run.sh 256 $(BUILD_DIR)

# Rewrites the golden files of corpus/ from what the tools print now; review with git diff.
golden-update: build
	cd $(BUILD_DIR) && ALTKIT_GOLDEN_UPDATE=1 ctest -L golden -j $(JOBS) || true

clean:
	rm -rf $(BUILD_DIR)
