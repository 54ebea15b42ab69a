# caina — the README's two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system bench clean

## make run: set everything up, build the bundled example into out/, then serve the review desk on it
## (the Baise review in out/demo.db, demo accounts printed with their passwords; Ctrl-C stops)
run: setup system
	$(BIN)/caina example -o out
	$(BIN)/caina serve --demo --db out/demo.db

## make test: set everything up and run the whole test suite
test: setup system
	$(BIN)/python -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

## make system: Debian packages the tools and tests use (LibreOffice, poppler, fonts)
system:
	@bash scripts/install-system.sh

## make bench: run the benchmarks
bench: setup
	$(BIN)/python bench/layout.py
	$(BIN)/python bench/checks.py
	$(BIN)/python bench/layout_vs_libreoffice.py
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python bench/consult.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) out .pytest_cache
