# The two commands of the README: `make site` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint validate serve bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

validate: $(STAMP)
	$(BIN)/petition validate

# Built aside, then swapped in: a failed build leaves the previous site/ untouched.
site: validate
	rm -rf site.tmp
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	rm -rf site && mv site.tmp site

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

test: lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check scripts tests tools
	$(BIN)/mypy
	$(BIN)/check-jsonschema --check-metaschema schema/motion.schema.json schema/campaign.schema.json

bench: $(STAMP)
	$(BIN)/python tools/bench.py

clean:
	rm -rf site site.tmp build .pytest_cache .mypy_cache .ruff_cache
