# Two commands do everything on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/zbarimg
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test linkcheck bench clean deps

serve: $(STAMP)
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --clean

test: $(STAMP) $(NODE_STAMP) $(SYSTEM_TOOLS)
	$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

linkcheck: build $(NODE_STAMP)
	npx --no-install linkinator site --recurse --check-fragments --skip '^(?!http://localhost)'

bench: $(STAMP) $(NODE_STAMP)
	$(PY) bench/run.py

deps: $(STAMP) $(NODE_STAMP) $(SYSTEM_TOOLS)

# The virtual environment, rebuilt when the pins change.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The offline link checker (linkinator), pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a browser here),
# and zbar-tools to decode the QR codes we print.
$(SYSTEM_TOOLS):
	@echo "Installing Debian packages for the browser and QR tests"
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core zbar-tools

clean:
	rm -rf site .pytest_cache test-artifacts bench/results
