"""A course update reaches a student who has already answered, with nbgitpuller's own code.

Replays what happens on a hub: the student follows the nbgitpuller link (clone), answers two
assessment items and a written prompt and runs the notebook; the teacher then changes the course
upstream (the wording of a cell the student did not touch, the code of a cell the student ran but
did not edit, a corrected answer key with new feedback, and a renamed exercise that keeps its old
id as an alias); the student follows the link again (merge). What this shows is what
docs/classroom.md ("What a course update does to a student's notebook") states.
"""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest
from classroom import cell, git, publish_course, pull, run_notebook, text_output
from support import answer_key

NB04 = "notebooks/04_assessment.ipynb"
WRITTEN = "My answer: the friendly-Kabul motive, because of the April 1979 request."


def edit_cells(path, edits: dict[str, str]) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell_id, source in edits.items():
        cell(nb, cell_id).source = source
    nbformat.write(nb, path)


def rename_exercise(guide_path, old: str, new: str) -> None:
    text = guide_path.read_text(encoding="utf-8")
    text = text.replace(f"id: {old}\n", f"id: {new}\naliases: {old}\n", 1)
    guide_path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    answer_key()  # the teacher's fix edits the key: skipped, saying why, in the student edition
    base = tmp_path_factory.mktemp("updates")
    origin = publish_course(base / "origin")
    student = base / "student" / "course"
    student.parent.mkdir()
    pull(origin, student)                                               # 1. first click
    edit_cells(student / NB04, {"c03": 'answer = "A"\nassess("q04_trace_source", answer)',
                                "c13": 'answer = "A"\nassess("q04_durand", answer)',
                                "c47": WRITTEN})
    run_notebook(student / NB04)                                        # 2. the student works
    before = nbformat.read(student / NB04, as_version=4)
    # 3. upstream: the teacher's mid-term fix, committed in the course repository
    guide = origin / "docs/teacher_guide.md"
    text = guide.read_text(encoding="utf-8")
    block = re.search(r"```answer\nid: q04_durand\n.*?```", text, re.S).group(0)
    wrong_a = re.search(r"^wrong A: (.*)$", block, re.M).group(1)
    text = text.replace(block, block.replace(wrong_a, "CORRECTED: the Amu Darya border was "
                                             "agreed with Russia, not in 1893."))
    guide.write_text(text, encoding="utf-8")
    rename_exercise(guide, "q04_trace_source", "q04_date_alt_source")
    edit_cells(origin / NB04, {
        "c02": cell(nbformat.read(origin / NB04, as_version=4), "c02").source.replace(
            "**Item 1**", "**Item 1** (reworded upstream)"),
        "c03": 'answer = ...\nassess("q04_date_alt_source", answer)',
        "c17": 'claims.loc["c05_security_centric", ["essay_claim", "evidence"]].to_dict()  '
               "# upstream edit",
    })
    ids = origin / "src/helpers/exercise_ids.txt"
    ids.write_text(ids.read_text(encoding="utf-8") + "q04_date_alt_source\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "course", "sync"], cwd=origin, check=True,
                   capture_output=True)
    git("commit", "-qam", "Mid-term fix: feedback corrected, item 1 reworded and renamed",
        cwd=origin)
    log = pull(origin, student)                                         # 4. second click
    after = nbformat.read(student / NB04, as_version=4)
    return {"origin": origin, "student": student, "before": before, "after": after, "log": log}


def test_every_notebook_is_valid_after_the_merge(replay):
    for path in sorted((replay["student"] / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "<<<<<<<" not in text and ">>>>>>>" not in text, path.name
        nbformat.validate(nbformat.reads(text, as_version=4))
    assert git("status", "--porcelain", cwd=replay["student"]).strip() == ""


def test_the_students_answers_and_outputs_are_kept(replay):
    after, before = replay["after"], replay["before"]
    assert cell(after, "c03").source.startswith('answer = "A"')
    assert cell(after, "c13").source.startswith('answer = "A"')
    assert cell(after, "c47").source == WRITTEN
    assert text_output(cell(after, "c13")) == text_output(cell(before, "c13"))


def test_upstream_changes_in_cells_the_student_did_not_touch_arrive(replay):
    after = replay["after"]
    assert "(reworded upstream)" in cell(after, "c02").source                  # markdown cell
    assert cell(after, "c17").source.endswith("# upstream edit")               # a cell only run


def test_a_cell_both_sides_changed_keeps_the_students_version(replay):
    """nbgitpuller merges with -Xours: the student's item cell keeps the old id (an alias now)."""
    assert 'assess("q04_trace_source"' in cell(replay["after"], "c03").source


def test_the_corrected_key_reaches_the_student_without_touching_the_notebook(replay):
    student = replay["student"]
    assert (student / "src/helpers/quiz_bank.json").read_bytes() == \
        (replay["origin"] / "src/helpers/quiz_bank.json").read_bytes()
    nb = run_notebook(student / NB04)                       # the student runs it again
    assert "CORRECTED: the Amu Darya border" in text_output(cell(nb, "c13"))
    answered = text_output(cell(nb, "c03"))
    assert "There is no exercise" not in answered and "Correct" in answered, answered
    assert "Score for notebook 04: 1 of " in text_output(cell(nb, "c52"))
