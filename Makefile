# ratebench: `make test` and `make benchmark` set everything up on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release

# Debian packages the build needs; `deps` installs the missing ones.
PACKAGES := cmake g++ make libeigen3-dev libspectra-dev catch2 libbenchmark-dev \
            nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev python3 python3-jsonschema \
            libopenmpi-dev openmpi-bin libopenblas0-openmp libopenblas-openmp-dev

# Where make benchmark writes results and reports, and the baseline it compares against.
RESULTS ?= results
REPORT ?= reports/out
BASELINE ?= baselines/reference

.PHONY: deps configure build apps test benchmark benchmark-full baseline test-browser clean

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

# Only the two programs, not the tests: what benchmark, baseline and test-browser need, and
# a few minutes less on a fresh machine.
apps: configure
	cmake --build $(BUILD) -j $(JOBS) --target ratebench ratebench_kernels

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The quick catalogue, short kernel runs, the reports and the regression gate. A failed claim
# does not stop the kernels, the report or the comparison (they are what explains it), but the
# target still ends non-zero: 1 for a failed claim or a regression, 2 for bad input.
benchmark: apps
	@status=0; \
	$(BUILD)/ratebench run --all --threads $(JOBS) --out $(RESULTS) || status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	$(BUILD)/bench/ratebench_kernels --benchmark_min_time=0.05 \
	    --benchmark_out=$(RESULTS)/kernels.json --benchmark_out_format=json || exit $$?; \
	$(BUILD)/ratebench report $(RESULTS) --out $(REPORT) || exit $$?; \
	$(BUILD)/ratebench compare $(BASELINE) $(RESULTS) || { s=$$?; [ $$s -gt 1 ] && exit $$s; status=1; }; \
	if [ $$status -ne 0 ]; then \
	  echo "benchmark: a claim failed or compare found a regression (see above and $(REPORT)/report.md)" >&2; \
	else echo "benchmark: all claims hold, no regression; reports in $(REPORT)/"; fi; \
	exit $$status

# The full profile: longer runs and kernel timings, no comparison (the baseline is quick).
benchmark-full: apps
	@status=0; \
	$(BUILD)/ratebench run --all --profile full --threads $(JOBS) --out $(RESULTS)-full || status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	$(BUILD)/bench/ratebench_kernels --benchmark_out=$(RESULTS)-full/kernels.json \
	    --benchmark_out_format=json || exit $$?; \
	$(BUILD)/ratebench report $(RESULTS)-full --out $(REPORT)-full || exit $$?; \
	exit $$status

# Regenerates the committed baseline from a fresh quick run (after adding or changing a
# scenario). Written beside it first, so a crash leaves the old baseline in place.
baseline: apps
	@rm -rf $(BASELINE).new; status=0; \
	$(BUILD)/ratebench run --all --threads $(JOBS) --out $(BASELINE).new || status=$$?; \
	if [ $$status -gt 1 ]; then rm -rf $(BASELINE).new; exit $$status; fi; \
	rm -rf $(BASELINE) && mv $(BASELINE).new $(BASELINE); \
	if [ $$status -ne 0 ]; then echo "baseline: warning: a claim fails in the new baseline" >&2; fi; \
	echo "baseline: $(BASELINE) regenerated; review and commit it (git add $(BASELINE))"

# Headless Chromium renders report.html: fails on a blank page or a request leaving the file.
test-browser: apps
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "test-browser: chromium is missing - run 'sudo make test-browser' (needs root for apt-get)" >&2; \
	    exit 1; \
	  fi; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	      chromium fonts-dejavu-core </dev/null || exit $$?; \
	fi
	tests/browser_check.sh $(BUILD)

clean:
	rm -rf $(BUILD)
