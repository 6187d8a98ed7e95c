# The single entry point for building, testing and linting framesmith.
# `make serve` builds everything and serves the builder page; `make test` runs every test.
# Both install what they need (Rust targets and tools, npm packages, Debian's Chromium).

CARGO ?= cargo
PORT ?= 8080
NODE_MODULES := node_modules/.package-lock.json
FMTCHECK := target/hcltools/fmtcheck
HCL_SRC := /usr/share/gocode/src/github.com/hashicorp/hcl/v2
# wasm-bindgen's CLI must be exactly the version the crate pins.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
# Installed into a folder of its own version and called by full path, so that another
# wasm-bindgen earlier on PATH is never used; the folder outlives clones, so CI installs once.
WASM_BINDGEN_ROOT := $(or $(CARGO_HOME),$(HOME)/.cargo)/framesmith-tools/wasm-bindgen-$(WASM_BINDGEN_VERSION)
WASM_BINDGEN := $(WASM_BINDGEN_ROOT)/bin/wasm-bindgen
WASM_TARGET := wasm32-unknown-unknown
# The builder module is built the runtime's way too (below): the standard library for size
# and panics that stop at once take 17 KB gzipped off it (160.6 to 143.5 KB at issue 27), and
# a panic in it never reached the page in words anyway (wasm32 aborts). Its own target
# folder: the stable builds of the tests and clippy do not invalidate it.
BUILDER_TARGET := target/builder
WASM_OUT := $(BUILDER_TARGET)/$(WASM_TARGET)/wasm/framesmith.wasm
# The runtime modules (issue 10) build with other features, in target folders of their own
# so that the builds do not take turns invalidating each other; with a pinned nightly, whose
# standard library built for size, with panics that stop at once instead of formatting a
# message, takes a sixth off the module (its budget is 150 KB / 60 KB). Pinned so that the
# bytes framework.js carries are reproducible; cargo-fuzz uses the same toolchain.
NIGHTLY := nightly-2026-05-20
RUNTIME_BUILD = RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" $(CARGO) +$(NIGHTLY) build \
	--locked --profile wasm --target $(WASM_TARGET) --lib --no-default-features \
	-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
RUNTIME_TARGET := target/runtime
RUNTIME_OUT := $(RUNTIME_TARGET)/$(WASM_TARGET)/wasm/framesmith.wasm
RUNTIME_FULL_TARGET := target/runtime-full
RUNTIME_FULL_OUT := $(RUNTIME_FULL_TARGET)/$(WASM_TARGET)/wasm/framesmith.wasm
# The import module: the builder with `importFrameworkJs`, loaded by the page on first use.
IMPORTER_TARGET := target/importer
IMPORTER_OUT := $(IMPORTER_TARGET)/$(WASM_TARGET)/wasm/framesmith.wasm
PKG := www/pkg
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: serve test test-install man package lint fmt pkg runtime bench bench-runtime bench-lint bench-browser fuzz soak deps rust-deps wasm-target wasm-deps nightly browser-deps \
	test-rust test-wasm test-js test-e2e clean

serve: pkg
	$(CARGO) build --release --locked
	./target/release/framesmith serve --port $(PORT)

test: lint test-rust test-wasm test-js test-e2e test-install

test-rust: rust-deps $(NODE_MODULES)
	$(CARGO) test --locked --all-targets
	$(CARGO) test --locked --doc

# The bindings, in headless Chromium.
test-wasm: wasm-deps browser-deps
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$(WASM_BINDGEN_ROOT)/bin/wasm-bindgen-test-runner \
		$(CARGO) test --locked --target $(WASM_TARGET) --test wasm --features importer --target-dir $(IMPORTER_TARGET)

# The built modules: the runtime framework.js carries is the one this source builds, the
# size budgets, the TypeScript declarations; the Terraform export
# read back by HashiCorp's own HCL library, and held to `terraform fmt`'s layout.
test-js: pkg $(FMTCHECK)
	$(CARGO) build --locked
	node tests/js/carry.mjs check
	node --test tests/js/size.test.mjs tests/js/sarif.test.mjs tests/js/package.test.mjs tests/js/bench-report.test.mjs
	node_modules/.bin/tsc --noEmit -p tests/ts/tsconfig.json
	python3 tests/hcl/check.py

# Terraform itself is on no registry this project may use; its formatter is hclwrite from
# HashiCorp's hcl v2, which Debian packages (bookworm: 2.14.1) with the Go to build it.
# GOPATH mode, so the build reads only Debian's copies and never the network.
$(FMTCHECK): tests/hcl/fmtcheck/main.go
	@command -v go >/dev/null && [ -d $(HCL_SRC)/hclwrite ] || \
		{ $(SUDO) apt-get update && $(SUDO) apt-get install -y golang-go golang-github-hashicorp-hcl-v2-dev; }
	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(CURDIR)/target/hcltools/cache \
		go build -o $@ ./tests/hcl/fmtcheck

# `cargo install --path .` gives a working CLI (debug, into a folder of target/, reusing
# the build): it carries the runtime and writes what `framesmith build` writes from the
# repository; it prints its man page and completions.
INSTALL_ROOT := target/install-test
test-install: rust-deps
	rm -rf $(INSTALL_ROOT) target/install-out target/install-ref
	$(CARGO) install --locked --debug --path . --root $(INSTALL_ROOT) --target-dir target
	$(INSTALL_ROOT)/bin/framesmith --version
	$(INSTALL_ROOT)/bin/framesmith build tests/fixtures/workspace.toml --out target/install-out
	$(CARGO) run --locked --quiet -- build tests/fixtures/workspace.toml --out target/install-ref
	diff -r target/install-out target/install-ref
	$(INSTALL_ROOT)/bin/framesmith man | grep -q '^.TH framesmith 1'
	$(INSTALL_ROOT)/bin/framesmith completions bash | grep -q '_framesmith()'

# The npm package of the page's modules and the host adapter (target/npm/framesmith/):
# `cd target/npm/framesmith && npm pack` makes the tarball.
package: pkg
	node tests/js/package.mjs target/npm/framesmith

# The man page, as build.rs writes it: target/man/framesmith.1 (`man -l target/man/framesmith.1`).
man: rust-deps
	$(CARGO) build --locked
	mkdir -p target/man
	./target/debug/framesmith man > target/man/framesmith.1

# The page, end to end, against `framesmith serve`.
test-e2e: pkg browser-deps
	$(CARGO) build --locked
	node_modules/.bin/playwright test -c tests/e2e/playwright.config.mjs

lint: wasm-target
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) clippy --locked --target $(WASM_TARGET) --lib --test wasm -- -D warnings
	$(CARGO) clippy --locked --target $(WASM_TARGET) --lib --test wasm --features importer \
		--target-dir $(IMPORTER_TARGET) -- -D warnings
	$(CARGO) clippy --locked --target $(WASM_TARGET) --lib --no-default-features --features runtime \
		--target-dir $(RUNTIME_TARGET)/clippy -- -D warnings
	$(CARGO) clippy --locked --target $(WASM_TARGET) --lib --no-default-features --features runtime,jsonpath,direct,preview,create \
		--target-dir $(RUNTIME_TARGET)/clippy -- -D warnings

fmt: rust-deps
	$(CARGO) fmt --all

# The builder module: cargo, then wasm-bindgen, then binaryen's wasm-opt (npm), into www/pkg/.
pkg: wasm-deps nightly $(NODE_MODULES)
	RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" $(CARGO) +$(NIGHTLY) build \
		--locked --profile wasm --target $(WASM_TARGET) --lib --target-dir $(BUILDER_TARGET) \
		-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
	$(WASM_BINDGEN) --target web --out-dir $(PKG) --out-name framesmith \
		--remove-name-section --remove-producers-section $(WASM_OUT)
	node_modules/.bin/wasm-opt -Oz --converge $(PKG)/framesmith_bg.wasm -o $(PKG)/framesmith_bg.wasm
	cp src/builder/bindings.d.ts $(PKG)/types.d.ts
	cp tests/fixtures/workspace.toml $(PKG)/example.toml
	$(CARGO) build --locked --profile wasm --target $(WASM_TARGET) --lib --features importer \
		--target-dir $(IMPORTER_TARGET)
	$(WASM_BINDGEN) --target web --out-dir $(PKG)/import --out-name framesmith \
		--remove-name-section --remove-producers-section $(IMPORTER_OUT)
	node_modules/.bin/wasm-opt -Oz --converge $(PKG)/import/framesmith_bg.wasm -o $(PKG)/import/framesmith_bg.wasm
	cp src/builder/bindings.d.ts $(PKG)/import/types.d.ts
	$(RUNTIME_BUILD) --features runtime --target-dir $(RUNTIME_TARGET)
	$(RUNTIME_BUILD) --features runtime,jsonpath,direct,preview,create --target-dir $(RUNTIME_FULL_TARGET)
	mkdir -p $(PKG)/runtime
	node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers $(RUNTIME_OUT) \
		-o $(PKG)/runtime/framesmith_runtime.wasm
	node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers $(RUNTIME_FULL_OUT) \
		-o $(PKG)/runtime/framesmith_runtime_full.wasm
	node tests/js/carry.mjs assemble

# The runtime modules framework.js carries, rewritten from this source's build: run it after
# changing anything in the library (src/, not src/bin/): any change to the crate may reorder
# the modules' functions. Commit src/runtime/runtime.b64 and runtime-full.b64.
runtime: pkg
	node tests/js/carry.mjs write
	# The builder module holds the carried text's hash: build it again around the new one.
	$(MAKE) pkg

# Every comparison in BENCHMARKS.md, measured in one run, and its generated section written
# again (tests/benches/run.mjs): natively (criterion, the growth series), in Chromium (the
# runtime, the simulator, per-keystroke validation) and the artifacts' sizes beside Amazon
# Connect Streams' bundle (npm, pinned, checked against its integrity). About 12 minutes on 2 cores.
bench: pkg browser-deps
	node tests/benches/run.mjs

# framesmith lint beside the Genesys-authored linter on tests/fixtures/lint/genesys/ (and
# BIG_FILE, if given): GENESYS_LINTER is a checkout of its source (GitHub only, not on npm),
# built in target/genesys-linter/; without it, framesmith is measured alone.
bench-lint: $(NODE_MODULES)
	$(CARGO) build --release --locked
	node tests/benches/genesys-linter.mjs

# The runtime's figures for BENCHMARKS.md in one run, side by side: the token state machine
# with 10,000 waiters (native), then in Chromium the cold start, event-to-pop latency,
# response mapping against JSON.parse + jsonpath-plus and JSON.parse alone, and a token
# storm through the session in the runtime module.
bench-runtime: pkg browser-deps
	$(CARGO) build --locked
	$(CARGO) bench --locked --profile measure --bench mapping -- "token state machine"
	BENCH=1 node_modules/.bin/playwright test -c tests/e2e/playwright.config.mjs runtime-bench

# Per-keystroke validation in Chromium; prints figures for BENCHMARKS.md.
bench-browser: pkg browser-deps
	$(CARGO) build --locked
	BENCH=1 node_modules/.bin/playwright test -c tests/e2e/playwright.config.mjs bench

# cargo-fuzz on nightly (installed through rustup and cargo if missing): each target for
# FUZZ_SECONDS, its corpus in target/fuzz-corpus/ seeded from the fixtures and from the
# inputs kept in fuzz/regressions/ (which `make test` replays on stable). A finding stops
# the run and is written to fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := workspace_toml toml_agrees workspace_json render import lint jsonpath template response json
fuzz-seeds.workspace_toml := tests/fixtures/rules
fuzz-seeds.import := tests/fixtures/import
fuzz-seeds.lint := tests/fixtures/lint
fuzz-seeds.response := tests/fixtures/responses
fuzz-seeds.json := tests/fixtures/responses
fuzz: rust-deps nightly
	@command -v cargo-fuzz >/dev/null || $(CARGO) install --locked cargo-fuzz
	for t in $(FUZZ_TARGETS); do \
		mkdir -p target/fuzz-corpus/$$t fuzz/regressions/$$t && \
		cargo +$(NIGHTLY) fuzz run $$t target/fuzz-corpus/$$t fuzz/regressions/$$t \
			$$(case $$t in workspace_toml|toml_agrees) echo $(fuzz-seeds.workspace_toml);; import) echo $(fuzz-seeds.import);; lint) echo $(fuzz-seeds.lint);; response) echo $(fuzz-seeds.response);; json) echo $(fuzz-seeds.json);; esac) \
			-- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 || exit 1; \
	done

# The hostile-input round trip of every user field at 100,000 cases, in a release build
# (`make test` runs 2,000).
soak: rust-deps $(NODE_MODULES)
	FRAMESMITH_SOAK_CASES=100000 $(CARGO) test --release --locked --test render hostile_values_round_trip_exactly

rust-deps:
	@command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

wasm-target: rust-deps
	@rustup target list --installed | grep -q '^$(WASM_TARGET)$$' || rustup target add $(WASM_TARGET)

wasm-deps: wasm-target
	@$(WASM_BINDGEN) --version 2>/dev/null | grep -q ' $(WASM_BINDGEN_VERSION)$$' || \
		$(CARGO) install --locked --root $(WASM_BINDGEN_ROOT) wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

nightly: rust-deps
	@rustup component list --installed --toolchain $(NIGHTLY) 2>/dev/null | grep -q '^rust-src' || \
		rustup toolchain install $(NIGHTLY) --profile minimal --component rust-src

# Debian's Chromium and ChromeDriver; the tests never download a browser.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; }

# wasm-opt (binaryen), Playwright, axe-core and TypeScript, pinned in package-lock.json.
$(NODE_MODULES): package.json package-lock.json
	@command -v node >/dev/null || { echo "node not found: install Node.js 20 or later"; exit 1; }
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

deps: rust-deps wasm-deps nightly browser-deps $(NODE_MODULES) $(FMTCHECK)

clean:
	$(CARGO) clean
	rm -rf node_modules out $(PKG) test-results
