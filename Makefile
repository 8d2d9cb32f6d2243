# Everything a fresh machine needs, from this project's own files.
#   make example   set up .venv, install vorlagen (with the serve extra) and its plugins, the
#                  fonts the standard templates name (metric-compatible) and German
#                  hyphenation patterns, and render the examples (every examples/*/vorlage.yaml) into out/
#   make test      the same set-up plus test tools, LibreOffice (with python3-uno, which
#                  keeps it running through unoserver for PDFs), poppler-utils, pandoc,
#                  chromium and chromium-driver (the browser tests of vorlagen serve), then
#                  ruff, mypy and pytest (with a tiny run of the benchmarks)
#   make test-fast ruff and the quick tests, in under two minutes: not those marked
#                  libreoffice, browser, fuzz or subprocess (pyproject.toml names the
#                  markers, CONTRIBUTING.md the tiers); make test runs them all
#   make bench     the benchmarks, written to docs/benchmarks.md and docs/benchmarks.png
#   make preview   the example's first page as pictures for the README (docs/beispiel-*.png),
#                  from the PDFs vorlagen makes of it, in both shipped designs (pdftoppm)
#   make screenshot  the README's pictures of vorlagen serve (docs/serve-*.png), taken in
#                  Debian's chromium
#   make schemas   the JSON Schema of a Vorlage file per shipped Hausformat, into schemas/
#   make fuzz      the property tests with 20,000 random cases instead of make test's 2,000,
#                  and 3,000 resource bombs (templates that try to expand) instead of 150
#
# Debian packages are checked one by one, each by what it brings, and only the missing
# ones are installed: LibreOffice on a machine does not mean its fonts are there
# (fonts-liberation2 is only a recommended package of LibreOffice).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
EXAMPLES := $(wildcard examples/*/vorlage.yaml)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: example test test-fast lint typecheck pytest system-packages fonts bench fuzz preview screenshot \
	schemas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(APT) update && $(APT) install -y python3-venv && \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(BIN)/python -m pip install --quiet -e '.[serve]' $(foreach dir,$(PLUGIN_DIRS),-e $(dir))
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

example: $(VENV)/.installed fonts
	$(BIN)/vorlagen render $(EXAMPLES) -o out/

# A check for each Debian package, then the package: a command or file it brings.
FONT_PACKAGES := \
	'fc-list 2>/dev/null | grep -q "Liberation Sans"' fonts-liberation2 \
	'fc-list 2>/dev/null | grep -q "Liberation Serif"' fonts-liberation2 \
	'test -e /usr/share/hyphen/hyph_de_DE.dic' hyphen-de
TEST_PACKAGES := $(FONT_PACKAGES) \
	'command -v soffice' libreoffice-writer-nogui \
	'command -v pdftotext' poppler-utils \
	'command -v pandoc' pandoc \
	'test -x /usr/bin/python3 && /usr/bin/python3 -c "import uno"' python3-uno \
	'command -v chromium' chromium \
	'command -v chromedriver' chromium-driver
define install-missing
	@set -- $(1); missing=""; \
	while [ $$# -gt 1 ]; do \
		sh -c "$$1" >/dev/null 2>&1 || case " $$missing " in *" $$2 "*) ;; \
			*) missing="$$missing $$2";; esac; \
		shift 2; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Debian-Pakete werden installiert:$$missing"; \
		$(APT) update && $(APT) install -y --no-install-recommends $$missing; \
	else echo "Debian-Pakete: alle vorhanden"; fi
endef

fonts:
	$(call install-missing,$(FONT_PACKAGES))

system-packages:
	$(call install-missing,$(TEST_PACKAGES))

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests templates plugins benchmarks examples

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

pytest: $(VENV)/.test-installed system-packages
	$(BIN)/pytest

test: lint typecheck pytest

# The tiers make test-fast leaves out (each a pytest marker).
SLOW_TIERS := libreoffice or browser or fuzz or subprocess

test-fast: lint
	$(BIN)/pytest -q -m "not ($(SLOW_TIERS))"

bench: $(VENV)/.test-installed system-packages
	$(BIN)/python -m benchmarks --out docs

# The JSON Schema of a Vorlage file for each shipped Hausformat, which the examples name
# in their first line for editors (tests/test_schema.py checks they are current).
HAUSFORMATE := $(basename $(notdir $(wildcard src/vorlagen/layouts/*.yaml)))

schemas: $(VENV)/.installed
	for hausformat in $(HAUSFORMATE); do \
		$(BIN)/vorlagen schema --hausformat $$hausformat -o schemas/$$hausformat.json || exit 1; \
	done

PREVIEW := examples/integrationskonzept-2018-077/vorlage.yaml

preview: $(VENV)/.installed system-packages
	rm -rf out/preview
	for design in standard briefkopf; do \
		$(BIN)/vorlagen render $(PREVIEW) -f pdf --template $$design -o out/preview/$$design && \
		pdftoppm -png -r 60 -f 1 -l 1 -singlefile out/preview/$$design/2018-077.pdf \
			docs/beispiel-$$design || exit 1; \
	done

screenshot: $(VENV)/.test-installed system-packages
	$(BIN)/python -m tests.screenshot

fuzz: $(VENV)/.test-installed system-packages
	VORLAGEN_FUZZ_EXAMPLES=20000 VORLAGEN_FUZZ_BOMBS=3000 VORLAGEN_FUZZ_RANDOM=1 \
		$(BIN)/pytest tests/test_fuzz.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
