# Banli: `make run` serves the demo (with its worker), `make test` runs the whole suite (SQLite, then PostgreSQL).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PG_URL ?= postgres://root@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres lint sysdeps venv clean manual bench bench-sqlite bench-postgres wrk

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# Debian packages the tests need: Chromium and CJK fonts (browser tests), LibreOffice Writer (PDF of
# letters) and Calc (a ledger is opened in LibreOffice); installed when missing.
sysdeps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' \
	  || ! command -v soffice >/dev/null 2>&1 || ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1; then \
	  echo "安装系统依赖：chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null; \
	fi

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "访问 http://$(HOST):$(PORT)/"
	@# The worker (reminders, email, SMS, digests) runs beside the web server and stops with it.
	@BANLI_DEMO=1 $(PY) manage.py run_worker & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  BANLI_DEMO=1 $(VENV)/bin/gunicorn banli.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: venv sysdeps lint test-sqlite test-postgres

test-sqlite: venv
	$(PY) -m pytest

test-postgres: venv
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || { echo "PostgreSQL 127.0.0.1:5432 不可用"; exit 1; }
	DATABASE_URL=$(PG_URL) $(PY) -m pytest

# Benchmarks (never part of `make test`): national-scale load generated once per database (kept under
# var/bench/ and in PostgreSQL database $(BENCH_DB); REGENERATE=1 writes it again), then bench/run.py prints
# every figure beside its target and writes bench/results/. See docs/performance.md.
BENCH_SCALE ?= national
BENCH_SQLITE := $(CURDIR)/var/bench/$(BENCH_SCALE).sqlite3
BENCH_DB ?= banli_bench
PG_HOST ?= 127.0.0.1
PG_USER ?= root
BENCH_PG_URL := postgres://$(PG_USER)@$(PG_HOST):5432/$(BENCH_DB)

bench: bench-sqlite bench-postgres

# Debian's wrk drives the concurrent load; installed when missing (as root or through sudo).
wrk:
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

bench-sqlite: venv wrk
	@mkdir -p var/bench
	@if [ ! -f $(BENCH_SQLITE).done ] || [ -n "$(REGENERATE)" ]; then \
	  rm -f $(BENCH_SQLITE) $(BENCH_SQLITE)-* $(BENCH_SQLITE).done; \
	  DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py migrate --noinput -v0 && \
	  DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py generate_load --scale $(BENCH_SCALE) && touch $(BENCH_SQLITE).done; \
	fi
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) BENCH_SCALE=$(BENCH_SCALE) $(PY) -W ignore bench/run.py
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) -W ignore bench/concurrency.py

bench-postgres: venv wrk
	@pg_isready -h $(PG_HOST) -p 5432 >/dev/null 2>&1 || { echo "PostgreSQL $(PG_HOST):5432 不可用"; exit 1; }
	@mkdir -p var/bench
	@if ! psql -h $(PG_HOST) -U $(PG_USER) -lqt | cut -d'|' -f1 | grep -qw $(BENCH_DB) || [ ! -f var/bench/$(BENCH_DB).done ] || [ -n "$(REGENERATE)" ]; then \
	  rm -f var/bench/$(BENCH_DB).done; dropdb -h $(PG_HOST) -U $(PG_USER) --if-exists $(BENCH_DB) && createdb -h $(PG_HOST) -U $(PG_USER) $(BENCH_DB) && \
	  DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py migrate --noinput -v0 && \
	  DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py generate_load --scale $(BENCH_SCALE) && touch var/bench/$(BENCH_DB).done; \
	fi
	DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG_URL) BENCH_SCALE=$(BENCH_SCALE) $(PY) -W ignore bench/run.py
	DATABASE_URL=$(BENCH_PG_URL) $(PY) -W ignore bench/concurrency.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The manual's screenshots (docs/manual/images/) are taken by the year's browser scenario.
manual: venv
	BANLI_MANUAL=1 $(PY) -m pytest banli/core/tests/test_browser_year.py
