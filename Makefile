# Teenindus — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint setup messages pdflibs demo bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# gettext (msgfmt) comes from Debian; installed here when missing.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# WeasyPrint (job description PDFs) draws with Debian's Pango and subsets fonts with HarfBuzz.
pdflibs:
	@ldconfig -p | grep -q libpango-1.0 && ldconfig -p | grep -q libharfbuzz-subset || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null)

setup: $(STAMP) messages pdflibs
	mkdir -p var

run: setup
	$(PY) manage.py migrate --no-input -v 0
	DEMO_MODE=1 $(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests (Playwright never downloads a browser).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will be skipped"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup browser lint
	$(VENV)/bin/pytest

# Benchmarks print figures and ratios; they need the local PostgreSQL (BENCH_PG_URL to change it).
bench: setup
	$(PY) bench/routing.py
	$(PY) bench/import_queue_log.py
	$(PY) bench/stats.py

clean:
	rm -rf $(VENV) var
