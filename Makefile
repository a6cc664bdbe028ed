# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DIR ?= runs/demo

.PHONY: demo test lint bench docs screenshots clean help

help:
	@echo "make demo   - set up .venv and run the main job (a simulated operator through two months)"
	@echo "make test   - set up .venv with dev extras, run ruff, import-linter and pytest"
	@echo "make bench  - run benchmarks/ and write figures to benchmarks/results/"
	@echo "make docs   - regenerate docs/reference/cli.md from the CLI"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found. Hint: install Python 3.11 or run 'make PYTHON=/path/to/python3.11'."; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependencies change.
$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[samples]"
	@touch $@

$(VENV)/.stamp-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[samples,dev]"
	@touch $@ $(VENV)/.stamp-run

demo: $(VENV)/.stamp-run
	$(BIN)/churnguard demo --out $(DEMO_DIR)

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

test: lint
	./scripts/system-packages.sh
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

# The CLI reference is generated from the commands' own help; a test keeps it current.
# Every role's pages in both languages on the demo operator (run `make demo` first): docs/screenshots/.
screenshots: $(VENV)/.stamp-dev
	./scripts/system-packages.sh
	$(BIN)/python scripts/screenshots.py --home $(DEMO_DIR) --out docs/screenshots

docs: $(VENV)/.stamp-dev
	$(BIN)/typer churnguard.cli utils docs --name churnguard --output docs/reference/cli.md
	$(BIN)/python -m churnguard.contracts > docs/reference/data-model.md
	$(BIN)/python -m churnguard.features.catalog > docs/reference/features.md

bench: $(VENV)/.stamp-dev
	$(BIN)/python benchmarks/accuracy.py

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache
