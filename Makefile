# plaquette — two commands on a fresh Debian 12 machine:
#   make        install missing packages, configure, build, write the brochure
#   make test   the same set-up, then every test through ctest
#
# Variables: BUILD (build folder), BUILD_TYPE, JOBS, CMAKE_ARGS (extra configure flags).

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
OUT        ?= out
CMAKE_ARGS ?=

# Debian packages the build and the tests need (libraries, dictionaries, PDF checkers).
PACKAGES := build-essential cmake pkg-config \
  libhpdf-dev libcairo2-dev libyaml-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libfreetype-dev libharfbuzz-dev libicu-dev libhyphen-dev hyphen-fr hyphen-en-us hyphen-nl \
  liblcms2-dev libxml2-dev libqpdf-dev qpdf poppler-utils

# The editions of data/editions.yaml (French, English, Dutch) are written to out/.
BROCHURE := $(OUT)/hauts-de-france-2019-2022.{fr,en,nl}.pdf

.PHONY: all deps configure build brochure test bench clean help
.DEFAULT_GOAL := all

all: brochure

help:
	@echo "make        install missing Debian packages, build, write $(BROCHURE)"
	@echo "make test   build, then run every test (ctest)"
	@echo "make bench  run the pipeline benchmarks (Google Benchmark)"
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

clean:
	rm -rf $(BUILD) $(OUT)
