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


# --- a student's notebook, for the grader ---------------------------------------------------------

ANSWERS_MARKER = "COURSE-ANSWERS "
# Run after the student's last cell, in the same kernel: every answer check()/assess() recorded
# (the kernel judged nothing: COURSE_GRADED_RUN=1), as the data helpers.transfer defines.
EPILOGUE = f"""\
import helpers.results as _course_results
print({ANSWERS_MARKER!r} + _course_results.export())
"""
RESULT_FORMAT = 1


def run_graded(nb, folder: Path, timeout: int) -> dict:
    """Run a student's notebook as the grader needs it; return what happened, as plain data.

    Every cell runs (a cell that raises does not stop the run, as Run All goes on past the
    answer cells' ``raises-exception`` tag), a cell is interrupted after ``timeout`` seconds,
    then :data:`EPILOGUE` prints the recorded answers. Returns ``{"format", "cells": number of
    the student's cells, "errors": [[cell index, error name, error text], ...], "answers": the
    epilogue's report or None, "died": why the run stopped early, or None}``. Never raises.
    """
    import nbformat
    from nbclient.exceptions import DeadKernelError

    cells = len(nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.append(nbformat.v4.new_code_cell(EPILOGUE))
    result: dict = {"format": RESULT_FORMAT, "cells": cells, "errors": [], "answers": None,
                    "died": None}
    try:
        execute(nb, folder / "submission.ipynb", timeout=timeout, allow_errors=True,
                interrupt_on_timeout=True,
                error_on_timeout={"ename": "Timeout", "evalue": f"stopped after {timeout} s"})
    except DeadKernelError:
        result["died"] = "the kernel died (out of memory, or the notebook ended it)"
    except Exception as exc:  # noqa: BLE001 - anything nbclient raises ends this run only
        result["died"] = f"the run stopped ({type(exc).__name__})"
    for index, cell in enumerate(nb.cells[:cells]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                result["errors"].append([index, str(out.get("ename"))[:100],
                                         str(out.get("evalue"))[:2000]])
                break
    for out in nb.cells[-1].get("outputs", []):
        text = out.get("text", "") if out.get("output_type") == "stream" else ""
        if text.startswith(ANSWERS_MARKER):
            result["answers"] = text[len(ANSWERS_MARKER):].strip()
            break
    return result


def graded_main(timeout: int) -> int:
    """Inside the grader's sandbox: read a notebook (JSON) on stdin, run it
    (:func:`run_graded`), write the result (JSON) on stdout; 0.

    Limits come first (``COURSE_SANDBOX_LIMITS``, ``course.sandbox.Limits``). The result goes
    to a private copy of stdout: the notebook's own processes get ``/dev/null`` as their output,
    so what they print never mixes with it. Home and caches are made in the sandbox's /tmp, and
    matplotlib's font list (made once per class by the grader) is copied there, so no kernel
    spends a second rebuilding it.
    """
    import json
    import os
    import shutil
    import sys

    from .sandbox import Limits

    limits = os.environ.pop("COURSE_SANDBOX_LIMITS", None)
    if limits:
        Limits.from_env(limits).apply()
    result = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - fd 1 stays open
    text = sys.stdin.read()
    for name in ("HOME", "MPLCONFIGDIR"):
        if os.environ.get(name):
            Path(os.environ[name]).mkdir(parents=True, exist_ok=True)
    seed = Path(".cache/matplotlib")
    if os.environ.get("MPLCONFIGDIR") and seed.is_dir():
        for font_list in seed.glob("fontlist-*.json"):
            shutil.copy(font_list, Path(os.environ["MPLCONFIGDIR"]) / font_list.name)
    import nbformat

    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - the grader checked it; report, never crash
        outcome = {"format": RESULT_FORMAT, "cells": 0, "errors": [], "answers": None,
                   "died": f"the notebook could not be read ({type(exc).__name__})"}
    else:
        outcome = run_graded(nb, Path.cwd() / "notebooks", timeout)
    result.write(json.dumps(outcome))
    result.close()
    return 0
