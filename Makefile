# The two commands of the README: `make site` and `make test`. Both set up .venv from uv.lock first:
# exact versions, checked by hash, the same on every machine and every day.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv itself comes from PyPI, pinned and checked by hash (tools/uv-requirements.txt), into .tools/.
UV := .tools/bin/uv
AXE := .tools/axe-core/VERSION
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Python writes each module's bytecode (into .venv and scripts/, both ignored by git) the first
# time a command imports it, even where PYTHONDONTWRITEBYTECODE is set: every later command (each
# of the suite's workers and mkdocs builds) loads it without compiling it again. Only what is used
# is compiled: compiling every installed package at install took 30 s of a fresh clone's `make test`.
unexport PYTHONDONTWRITEBYTECODE
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test suite test-scale test-init lint static validate serve bench fuzz clean env env-test lock

$(UV): tools/uv-requirements.txt
	rm -rf .tools
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--require-hashes --no-deps --target .tools -r tools/uv-requirements.txt
	touch $(UV)

# What the site needs (`--inexact` keeps the test tools if they are there).
env: $(UV)
	$(UV) sync --locked --inexact --quiet

# The site's dependencies and the test tools.
env-test: $(UV)
	$(UV) sync --locked --group test --quiet

# After a change to pyproject.toml: write the new uv.lock and commit it.
lock: $(UV)
	$(UV) lock

validate: env
	$(BIN)/petition validate

# The site's whole source written into build/pages (`petition pages`: only what changed), then
# built by MkDocs, with no plugin, aside and swapped in: a failed build leaves the previous site/
# untouched. `properdocs build` or `zensical build` in build/pages render the same folder.
PAGES := build/pages
site: validate
	rm -rf site.tmp
	$(BIN)/petition pages -o $(PAGES)
	$(BIN)/mkdocs build --strict --config-file $(PAGES)/mkdocs.yml --site-dir $(CURDIR)/site.tmp \
		|| { rm -rf site.tmp; exit 1; }
	rm -rf site && mv site.tmp site

# A preview on http://127.0.0.1:8000, rebuilt when a motion or a page of docs/ changes (the plugin
# rewrites build/pages). With Zensical: `petition pages --watch` and, in build/pages, `zensical serve`.
serve: env
	$(BIN)/mkdocs serve

# The suite on every core (pytest-xdist): a worker takes a module whole (its site is built once),
# the browser modules first; one Chromium serves every worker (tests/sharedbrowser.py).
# The static checks (`lint`) run beside the suite: mypy takes one core for ~10 s on a fresh clone.
test: env-test $(AXE)
	$(MAKE) --no-print-directory -j2 static suite

suite:
	$(BIN)/pytest -n auto --dist loadscope

# The readers' checks at the scale of every council of France (a site of 34,950 motions, built once
# per run: several minutes): tests/test_scale_browser.py. CI runs it after `make test`.
test-scale: env-test $(AXE)
	$(BIN)/pytest -m scale tests/test_scale_browser.py

# The whole suite in a repository that `petition init` writes for another cause: the tool carries
# no data of this one's (tests/test_init.py runs a smoke subset of it in every `make test`).
INIT := build/init
test-init: env
	rm -rf $(INIT)
	$(BIN)/petition init $(INIT) --nom "Cause d'essai" --cause "la cause d'essai" --no-input --no-git
	$(MAKE) -C $(INIT) test

# axe-core for the browser tests' accessibility checks: pinned and checked by its sha512 (npm
# registry). Without npm, outside CI, the accessibility tests are skipped and say why.
$(AXE): tools/fetch_axe.py | $(UV)
	$(PYTHON) tools/fetch_axe.py || { [ -z "$$CI" ] && echo "axe-core absent : tests d'accessibilité ignorés" >&2; }

lint: env-test
	$(MAKE) --no-print-directory static

static:
	$(BIN)/ruff check scripts tests tools
	$(BIN)/mypy
	$(BIN)/check-jsonschema --check-metaschema schema/motion.schema.json schema/campaign.schema.json \
		schema/sending.schema.json schema/answer.schema.json \
		schema/targets.schema.json schema/project.schema.json

# Long fuzzing with oracles: the suite's fuzz targets (YAML loader, CSV import, issue form, targets
# import, kit) on FUZZ_EXAMPLES generated inputs each instead of 40; prints the inputs run per
# target, and each finding as a failing test with its smallest input.
FUZZ_EXAMPLES ?= 3000
fuzz: env-test
	PETITION_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider \
		--hypothesis-show-statistics -q

bench: env-test
	$(BIN)/python tools/bench.py

clean:
	rm -rf site site.tmp build .pytest_cache .mypy_cache .ruff_cache scripts/*.egg-info
