# Two commands from a fresh clone: `make run` and `make test`. Nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# A developer's machine runs with DEBUG on; production sets DJANGO_DEBUG=false and a secret key.
export DJANGO_DEBUG ?= true

.PHONY: install run migrate seed test bench bench-uploads messages lint format vendor clean

$(VENV)/.installed: pyproject.toml dev/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wardstats needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' -e ./dev
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The server, and beside it the task worker that recomputes every ward after a change of rules
# or targets (its log in var/worker.log); stopping the server stops the worker.
run: seed
	@$(PY) manage.py demo_credentials
	@echo "Task worker started (log: var/worker.log)"
	@$(PY) manage.py db_worker --no-reload > var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

# The dashboards at national scale (issue [scale]): on the PostgreSQL of DATABASE_URL, else a
# local database of its own; generates the scale data once (reused), prints the figures and
# writes bench/results/latest.json. wrk (Debian's package) drives the load run.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/wardstats_bench
bench: install
	@command -v wrk >/dev/null 2>&1 || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1) \
		|| echo "wrk could not be installed: the load run is skipped"
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(PY) bench/run.py $(BENCH_ARGS)

# What an attacker's upload costs a worker (README, "Security"): every hostile file of
# tests/spreadsheets/attacks.py through the import page, in a test database of its own.
bench-uploads: install
	$(PY) bench/uploads.py

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
	# Its source map is not shipped: without the reference, collectstatic's manifest is whole.
	sed -i 's|//# sourceMappingURL=chart.umd.min.js.map||' wardstats/static/vendor/chart.js/chart.umd.min.js
	# axe-core, for the browser tests' WCAG 2.1 AA checks (never served by the app).
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/browser/vendor/

clean:
	rm -rf $(VENV) var
