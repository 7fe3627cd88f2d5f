# lshbench: every target a user needs. `make demo` and `make test` are the two commands of the
# README; everything else is optional.

GO       ?= go
BIN      := bin/lshbench
# The offline mirror of the public data sets, when it sits beside the repository.
LSHBENCH_MIRROR ?= $(abspath $(wildcard $(CURDIR)/../shared/datasets))
export LSHBENCH_MIRROR

BENCH    ?= .
BENCHTIME ?= 1x
COUNT    ?= 1

.PHONY: all build test lint bench fuzz demo data figures paper clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/lshbench

# go vet plus every test, uncached. Data-backed tests run when LSHBENCH_MIRROR points at the mirror
# and skip with a message otherwise.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# Go benchmarks (speed and memory targets). Narrow with BENCH=regexp, repeat with COUNT=n for
# benchstat, e.g. make bench BENCH=Exact BENCHTIME=5x COUNT=6.
bench:
	$(GO) test -run='^$$' -bench='$(BENCH)' -benchtime=$(BENCHTIME) -count=$(COUNT) -benchmem -timeout 60m ./bench/ ./algorithms/... ./datasets/...

# Short fuzzing of every fuzz target (parsers, decoders, generators), one at a time as go test
# requires: make fuzz FUZZTIME=1m for longer runs.
FUZZTIME ?= 15s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

# The main job on generated data (no download, no data folder): the quick experiment and its
# figures, in results/quick/.
demo: build
	$(BIN) run experiments/quick.yaml
	$(BIN) plot results/quick

# Redraw the figures and README.md of every results folder from its records (no experiment runs).
figures: build
	@found=0; for f in results/*/records.jsonl; do \
		[ -e "$$f" ] || continue; found=1; \
		$(BIN) plot "$$(dirname "$$f")" || exit 1; \
	done; [ $$found = 1 ] || echo "no results/*/records.jsonl: run an experiment first (make demo)"

# Download every registered data set of the mirror list into the cache (LSHBENCH_CACHE).
data: build
	$(BIN) data fetch --mirrored

# The authors' public e-mail reproduction (email-Eu-core, needs LSHBENCH_MIRROR or a fetched copy):
# the seeded community protocol, then its figures (recall-curve grid, AUC table, runtimes, quality)
# into results/paper/. Completed cells are kept, so an interrupted run resumes.
paper: build
	$(BIN) run --download experiments/paper.yaml
	$(BIN) plot results/paper

clean:
	rm -rf bin
