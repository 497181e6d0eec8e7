# Dialoog: `make run` starts the app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install catalogs compiled clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The translation catalogs: the app reads the compiled .mo files (a wheel's build compiles them too).
compiled: $(STAMP)
	$(BIN)/python -m dialoog.catalogs compile

# After changing text in the code: collect it, add it to the English and French .po files, compile.
catalogs: $(STAMP)
	$(BIN)/python -m dialoog.catalogs all

run: compiled
	$(BIN)/dialoog run

test: compiled
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data screenshots .pytest_cache dialoog/locale/*/LC_MESSAGES/*.mo
