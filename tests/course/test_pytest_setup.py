"""pytest runs the course from any folder, with two workers and with either import mode: the
root conftest.py (the sanitize file's path, xdist's loadscope) and pyproject.toml's pythonpath.

Each test starts a fresh `python -m pytest` (strict nbval on a real kernel, or one test module)
from another place or with other options, and requires a clean pass.
"""

from __future__ import annotations

import os

import pytest
from support import ROOT, assert_passed, run_pytest

NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"


@pytest.mark.parametrize("folder", ["notebooks", "tests", "src/helpers", "data"])
def test_started_from_any_folder_of_the_repository(folder):
    assert_passed(run_pytest(os.path.relpath(NOTEBOOK, ROOT / folder), cwd=ROOT / folder))


def test_started_in_the_notebooks_folder_with_no_arguments():
    """`cd notebooks && python -m pytest`: every notebook, sanitize file found from there."""
    result = run_pytest(cwd=ROOT / "notebooks")
    assert_passed(result)
    assert "error" not in result.stdout.lower(), result.stdout[-2000:]


def test_started_from_outside_the_repository(tmp_path):
    assert_passed(run_pytest(str(NOTEBOOK), cwd=tmp_path))


@pytest.mark.parametrize("dist", [[], ["--dist", "load"]])
def test_parallel_workers(dist):
    """`pytest -n 2` (and an explicit `--dist load`) keep each notebook's cells on one kernel."""
    result = run_pytest("-n", "2", *dist, str(NOTEBOOK),
                        str(ROOT / "notebooks" / "01_great_game.ipynb"))
    assert_passed(result)


def test_import_mode_importlib():
    assert_passed(run_pytest("--import-mode=importlib",
                             str(ROOT / "tests" / "helpers" / "test_geo.py")))
