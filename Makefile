# Qinglang — the two commands: `make demo` and `make test`. Both do all set-up themselves.
# `make bench`: the end-to-end benchmark (docs/performance.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)
# Most of `make test` waits on brokers, Redis and worker processes: two pytest workers finish it in about
# half the time on two cores (each starts its own Kafka and Redis). `TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2
# Bytecode and pytest's rewritten test modules are cached in __pycache__ even where the environment says not
# to (PYTHONDONTWRITEBYTECODE): without them every run compiles the project and its tests again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install system-deps demo test check bench lint kafka-jars services-up services-down clean

## install: system packages (redis-server, promtool, Java, Maven) + .venv with the project and dev extras, at
## the versions constraints.txt names (the ones the suite last passed with)
install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

## kafka-jars: resolve Apache Kafka 3.9 from Maven Central into .cache/kafka (done on first use anyway)
kafka-jars: install
	$(BIN)/python -c 'from streams.local.services import ensure_kafka_jars; print(ensure_kafka_jars())'

## demo: local Kafka + Redis, a worker, Prometheus, examples/demo.jsonl replayed through it, a summary
demo: install
	$(BIN)/qinglang demo $(DEMO_ARGS)

## test: the whole suite, against the real Kafka and Redis the project starts. TEST_WORKERS pytest-xdist
## workers share the test files (a file stays on one worker); each starts its own services when it needs them
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## check: the quick loop for unit work: lint, types (strict on enforcement/), then every test that needs
## neither Kafka nor Redis nor a bench script, spread over the cores
check: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto -m "not e2e and not services and not scripts" $(PYTEST_ARGS)

## bench: the end-to-end benchmark over a real worker, Kafka and Redis; writes bench/results.json.
## BENCH_ARGS passes options (see `bench/bench_pipeline.py --help`); SOAK=10 adds a 10-minute soak.
bench: install
	$(BIN)/python bench/bench_pipeline.py $(if $(SOAK),--soak-minutes $(SOAK)) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

services-up: install
	$(BIN)/qinglang services up

services-down:
	$(BIN)/qinglang services down

clean:
	rm -rf .cache/demo .cache/test-runs .pytest_cache .ruff_cache
