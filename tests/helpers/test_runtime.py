"""The notebooks run whatever the user's rights, locale, cache state or installed packages.

Each test starts a fresh `python -m pytest` on notebook 00 (strict nbval, the real kernel) under
one condition that broke the course on someone's machine (helpers.runtime prepares matplotlib's
and IPython's folders; notebooks/helpers.py loads this copy's helpers), and requires a clean pass.
The Python patch level (Debian 12's 3.11.2) and installing from another folder are proved in
.ci/run with Debian's own python3, since they need a fresh environment. Where pytest itself may be
started from: tests/course/test_pytest_setup.py.
"""

from __future__ import annotations

import pytest
from support import ROOT, assert_passed, run_pytest

NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"


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


@pytest.mark.parametrize("locale", ["C", "de_DE.UTF-8", "tr_TR.UTF-8"])
def test_locale(locale):
    assert_passed(run_pytest(str(NOTEBOOK), LC_ALL=locale, LANG=locale))


def test_an_older_course_installed_in_the_environment_is_not_used(tmp_path):
    """A hub image with an old copy of the course's package: the notebook still uses the
    helpers of the copy it sits in. The stand-in old package fails loudly if imported.

    It sits in a folder named site-packages on PYTHONPATH: IPython puts the notebook's folder on
    the path just before the first site-packages folder, as it does for an installed package."""
    old = tmp_path / "site-packages" / "helpers"
    old.mkdir(parents=True)
    (old / "__init__.py").write_text("raise ImportError('the environment\\'s old course copy')\n")
    assert_passed(run_pytest(str(NOTEBOOK), PYTHONPATH=str(tmp_path / "site-packages")))
