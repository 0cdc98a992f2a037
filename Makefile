# Teenindus — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run dev test lint setup messages pdflibs browser bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# requirements.txt is what production needs; requirements-dev.txt adds tests, lint, browser, bench.
$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

# gettext (msgfmt) comes from Debian; installed here when missing.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# WeasyPrint (job description PDFs) draws with Debian's Pango and subsets fonts with HarfBuzz.
pdflibs:
	@ldconfig -p | grep -q libpango-1.0 && ldconfig -p | grep -q libharfbuzz-subset || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null)

setup: $(STAMP) messages pdflibs
	mkdir -p var

# The production way, on this machine: Granian (WEB_CONCURRENCY workers, default 3) with DEBUG
# off and hashed static files served by WhiteNoise, and a task worker beside it. Ctrl-C stops both.
run: setup
	$(PY) manage.py migrate --no-input -v 0
	DEBUG=0 $(PY) manage.py collectstatic --no-input -v 0
	DEMO_MODE=1 $(PY) manage.py load_demo
	DEBUG=0 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py serve --bind 127.0.0.1:$(PORT)

# For developers: Django's auto-reloading development server (DEBUG on) and a worker.
dev: setup
	$(PY) manage.py migrate --no-input -v 0
	DEMO_MODE=1 $(PY) manage.py load_demo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py serve --dev --bind 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests (Playwright never downloads a browser).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will be skipped"

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup $(DEV_STAMP) browser lint
	$(VENV)/bin/pytest

# Benchmarks print figures and ratios; they need the local PostgreSQL (BENCH_PG_URL to change it).
bench: setup $(DEV_STAMP)
	$(PY) bench/routing.py
	$(PY) bench/events.py
	$(PY) bench/import_queue_log.py
	$(PY) bench/stats.py
	$(PY) bench/worktime.py
	$(PY) bench/tickets.py
	$(PY) bench/frontdesk.py
	$(PY) bench/registry.py
	$(PY) bench/roster.py
	$(PY) bench/papers.py
	$(PY) bench/erlang.py
	$(PY) bench/forecast.py
	$(PY) bench/actual.py
	$(PY) bench/knowledge.py

clean:
	rm -rf $(VENV) var
