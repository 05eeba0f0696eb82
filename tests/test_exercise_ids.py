"""An exercise id, once published on main, works for ever.

``src/helpers/exercise_ids.txt`` records every id ever published. A student's saved notebook may
call any of them after a course update (nbgitpuller keeps the student's version of a cell they
answered), so each must still resolve to an exercise: a renamed exercise lists its old id under
``aliases:`` in its answer block, and the bank maps the old id to the new one.
"""

from __future__ import annotations

import json
import re

import pytest
from support import ROOT, load_script

from helpers import quiz

RECORDED = [line.strip() for line in
            (ROOT / "src/helpers/exercise_ids.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_the_record_is_not_empty_and_has_no_duplicates():
    assert len(RECORDED) >= 40
    assert len(RECORDED) == len(set(RECORDED))


@pytest.mark.parametrize("qid", RECORDED)
def test_every_published_id_still_resolves(qid):
    assert quiz.resolve(qid) in quiz.bank(), f"{qid} was published and no longer works"
    ok, message = quiz.feedback(qid, ...)
    assert ok is None and "not answered yet" in message.lower(), message


def test_every_current_id_and_alias_is_recorded():
    """New exercises must be appended to the record, or a later rename could drop them."""
    current = set(quiz.bank()) | set(quiz.aliases())
    missing = sorted(current - set(RECORDED))
    assert not missing, f"append these ids to src/helpers/exercise_ids.txt: {missing}"


def test_every_id_a_notebook_calls_resolves():
    calls = set()
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            calls |= set(re.findall(r"(?:check|assess)\(\"(\w+)\"", "".join(cell["source"])))
    assert calls and all(quiz.resolve(q) for q in calls), sorted(q for q in calls
                                                                  if not quiz.resolve(q))


GUIDE = """
```answer
id: q09_renamed
kind: choice
notebook: 00
section: Test
objective: O0.1
options: A B
answer: B
explain: B is right because it is.
wrong A: A is wrong because it is not.
hint: Look again.
aliases: q09_original q09_second_name
```
"""


@pytest.fixture
def renamed_bank(monkeypatch):
    """The checker reading a bank built from a guide in which an exercise was renamed twice."""
    built = json.loads(load_script("build_quiz_bank").build(GUIDE))
    monkeypatch.setattr(quiz, "_bank_file", lambda: built)
    monkeypatch.setattr(quiz, "_RESULTS", {})
    return built


def test_an_old_id_gets_the_current_answer_and_feedback(renamed_bank, capsys):
    assert renamed_bank["aliases"] == {"q09_original": "q09_renamed",
                                      "q09_second_name": "q09_renamed"}
    ok, message = quiz.feedback("q09_original", "B")
    assert ok is True and "B is right because it is." in message
    ok, message = quiz.feedback("q09_second_name", "A")
    assert ok is False and "A is wrong because it is not." in message
    quiz.assess("q09_original", "B")
    assert "Correct" in capsys.readouterr().out
    assert quiz._RESULTS == {"q09_renamed": True}  # counted once, under the current id
    quiz.assess("q09_renamed", "A")
    assert quiz._RESULTS == {"q09_renamed": False}


def test_an_alias_may_not_reuse_an_id():
    clash = GUIDE + GUIDE.replace("q09_renamed", "q09_other").replace(
        "aliases: q09_original q09_second_name", "aliases: q09_renamed")
    with pytest.raises(SystemExit, match="used twice"):
        load_script("build_quiz_bank").build(clash)
