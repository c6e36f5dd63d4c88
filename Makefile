# The two commands of the README, and a few for developers.
.PHONY: run test fmt lint

run:
	scripts/run.sh

test:
	scripts/test.sh

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
