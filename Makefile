# The single entry point for building, testing and linting framesmith.
# `make serve` runs the main job; `make test` runs every test. Both install what they need.

CARGO ?= cargo
NODE_MODULES := node_modules/.package-lock.json

.PHONY: serve test lint fmt check-example bench deps rust-deps clean

# Until the builder page lands, the main job builds the CLI, checks the example workspace
# and builds its deployments into out/.
serve: rust-deps
	$(CARGO) build --release --locked
	./target/release/framesmith check tests/fixtures/workspace.toml
	./target/release/framesmith build tests/fixtures/workspace.toml --out out
	@echo "framework.js and CHECKLIST.md for each deployment are in out/"

test: rust-deps $(NODE_MODULES) lint
	$(CARGO) test --locked --all-targets
	$(CARGO) test --locked --doc

lint: rust-deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

bench: rust-deps
	$(CARGO) bench --locked --bench render

rust-deps:
	@command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

# Node runs the Genesys-linter rules and evaluates generated files in the tests.
$(NODE_MODULES): package.json package-lock.json
	@command -v node >/dev/null || { echo "node not found: install Node.js 20 or later"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

deps: rust-deps $(NODE_MODULES)

clean:
	$(CARGO) clean
	rm -rf node_modules out
