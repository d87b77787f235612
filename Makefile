# The two commands of the README are `make run` and `make test`; the rest serve development and CI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV := DEBUG=true
PYTEST_ARGS ?=
# The tests run on every CPU (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto

.PHONY: run test test-fast ci lint format migrations-check translations translations-check deploy-check bench load clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py loadplan --year 2007
	$(DEV) $(PY) manage.py demo --if-empty
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Everything but the browser tests and the production-like deploy tests (gunicorn servers, backups).
test-fast: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser and not deploy" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(VENV)/.installed
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

# Refresh the zh-Hans catalogue from the source and compile it (needs GNU gettext).
translations: $(VENV)/.installed
	$(DEV) $(PY) manage.py makemessages -l zh_Hans --add-location=file -i '.venv/*' -i 'static/*' -i 'staticfiles/*' -i 'tests/*'
	$(DEV) $(PY) manage.py compilemessages -l zh_Hans -i '.venv/*'

translations-check: $(VENV)/.installed
	$(PY) scripts/check_translations.py

deploy-check: $(VENV)/.installed
	DEBUG=false SECRET_KEY=check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') ALLOWED_HOSTS=bureau.example \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed
	$(PY) tests/bench/run.py
	$(PY) tests/bench/imports.py

# 100 simulated users for 60 s against gunicorn on PostgreSQL (LOAD_DATABASE_URL; docs/performance.md).
load: $(VENV)/.installed
	$(PY) tests/bench/load.py $(LOAD_ARGS)

ci: lint migrations-check translations-check deploy-check test

clean:
	rm -rf $(VENV) staticfiles
