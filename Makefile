# newsroom: `make run` sets up and serves the site; `make test` runs the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.12+ on the PATH (pyenv reads .python-version and gives 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is for development; production sets these itself (README, "Deploying").
export DJANGO_DEBUG ?= true

.PHONY: help install run serve test test-sqlite test-postgresql lint format audit messages

help:
	@echo "make run    set up (virtualenv, install, migrate, seeds, editor account) and serve on http://$(HOST):$(PORT), with the worker"
	@echo "make test   the whole suite, on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "newsroom needs Python 3.12 or newer on the PATH (python3.13, python3.12 or python3)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Nu HTML Checker (vnu-jar, run with Java) for tests/test_pages.py; npm only installs test tools.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Settings for manage.py in any shell after `make run`: a development secret key and DEBUG on. Written once,
# never over an existing file; newsroom/settings.py reads it only when DJANGO_SECRET_KEY is not set.
.env: | $(BIN)/python
	@umask 077 && $(BIN)/python -c 'import secrets; print(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\nDJANGO_DEBUG=true")' > $@
	@echo "Wrote .env (for development only: a secret key of its own, DJANGO_DEBUG=true)."

# The seeds are pages their outlets published, so a fresh site shows them to readers; editors' own imports
# stay drafts (the command's default), and a re-run leaves every status as editors set it.
run: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_seeds --status published
	$(BIN)/python manage.py create_editor
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/, user: editor)"
	@# The background worker (scheduled publishing, retries) runs beside gunicorn and stops with it.
	$(BIN)/python manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn newsroom.wsgi -c python:newsroom.gunicorn --bind $(HOST):$(PORT) --workers 2 --access-logfile -

test: install
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		$(MAKE) test-postgresql; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run is required in CI."; exit 1; \
	else \
		echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run (see README)."; \
	fi

test-sqlite: install
	env -u DATABASE_URL -u DATABASE_REPLICA_URL NEWSROOM_EXPECT_DATABASE=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgresql: install
	@test -n "$$TEST_DATABASE_URL" || { echo "Set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/newsroom"; exit 1; }
	DATABASE_URL="$$TEST_DATABASE_URL" DATABASE_REPLICA_URL="$$TEST_DATABASE_URL" \
		NEWSROOM_EXPECT_DATABASE=postgresql $(BIN)/python -m pytest $(PYTEST_ARGS)

# The interface's catalogues (README, "Languages"): gather every marked string into newsroom/locale/<code>/,
# then compile them. Needs GNU gettext (apt-get install gettext). Commit the .po and the .mo.
TRANSLATED_LANGUAGES := az ru
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=seeds --ignore=staticfiles
messages: install
	$(BIN)/python manage.py makemessages $(foreach code,$(TRANSLATED_LANGUAGES),-l $(code)) $(MESSAGES_IGNORE) --add-location=file
	$(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Security: bandit over our code (every ignore is a `# nosec` with its reason), pip-audit over the pinned
# runtime requirements. pip-audit needs a vulnerability database (PyPI's JSON API or OSV); where none is
# reachable, or pip-audit cannot run, it says so and fails, unless AUDIT_ALLOW_UNAUDITED=1.
# The system's CA bundle (as pip here uses) also serves pip-audit's HTTPS behind a proxy.
CA_BUNDLE := $(wildcard /etc/ssl/certs/ca-certificates.crt)
audit: install
	$(BIN)/bandit --quiet --recursive articles people newsroom bench --exclude "*/migrations/*"
	@rm -f $(VENV)/pip-audit.json
	@REQUESTS_CA_BUNDLE="$${REQUESTS_CA_BUNDLE:-$(CA_BUNDLE)}" $(BIN)/pip-audit --requirement requirements.txt \
		--progress-spinner off --format json --output $(VENV)/pip-audit.json 2> $(VENV)/pip-audit.log; \
	if [ ! -s $(VENV)/pip-audit.json ]; then \
		echo "pip-audit: could not run: $$(grep -E 'Error|error' $(VENV)/pip-audit.log | tail -n 1)"; \
		[ "$$AUDIT_ALLOW_UNAUDITED" = 1 ]; exit $$?; \
	fi; \
	$(BIN)/python -c 'import json, os, sys; deps = json.load(open(sys.argv[1]))["dependencies"]; \
		vulnerable = [d["name"] + " " + v["id"] for d in deps for v in d.get("vulns", [])]; \
		unchecked = [d["name"] for d in deps if d.get("skip_reason")]; \
		print(f"pip-audit: {len(deps)} packages, {len(vulnerable)} known vulnerabilities, {len(unchecked)} not checked"); \
		vulnerable and print("pip-audit: " + ", ".join(vulnerable)); \
		unchecked and print("pip-audit: no vulnerability database answered for: " + ", ".join(unchecked)); \
		sys.exit(1 if vulnerable or (unchecked and os.environ.get("AUDIT_ALLOW_UNAUDITED") != "1") else 0)' \
		$(VENV)/pip-audit.json
