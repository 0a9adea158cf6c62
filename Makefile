# ratebench: `make test` and `make benchmark` set everything up on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release

# Debian packages the build needs; `deps` installs the missing ones.
PACKAGES := cmake g++ make libeigen3-dev libspectra-dev catch2 libbenchmark-dev \
            nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev python3 python3-jsonschema

.PHONY: deps configure build test benchmark clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "deps: all packages present"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "deps: missing Debian packages:" $$missing "- run 'sudo make deps' (needs root for apt-get)" >&2; \
	  exit 1; \
	fi; \
	echo "deps: installing" $$missing; \
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing </dev/null

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Placeholder until the catalogue and reports land: builds everything and times the kernels.
benchmark: build
	$(BUILD)/bench/ratebench_kernels --benchmark_min_time=0.05

clean:
	rm -rf $(BUILD)
