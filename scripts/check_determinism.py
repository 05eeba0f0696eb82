"""Run every notebook twice from a fresh kernel and check the outputs are identical, and equal to
the outputs stored in the repository (after dropping execution metadata). Exit 1 on any difference.

Usage: ``python scripts/check_determinism.py notebooks/*.ipynb`` (``make determinism``).
The notebooks in the repository are not modified: runs happen on copies in memory.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def outputs(nb) -> list:
    """The comparable part of a notebook: per code cell, its source, count and outputs."""
    kept = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cleaned = [{k: v for k, v in o.items() if k != "metadata"} for o in cell.outputs]
            kept.append([cell.source, cell.execution_count, cleaned])
    return json.loads(json.dumps(kept, sort_keys=True))


def run(path: Path):
    nb = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(nb)
    NotebookClient(fresh, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return outputs(nb), outputs(fresh)


def main(paths: list[str]) -> int:
    failures = 0
    for name in paths:
        path = Path(name)
        stored, first = run(path)
        _, second = run(path)
        differs = False
        for label, other in (("second run", second), ("stored outputs", stored)):
            if first != other:
                differs = True
                cells = [i for i, (a, b) in enumerate(zip(first, other, strict=False)) if a != b]
                if len(first) != len(other):
                    cells.append(f"{len(first)} vs {len(other)} code cells")
                print(f"DIFFERENT {path.name}: first run vs {label}, code cells {cells}")
        failures += differs
        print(f"checked {path.name}: two fresh runs and the stored outputs "
              f"{'differ' if differs else 'are identical'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
