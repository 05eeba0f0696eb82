"""The results API: one scoring rule for the notebook and the grader, and the graded run that
records answers without judging them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import answer_key

from helpers import check, results
from helpers.bank import bank
from helpers.feedback import feedback


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(results, "_RECORDED", {})


def test_a_grader_scores_verdicts_it_judged_itself_as_the_notebook_does(fresh, capsys):
    items = {qid: q for qid, q in bank().items() if q["notebook"] == "04"}
    answers = {qid: "B" for qid, q in items.items() if q["kind"] == "choice"}
    for qid, answer in answers.items():
        check(qid, answer)
    capsys.readouterr()
    judged = {qid: feedback(qid, answer)[0] for qid, answer in answers.items()}
    objectives = {qid: q["objectives"] for qid, q in items.items()}
    mine = results.score(objectives, judged)
    assert mine == results.notebook_score("04")
    assert 0 < mine.right < mine.answered == len(answers) < mine.total


def test_each_answer_is_recorded_with_its_verdict_under_the_current_id(fresh, capsys):
    key = answer_key()["q00_example"]["answer"]
    wrong = next(letter for letter in "ABCD" if letter != key)
    check("Q00_Example", wrong.lower())
    check("q00_example", key)
    capsys.readouterr()
    (only,) = results.recorded().values()
    assert (only.id, only.answer, only.verdict) == ("q00_example", key, True)
    assert only.message.startswith("Correct.")


def test_a_graded_run_records_answers_and_shows_no_verdict(tmp_path):
    """In the grader's copy of the course (no exercise bank, no guide) the helpers import,
    check/assess record answers, the summary shows nothing, and export() reports the answers."""
    from course.grade import course_copy

    copy = course_copy(tmp_path / "course")
    assert not list(copy.rglob("quiz_bank.json"))
    code = ("from helpers import assess, check, score_summary, results\n"
            "check('q00_example', 'C'); assess('q04_durand', 'A'); assess('Q04_Durand', ['x'])\n"
            "score_summary('04')\n"
            "print(sorted((r.id, r.answer, r.verdict) for r in results.recorded().values()))\n"
            "print(results.export())")
    result = subprocess.run([sys.executable, "-c", code], cwd=copy / "notebooks",
                            env={"COURSE_GRADED_RUN": "1", "PATH": ""},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    recorded, exported = result.stdout.splitlines()
    assert recorded == ("[('Q04_Durand', ['x'], None), ('q00_example', 'C', None), "
                        "('q04_durand', 'A', None)]")
    assert json.loads(exported)["answers"][1] == ["q04_durand", {"t": "str", "v": "A"}]
