"""Where no sandbox can start, grading still works, the verdicts are still the grader's, and the
report's first line says that student code ran with the teacher's rights, and why.

It also shows what the sandbox is for: without it, the cheat that reads the answer key by the
routes of issue 20 finds it and scores, and a notebook reaches a Unix socket on the host. The
same cheats (``tests/attacks.py``) score nothing extra in ``test_adversarial.py``, so that test
can fail.
"""

from __future__ import annotations

import csv

import pytest
from attacks import END, Listener, cheats, honest_answers, own_answers
from classroom import ROOT, points, submission

from course import grade as grader


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    top = tmp_path_factory.mktemp("no-sandbox")
    subs, out = top / "collected", top / "grades"
    listener = Listener(top)
    honest = submission(subs / "alice" / "04_assessment.ipynb", "Alice", honest_answers())
    cases = cheats({"root": ROOT, "out": out, "submissions": subs, "sentinel": top / "x",
                    "classmate": honest, **listener.paths})
    for folder in ("forged-verdicts", "replaced-judge", "reads-key", "unix-socket"):
        submission(subs / folder / "04_assessment.ipynb", folder, own_answers(),
                   extra=[(END + i, c) for i, c in enumerate(cases[folder]["cells"])])
    result = grader.grade(subs, out, timeout=20, total_timeout=150, jobs=2, use_sandbox=False)
    listener.close()
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {"result": result, "rows": rows, "listener": listener,
            "report": (out / "report.txt").read_text(encoding="utf-8")}


def score(graded, folder):
    return sum(int(r["points"]) for r in graded["rows"] if r["student"] == folder)


def test_the_first_line_says_student_code_ran_with_the_teachers_rights(graded):
    first = graded["report"].splitlines()[0]
    assert first.startswith("WARNING: student code ran with the teacher's rights: no sandbox "
                            "could start (the grader was started with --no-sandbox)")
    assert not graded["result"]["sandbox"].isolated


def test_verdicts_are_still_judged_by_the_grader(graded):
    assert score(graded, "alice") == points(honest_answers())
    assert score(graded, "forged-verdicts") == points(own_answers())
    assert score(graded, "replaced-judge") == points(own_answers())


def test_without_a_sandbox_the_key_and_the_host_are_in_reach(graded):
    assert score(graded, "reads-key") > points(own_answers())
    assert graded["listener"].heard
    assert score(graded, "unix-socket") == points(own_answers()) + 1  # its prize for getting in
