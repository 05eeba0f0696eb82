"""The guards of the suite really catch what they guard against."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from support import ROOT, data_checksums


def test_data_checksums_notice_a_change(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n")
    before = data_checksums(tmp_path)
    (tmp_path / "a.csv").write_text("x\n2\n")
    assert data_checksums(tmp_path) != before


def test_determinism_check_catches_a_random_notebook(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("det", ROOT / "scripts/check_determinism.py")
    det = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(det)
    nb = new_notebook(cells=[new_code_cell("import random\nrandom.random()")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path = tmp_path / "random.ipynb"
    nbformat.write(nb, path)
    assert det.main([str(path)]) == 1
    assert "DIFFERENT random.ipynb" in capsys.readouterr().out


def test_a_run_that_writes_into_data_fails(tmp_path):
    """The root conftest.py fails any pytest run that leaves data/ changed."""
    probe = ROOT / "tests" / "test_zz_probe_writes_data.py"
    stray = ROOT / "data" / "zz_probe_stray.txt"
    probe.write_text("from support import DATA\n\n\ndef test_writes():\n"
                     "    (DATA / 'zz_probe_stray.txt').write_text('x')\n")
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-o", "addopts=",
                                 str(probe)], cwd=ROOT, capture_output=True, text=True)
    finally:
        probe.unlink()
        stray.unlink(missing_ok=True)
    assert result.returncode != 0
    assert "changed files in data/: ['zz_probe_stray.txt']" in result.stdout
