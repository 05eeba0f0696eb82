"""Re-execute notebooks in place from a fresh kernel so their stored outputs match a fresh run.

Usage (from the repository root, inside .venv)::

    python scripts/execute_notebooks.py notebooks/*.ipynb

Each notebook runs as ``scripts/notebook_runner.py`` configures it (fresh ``python3`` kernel,
notebook folder as working directory, no timing metadata) and is written back. Stops at the first
error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from notebook_runner import execute, read


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        nbformat.write(execute(read(path), path), path)
        print(f"executed {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
