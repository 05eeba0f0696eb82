"""`python -m course sync --check` passes on this checkout, and on a copy it names each file
whose generated text was edited by hand (and changes nothing); `sync` then repairs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from classroom import publish_course
from support import GUIDE, NO_KEY, ROOT

from course.sync import sync

# (file, text in it, hand edit): one generated block, metadata or file of each kind
EDITS = [
    ("README.md", "<!-- course:sync lessons -->9 lessons", "<!-- course:sync lessons -->8 lessons"),
    ("docs/notebooks.md", "<!-- course:sync time-04 -->85–95 min",
     "<!-- course:sync time-04 -->60 min"),
    ("docs/teacher_guide.md", "- **00**: q00_example", "- **00**: q00_exampel"),
    ("docs/teacher_guide.md", "| 0–10 | 1921–1978", "| 0–14 | 1921–1978"),
    ("notebooks/00_start_here.ipynb", "**Estimated time:** 10–20", "**Estimated time:** 5–10"),
    ("notebooks/04_assessment.ipynb", '"exercise": "q04_durand"', '"exercise": "q04_recognition"'),
    ("benchmarks/RESULTS.md", "00_start_here.ipynb 19", "00_start_here.ipynb 18"),
    ("data/datapackage.json", '"title": "Excerpt: ', '"title": "Extract: '),
    ("src/helpers/quiz_bank.json", '"format": 1', '"format": 2'),
]

BUILT_FROM_THE_GUIDE = ("docs/teacher_guide.md", "src/helpers/quiz_bank.json")


def course(*args: str) -> subprocess.CompletedProcess:
    """`python -m course ...` from the repository root, as a maintainer's plain shell runs it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_everything_generated_is_up_to_date():
    assert sync(ROOT, check=True) == [], "run `python -m course sync`"


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    return publish_course(tmp_path_factory.mktemp("sync") / "course")


@pytest.mark.parametrize(("name", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_a_hand_edit_is_named_by_check_and_repaired_by_sync(copy, name, old, new):
    if name in BUILT_FROM_THE_GUIDE and not GUIDE.is_file():
        pytest.skip(NO_KEY)
    path = copy / name
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    checked = course("sync", "--check", "--root", str(copy))
    assert checked.returncode == 1 and f"  {name}" in checked.stdout, checked.stdout
    assert new in path.read_text(encoding="utf-8"), "--check changed the file"
    assert course("sync", "--root", str(copy)).returncode == 0
    assert path.read_text(encoding="utf-8") == original
    assert course("sync", "--check", "--root", str(copy)).returncode == 0
