# ratebench: `make test` and `make benchmark` set everything up on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release

# Debian packages the build needs; `deps` installs the missing ones.
PACKAGES := cmake g++ make libeigen3-dev libspectra-dev catch2 libbenchmark-dev \
            nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev python3 python3-jsonschema \
            libopenmpi-dev openmpi-bin libopenblas0-openmp libopenblas-openmp-dev

# What make fuzz needs beyond PACKAGES (clang, its libFuzzer runtime and OpenMP): installed by
# `make fuzz` only, not by `make deps` for everyone.
FUZZ_PACKAGES := clang libclang-rt-14-dev libomp-14-dev

# make test-sanitize and make fuzz build in their own directories; FUZZ_SECONDS per target.
SANITIZE_BUILD ?= build-sanitize
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600

# Where make benchmark writes results and reports, and the baseline it compares against.
RESULTS ?= results
REPORT ?= reports/out
BASELINE ?= baselines/reference

.PHONY: deps configure build apps test test-sanitize fuzz benchmark benchmark-full baseline test-browser clean

# $(call install_missing,TARGET,PACKAGES): apt-get install of the missing ones, as root.
define install_missing
	@missing=$$(for p in $(2); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "$(1): all packages present"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "$(1): missing Debian packages:" $$missing "- run 'sudo make $(1)' (needs root for apt-get)" >&2; \
	  exit 1; \
	fi; \
	echo "$(1): installing" $$missing; \
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing </dev/null
endef

deps:
	$(call install_missing,deps,$(PACKAGES))

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

# The ctest suite built with AddressSanitizer + UndefinedBehaviorSanitizer (g++), in its own
# build directory: a report from either fails the test that hit it. Not part of make test.
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRATEBENCH_SANITIZE=ON
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	# Instrumented, the relu2 scenario tests run for many minutes each (past ctest's default
	# 1500 s on a loaded 2-core machine): a long per-test limit, still finite.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(SANITIZE_BUILD) --output-on-failure -j $(JOBS) --timeout 7200

# libFuzzer (clang) on the CSV reader and the result-file reader, FUZZ_SECONDS each, starting
# from the committed seed corpus (tests/fuzz/corpus/TARGET); inputs it finds go to
# FUZZ_BUILD/corpus/TARGET, a crashing input to FUZZ_BUILD/crash-* (add it to the seed corpus
# once fixed: make test replays every file there). Not part of make test.
fuzz: deps
	$(call install_missing,fuzz,$(FUZZ_PACKAGES))
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRATEBENCH_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_csv fuzz_result_file
	@for t in csv result_file; do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	      -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || exit $$?; \
	done

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
