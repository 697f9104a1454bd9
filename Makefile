# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
MUTATION_ARGS ?=

.PHONY: venv demo test unit integration bench eval lint schemas docs mutation clean kafka-jars

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

# Apache Kafka's broker jars (deploy/kafka/pom.xml) for the local broker; needs java and mvn.
kafka-jars:
	mvn -q -B -Dstyle.color=never -f deploy/kafka/pom.xml dependency:copy-dependencies

demo: venv
	$(BIN)/chokepoint demo $(if $(ONCE),--once)

test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

unit: venv
	$(BIN)/pytest -m "not integration" $(PYTEST_ARGS)

integration: venv
	$(BIN)/pytest -m integration $(PYTEST_ARGS)

# BACKFILL=N: the pipeline bench's backfill of N shipments (1, 2 and 3 detector workers).
BACKFILL ?= 1000000

bench: venv
	$(BIN)/python -m bench
	$(BIN)/python -m bench.bench_pipeline --skip-pipeline --skip-ceilings --backfill $(BACKFILL)

# Mutation score per module of the pure cores (bench/mutation.py); not part of `make test`.
mutation: venv
	$(BIN)/python -m bench.mutation $(MUTATION_ARGS)

eval: venv
	$(BIN)/python -m bench.eval_matching
	$(BIN)/python -m bench.news_eval

schemas: venv
	$(BIN)/python -m schemas.generate

# Settings tables in docs/ from the settings models (a test fails when they are stale).
docs: venv
	$(BIN)/python -m services.common.settings_docs

lint: venv
	$(BIN)/ruff check schemas services tests bench
	$(BIN)/ruff format --check schemas services tests bench
	$(BIN)/mypy schemas services
	$(BIN)/python -m services.common.settings_docs --check

clean:
	rm -rf $(VENV) .pytest_cache
