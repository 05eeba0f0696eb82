"""The one configuration of the notebook executor, shared by every script that runs notebooks.

``scripts/execute_notebooks.py`` (writes outputs back), ``scripts/check_determinism.py`` (runs
twice and compares) and ``scripts/run_benchmark.py`` (times runs) all execute notebooks here, so
the run that stores outputs, the run that checks them and the run that is timed are the same run:
nbclient, a fresh ``python3`` kernel from this environment, the notebook's folder as working
directory, no timing metadata (an unchanged notebook gives the same bytes every run) and
consecutive stream chunks coalesced (as nbval compares them).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT_S = 300  # seconds per cell; a hung cell fails the run instead of blocking it


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` without per-cell execution metadata (timings from old runs)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Run ``nb`` (read from ``path``) top to bottom in a fresh kernel, in place; return it.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; the notebook is left as run so far.
    """
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", record_timing=False,
                   coalesce_streams=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    return nb
