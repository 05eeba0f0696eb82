"""benchmarks/RESULTS.md is generated, and regenerated when a notebook changes its length."""

from __future__ import annotations

import re

from run_benchmark import cell_count
from support import ROOT


def test_results_list_the_current_cell_count_of_every_notebook():
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (\S+\.ipynb) \| (\d+) \|", text, re.M))
    paths = [ROOT / "benchmarks" / "floor.ipynb", *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    current = {p.name: str(cell_count(p)) for p in paths}
    assert listed == current, "notebooks changed since the benchmark: run `make benchmark`"
