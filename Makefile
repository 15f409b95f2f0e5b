# Two commands from a fresh clone: `make run` and `make test`. Nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# A developer's machine runs with DEBUG on; production sets DJANGO_DEBUG=false and a secret key.
export DJANGO_DEBUG ?= true

.PHONY: install run migrate seed test messages lint format vendor clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wardstats needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@$(PY) manage.py demo_credentials
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

# After adding user-facing strings: extract, translate the new entries in the .po, then compile.
messages: install
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Front-end libraries come from npm and are committed under wardstats/static/vendor/, so a
# clone needs no Node.js; this refreshes them after a version change in package.json.
vendor:
	npm install --no-audit --no-fund
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md \
		wardstats/static/vendor/chart.js/

clean:
	rm -rf $(VENV) var
