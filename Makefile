# IBOK — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BUN_VERSION := 1.4.4
AXE_VERSION := 4.14.1
export IBOK_PORT ?= 3000

# bun: a system bun of the required version if present, else the npm registry's
# package in a project-local folder (never Reflex's own downloader: it needs the internet).
BUN_DIR := $(shell command -v bun >/dev/null 2>&1 && [ "$$(printf '%s\n' $(BUN_VERSION) $$(bun --version 2>/dev/null) | sort -V | head -1)" = "$(BUN_VERSION)" ] && dirname $$(command -v bun) || echo $(CURDIR)/$(TOOLS)/bun/node_modules/.bin)
export PATH := $(BUN_DIR):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1

.PHONY: run test venv test-deps bun migrate seed clean bench

run: venv bun migrate seed
	$(VENV)/bin/reflex run --env prod --loglevel warning

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

bun:
	@if [ ! -x "$(BUN_DIR)/bun" ]; then \
		echo "Installing bun $(BUN_VERSION) from the npm registry into $(TOOLS)/bun"; \
		npm install --silent --no-audit --no-fund --prefix $(TOOLS)/bun bun@$(BUN_VERSION); \
	fi
	@"$(BUN_DIR)/bun" --version >/dev/null

migrate: venv
	$(PY) -m ibok_app.cli migrate

# Demo data on the first run only (an empty database); later runs keep what is there.
seed: venv
	$(PY) -m ibok_app.cli seed-demo --if-empty --quiet

# Test tools: Playwright for Python drives Debian's Chromium (no browser downloads),
# axe-core from npm checks accessibility, aiosmtpd catches real e-mails, pdftoppm
# (poppler-utils) renders invoices so the tests can decode their payment QR codes.
test-deps: $(VENV)/.test-installed bun
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
		echo "Installing Debian's chromium and poppler-utils (pdftoppm renders PDFs for the QR tests)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi
	@if ! grep -qs '"version": "$(AXE_VERSION)"' $(TOOLS)/npm/node_modules/axe-core/package.json; then \
		npm install --silent --no-audit --no-fund --prefix $(TOOLS)/npm axe-core@$(AXE_VERSION); \
	fi

test: test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The load benchmark against a running portal (make run in another terminal), with
# its accounts in the portal's database: see docs/benchmarks.md for the options.
BENCH_USERS ?= 100
BENCH_DURATION ?= 60
bench: $(VENV)/.test-installed
	$(PY) -m ibok_app.cli seed-demo --customers 0 --accounts $(BENCH_USERS) --quiet
	$(PY) -m ibok_app.bench load --users $(BENCH_USERS) --duration $(BENCH_DURATION)

clean:
	rm -rf .web .states $(TOOLS)
