"""The exercise checker: right answers pass, each wrong option has its own feedback, odd input
gets a message (never an exception), and the key cannot be read off the repository."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from support import ROOT, answer_key

from helpers import check
from helpers.bank import bank
from helpers.feedback import feedback

# Parametrised over the bank's ids, which the student edition has too; each test that needs the
# answer key asks for the `key` fixture, which skips (saying why) where the guide is absent.
IDS = sorted(bank())


@pytest.fixture(scope="module")
def key():
    return answer_key()


class BrokenRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


ODD_INPUTS = [None, "", "   ", "abc", "x" * 10_000, [], [1, 2], {}, {"a": 1}, 3.5, -1, 0, True,
              float("nan"), float("inf"), object(), ("A",), b"A", 10**400, 10**5000, "1e999",
              np.bool_(True), np.int64(3), np.float64("nan"), np.array([1, 2]),
              pd.Series([1, 2]), pd.NA, pd.NaT, pd.Index(["A"]), {"A"}, 3 + 2j, BrokenRepr()]


@pytest.mark.parametrize("qid", IDS)
def test_right_answer_passes(qid, key):
    entry = key[qid]
    answers = entry["answer"].split("|") if entry["kind"] == "text" else [entry["answer"]]
    for answer in answers:
        value = float(answer) if entry["kind"] == "number" else answer.strip()
        ok, message = feedback(qid, value)
        assert ok is True, message
        assert entry["explain"] in message


@pytest.mark.parametrize("qid", IDS)
def test_every_listed_wrong_answer_gets_its_own_feedback(qid, key):
    entry = key[qid]
    for wrong, text in entry["wrong"].items():
        value = float(wrong) if entry["kind"] == "number" else wrong
        ok, message = feedback(qid, value)
        assert ok is False and text in message, (wrong, message)


@pytest.mark.parametrize("qid", IDS)
def test_other_wrong_answers_get_the_hint_and_a_pointer(qid, key):
    entry = key[qid]
    question = bank()[qid]
    if entry["kind"] == "number":
        candidates = [float(entry["answer"]) * 3 + 1000]
    elif entry["kind"] == "text":
        candidates = ["certainly not this"]
    elif entry["kind"] == "order":
        right = entry["answer"].split()
        candidates = [list(reversed(right))]
    else:  # choice: every wrong letter must have feedback of its own, not just the hint
        unexplained = [o for o in question["options"] if o != entry["answer"]
                       and o not in entry["wrong"]]
        assert not unexplained, f"{qid}: wrong options without their own feedback: {unexplained}"
        candidates = []
    for value in candidates:
        ok, message = feedback(qid, value)
        assert ok is False, message
        pointed = entry.get("refer", entry["notebook"]).split()[0]
        assert entry["hint"] in message and f"See notebook {pointed}, section" in message


@pytest.mark.parametrize("qid", IDS)
def test_odd_inputs_get_a_message_not_an_exception(qid, capsys):
    for value in ODD_INPUTS + [...]:
        check(qid, value)
        out = capsys.readouterr().out
        assert out[:2] in ("\u2713 ", "\u2717 ", "\u270e "), (value, out)  # a mark, then words
        assert qid not in out, (value, out)  # no internal ids in what students read
        assert feedback(qid, value)[0] is not True, f"{value!r} counts as a right answer"


def test_unanswered_says_so():
    ok, message = feedback("q00_example", ...)
    assert ok is None and "Not answered yet" in message


def test_booleans_are_not_numbers(key):
    numbers = [e for e in key.values() if e["kind"] == "number"]
    for entry in numbers:
        for value in (True, np.bool_(True)):
            assert feedback(entry["id"], value)[0] is None


def test_unknown_question_suggests_the_nearest(capsys):
    check("q00_exampel", "B")
    assert 'Did you mean "q00_example"?' in capsys.readouterr().out
    check(None, "B")
    assert 'There is no exercise called "None"' in capsys.readouterr().out
    check(10**5000, "B")
    assert 'There is no exercise called "(too long to show)"' in capsys.readouterr().out
    assert feedback("no_such_exercise", "A")[0] is None


def test_order_feedback_says_how_far_it_is_right(key):
    orders = [e for e in key.values() if e["kind"] == "order"]
    assert orders, "the guide has no ordering exercise"
    for entry in orders:
        right = entry["answer"].split()
        assert len(right) >= 4, entry["id"]
        attempt = right[:2] + [right[3], right[2]] + right[4:]  # third and fourth swapped
        ok, message = feedback(entry["id"], attempt)
        assert ok is False and "The first 2 are in the right order" in message, message


def test_number_tolerance_is_about_one_step(key):
    numbers = [e for e in key.values() if e["kind"] == "number"]
    assert numbers, "the guide has no numeric exercise"
    for entry in numbers:
        value, step = float(entry["answer"]), float(entry["step"])
        if entry.get("exact") == "yes":
            assert feedback(entry["id"], value)[0] is True
            assert feedback(entry["id"], value + step)[0] is False
            assert feedback(entry["id"], value - step)[0] is False
            continue
        assert feedback(entry["id"], value + step * 0.9)[0] is True
        assert feedback(entry["id"], value + step * 3)[0] is False
        assert feedback(entry["id"], f"{value:,}")[0] is True  # "1,484.0" as text counts


def test_every_pointer_names_a_real_section():
    """Feedback sends students to a section: that heading must exist in that notebook."""
    headings = {}
    for path in (ROOT / "notebooks").glob("0*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        headings[path.name[:2]] = set(re.findall(r"^#+ (.+?)\s*$", text, re.M))
    for qid, question in bank().items():
        where = question.get("refer") or question
        assert where["section"] in headings[where["notebook"]], (qid, where)


def test_the_key_is_not_readable_outside_the_guide(key):
    secret_texts = [e["explain"] for e in key.values()]
    secret_texts += [t for e in key.values() for t in e["wrong"].values()]
    from course.edition import DROPPED

    readable = [p for p in [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("src/helpers/*"),
                            *ROOT.glob("data/*"), *ROOT.glob("docs/*.md"),
                            *ROOT.glob("locale/**/*")]  # the catalogs that ship to students
                if p.is_file() and p.relative_to(ROOT).as_posix() not in DROPPED]
    for path in readable:
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix in (".po", ".pot"):  # entries wrap over lines: compare them whole
            import polib

            text = "\n".join(f"{e.msgid}\n{e.msgstr}" for e in polib.pofile(str(path)))
        leaked = [s for s in secret_texts if len(s) > 25 and s in text]
        assert not leaked, f"{path.relative_to(ROOT)} contains answer-key text: {leaked[0][:60]}"
    stored = (ROOT / "src/helpers/quiz_bank.json").read_text(encoding="utf-8")
    assert '"answer":' not in stored and '"explain"' not in stored


def stated_objectives() -> dict[str, set[str]]:
    """Objective ids stated in each notebook's opening cell, by notebook number."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        found[path.name[:2]] = set(re.findall(r"\*\*(O\d\.\d)\*\*", first))
    return found


def test_each_exercise_serves_an_objective_its_notebook_states():
    stated = stated_objectives()
    for qid, question in bank().items():
        notebook = question["notebook"]
        allowed = (set().union(*stated.values()) if notebook == "04"
                   else stated.get(notebook, set()))
        unknown = set(question["objectives"]) - allowed
        assert not unknown, f"{qid}: objectives {sorted(unknown)} are not stated in notebook"


def test_every_objective_of_notebooks_00_to_03_is_assessed_in_notebook_04():
    stated = stated_objectives()
    objectives = set().union(*[v for k, v in stated.items() if k in ("00", "01", "02", "03")])
    assessed = {o for q in bank().values() if q["notebook"] == "04" for o in q["objectives"]}
    missing = sorted(objectives - assessed)
    assert not missing, f"objectives no assessment item assesses: {missing}"


def test_every_objective_of_the_assessment_has_an_item():
    """Each stated O4.x (O4.5, reading a document, included) has a checked item or a written
    prompt (the prompts carry their objectives in a "(O2.2, O4.4)" tag)."""
    stated = stated_objectives()["04"]
    assert "O4.5" in stated
    assessed = {o for q in bank().values() if q["notebook"] == "04" for o in q["objectives"]}
    cells = json.loads((ROOT / "notebooks/04_assessment.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in cells["cells"])
    for tags in re.findall(r"\*\*Prompt \d+\*\* \(([^)]*)\)", text):
        assessed |= set(tags.split(", "))
    assert not stated - assessed, f"assessment objectives with no item: {sorted(stated - assessed)}"


def test_assessment_has_an_item_on_an_unseen_document():
    """One document is shown only in the assessment, so that item tests reading, not memory."""
    shown = {}
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        shown[path.name[:2]] = set(re.findall(r"show_document\(\s*[\"']([^\"']+)", code))
    earlier = set().union(*[ids for nb, ids in shown.items() if nb != "04"])
    assert shown["04"] - earlier, "the assessment shows no document unseen in notebooks 00-03"


def test_assessment_items_show_the_objectives_they_count_towards():
    """The "(O1.2, O4.2)" tag a student reads above an item matches what the summary uses."""
    cells = json.loads((ROOT / "notebooks/04_assessment.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in cells["cells"])
    shown = re.findall(r"\*\*Item \d+\*\* \(([^)]*)\)(?:.|\n)*?assess\(\"(q04_\w+)\"", text)
    assert len(shown) == len([q for q in bank().values() if q["notebook"] == "04"]) == 23
    for tags, qid in shown:
        assert tags.split(", ") == bank()[qid]["objectives"], qid


# --- numbers as students write them (DECISIONS, "Student issue") --------------------------------

NUMBER_IDS = sorted(qid for qid, q in bank().items() if q["kind"] == "number")


def _whole(key) -> list[dict]:
    return [e for e in key.values() if e["kind"] == "number"
            and re.fullmatch(r"\d+", e["answer"]) and int(e["answer"]) >= 1000]


def _decimal(key) -> list[dict]:
    return [e for e in key.values() if e["kind"] == "number" and "." in e["answer"]]


def _grouped(number: int, mark: str) -> str:
    return f"{number:,}".replace(",", mark)


@pytest.mark.parametrize("mark", [",", ".", " ", "\u2009", "\u00a0", "\u202f", "'"])
def test_whole_numbers_with_any_thousands_separator_are_read_right(key, mark):
    assert _whole(key), "the guide has no whole-number answer of 1000 or more"
    for entry in _whole(key):
        typed = _grouped(int(entry["answer"]), mark)
        ok, message = feedback(entry["id"], typed)
        assert ok is True, (typed, message)


def test_the_issue_s_own_example_is_read_right():
    assert feedback("q02_losses_1985", "10.476")[0] is feedback("q02_losses_1985", 10476)[0]
    assert feedback("q02_losses_1985", (10, 476))[0] is feedback("q02_losses_1985", 10476)[0]
    assert "I read 10.476 as 10476" in feedback("q02_losses_1985", "10.476")[1]


def test_decimal_answers_with_a_decimal_comma_are_read_right(key):
    assert _decimal(key), "the guide has no decimal answer"
    for entry in _decimal(key):
        assert feedback(entry["id"], entry["answer"].replace(".", ","))[0] is True, entry["id"]
        assert feedback(entry["id"], entry["answer"])[0] is True, entry["id"]


def test_an_ambiguous_reading_asks_for_the_plain_number():
    decimal = [qid for qid in NUMBER_IDS if not bank()[qid].get("whole")]
    assert decimal, "the bank has no decimal-answer question"
    for qid in decimal:
        ok, message = feedback(qid, "1,234")
        assert ok is None and "without separators" in message, message


def test_a_hint_never_contradicts_the_answer_it_replies_to():
    ok, message = feedback("q02_population_fall", 1700000)  # people, but the wrong number
    assert ok is False and "not millions" not in message, message
    ok, message = feedback("q02_population_fall", 1.7)  # millions: now the advice fits
    assert ok is False and "not millions" in message, message


@pytest.mark.parametrize("qid", NUMBER_IDS)
def test_several_values_get_a_message_on_picking_one(key, qid):
    ok, message = feedback(qid, pd.Series([1990, 1991, 1992], index=[1985, 1986, 1987]))
    assert ok is None and ".loc[" in message and "one value" in message, message
    ok, message = feedback(qid, pd.DataFrame({"a": [1, 2], "b": [3, 4]}))
    assert ok is None and "one value" in message and "table" in message, message
    right = float(key[qid]["answer"])
    assert feedback(qid, pd.Series([right], index=[0]))[0] is True  # one value is one value
