# Corridor: `make demo` serves the platform with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/corridor
# Build-time commands (catalogues, checks) serve nothing, so they need no production secret.
BUILD := DEBUG=true

.PHONY: install system-deps messages migrate demo serve test test-sqlite test-postgres test-clock lint openapi bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet --group spark
	touch $@

install: $(VENV)/.synced

# Debian packages the project needs: gettext (compiles catalogues), chromium (browser tests),
# faketime (test-clock) and postgresql-client (pg_dump and pg_restore for corridor_backup and
# corridor_restore; Debian 12's is version 15, the server's).
system-deps:
	@command -v msgfmt >/dev/null && command -v chromium >/dev/null && command -v faketime >/dev/null \
	  && command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext chromium faketime \
	    postgresql-client >/dev/null; }

messages: install
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(BUILD) $(MANAGE) compilemessages --ignore=.venv --ignore=.tools -v 0

migrate: messages
	$(MANAGE) migrate --no-input -v 0

# The demo: debug pages, and two-factor off so that every demo login works without a phone.
demo: export DEBUG ?= true
demo: export TWO_FACTOR_REQUIRED ?= false
# The background worker (deduplication runs) runs beside the web server and stops with it.
# DEMO_ADDRESS (host:port) is where it is served; the demo's sign-in line names the same address.
DEMO_ADDRESS ?= 127.0.0.1:8000
demo: migrate
	$(MANAGE) corridor_demo --address $(DEMO_ADDRESS)
	$(MANAGE) corridor_worker & worker=$$!; trap "kill $$worker" EXIT; \
	  $(MANAGE) runserver $(DEMO_ADDRESS)

# Beside gunicorn: the background worker, and the host's tracing index that every web process
# searches (built once per host, not once per process).
serve: export TRACING_INDEX_SOCKET ?= $(CURDIR)/var/run/tracing-index.sock
serve: migrate
	DEBUG=false $(MANAGE) check --deploy --fail-level WARNING
	DEBUG=false $(MANAGE) collectstatic --no-input -v 0
	DEBUG=false $(MANAGE) corridor_worker & worker=$$!; \
	  DEBUG=false $(MANAGE) corridor_tracing_index & index=$$!; trap "kill $$worker $$index" EXIT; \
	  DEBUG=false $(VENV)/bin/gunicorn config.wsgi

lint: install
	$(VENV)/bin/ruff check .
	$(BUILD) $(VENV)/bin/lint-imports
	$(BUILD) $(MANAGE) makemigrations --check --dry-run -v 0

# The two databases' runs go side by side (2 cores); each run's output is printed whole when it ends.
test: install system-deps messages lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# The engines' tests use no database: they run once, beside the PostgreSQL run (the shorter one).
test-sqlite:
	DATABASE_URL=sqlite:///var/test.sqlite3 $(VENV)/bin/pytest corridor tests

# PostgreSQL: DATABASE_URL when it names one, else the server on 127.0.0.1:5432 when it answers.
test-postgres:
	@url="$${DATABASE_URL:-}"; case "$$url" in postgres*) ;; *) url="$(PG_URL)";; esac; \
	if $(PY) -m corridor.core.dbcheck "$$url"; then \
	  DATABASE_URL="$$url" $(VENV)/bin/pytest corridor engines -m "not browser"; \
	else echo "PostgreSQL not reachable at $$url: PostgreSQL tests skipped"; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	  DATABASE_URL=sqlite:///var/test-engines.sqlite3 $(VENV)/bin/pytest engines; fi

# The whole SQLite suite with the clock a year ahead, then a year back (Debian's faketime moves it
# for every process the run starts): no test may depend on the day it runs. PostgreSQL keeps its
# own clock, so the moved runs use SQLite, where the database's "now" is the process's.
CLOCK_SHIFTS ?= +365d -365d
test-clock: install system-deps messages
	@for shift in $(CLOCK_SHIFTS); do echo "== clock $$shift"; \
	  DATABASE_URL=sqlite:///var/test-clock.sqlite3 faketime -f "$$shift" $(VENV)/bin/pytest -q -p no:cacheprovider \
	    || exit 1; done

openapi: install
	$(BUILD) $(MANAGE) corridor_openapi --write

bench: install
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .tools var staticfiles
