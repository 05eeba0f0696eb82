"""The course does not depend on the user's folder, rights, locale, cache state or pytest options.

Each test starts a fresh `python -m pytest` on notebook 00 (strict nbval, the real kernel) under
one trigger that broke the course on someone's machine, and requires a clean pass. The Python
patch level (Debian 12's 3.11.2) and installing from another folder are proved in .ci/run with
Debian's own python3, since they need a fresh environment.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT

NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"


def run_pytest(*args: str, cwd=ROOT, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("PYTEST_", "MPLCONFIGDIR"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=600)


def assert_passed(result: subprocess.CompletedProcess) -> None:
    tail = (result.stdout + result.stderr)[-3000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and "failed" not in result.stdout, tail


def test_matplotlib_config_folder_is_a_file(tmp_path):
    """A hub image whose matplotlib folder cannot be created: no warning under the first cell."""
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.touch()
    assert_passed(run_pytest(str(NOTEBOOK), MPLCONFIGDIR=str(not_a_folder)))


def test_config_and_cache_homes_not_writable(tmp_path):
    """~/.config and ~/.cache unusable (here: files where folders should be; as root, a
    read-only folder would still be writable, so a file is the faithful stand-in)."""
    for name in ("config", "cache"):
        (tmp_path / name).touch()
    assert_passed(run_pytest(str(NOTEBOOK), XDG_CONFIG_HOME=str(tmp_path / "config"),
                             XDG_CACHE_HOME=str(tmp_path / "cache")))


def test_fresh_caches(tmp_path):
    """A first run on a new machine: no matplotlib font cache, no IPython profile."""
    assert_passed(run_pytest(str(NOTEBOOK), MPLCONFIGDIR=str(tmp_path / "mpl"),
                             IPYTHONDIR=str(tmp_path / "ipython"),
                             PYTHONDONTWRITEBYTECODE="1"))


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


@pytest.mark.parametrize("locale", ["C", "de_DE.UTF-8", "tr_TR.UTF-8"])
def test_locale(locale):
    assert_passed(run_pytest(str(NOTEBOOK), LC_ALL=locale, LANG=locale))


@pytest.mark.parametrize("dist", [[], ["--dist", "load"]])
def test_parallel_workers(dist):
    """`pytest -n 2` (and an explicit `--dist load`) keep each notebook's cells on one kernel."""
    result = run_pytest("-n", "2", *dist, str(NOTEBOOK),
                        str(ROOT / "notebooks" / "01_great_game.ipynb"))
    assert_passed(result)


def test_an_older_course_installed_in_the_environment_is_not_used(tmp_path):
    """A hub image with an old copy of the course's package: the notebook still uses the
    helpers of the copy it sits in. The stand-in old package fails loudly if imported.

    It sits in a folder named site-packages on PYTHONPATH: IPython puts the notebook's folder on
    the path just before the first site-packages folder, as it does for an installed package."""
    old = tmp_path / "site-packages" / "helpers"
    old.mkdir(parents=True)
    (old / "__init__.py").write_text("raise ImportError('the environment\\'s old course copy')\n")
    assert_passed(run_pytest(str(NOTEBOOK), PYTHONPATH=str(tmp_path / "site-packages")))


def test_import_mode_importlib():
    assert_passed(run_pytest("--import-mode=importlib",
                             str(ROOT / "tests" / "helpers" / "test_geo.py")))
