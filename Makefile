# Two commands for a fresh machine: `make lab` (open the series) and `make test` (run every test).
# Both create .venv and install requirements.txt (what notebooks need) and requirements-dev.txt
# (test, lint, browser and build tools) when needed. See README for plain equivalents.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: site site-teacher handouts readme-links a11y-test student-edition student-edition-check grade lab test execute bank data check-rebuild pin browser-test offline-test determinism benchmark clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

## The student edition: local branch `student` = main without the answer key (outputs kept).
student-edition:
	$(PYTHON) scripts/build_student_edition.py

## Build it, serve it with git daemon on 127.0.0.1, pull it with nbgitpuller, run its tests there.
student-edition-check: $(STAMP) student-edition
	bash scripts/check_student_edition.sh

## Grade a class's notebook 04 copies: make grade SUBMISSIONS=folder OUT=folder (see README).
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || { echo "usage: make grade SUBMISSIONS=folder OUT=folder"; exit 2; }
	$(BIN)/python scripts/grade.py "$(SUBMISSIONS)" "$(OUT)"

## Open the series in JupyterLab (localhost only, token authentication on): the server's root
## is the repository (glossary links, docs/ and data/ work), and notebook 00 opens.
LAB_ARGS := --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(ROOT_FLAG)
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/00_start_here.ipynb

## Run the whole suite: unit tests, doctests, data validation, lint, strict nbval, browser tests.
## Two workers (pytest-xdist; one notebook or test module per worker, see conftest.py).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

## The course as a static website in _build/html, from the committed notebooks (nothing is run).
site: $(STAMP)
	$(BIN)/python site/build_site.py

## The website with the teacher's guide, in _build/html-teacher (not for students).
site-teacher: $(STAMP)
	$(BIN)/python site/build_site.py --teacher

## One printable PDF per notebook in _build/pdf (headless Chromium prints the website's pages).
handouts: site
	$(BIN)/python site/handouts.py

## Rewrite README.md's launch links from site/launch.yml.
readme-links: $(STAMP)
	$(BIN)/python site/launch_links.py

## Website, handouts and accessibility audit (needs chromium and `npm ci --prefix tests/a11y`).
a11y-test: $(STAMP)
	test -d tests/a11y/node_modules/axe-core || npm ci --prefix tests/a11y --no-audit --no-fund
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -o addopts="-p no:cacheprovider" tests/a11y

## Re-execute every notebook in place after a change (then commit the outputs).
execute: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py $(NOTEBOOKS)

## Rebuild the exercise bank from the answer key in docs/teacher_guide.md.
bank: $(STAMP)
	PYTHONPATH=src $(BIN)/python scripts/build_quiz_bank.py  # helpers.quiz from this tree, installed or not

## Rebuild the generated data files (needs npm and the package registries).
data: $(STAMP)
	$(BIN)/python scripts/build_central_asia_geojson.py
	$(BIN)/python scripts/build_un_population.py

## Prove the generated data files rebuild to the same bytes.
check-rebuild: $(STAMP)
	$(BIN)/python scripts/check_rebuild.py

## Re-pin requirements.txt and requirements-dev.txt from the .in files (uv's universal resolver:
## one set of pins for Linux, macOS and Windows, from Python 3.11.2 up). Each file is written
## to a temporary name first, so a failed resolve leaves the committed pins as they were.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --fork-strategy fewest --python-version 3.11.2 \
	--annotation-style line --custom-compile-command "make pin"
pin: $(STAMP)
	$(UV_COMPILE) --upgrade requirements.in -o requirements.txt.new && mv requirements.txt.new requirements.txt
	$(UV_COMPILE) --upgrade requirements-dev.in -o requirements-dev.txt.new && mv requirements-dev.txt.new requirements-dev.txt

## Browser tests only (JupyterLab in headless Chromium).
browser-test: $(STAMP)
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -o addopts="-p no:cacheprovider" tests/browser

## Notebooks under nbval with the network unavailable (needs root for a network namespace).
offline-test: $(STAMP)
	bash scripts/offline_nbval.sh

## Run every notebook twice from a fresh kernel and compare the stored outputs.
determinism: $(STAMP)
	$(BIN)/python scripts/check_determinism.py $(NOTEBOOKS)

## Time and memory per notebook against a floor notebook; writes benchmarks/RESULTS.md.
benchmark: $(STAMP)
	$(BIN)/python scripts/run_benchmark.py

clean:
	rm -rf $(VENV) .pytest_cache build _build src/*.egg-info
