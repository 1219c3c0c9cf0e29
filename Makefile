# Every target sets up what it needs: a fresh Debian machine with python3 and make is enough.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt lock clean system-deps check-django6 serve serve-deps bench load bench-deps \
	screenshot lock-az

$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  echo "python3 -m venv needs ensurepip: installing python3-venv"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

## The Azure CLI in a virtualenv of its own (it pins many packages): tests/test_az_commands.py
## runs its argument parser on every az command the planner prints.
AZ_VENV := .venv-az
$(AZ_VENV)/bin/.installed: requirements-az.lock | $(BIN)/.installed
	rm -rf $(AZ_VENV)
	$(PYTHON) -m venv $(AZ_VENV)
	$(AZ_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes -r requirements-az.lock
	touch $@

# nginx is in /usr/sbin, which a user's PATH may lack.
HAVE_NGINX := PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null

## Debian packages the tests drive: Chromium (its headless shell for the browser tests, the
## full browser for the screenshots and the bench), named-checkzone (zone files) and nginx (the
## serving tests start `make serve`'s stack).
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromium-headless-shell ] || missing="$$missing chromium-headless-shell"; \
	command -v named-checkzone >/dev/null || missing="$$missing bind9-utils"; \
	$(HAVE_NGINX) || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $$missing; \
	fi

run: $(BIN)/.installed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Production serving: nginx on HOST:PORT in front of gunicorn (planner/serve.py), DEBUG off,
## settings from the caller's environment, TLS terminated in front. Needs DJANGO_SECRET_KEY and
## DJANGO_ALLOWED_HOSTS. Behind a proxy that sets X-Forwarded-Proto: DJANGO_BEHIND_PROXY=true.
## A plain-http try-out on loopback: DJANGO_SECURE_SSL_REDIRECT=false.
WORKERS ?= $(shell nproc)
serve: $(BIN)/.installed serve-deps
	@[ -n "$$DJANGO_SECRET_KEY" ] && [ -n "$$DJANGO_ALLOWED_HOSTS" ] || { \
	  echo "make serve runs with DJANGO_DEBUG=false and needs, from your environment:"; \
	  echo "  DJANGO_SECRET_KEY     e.g. export DJANGO_SECRET_KEY=\"\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\""; \
	  echo "  DJANGO_ALLOWED_HOSTS  comma-separated host names, e.g. planner.example.com,127.0.0.1"; \
	  echo "For a plain-http try-out on loopback also set DJANGO_SECURE_SSL_REDIRECT=false."; \
	  exit 2; }
	DJANGO_DEBUG=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false $(BIN)/python manage.py check --deploy
	exec env DJANGO_DEBUG=false $(BIN)/python -m planner.serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

serve-deps:
	@$(HAVE_NGINX) || { \
	  echo "installing Debian package: nginx"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) nginx; }

## The issue's performance ratios on gunicorn with production settings (loopback, ~1 minute),
## and the page's keystroke-to-plan time in Debian's Chromium.
bench: $(BIN)/.installed bench-deps serve-deps system-deps
	$(BIN)/python -m tests.bench

## 20 s at 32 connections against plan and export URLs; fails on any error or 5xx.
load: $(BIN)/.installed bench-deps serve-deps
	$(BIN)/python -m tests.bench --load

bench-deps:
	@command -v wrk >/dev/null || { \
	  echo "installing Debian package: wrk"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) wrk; }

## The whole suite, on every core (pytest-xdist; a worker takes the next test when it is free).
test: $(BIN)/.installed $(AZ_VENV)/bin/.installed system-deps
	$(BIN)/python -m pytest -n auto --dist worksteal

## The screenshots of the README and docs/browser.md, from the running page, in Chromium.
screenshot: $(BIN)/.installed system-deps
	$(BIN)/python -m tests.browser.screenshot

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy planner

fmt: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-pin requirements.lock from pyproject.toml (Django held on the 5.2 LTS line).
lock: $(BIN)/.installed
	$(BIN)/pip install -q uv
	echo 'django<6' | $(BIN)/uv pip compile pyproject.toml --extra dev --universal \
	  --python-version 3.11 --generate-hashes --constraint - \
	  --custom-compile-command 'make lock' -o requirements.lock

## Re-pin requirements-az.lock: azure-cli, and the resource-graph extension (`az graph`), which
## Microsoft publishes on PyPI as well as in the CLI's extension index.
AZ_PINS := azure-cli==2.91.0 resource-graph==2.0.0
lock-az: $(BIN)/.installed
	$(BIN)/pip install -q uv
	printf '%s\n' $(AZ_PINS) | $(BIN)/uv pip compile - --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command 'make lock-az' -o requirements-az.lock

## The suite (browser tests aside) on the newest Django 6, which needs Python >= 3.12.
PYTHON312 ?= python3.12
check-django6: $(AZ_VENV)/bin/.installed
	$(PYTHON312) -m venv .venv-django6
	.venv-django6/bin/pip install -q --disable-pip-version-check ".[dev]" "django>=6,<7"
	.venv-django6/bin/python -c 'import django; print("Django", django.__version__)'
	.venv-django6/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/browser

clean:
	rm -rf $(VENV) $(AZ_VENV) .venv-django6 .serve staticfiles .pytest_cache .mypy_cache .ruff_cache .hypothesis
