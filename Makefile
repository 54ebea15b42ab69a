# caina — the README's two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system bench fuzz clean

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
	$(BIN)/python bench/import_report.py
	$(BIN)/python bench/review_scale.py
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python bench/consult.py
	$(BIN)/python bench/load.py

## make fuzz: coverage-guided fuzzing of every reader (atheris), CAINA_FUZZ_SECONDS each (default 300);
## the corpus grows in .fuzz/<target>, crashes land in .fuzz/ (keep them in tests/fuzz/regressions.json)
FUZZ_SECONDS ?= $(or $(CAINA_FUZZ_SECONDS),300)
fuzz: setup
	@for t in docx xlsx yaml text; do \
	  mkdir -p .fuzz/$$t && \
	  PYTHONPATH=. $(BIN)/python tests/fuzz/harness.py $$t --seeds .fuzz/$$t && \
	  PYTHONPATH=. $(BIN)/python tests/fuzz/harness.py $$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=.fuzz/ -print_final_stats=1 .fuzz/$$t || exit 1; \
	done

clean:
	rm -rf $(VENV) out .pytest_cache
