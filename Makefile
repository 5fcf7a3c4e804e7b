# plaquette — two commands on a fresh Debian 12 machine:
#   make        install missing packages, configure, build, write the brochure
#   make test   the same set-up, then every test through ctest
#
#   make fuzz   each libFuzzer target for SECONDS seconds (clang, in build-fuzz/)
#
# Variables: BUILD (build folder), BUILD_TYPE, JOBS, CMAKE_ARGS (extra configure flags),
# SECONDS (fuzzing time per target).

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
OUT        ?= out
CMAKE_ARGS ?=
SECONDS    ?= 60
FUZZ_BUILD ?= build-fuzz
# One libFuzzer target per entry point (tests/fuzz/<name>_fuzzer.cc) and its seed folders.
FUZZERS    := data layout brochure font
SEEDS_data     := data tests/corpus
SEEDS_layout   := layouts tests/corpus
SEEDS_brochure := data tests/corpus
SEEDS_font     := fonts tests/corpus/layout-corrupt-font

# Debian packages the build and the tests need (libraries, dictionaries, PDF checkers).
PACKAGES := build-essential cmake pkg-config \
  libhpdf-dev libcairo2-dev libyaml-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libfreetype-dev libharfbuzz-dev libicu-dev libhyphen-dev hyphen-fr hyphen-en-us hyphen-nl \
  liblcms2-dev libxml2-dev libqpdf-dev qpdf poppler-utils zlib1g-dev nlohmann-json3-dev \
  ghostscript

# The editions of data/editions.yaml (French, English, Dutch) are written to out/.
BROCHURE := $(OUT)/hauts-de-france-2019-2022.{fr,en,nl}.pdf

.PHONY: all deps configure build brochure test bench fuzz clean help
.DEFAULT_GOAL := all

all: brochure

help:
	@echo "make        install missing Debian packages, build, write $(BROCHURE)"
	@echo "make test   build, then run every test (ctest)"
	@echo "make bench  run the pipeline benchmarks (Google Benchmark)"
	@echo "make fuzz   run each libFuzzer target for SECONDS=$(SECONDS) seconds (clang, $(FUZZ_BUILD)/)"
	@echo "make clean  remove $(BUILD)/ and $(OUT)/"

# Installs what is missing when run as root; otherwise prints the one apt-get line to run.
deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing missing packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages; run:"; \
	    echo "  sudo apt-get install" $$missing; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

brochure: build
	$(BUILD)/plaquette build

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/pipeline_perftest

# A separate clang build with every library instrumented; new inputs go to
# $(FUZZ_BUILD)/corpus/<name>/, crashes to $(FUZZ_BUILD)/crash-* (then: add them to tests/corpus).
# Bounded by -max_total_time, and each input by -timeout (a hang is a finding too).
define fuzz_one
	mkdir -p $(FUZZ_BUILD)/corpus/$(1)
	@echo "fuzzing $(1) for $(SECONDS) s (log: $(FUZZ_BUILD)/$(1).log)"
	$(FUZZ_BUILD)/$(1)_fuzzer -max_total_time=$(SECONDS) -timeout=30 -rss_limit_mb=4096 \
	  -artifact_prefix=$(FUZZ_BUILD)/$(1)- -print_final_stats=1 \
	  $(FUZZ_BUILD)/corpus/$(1) $(SEEDS_$(1)) >$(FUZZ_BUILD)/$(1).log 2>&1 \
	  || { tail -n 60 $(FUZZ_BUILD)/$(1).log; exit 1; }
	@grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_BUILD)/$(1).log || true

endef

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DPLAQUETTE_FUZZ=ON $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZERS:%=%_fuzzer)
	$(foreach f,$(FUZZERS),$(call fuzz_one,$(f)))

clean:
	rm -rf $(BUILD) $(OUT)
