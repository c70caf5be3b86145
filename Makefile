# netconform: the Node.js net conformance suite and its Go reference.
#
#   make test    vet, gofmt check, and every Go test with the race detector,
#                including the whole suite against the reference in both
#                profiles (the README's test command; .ci/run calls it)
#   make suite   run the features against the reference with progress output
#   make build   build bin/netconform

GO ?= go
export PATH := $(PATH):/usr/local/go/bin

.PHONY: test vet fmt-check suite build repeat clean

test: vet fmt-check
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

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
