# Two commands do everything on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/chromium-headless-shell /usr/bin/zbarimg /usr/bin/java
# The Python lock: requirements/*.in are the inputs (exact pins, edited by hand);
# `make lock` compiles them with pip-tools into requirements/*.txt, every package pinned
# with its hashes. .venv installs requirements/test.txt with --require-hashes.
LOCK := requirements/test.txt
LOCK_VENV := .venv-lock
LOCK_STAMP := $(LOCK_VENV)/.installed
# The lock is made against the public index that CI installs from: no local wheel folder,
# mirror or pip.conf of this machine goes into it (PIP_CONFIG_FILE=/dev/null reads none).
# The .txt headers keep the full pip-compile command: Dependabot reads its options there.
PUBLIC_PIP := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null
PIP_COMPILE := $(PUBLIC_PIP) $(LOCK_VENV)/bin/pip-compile \
	--quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --newline=lf
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test lint linkcheck bench clean deps lock

serve: $(STAMP)
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --clean

# pytest first, then lint (so a style problem never hides test results); fails if either
# fails. pytest's exit 5 (no tests collected) is a broken suite, not a pass.
test: $(STAMP) $(NODE_STAMP) $(SYSTEM_TOOLS)
	$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; status=1; fi; \
	$(MAKE) --no-print-directory lint; lint=$$?; \
	if [ $$status -ne 0 ]; then exit $$status; fi; exit $$lint

# Ruff, configured in pyproject.toml. Both checks run even when the first one fails.
lint: $(STAMP)
	$(VENV)/bin/ruff check .; check=$$?; \
	$(VENV)/bin/ruff format --check .; format=$$?; \
	if [ $$check -ne 0 ]; then exit $$check; fi; exit $$format

linkcheck: build $(NODE_STAMP)
	npx --no-install linkinator site --recurse --check-fragments --skip '^(?!http://localhost)'

bench: $(STAMP) $(NODE_STAMP)
	$(PY) bench/run.py

deps: $(STAMP) $(NODE_STAMP) $(SYSTEM_TOOLS)

# The virtual environment, made anew from the lock whenever the lock changes, so it holds
# exactly the locked packages (tests/unit/test_lock.py checks this). --require-hashes: pip
# installs nothing whose hash is not in the lock, dependencies included.
$(STAMP): $(LOCK)
	python3 -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	touch $@

# Recompile requirements/build.txt, requirements/test.txt (and pip-tools' own lock) after
# editing requirements/*.in, or to take newer versions of unpinned dependencies:
#   make lock                      # keeps every pin that still satisfies the .in files
#   make lock LOCK_ARGS=--upgrade  # newest allowed versions of everything not pinned in .in
# Then `make test` rebuilds .venv from the new lock. Commit the .in and .txt files together.
lock: $(LOCK_STAMP)
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements/build.txt requirements/build.in
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements/test.txt requirements/test.in
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements/pip-tools.txt requirements/pip-tools.in

# pip-tools in a venv of its own (it is not needed to build or test the site).
$(LOCK_STAMP): requirements/pip-tools.txt
	python3 -m venv --clear $(LOCK_VENV)
	$(PUBLIC_PIP) $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r $<
	touch $@

# The offline link checker (linkinator) and the W3C Nu HTML checker (vnu-jar), pinned by
# package-lock.json. --ignore-scripts: vnu-jar's postinstall would download a Java runtime
# from outside the npm registry when none is found; we use Debian's (SYSTEM_TOOLS) instead.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a browser here): the full
# browser, where axe runs, and its headless shell, where the other browser tests run (a fifth
# of the CPU per fresh context; tests/helpers.py). zbar-tools decodes the QR codes we print,
# and a Java runtime runs the HTML checker.
$(SYSTEM_TOOLS):
	@echo "Installing Debian packages for the browser, QR and HTML tests"
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
		chromium chromium-headless-shell fonts-dejavu-core zbar-tools default-jre-headless

clean:
	rm -rf site .pytest_cache test-artifacts bench/results
