"""The guards of the suite really catch what they guard against."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from support import ROOT

from course.checks import determinism as det


def test_determinism_check_catches_a_random_notebook(tmp_path, capsys):
    nb = new_notebook(cells=[new_code_cell("import random\nrandom.random()")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path = tmp_path / "random.ipynb"
    nbformat.write(nb, path)
    assert det.main([str(path)]) == 1
    assert "DIFFERENT random.ipynb" in capsys.readouterr().out


@pytest.mark.parametrize("change", ["edit", "add"])
def test_a_run_that_writes_into_data_fails(tmp_path, change):
    """The root conftest.py (the real file, in a copy of the tree) fails any pytest run that
    leaves data/ changed, whether a file is edited or added."""
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = "places.csv" if change == "edit" else "zz_stray.txt"
    (tmp_path / "test_probe.py").write_text(
        "from pathlib import Path\n\n\ndef test_writes():\n"
        f"    with open(Path(__file__).parent / 'data' / {target!r}, 'a') as f:\n"
        "        f.write('x')\n")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-o", "addopts=", "test_probe.py"], cwd=tmp_path,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert result.returncode != 0, result.stdout
    assert f"changed files in data/: [{target!r}]" in result.stdout
