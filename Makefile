# Two commands for a fresh machine: `make lab` (open the series) and `make test` (run every test).
# `make lab` creates .venv and installs requirements.txt alone (what notebooks need, as a student's
# laptop, a hub image or Binder has it); `make test` adds requirements-dev.txt (test, lint, browser
# and build tools). See docs/install.md for plain equivalents.
# Every other target is a one-line alias of the course's command: `python -m course --help`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LAB_STAMP := $(VENV)/.installed-lab
STAMP := $(VENV)/.installed
COURSE := $(BIN)/python -m course
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test execute sync bank readme-links collect grade student-edition student-edition-check site site-teacher handouts a11y-test browser-test data check-rebuild offline-test determinism benchmark pin clean

## What students need: requirements.txt only.
$(LAB_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(LAB_STAMP)

## What maintainers and CI need on top: requirements-dev.txt (constrained by requirements.txt).
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(LAB_STAMP) $(STAMP)

## JupyterLab's settings for the course (no news pop-up, no update check) in this venv, by the
## script Binder runs (postBuild).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/russia-afghanistan-course.json
$(LAB_SETTINGS): lab-settings/overrides.json postBuild | $(LAB_STAMP)
	sh postBuild $(BIN)/python

## Open the series in JupyterLab (localhost only, token authentication on): the server's root
## is the repository (glossary links, docs/ and data/ work), and notebook 00 opens.
## `make lab EDITION=ru` (or fa) opens that language edition's notebook 00; for ru, JupyterLab's
## own interface speaks Russian for this run only (a settings override; docs/editions.md).
LAB_ARGS := --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(ROOT_FLAG)
EDITION_DIR := $(if $(EDITION),$(EDITION)/,)
LAB_LOCALE := $(if $(wildcard locale/$(EDITION)/jupyterlab/overrides.json),--LabApp.app_settings_dir=$(CURDIR)/locale/$(EDITION)/jupyterlab,)
lab: $(LAB_STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab $(LAB_ARGS) $(LAB_LOCALE) notebooks/$(EDITION_DIR)00_start_here.ipynb

## Run the whole suite: unit tests, doctests, data validation, lint, strict nbval, browser tests.
## Two workers (pytest-xdist; one notebook or test module per worker, see conftest.py).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

## Re-execute every notebook in place after a change (then `python -m course sync`, commit).
execute: $(STAMP)
	$(COURSE) execute

## Rewrite every generated text: bank, exercise marks, timings, launch links, checksums, counts.
sync: $(STAMP)
	$(COURSE) sync

## Older names of `sync` (the bank from the guide's answer key; README's launch links).
bank readme-links: sync

## Gather each hub user's notebook 04: make collect HOMES=/home OUT=collected [REPO=course]
## (docs/grading.md).
collect: $(STAMP)
	$(COURSE) collect "$(HOMES)" "$(OUT)" $(if $(REPO),--repo "$(REPO)")

## Grade a class's notebook 04 copies: make grade SUBMISSIONS=collected OUT=grades
## [ROSTER=gradebook.csv] (docs/grading.md).
grade: $(STAMP)
	$(COURSE) grade $(if $(SUBMISSIONS),"$(SUBMISSIONS)") $(if $(OUT),"$(OUT)") $(if $(ROSTER),--roster "$(ROSTER)")

## The student edition: local branch `student` = main without the answer key (outputs kept).
student-edition:
	$(COURSE) student-edition

## Build it, serve it with git daemon on 127.0.0.1, pull it with nbgitpuller, run its tests there.
student-edition-check: $(STAMP)
	$(COURSE) student-edition-check

## The course as a static website in _build/html, from the committed notebooks (nothing is run).
## It stops while site/launch.yml holds placeholders; SITE_ARGS=--allow-placeholders builds anyway
## (CI), with a note on every page that the links to open the notebooks are not set up.
site: $(STAMP)
	$(COURSE) site $(SITE_ARGS)

## The website with the teacher's guide, in _build/html-teacher (not for students).
site-teacher: $(STAMP)
	$(COURSE) site --teacher $(SITE_ARGS)

## One printable PDF per notebook in _build/pdf (headless Chromium prints the website's pages).
handouts: site
	$(COURSE) handouts

## Website, handouts and accessibility audit (needs chromium and `npm ci --prefix tests/browser`).
A11Y_TESTS := tests/course/test_site_build.py tests/browser/test_site.py \
              tests/browser/test_jupyterlab_outputs.py
a11y-test: $(STAMP)
	test -d tests/browser/node_modules/axe-core || npm ci --prefix tests/browser --no-audit --no-fund
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -o addopts="-p no:cacheprovider" $(A11Y_TESTS)

## Browser tests only (JupyterLab, the website and make lab, in headless Chromium).
browser-test: $(STAMP)
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -o addopts="-p no:cacheprovider" tests/browser

## Rebuild the generated data files (needs npm and the package registries).
data: $(STAMP)
	$(COURSE) data build

## Prove the generated data files rebuild to the same bytes.
check-rebuild: $(STAMP)
	$(COURSE) data check-rebuild

## Notebooks under nbval with the network unavailable (needs root for a network namespace;
## REQUIRE_OFFLINE=1 turns "cannot make one" into a failure).
offline-test: $(STAMP)
	$(COURSE) check offline $(if $(filter 1,$(REQUIRE_OFFLINE)),--require,)

## Run every notebook twice from a fresh kernel and compare the stored outputs.
determinism: $(STAMP)
	$(COURSE) check determinism

## Time and memory per notebook against a floor notebook; writes benchmarks/RESULTS.md.
benchmark: $(STAMP)
	$(COURSE) benchmark

## Re-pin requirements.txt and requirements-dev.txt from the .in files (uv's universal resolver:
## one set of pins for Linux, macOS and Windows, from Python 3.11.2 up). Each file is written
## to a temporary name first, so a failed resolve leaves the committed pins as they were.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --fork-strategy fewest --python-version 3.11.2 \
	--annotation-style line --custom-compile-command "make pin"
pin: $(STAMP)
	$(UV_COMPILE) --upgrade requirements.in -o requirements.txt.new && mv requirements.txt.new requirements.txt
	$(UV_COMPILE) --upgrade requirements-dev.in -o requirements-dev.txt.new && mv requirements-dev.txt.new requirements-dev.txt

clean:
	rm -rf $(VENV) .pytest_cache build _build src/*.egg-info
