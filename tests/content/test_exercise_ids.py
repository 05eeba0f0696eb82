"""An exercise id, once published on main, works for ever.

``src/helpers/exercise_ids.txt`` records every id ever published. A student's saved notebook may
call any of them after a course update (nbgitpuller keeps the student's version of a cell they
answered), so each must still resolve to an exercise: a renamed exercise lists its old id under
``aliases:`` in its answer block, and the bank maps the old id to the new one.
"""

from __future__ import annotations

import json

import pytest
from support import ROOT

from course.bank import build
from helpers import bank, feedback, results

RECORDED = [line.strip() for line in
            (ROOT / "src/helpers/exercise_ids.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_the_record_is_not_empty_and_has_no_duplicates():
    assert len(RECORDED) >= 40
    assert len(RECORDED) == len(set(RECORDED))


@pytest.mark.parametrize("qid", RECORDED)
def test_every_published_id_still_resolves(qid):
    assert bank.resolve(qid) in bank.bank(), f"{qid} was published and no longer works"
    ok, message = feedback.feedback(qid, ...)
    assert ok is None and "not answered yet" in message.lower(), message


def test_every_current_id_and_alias_is_recorded():
    """New exercises must be appended to the record, or a later rename could drop them."""
    current = set(bank.bank()) | set(bank.aliases())
    missing = sorted(current - set(RECORDED))
    assert not missing, f"append these ids to src/helpers/exercise_ids.txt: {missing}"


GUIDE = """
```answer
id: q09_renamed
kind: choice
notebook: 00
section: Test
objective: O0.1
options: A B
answer: B
judgement: a test item that no table decides
explain: B is right because it is.
wrong A: A is wrong because it is not.
hint: Look again.
aliases: q09_original q09_second_name
```
"""


@pytest.fixture
def renamed_bank(monkeypatch):
    """The checker reading a bank built from a guide in which an exercise was renamed twice."""
    built = json.loads(build(GUIDE))
    monkeypatch.setattr(bank, "_bank_file", lambda: built)
    monkeypatch.setattr(results, "_RECORDED", {})
    return built


def test_an_old_id_gets_the_current_answer_and_feedback(renamed_bank, capsys):
    assert renamed_bank["aliases"] == {"q09_original": "q09_renamed",
                                      "q09_second_name": "q09_renamed"}
    ok, message = feedback.feedback("q09_original", "B")
    assert ok is True and "B is right because it is." in message
    ok, message = feedback.feedback("q09_second_name", "A")
    assert ok is False and "A is wrong because it is not." in message
    feedback.assess("q09_original", "B")
    assert "Correct" in capsys.readouterr().out
    assert results.verdicts() == {"q09_renamed": True}  # counted once, under the current id
    feedback.assess("q09_renamed", "A")
    assert results.verdicts() == {"q09_renamed": False}


def test_an_alias_may_not_reuse_an_id():
    clash = GUIDE + GUIDE.replace("q09_renamed", "q09_other").replace(
        "aliases: q09_original q09_second_name", "aliases: q09_renamed")
    with pytest.raises(SystemExit, match="used twice"):
        build(clash)
