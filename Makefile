# The two commands in README.md: `make serve` and `make test`. Everything they need is installed here.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PORT

.PHONY: serve test check status build bench clean

# Site and server dependencies, in a virtual environment of the project's own.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

# What the tests need on top: Python test packages, Debian's chromium (and PostgreSQL when tests need it).
$(VENV)/.installed-test: $(VENV)/.installed scripts/install-system-deps
	scripts/install-system-deps
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/mirai serve --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/mirai build

check: $(VENV)/.installed
	$(BIN)/mirai check

status: $(VENV)/.installed
	$(BIN)/mirai status

test: $(VENV)/.installed-test
	$(BIN)/mirai check
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	-$(BIN)/python bench/run.py  # exits 1 over the first-visit budget; the other benchmarks still run
	$(BIN)/python bench/offline.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/endpoint.py
	$(BIN)/python bench/report.py  # the survey report for 2,000 and 200,000 synthetic respondents  # submissions/s and latency, ours next to a bare ASGI app (SQLite, PostgreSQL)

clean:
	rm -rf site .pytest_cache
