"""The one notebook runner: nbclient configured once, for every tool that executes a notebook.

``python -m course execute`` (stores outputs), ``check determinism`` (runs twice and compares),
``benchmark`` (times runs) and ``grade`` (runs students' copies) all run notebooks through
:func:`execute`, so the run that stores outputs, the run that checks them, the run that is timed
and the run that grades are the same run: nbclient, a fresh ``python3`` kernel from this
environment, the notebook's folder as working directory, no timing metadata (an unchanged
notebook gives the same bytes every run) and consecutive stream chunks coalesced (as nbval
compares them). A caller may add nbclient options (the grader allows errors and interrupts a
cell on timeout).
"""

from __future__ import annotations

from pathlib import Path

CELL_TIMEOUT_S = 300  # seconds per cell; a hung cell fails the run instead of blocking it


def read(path: Path):
    """The notebook at ``path`` without per-cell execution metadata (timings from old runs)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def execute(nb, path: Path, *, timeout: int = CELL_TIMEOUT_S, env: dict | None = None,
            **options):
    """Run ``nb`` (read from ``path``) top to bottom in a fresh kernel, in place; return it.

    Args:
        nb: the notebook (an nbformat node), changed in place.
        path: where it sits: its folder is the kernel's working directory.
        timeout: seconds per cell.
        env: the kernel's environment (default: this process's).
        options: further ``nbclient.NotebookClient`` options (``allow_errors``, ``km``, ...).

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised (unless ``allow_errors``); the
            notebook is left as run so far.
    """
    from nbclient import NotebookClient

    options.setdefault("kernel_name", "python3")
    client = NotebookClient(nb, timeout=timeout, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(Path(path).parent)}}, **options)
    client.execute(**({"env": env} if env is not None else {}))
    return nb


def execute_in_place(paths: list[Path]) -> int:
    """Re-execute each notebook from a fresh kernel and write it back (``make execute``).

    Stops at the first error (the exception names the cell). Returns 0.
    """
    import nbformat

    for path in paths:
        nbformat.write(execute(read(path), path), path)
        print(f"executed {path}")
    return 0
