# plaquette — two commands on a fresh Debian 12 machine:
#   make        install missing packages, configure, build the program only, write the
#               brochures (every edition of data/editions.yaml)
#   make test   the same set-up, then build every test and run them through ctest
#   make bench  the same set-up, then build and run the pipeline and scale benchmarks
#
#   make fuzz   each libFuzzer target for SECONDS seconds (clang, in build-fuzz/)
#   make format rewrite src/ and tests/ in the style of .clang-format; format-check only checks
#
# Variables: BUILD (build folder), BUILD_TYPE, JOBS, CMAKE_ARGS (extra configure flags),
# SECONDS (fuzzing time per target), BENCH_N (data files of the scale benchmark).

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
OUT        ?= out
CMAKE_ARGS ?=
SECONDS    ?= 60
BENCH_N    ?= 1000
FUZZ_BUILD ?= build-fuzz
# Longest fuzz input: big enough for the big-structure cases (thousands of keys, long
# alias chains, style chains); libFuzzer would otherwise stay near the seeds' sizes.
FUZZ_MAX_LEN ?= 1048576
# One libFuzzer target per entry point (tests/fuzz/<name>_fuzzer.cc) and its seed folders.
FUZZERS    := data layout brochure font catalog
SEEDS_data     := data tests/corpus
SEEDS_layout   := layouts tests/corpus
SEEDS_brochure := data tests/corpus
SEEDS_font     := fonts tests/corpus/layout-corrupt-font
SEEDS_catalog  := layouts tests/corpus

# Debian packages the build and the tests need (libraries, dictionaries, PDF checkers).
PACKAGES := build-essential cmake pkg-config \
  libhpdf-dev libcairo2-dev libyaml-cpp-dev libyaml-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libfreetype-dev libharfbuzz-dev libicu-dev libhyphen-dev hyphen-fr hyphen-en-us hyphen-en-gb hyphen-nl hyphen-de \
  liblcms2-dev libxml2-dev libqpdf-dev qpdf poppler-utils zlib1g-dev nlohmann-json3-dev \
  libdeflate-dev libpng-dev nettle-dev ghostscript patch

# What `make` writes: the outputs named by data/editions.yaml (out/ in the shipped list).
BROCHURE := the editions of data/editions.yaml

.PHONY: all deps configure build brochure test bench fuzz format format-deps format-check clean help
.DEFAULT_GOAL := all

all: brochure

help:
	@echo "make        install missing Debian packages, build, write $(BROCHURE)"
	@echo "make test   build the program and every test, then run them (ctest)"
	@echo "make bench  build and run the pipeline benchmarks (Google Benchmark)"
	@echo "make fuzz   run each libFuzzer target for SECONDS=$(SECONDS) seconds (clang, $(FUZZ_BUILD)/)"
	@echo "make format rewrite the C++ sources in the style of .clang-format (format-check: check only)"
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

# The program only: the tests and the benchmark are built by `make test` and `make bench`.
build: configure
	cmake --build $(BUILD) -j $(JOBS) --target plaquette

brochure: build
	$(BUILD)/plaquette build

test: configure
	cmake --build $(BUILD) -j $(JOBS)
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The pipeline's stages (Google Benchmark), then the scale benchmark: BENCH_N data files
# (default 1000) × 3 locales built in a temporary project, and as 2 shards.
bench: configure
	cmake --build $(BUILD) -j $(JOBS) --target pipeline_perftest plaquette
	$(BUILD)/pipeline_perftest
	tests/perf/scale_bench.sh $(BUILD)/plaquette . $(BENCH_N)

# A separate clang build with every library instrumented; new inputs go to
# $(FUZZ_BUILD)/corpus/<name>/, crashes to $(FUZZ_BUILD)/crash-* (then: add them to tests/corpus).
# Bounded by -max_total_time, each input by -timeout (a hang is a finding too) and by
# -max_len=$(FUZZ_MAX_LEN) bytes.
define fuzz_one
	mkdir -p $(FUZZ_BUILD)/corpus/$(1)
	@echo "fuzzing $(1) for $(SECONDS) s (log: $(FUZZ_BUILD)/$(1).log)"
	$(FUZZ_BUILD)/$(1)_fuzzer -max_total_time=$(SECONDS) -timeout=30 -rss_limit_mb=4096 \
	  -max_len=$(FUZZ_MAX_LEN) \
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

# The C++ sources in the style of .clang-format (Debian's clang-format, installed on demand as
# root like the other packages); CI runs format-check.
FORMAT_SOURCES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null || find src tests -name '*.cc' -o -name '*.h')

format-deps:
	@dpkg-query -W -f='$${Status}\n' clang-format 2>/dev/null | grep -q '^install ok installed' || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-format; \
	    else echo "missing Debian package; run:  sudo apt-get install clang-format"; exit 1; fi; }

format: format-deps
	clang-format -i $(FORMAT_SOURCES)

format-check: format-deps
	clang-format --dry-run --Werror $(FORMAT_SOURCES)

clean:
	rm -rf $(BUILD) $(OUT)
