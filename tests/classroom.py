"""Shared steps of the classroom tests: a course repository to pull from, nbgitpuller's own
pull, running a notebook in a fresh kernel on a student's copy, and a class of notebook 04
copies to grade.

The course copy a test publishes is made of this checkout's files as they are on disk (tracked and
new files, not ignored ones), so a test sees uncommitted work too.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import nbformat
from nbgitpuller.pull import GitPuller

from course.runner import execute

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "teacher@example.org",
           "GIT_COMMITTER_NAME": "Teacher", "GIT_COMMITTER_EMAIL": "teacher@example.org"}


def git(*args, cwd: Path) -> str:
    """Run git in ``cwd`` with a fixed identity; return its stdout (raises on failure)."""
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def publish_course(origin: Path, branch: str = "main", source: Path = ROOT) -> Path:
    """A git repository at ``origin`` holding ``source``'s tracked files in one commit."""
    files = git("ls-files", "-z", "--cached", "--others", "--exclude-standard",
                cwd=source).split("\0")
    for name in filter(None, files):
        if (source / name).is_file():
            (origin / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, origin / name)
    git("init", "-q", "-b", branch, cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "-q", "-m", "Course as published", cwd=origin)
    return origin


def pull(origin: Path, student_copy: Path, branch: str = "main") -> str:
    """What following the nbgitpuller link does: nbgitpuller's GitPuller clones or merges."""
    # nbgitpuller leaves its git subprocesses' pipes to be closed when they are freed: that
    # ResourceWarning is known and harmless; ignore it here, and collect them before leaving.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        puller = GitPuller(origin.as_uri(), str(student_copy), branch=branch)
        log = "".join(puller.pull())
        del puller
        gc.collect()
    return log


def run_notebook(path: Path, timeout: int = 60) -> nbformat.NotebookNode:
    """Execute a notebook in place in a fresh kernel, with the course's one runner; the kernel
    starts in the copy's notebooks/ folder, so its ``helpers`` are the copy's own."""
    nb = execute(nbformat.read(path, as_version=4), path, timeout=timeout, allow_errors=True)
    nbformat.write(nb, path)
    return nb


def cell(nb: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    """The cell with this nbformat id (KeyError if there is none)."""
    for c in nb.cells:
        if c.get("id") == cell_id:
            return c
    raise KeyError(cell_id)


def text_output(c: nbformat.NotebookNode) -> str:
    """All stream and plain-text output of a code cell, joined."""
    parts = []
    for out in c.get("outputs", []):
        parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
        if out.get("output_type") == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return "".join(parts)


# --- a class of notebook 04 copies ---------------------------------------------------------------

ASSESSMENT = ROOT / "notebooks" / "04_assessment.ipynb"
NAME_CELL = "d7e41a9c"  # the cell tagged student-name


def item_cell_ids() -> dict[str, str]:
    """Item id -> the id of the cell marked as its answer cell in notebook 04."""
    from course.exercises import exercise_cells

    nb = nbformat.read(ASSESSMENT, as_version=4)
    return {mark.id: mark.cell["id"] for mark in exercise_cells(nb, "exercise")}


def letter(qid: str, right: bool = True) -> str:
    """A right (or a wrong) option of a choice item, found by asking the bank, not the key."""
    from helpers.feedback import feedback

    return next(o for o in "ABCDE" if feedback(qid, o)[0] is right)


def choice_items() -> list[str]:
    """The choice items of notebook 04, in the notebook's order."""
    from helpers.bank import bank

    return [qid for qid in item_cell_ids() if bank()[qid]["kind"] == "choice"]


def answered(qid: str, line: str) -> str:
    """The source of item ``qid``'s cell in notebook 04 with its answer line replaced by
    ``line`` (what a student types, e.g. ``answer = C``)."""
    nb = nbformat.read(ASSESSMENT, as_version=4)
    source = cell(nb, item_cell_ids()[qid]).source
    return "\n".join(line if old.startswith("answer") else old for old in source.splitlines())


def submission(path: Path, name: str | None, answers: dict | None = None,
               extra: list[tuple[int, str]] = (), edits: dict[str, str] | None = None,
               drop: tuple[str, ...] = ()) -> Path:
    """Write a student's copy of notebook 04 at ``path`` (folders made): the name cell, an
    ``answer = <repr>`` line in each answered item's cell, extra code cells inserted at the
    given positions (counted in the final list of cells, each given a fresh id), cells edited
    by id, and cells dropped by id."""
    nb = nbformat.read(ASSESSMENT, as_version=4)
    if name is not None:
        cell(nb, NAME_CELL).source = f"student_name = {name!r}"
    ids = item_cell_ids()
    for qid, value in (answers or {}).items():
        cell(nb, ids[qid]).source = answered(qid, f"answer = {value!r}")
    for cell_id, source in (edits or {}).items():
        cell(nb, cell_id).source = source
    nb.cells = [c for c in nb.cells if c.get("id") not in drop]
    for number, (position, source) in enumerate(extra):
        new = nbformat.v4.new_code_cell(source)
        new.id = f"extra{number:03d}"
        nb.cells.insert(position, new)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def points(answers: dict) -> int:
    """What these answers earn, judged by the bank (as the grader must judge them)."""
    from helpers.feedback import feedback

    return sum(feedback(qid, value)[0] is True for qid, value in answers.items())


def checksums(*roots: Path, skip: tuple[str, ...] = ("__pycache__", ".git")) -> dict[str, str]:
    """SHA-256 of every file under ``roots`` (paths as keys), skipping folders named in
    ``skip``; a folder that vanished shows as missing files."""
    import hashlib

    found = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if any(part in skip for part in path.parts) or not path.is_file() \
                    or path.is_symlink():
                continue
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
