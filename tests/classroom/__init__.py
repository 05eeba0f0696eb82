"""Shared steps of the classroom tests: a course repository to pull from, nbgitpuller's own
pull, and running a notebook in a fresh kernel on a student's copy.

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
