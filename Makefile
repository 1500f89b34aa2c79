# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The development server and the demo run with DEBUG on; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test install install-dev clients-ts browser lint schema schema-check fuzz migrate demo clean \
	bench bench-quick bench-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The TypeScript tools that check the schema's generated types (tests/contract/test_typescript_client.py).
TS_CLIENT := clients/ts

$(TS_CLIENT)/node_modules/.installed: $(TS_CLIENT)/package.json $(TS_CLIENT)/package-lock.json
	cd $(TS_CLIENT) && npm ci --no-audit --no-fund
	touch $@

clients-ts: $(TS_CLIENT)/node_modules/.installed

# Debian's chromium for the end-to-end tests (tests/e2e): Playwright's own browser download is
# not used, and cannot be fetched here.
browser:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium chromium-driver)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_gazetteer
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: demo
	@$(DEV_ENV) $(BIN)/python manage.py ensure_curator
	@echo ""
	@echo "  API:      http://$(HOST):$(PORT)/api/v1/"
	@echo "  Docs:     http://$(HOST):$(PORT)/api/docs/  (Redoc: /api/redoc/, schema: /api/schema/)"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schema-check: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

# The committed OpenAPI document that the generated clients are built from; a test fails
# while it differs from what the code describes.
schema: install-dev
	$(DEV_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file openapi.yaml

# Schemathesis against a live server on a database of its own: SQLite, or PostgreSQL when
# DATABASE_URL names one (tests/contract/fuzz.sh; FUZZ_EXAMPLES sets examples per operation).
fuzz: install-dev
	tests/contract/fuzz.sh

# Everything CI runs: lint, the schema checks, the schema fuzzer against a live server on the same
# kind of database, then the whole suite (the committed openapi.yaml, the generated Python and
# TypeScript clients, the browser tests). The suite runs last so that its summary line (passed,
# failed, skipped) is what the output ends with, not the fuzzer's.
test: install-dev clients-ts browser lint schema-check
	tests/contract/fuzz.sh
	$(DEV_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (bench/README.md): PostgreSQL at DATABASE_URL (default: a local conflict_bench
# database, created if missing), wrk from Debian. bench-quick builds a tenth of the dataset.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/conflict_bench
BENCH_QUICK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/conflict_bench_quick

bench-tools: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: bench-tools
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run --scale 1.0

bench-quick: bench-tools
	DATABASE_URL=$(BENCH_QUICK_DATABASE_URL) $(BIN)/python -m bench.run --scale 0.1 --seconds 8 --output bench/RESULTS-quick.md

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
