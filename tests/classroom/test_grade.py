"""`python -m course grade`: a collected class graded, every way a submission can go wrong
reported in words, and each student's page saying what the notebook itself would say.

The class (``collected/<student>/``): Alice answers items right, wrong, with a slip
(``answer = C``), a missing quote, a number written with a comma and a computed answer; Bob's
notebook has a cell that raises, an endless loop and a network call, and still answers an item
after them; Carol deleted one item cell and edited another; Dan's folder holds two notebooks
(``04_assessment.ipynb`` counts); Fay's holds two with other names (neither is graded); Erin's
stored outputs claim 20 of 20 but she answered nothing; Gil's file is broken JSON; one folder
has no name in its name cell; a file lies loose at the top.
"""

from __future__ import annotations

import csv
import html
import re

import nbformat
import pytest
from classroom import (
    ROOT,
    answered,
    cell,
    choice_items,
    item_cell_ids,
    letter,
    points,
    submission,
)
from support import GUIDE, NO_KEY

from course import grade as grader
from course.exercises import exercise_cells
from course.runner import execute
from helpers.bank import bank
from helpers.prompts import label

ITEMS = item_cell_ids()


def alice_answers() -> dict:
    first, second, third = choice_items()[:3]
    return {first: letter(first), second: letter(second, right=False), third: letter(third)}


def number_item() -> str:
    return next(qid for qid in ITEMS if bank()[qid]["kind"] == "number" and bank()[qid].get(
        "whole"))


def slip_items() -> tuple[str, str]:
    return choice_items()[3], choice_items()[4]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("collected")
    out = tmp_path_factory.mktemp("grades") / "out"
    named, quoted = slip_items()
    alice = submission(subs / "alice" / "04_assessment.ipynb", "Alice Martin", alice_answers(),
                       edits={"c47": "The friendly-Kabul motive explains December 1979 best.",
                              ITEMS[named]: answered(named, "answer = C"),
                              ITEMS[quoted]: answered(quoted, 'answer = "B'),
                              ITEMS[number_item()]: answered(number_item(),
                                                             'answer = "10,476"')})
    durand = "q04_durand"
    submission(subs / "bob" / "04_assessment.ipynb", "Bob", {durand: letter(durand)},
               extra=[(5, "1 / 0"), (6, "while True:\n    pass"),
                      (7, 'open("../docs/teacher_guide.md")'),
                      (8, 'import socket\nsocket.create_connection(("1.1.1.1", 80), 3)')])
    trace = "q04_trace_source"
    submission(subs / "carol" / "04_assessment.ipynb", "Carol", drop=(ITEMS[durand],),
               edits={ITEMS[trace]: answered(trace, "").replace(
                   f'assess("{trace}", answer)', f'assess("{trace}", "{letter(trace)}")  # mine')})
    submission(subs / "dan" / "04_assessment.ipynb", "Dan", {durand: letter(durand)})
    submission(subs / "dan" / "04_assessment (old).ipynb", "Dan", {durand: letter(durand, False)})
    submission(subs / "fay" / "first.ipynb", "Fay", {durand: letter(durand)})
    submission(subs / "fay" / "second.ipynb", "Fay", {durand: letter(durand)})
    erin = submission(subs / "erin" / "04_assessment.ipynb", "Erin")
    nb = nbformat.read(erin, as_version=4)
    summary = next(c for c in nb.cells if "score_summary(\"04\")" in c.source)
    summary.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text="Score for notebook 04: 20 of 20\n")]
    nbformat.write(nb, erin)
    (subs / "gil").mkdir()
    (subs / "gil" / "04_assessment.ipynb").write_text('{"cells": [')
    submission(subs / "nameless" / "04_assessment.ipynb", None)
    (subs / "notes.txt").write_text("my answers are in my head\n")
    result = grader.grade(subs, out, timeout=4, total_timeout=120, jobs=2)
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {"out": out, "rows": rows, "result": result, "alice": alice,
            "report": (out / "report.txt").read_text(encoding="utf-8")}


def score(graded, folder):
    return sum(int(r["points"]) for r in graded["rows"] if r["student"] == folder)


def page_rows(graded, page: str) -> dict[int, list[str]]:
    """Item number -> the cells of its row on a feedback page (text, unescaped)."""
    text = (graded["out"] / "feedback" / page).read_text(encoding="utf-8")
    rows = {}
    for row in re.findall(r"<tr><th scope='row'>Item (\d+)</th>(.*?)</tr>", text):
        rows[int(row[0])] = [html.unescape(re.sub("<[^>]+>", "", c))
                             for c in re.findall(r"<td>(.*?)</td>", row[1])]
    return rows


def test_grades_csv_has_a_row_per_student_and_item(graded):
    rows = graded["rows"]
    assert list(rows[0]) == ["student", "name", "item", "exercise", "objectives", "points",
                             "max_points"]
    folders = sorted({r["student"] for r in rows})
    assert folders == ["alice", "bob", "carol", "dan", "erin", "nameless"]
    assert all(sum(r["student"] == f for r in rows) == len(ITEMS) for f in folders)
    durand = next(r for r in rows if r["exercise"] == "q04_durand")
    assert (f"Item {durand['item']}", durand["objectives"]) == (label("q04_durand"),
                                                               "O1.3 O4.1")
    assert next(r for r in rows if r["student"] == "nameless")["name"] == "nameless"


def test_scores_are_judged_by_the_grader_from_the_answers(graded):
    # "10,476" is read as a number, and the slips earn nothing
    assert score(graded, "alice") == points({**alice_answers(), number_item(): "10,476"}) >= 2
    assert score(graded, "erin") == 0  # stored outputs claiming 20 of 20 are not believed


def test_a_raising_cell_an_endless_loop_and_the_network_do_not_stop_grading(graded):
    assert score(graded, "bob") == 1  # the item answered after all that still counts


def test_deleted_and_edited_item_cells_are_reported_by_item(graded):
    number = {qid: label(qid).removeprefix("Item ") for qid in ITEMS}
    report = graded["report"]
    assert (f"Student 'carol' (Carol): Item {number['q04_durand']} (q04_durand): the item's "
            "cell was deleted") in report
    assert (f"Student 'carol' (Carol): Item {number['q04_trace_source']} (q04_trace_source): "
            "the item's cell was edited beyond its answer line") in report
    assert score(graded, "carol") == 1
    assert not re.search(r"\bcell \d+\b", report)  # items and students, never cell indices


def test_a_folder_with_several_notebooks(graded):
    report = graded["report"]
    assert ("Student 'dan': several notebooks: 04_assessment.ipynb is graded; not graded: "
            "04_assessment (old).ipynb") in report.replace("'dan' (Dan)", "'dan'")
    assert score(graded, "dan") == 1
    assert "Student 'fay': several notebooks and none is named 04_assessment.ipynb: none is " \
           "graded (first.ipynb, second.ipynb)" in report
    assert not (graded["out"] / "feedback" / "fay.html").exists()


def test_files_that_cannot_be_graded_are_reported(graded):
    report = graded["report"]
    assert "Submissions: notes.txt: a file outside any student's folder: not graded" in report
    assert "Student 'gil': 04_assessment.ipynb: broken JSON (line 1, column" in report
    assert ("Student 'nameless' (nameless): no name in the name cell (tagged 'student-name'): "
            "shown as the folder's name") in report
    assert report.splitlines()[-1].startswith("Graded 6 of 8 students")


def test_the_page_shows_each_item_as_the_notebook_does(graded):
    """Alice's notebook run in JupyterLab's way (with the bank) shows, under each item, the same
    message as her feedback page; the page numbers items as the notebook does."""
    nb = nbformat.read(graded["alice"], as_version=4)
    execute(nb, ROOT / "notebooks" / "alice.ipynb", allow_errors=True)
    numbers = {qid: int(label(qid).removeprefix("Item ")) for qid in ITEMS}
    rows = page_rows(graded, "alice.html")
    assert sorted(rows) == list(range(1, len(ITEMS) + 1))
    shown = {}
    for mark in exercise_cells(nb, "exercise"):
        for out in mark.cell.outputs:
            if out.output_type == "error":
                shown[mark.id] = out.traceback[0].removeprefix("\u2717 ")
            elif "text/plain" in out.get("data", {}):
                shown[mark.id] = out["data"]["text/plain"].split("\n")[0][2:]
    assert len(shown) == len(ITEMS)
    for qid, message in shown.items():
        answer, verdict, feedback, _ = rows[numbers[qid]]
        assert feedback == message, qid
    named, quoted = slip_items()
    assert rows[numbers[named]][2] == 'C needs quotes: answer = "C"'
    assert rows[numbers[named]][:2] == ["answer = C", "\u2717 slip"]  # as typed
    assert rows[numbers[quoted]][2].startswith("A closing quote is missing")
    first = choice_items()[0]
    assert rows[numbers[first]][:2] == [repr(letter(first)), "\u2713 right"]


def test_the_page_names_objectives_and_written_answers(graded):
    text = (graded["out"] / "feedback" / "alice.html").read_text(encoding="utf-8")
    assert "O4.1 (recall and order the key events of all three eras)" in text
    assert "The friendly-Kabul motive explains December 1979 best." in text


def test_class_summary_figure_and_written_answers(graded):
    out = graded["out"]
    with (out / "objective_summary.csv").open(encoding="utf-8") as handle:
        summary = list(csv.DictReader(handle))
    assert {r["objective"] for r in summary} >= {"O1.3", "O4.1"}
    assert all(r["name"] for r in summary)
    assert float(summary[0]["percent"]) <= float(summary[-1]["percent"])
    assert (out / "objective_summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    alt = (out / "objective_summary_alt.txt").read_text(encoding="utf-8").strip()
    assert alt.startswith("Bar chart") and "weakest" in alt
    assert f"alt='{html.escape(alt, quote=True)}'" in (out / "objective_summary.html").read_text(
        encoding="utf-8")
    with (out / "written_answers.csv").open(encoding="utf-8") as handle:
        written = [w for w in csv.DictReader(handle) if w["student"] == "alice"]
    assert [w["prompt"] for w in written] == ["q04_prompt1", "q04_prompt2"]
    assert written[0]["answer"].startswith("The friendly-Kabul motive")
    assert written[1]["answer"] == ""


def test_regrading_replaces_the_earlier_results(graded, tmp_path):
    out = graded["out"]
    stale = out / "feedback" / "someone-gone.html"
    stale.write_text("from an earlier run")
    (tmp_path / "one").mkdir()
    submission(tmp_path / "one" / "x" / "04_assessment.ipynb", "X")
    grader.prepare_out(out, tmp_path / "one")
    assert not stale.exists() and not (out / "grades.csv").exists()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("not the grader's")
    with pytest.raises(SystemExit, match="not empty"):
        grader.prepare_out(tmp_path / "mine", tmp_path / "one")


def test_the_copy_for_grading_holds_no_bank_and_no_guide(tmp_path):
    copy = grader.course_copy(tmp_path / "course")
    assert (copy / "src/helpers/feedback.py").is_file()
    assert not list(copy.rglob("teacher_guide.md")) and not list(copy.rglob("quiz_bank.json"))
    assert not (copy / "docs").exists()


def test_a_stale_bank_stops_the_grader(tmp_path):
    from course import paths

    if not GUIDE.is_file():
        pytest.skip(NO_KEY)
    guide = tmp_path / "docs" / "teacher_guide.md"
    guide.parent.mkdir()
    guide.write_text((ROOT / paths.GUIDE).read_text(encoding="utf-8").replace(
        "id: q04_durand", "id: q04_durand_renamed", 1), encoding="utf-8")
    (tmp_path / "src" / "helpers").mkdir(parents=True)
    (tmp_path / paths.BANK).write_text((ROOT / paths.BANK).read_text(encoding="utf-8"))
    with pytest.raises(SystemExit, match="python -m course sync"):
        grader.check_bank(tmp_path)
    assert "matches" in grader.check_bank(ROOT)


def test_the_reference_is_the_committed_notebook():
    nb, note = grader.reference_notebook()
    assert "as committed (git HEAD)" in note
    assert cell(nb, "c13").metadata["course"] == {"exercise": "q04_durand"}


def test_an_edition_s_notebook_is_graded_in_its_language(tmp_path, monkeypatch):
    """A notebook of the Dari edition (its metadata says so) gets its page in Dari: the
    verdicts, the notebook's messages (feedback, slips) and the summary, from the catalogs (a
    pseudo-translation here: the course's catalogs are not filled yet), right to left; the
    grader's notes stay English. A notebook whose metadata names no edition is English."""
    from edition_support import PSEUDO, pseudo_locale

    from helpers import i18n

    monkeypatch.setattr(i18n, "LOCALE", pseudo_locale(tmp_path / "locale"))
    i18n.reload()
    subs, out = tmp_path / "collected", tmp_path / "out"
    durand, (named, _quoted) = "q04_durand", slip_items()
    for folder, language in (("zahra", "fa"), ("forged", "xx")):
        path = submission(subs / folder / "04_assessment.ipynb", folder.title(),
                          {durand: letter(durand, right=False)},
                          edits={ITEMS[named]: answered(named, "answer = C")})
        nb = nbformat.read(path, as_version=4)
        nb.metadata["course"] = {"edition": {"language": language, "tag": language}}
        nbformat.write(nb, path)
    try:
        grader.grade(subs, out, timeout=4, total_timeout=120, jobs=2)
    finally:
        i18n.reload()
    page = (out / "feedback" / "zahra.html").read_text(encoding="utf-8")
    mark = html.escape(PSEUDO["fa"])
    assert "<html lang='fa-AF' dir='rtl'>" in page
    assert f"<td>{mark}✗ slip</td>" in page and f"<td>{mark}✗ not quite</td>" in page
    assert f"{mark}Not quite. " in page  # the feedback, in the notebook's words
    assert f"<h2>{mark}Summary</h2>" in page and f"<strong>{mark}Score for notebook 04" in page
    assert "\u2066answer = &quot;C&quot;\u2069" in page  # the slip's code, isolated
    # items numbered as the edition's prompts number them (پرسش ۱), the score in its digits, and
    # each answer in its own direction (answer = ... left to right in the Dari page)
    assert f"<th scope='row'>{mark}Item ۱</th>" in page and "<code dir='auto'>" in page
    assert re.search(f"<strong>{re.escape(mark)}[۰-۹]+ of ۲۳</strong>", page)
    english = (out / "feedback" / "forged.html").read_text(encoding="utf-8")
    assert "<th scope='row'>Item 1</th>" in english
    assert "<html lang='en'>" in english and "[" not in re.sub(r"\[[^\]]*\]\(", "", english)
