# The two commands of the README: `make run` and `make test`. Both work on a fresh machine with
# Python 3.11+; they create .venv/ and install Convoy into it first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: run test install lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Embedded SQLite under var/, demo data and demo logins, served on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/convoy migrate --noinput
	$(BIN)/convoy demo
	$(BIN)/convoy collectstatic --noinput --verbosity 0
	CONVOY_HTTPS=0 $(BIN)/convoy serve

# The whole test suite (on PostgreSQL when DATABASE_URL points there), lint and layer contracts.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy src/convoy/planner
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var
