"""The guards of the suite really catch what they guard against."""

from __future__ import annotations

import importlib.util

import nbformat
from conftest import ROOT, data_checksums
from nbformat.v4 import new_code_cell, new_notebook


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
