# Every target runs inside .venv, built from the committed lock (requirements.lock).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
# The PostgreSQL URL to use: LAGEBILD_DATABASE_URL if it answers, else a local server started in .pg/.
WITH_DB = url=$$(scripts/ensure-postgres) && export LAGEBILD_DATABASE_URL=$$url &&

.PHONY: demo test run airflow lock clean help
.DEFAULT_GOAL := help

help:
	@echo "make demo     offline end-to-end run on the bundled replay of German news"
	@echo "make test     the whole test suite"
	@echo "make run      the same job against the live sources in crawler/sources.yaml"
	@echo "make airflow  Airflow 3 locally (api-server, scheduler, dag-processor, triggerer) on the replay"
	@echo "make lock     re-resolve requirements.in into requirements.lock"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	# Exact pins from the lock: nothing to resolve, so nothing to backtrack.
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

demo: $(STAMP)
	$(WITH_DB) $(BIN)/lagebild demo

test: $(STAMP)
	$(WITH_DB) $(BIN)/python -m pytest $(PYTEST_ARGS)

run: $(STAMP)
	$(WITH_DB) $(BIN)/lagebild run

airflow: $(STAMP)
	$(WITH_DB) scripts/airflow-local

lock: $(STAMP)
	$(BIN)/uv pip compile --universal --python-version 3.11 --no-header requirements.in -o requirements.lock

clean:
	-test -f .pg/data/postmaster.pid && scripts/stop-postgres
	rm -rf $(VENV) .pg .airflow
