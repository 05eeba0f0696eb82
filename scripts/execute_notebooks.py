"""Re-execute notebooks in place from a fresh kernel so their stored outputs match a fresh run.

Usage (from the repository root, inside .venv)::

    python scripts/execute_notebooks.py notebooks/*.ipynb

Each notebook runs top to bottom in a new ``python3`` kernel started from this environment, with
the notebook's folder as working directory. Timing metadata is not recorded, so an unchanged
notebook gives the same bytes on every run and diffs stay reviewable. Stops at the first error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Run one notebook and write it back with fresh outputs."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(nb, path)
    print(f"executed {path}")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        execute(Path(name))
