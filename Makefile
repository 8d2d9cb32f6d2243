# Everything a fresh machine needs, from this project's own files.
#   make example   set up .venv, install vorlagen and its plugins, render the example into out/
#   make test      the same set-up plus test tools, LibreOffice, poppler-utils (pdftotext)
#                  and pandoc, then ruff, mypy and pytest (with a tiny run of the benchmarks)
#   make bench     the benchmarks, written to docs/benchmarks.md and docs/benchmarks.png
#   make fuzz      the property tests with 20,000 random cases instead of make test's 2,000

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
EXAMPLE := examples/integrationskonzept-2018-077/vorlage.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: example test lint typecheck pytest system-packages bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(APT) update && $(APT) install -y python3-venv && \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(BIN)/python -m pip install --quiet -e . $(foreach dir,$(PLUGIN_DIRS),-e $(dir))
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

example: $(VENV)/.installed
	$(BIN)/vorlagen render $(EXAMPLE) -o out/

system-packages:
	@{ command -v soffice && command -v pdftotext && command -v pandoc; } >/dev/null 2>&1 || \
		{ $(APT) update && $(APT) install -y --no-install-recommends \
		libreoffice-writer-nogui poppler-utils pandoc; }

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests templates plugins benchmarks examples

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

pytest: $(VENV)/.test-installed system-packages
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(VENV)/.test-installed system-packages
	$(BIN)/python -m benchmarks --out docs

fuzz: $(VENV)/.test-installed system-packages
	VORLAGEN_FUZZ_EXAMPLES=20000 VORLAGEN_FUZZ_RANDOM=1 $(BIN)/pytest tests/test_fuzz.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
