"""Students who want a better mark, and what the grader lets them get: only what their answers earn.

One class is graded once (in parallel sandboxes): two honest students and one submission per kind
of attack of issue 20, each tried as a student would write it in a cell: forged verdicts, a
replaced judge, forged result output, reading the answer key by every route named, writing
outside the run, a detached process that outlives it, a poisoned copy of the helpers, a Unix
socket to the host, memory bombs (one process, and forked ones), a process bomb, a name cell
claiming a classmate, folder names that collide, and names that are spreadsheet formulas. Every
cheat also answers two items honestly (one right, one wrong), so "scores only what its own answers
earn" is an exact number; an attack that works answers a third item right, so the score would
show it.

Then: every score is exact; nothing outside the grader's output changed (checksums of the course
folder, the submissions and a folder the test set up), also 8 s after the grader returned; no
process of the run is left; no connection reached the host's sockets; the report and the CSVs
say what happened and are safe in a spreadsheet. Root (as in CI) runs the process bomb against
the limit that root itself would not be held to.
"""

from __future__ import annotations

import csv
import sys
import time

import pytest
from attacks import END, Listener, cheats, honest_answers, own_answers
from classroom import ROOT, checksums, points, submission

from course import grade as grader
from course import sandbox
from course.gradebook import safe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the sandbox is Linux's bubblewrap")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    top = tmp_path_factory.mktemp("adversarial")
    subs, out, sentinel = top / "collected", top / "grades", top / "elsewhere"
    sentinel.mkdir()
    (sentinel / "precious.txt").write_text("a file the grader must never touch\n")
    listener = Listener(top)
    honest = submission(subs / "alice" / "04_assessment.ipynb", "Alice Honest",
                        honest_answers())
    paths = {"root": ROOT, "out": out, "submissions": subs, "sentinel": sentinel,
             "classmate": honest, **listener.paths}
    cases = cheats(paths)
    for folder, case in cases.items():
        answers = case.get("answers", own_answers())
        submission(subs / folder / "04_assessment.ipynb", case.get("name", folder.title()),
                   answers, extra=[(END + i, cell) for i, cell in enumerate(case["cells"])])
    # the attacks run only in a sandbox: without one they would reach this working tree (a CI
    # clone under /tmp once had its helpers defaced when no sandbox could start there)
    box = grader.make_setup(grader.course_copy(top / "probe"), 20, 150, True).box
    if not box.isolated:
        pytest.fail(f"no sandbox could start ({box.reason}): the attacks were not run")
    watched = (ROOT / "src", ROOT / "notebooks", ROOT / "docs", ROOT / "data", ROOT / "course",
               subs, sentinel)
    before = checksums(*watched)
    started = time.perf_counter()
    result = grader.grade(subs, out, timeout=20, total_timeout=150, jobs=2)
    seconds = time.perf_counter() - started
    after_grading = checksums(*watched, out)
    time.sleep(8)  # the lingering process would strike 4 s after its sandbox started
    listener.close()
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    yield {"cases": cases, "out": out, "rows": rows, "result": result, "before": before,
           "after_grading": after_grading, "later": checksums(*watched, out),
           "watched": watched, "listener": listener, "seconds": seconds,
           "report": (out / "report.txt").read_text(encoding="utf-8")}


def score(graded, folder: str) -> int:
    """A folder's points in grades.csv (where a folder name that looks like a formula is
    written with a ' in front)."""
    return sum(int(r["points"]) for r in graded["rows"] if r["student"] == safe(folder))


def test_the_class_ran_in_sandboxes(graded):
    assert graded["result"]["sandbox"].isolated, graded["report"].splitlines()[0]
    assert graded["report"].startswith("Sandbox: each notebook ran in its own bubblewrap")
    print(f"adversarial class of {len(graded['cases']) + 1} graded in {graded['seconds']:.0f} s")


def test_the_honest_student_scores_exactly_what_her_answers_earn(graded):
    assert score(graded, "alice") == points(honest_answers()) > 0


@pytest.mark.parametrize("folder", list(cheats({k: "" for k in (
    "root", "out", "submissions", "sentinel", "classmate", "socket", "run_socket",
    "abstract")})))
def test_a_cheat_scores_only_what_its_own_answers_earn(graded, folder):
    case = graded["cases"][folder]
    assert score(graded, folder) == case["expect"], graded["report"]
    if "report" in case:
        lines = [line for line in graded["report"].splitlines() if f"'{folder}'" in line]
        assert any(case["report"] in line for line in lines), lines


def test_nothing_outside_the_output_changed_then_or_later(graded):
    before = graded["before"]
    now = {k: v for k, v in graded["later"].items() if k in before}
    assert now == before
    out = str(graded["out"])
    assert {k: v for k, v in graded["later"].items() if k.startswith(out)} == \
        {k: v for k, v in graded["after_grading"].items() if k.startswith(out)}


def test_no_process_of_the_run_is_left(graded):
    box = graded["result"]["sandbox"]
    if not box.as_root:
        pytest.skip("the sandbox's own uids are used only when the grader runs as root")
    assert sandbox.processes_of(set(graded["result"]["uids"])) == []


def test_no_connection_reached_the_hosts_sockets(graded):
    assert graded["listener"].heard == []


def test_each_student_has_a_page_of_their_own(graded):
    pages = sorted(p.name for p in (graded["out"] / "feedback").iterdir())
    assert len(pages) == len(graded["cases"]) + 1 == len(set(pages))
    ada = [p for p in pages if p.startswith("ada-lovelace")]
    assert len(ada) == 2
    texts = [(graded["out"] / "feedback" / p).read_text(encoding="utf-8") for p in ada]
    scores = sorted(int(t.split("Score: <strong>")[1].split(" ")[0]) for t in texts)
    assert scores == sorted([points(honest_answers(1)), points(honest_answers(2))])


def test_every_csv_cell_is_safe_in_a_spreadsheet(graded):
    names = set()
    for path in graded["out"].glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for value in row:
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (path, value)
                    names.add(value)
    assert "'=HYPERLINK(\"http://example.org/x\",\"click me\")" in names
    assert "'@SUM(1+1)" in names and "'+cmd|' /C calc'!A0" in names
