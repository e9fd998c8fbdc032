# Front door of loket. `make report` and `make test` set everything up on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := data/demo/demo-export.xlsx
REGION ?= westelijke-mijnstreek
YEAR   ?= 2022
DATA   ?= $(DEMO)

.PHONY: help setup report preview test lab bench demo clean
help:
	@echo "make report  render the jaarverslag (demo export unless DATA=..., REGION=, YEAR=)"
	@echo "make preview serve the report on http://127.0.0.1:8000/, made again on every save"
	@echo "make test    run every test (unit, property, notebooks, end to end)"
	@echo "make lab     JupyterLab on notebooks/"
	@echo "make bench   time the real commands, write benchmarks/results.md"

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "loket needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	-git rev-parse --git-dir >/dev/null 2>&1 && $(BIN)/nbstripout --install --attributes .gitattributes
	touch $(STAMP)

$(DEMO): $(STAMP)
	$(BIN)/loket demo-data --out $(DEMO)

demo: $(DEMO)

report: $(STAMP) $(if $(filter $(DEMO),$(DATA)),$(DEMO))
	$(BIN)/loket report --data $(DATA) --region $(REGION) --year $(YEAR)

# axe-core for the accessibility tests (skipped, with the reason, where npm is missing).
AXE := tests/a11y/node_modules/axe-core/axe.min.js
$(AXE): tests/a11y/package-lock.json
	-command -v npm >/dev/null && npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $@

preview: $(STAMP) $(if $(filter $(DEMO),$(DATA)),$(DEMO))
	$(BIN)/loket preview --data $(DATA) --region $(REGION) --year $(YEAR)

# The notebooks run under nbval with their default parameters, which read the demo export.
test: $(STAMP) $(DEMO) $(AXE)
	$(BIN)/python -m pytest

lab: $(STAMP) $(DEMO)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf reports/*/ data/processed/*/ $(DEMO)
