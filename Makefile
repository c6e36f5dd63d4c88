# The two commands of the README, and a few for developers.
.PHONY: run test bench fmt lint

run:
	scripts/run.sh

test:
	scripts/test.sh

# Figures, not assertions: see bench/README.md and docs/benchmarks.md.
bench:
	bench/run.sh

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
