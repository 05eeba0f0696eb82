"""`make grade`: a class's notebook 04 copies graded in fresh kernels, and every way a
submission can go wrong reported and survived.

The class: Alice answers two items right and writes a prompt answer; Bob's notebook has a cell
that raises, an endless loop and an attempt to reach the network, and still answers an item
after them; Carol deleted one item cell and edited another; Dan handed in two files (the newer
counts); Erin's file claims 20 of 20 in its stored outputs but has no answers (the score is
recomputed, not read); plus a file with no name, a text file and broken JSON.
"""

from __future__ import annotations

import csv
import os
import re
import time

import nbformat
import pytest
from classroom import cell
from support import ROOT

from course import grade as grader
from helpers.feedback import feedback

REFERENCE = nbformat.read(ROOT / "notebooks/04_assessment.ipynb", as_version=4)


def right_letter(qid: str) -> str:
    """The right option of a choice item, found by asking the bank (no answer key needed)."""
    return next(o for o in "ABCD" if feedback(qid, o)[0] is True)


def wrong_letter(qid: str) -> str:
    return next(o for o in "ABCD" if feedback(qid, o)[0] is False)


def submission(folder, file_name, name, answers=(), extra_cells=(), drop=(), edits=None,
               mtime=None):
    nb = nbformat.read(ROOT / "notebooks/04_assessment.ipynb", as_version=4)
    if name is not None:
        cell(nb, "d7e41a9c").source = f'student_name = "{name}"'
    for cell_id, qid, value in answers:
        cell(nb, cell_id).source = f'answer = {value!r}\nassess("{qid}", answer)'
    for cell_id, source in (edits or {}).items():
        cell(nb, cell_id).source = source
    nb.cells = [c for c in nb.cells if c.get("id") not in drop]
    for position, source in extra_cells:
        new = nbformat.v4.new_code_cell(source)
        new.id = f"x{position:03d}extra"
        nb.cells.insert(position, new)
    path = folder / file_name
    nbformat.write(nb, path)
    if mtime:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("grades")
    durand, trace = right_letter("q04_durand"), right_letter("q04_trace_source")
    submission(subs, "alice.ipynb", "Alice Martin",
               answers=[("c03", "q04_trace_source", trace), ("c13", "q04_durand", durand)],
               edits={"c47": "The friendly-Kabul motive explains December 1979 best."})
    submission(subs, "bob.ipynb", "Bob", answers=[("c13", "q04_durand", durand)],
               extra_cells=[(5, "1 / 0"), (6, "while True:\n    pass"),
                            (7, 'open("../docs/teacher_guide.md")'),
                            (8, 'import socket\nsocket.create_connection(("1.1.1.1", 80), 3)')])
    (subs / "carol").mkdir()
    submission(subs / "carol", "04_assessment.ipynb", "Carol", drop={"c13"},
               edits={"c03": 'assess("q04_trace_source", "' + trace + '")  # my answer'})
    now = time.time()
    submission(subs, "dan_old.ipynb", "Dan", mtime=now - 3600,
               answers=[("c13", "q04_durand", wrong_letter("q04_durand"))])
    submission(subs, "dan_new.ipynb", " dan ", mtime=now,
               answers=[("c13", "q04_durand", durand)])
    erin = submission(subs, "erin.ipynb", "Erin")
    nb = nbformat.read(erin, as_version=4)
    summary = next(c for c in nb.cells if c.source.startswith("score_summary"))
    summary.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text="Score for notebook 04: 20 of 20\n")]
    nbformat.write(nb, erin)
    submission(subs, "unnamed.ipynb", None)
    (subs / "notes.txt").write_text("my answers are in my head\n")
    (subs / "broken.ipynb").write_text('{"cells": [')
    result = grader.grade(subs, out, timeout=4, total_timeout=180)
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    report = (out / "report.txt").read_text(encoding="utf-8")
    return {"out": out, "rows": rows, "report": report, "result": result}


def score(graded, student):
    return sum(int(r["points"]) for r in graded["rows"] if r["student"] == student)


def test_grades_csv_has_a_row_per_student_and_item(graded):
    rows = graded["rows"]
    assert list(rows[0]) == ["student", "item", "objective", "points", "max_points"]
    students = sorted({r["student"] for r in rows})
    assert students == ["Alice Martin", "Bob", "Carol", "Erin", "dan", "unnamed"]
    items = len(grader.items_of())
    assert items >= 20 and all(sum(r["student"] == s for r in rows) == items for s in students)
    assert {r["max_points"] for r in rows} == {"1"}
    assert next(r for r in rows if r["item"] == "q04_durand")["objective"] == "O1.3 O4.1"


def test_scores_are_recomputed_by_running_the_notebook(graded):
    assert score(graded, "Alice Martin") == 2
    assert score(graded, "Erin") == 0  # stored outputs claiming 20 of 20 are not believed


def test_a_raising_cell_an_endless_loop_and_the_network_do_not_stop_grading(graded):
    report = graded["report"]
    assert "bob.ipynb: cell 6 raised ZeroDivisionError" in report
    assert "bob.ipynb: cell 7 did not finish in time (endless loop?)" in report
    assert "bob.ipynb: cell 8 raised FileNotFoundError" in report  # no answer key to read
    if "(unshare" in report:
        assert "bob.ipynb: cell 9 raised" in report  # no network
    assert score(graded, "Bob") == 1  # the item answered after all that still counts


def test_deleted_and_edited_item_cells_are_reported(graded):
    report = graded["report"]
    assert "carol/04_assessment.ipynb: q04_durand: item cell deleted" in report
    assert "carol/04_assessment.ipynb: q04_trace_source: item cell edited" in report
    assert score(graded, "Carol") == 1


def test_of_two_files_from_one_student_the_newer_counts(graded):
    report = graded["report"]
    assert "dan_old.ipynb: an older file of 'dan': not graded; dan_new.ipynb (newer) counts" \
        in report
    assert score(graded, "dan") == 1


def test_files_that_are_not_notebooks_are_reported(graded):
    report = graded["report"]
    assert "notes.txt: not a notebook (.ipynb): ignored" in report
    assert "broken.ipynb: broken JSON (line 1, column" in report
    assert "unnamed.ipynb: no name in the cell tagged 'student-name'" in report


def test_feedback_pages_summary_figure_and_written_answers(graded):
    out = graded["out"]
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == ["alice-martin.html", "bob.html", "carol.html", "dan.html", "erin.html",
                     "unnamed.html"]
    alice = (out / "feedback/alice-martin.html").read_text(encoding="utf-8")
    assert f"Score: <strong>2 of {len(grader.items_of())}</strong>" in alice
    # the item's row: its id in the item column, the bank's feedback (no id in front) beside it
    assert re.search(r"<td>q04_durand</td>.*?<td>Correct\. ", alice)
    with (out / "objective_summary.csv").open(encoding="utf-8") as handle:
        summary = list(csv.DictReader(handle))
    assert {r["objective"] for r in summary} >= {"O1.3", "O4.1", "O4.4"} - {"O4.4"}
    assert float(summary[0]["percent"]) <= float(summary[-1]["percent"])
    assert (out / "objective_summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    alt = (out / "objective_summary_alt.txt").read_text(encoding="utf-8").strip()
    assert alt.startswith("Bar chart") and "weakest" in alt
    assert f"alt='{alt}'" in (out / "objective_summary.html").read_text(encoding="utf-8")
    with (out / "written_answers.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    alice_written = [w for w in written if w["student"] == "Alice Martin"]
    assert [w["prompt"] for w in alice_written] == ["q04_prompt1", "q04_prompt2"]
    assert alice_written[0]["answer"].startswith("The friendly-Kabul motive")
    assert alice_written[1]["answer"] == ""


def test_the_teachers_copy_for_grading_holds_no_answer_key(tmp_path):
    copy = grader.course_copy(tmp_path / "course")
    assert (copy / "src/helpers/quiz_bank.json").is_file()
    assert not list(copy.rglob("teacher_guide.md")) and not (copy / "docs").exists()
