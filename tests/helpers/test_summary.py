"""The summary says what was shown, honestly: right and wrong answers, answers the checker could
not read, cells still holding ``answer = ...``, cells that stopped on a slip and cells not run
since the kernel started are told apart and named as the notebook names them ("Item 5"); each
objective shows its name and how many of its items are right, and is called "secure" only after
enough items (``results.SECURE_AFTER``)."""

from __future__ import annotations

import re

import pytest
from support import answer_key

from helpers import check, prompts, results, score_summary
from helpers.bank import bank

ITEMS = {qid: q for qid, q in bank().items() if q["notebook"] == "04"}


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """No answers recorded yet, as after a kernel restart."""
    monkeypatch.setattr(results, "_RECORDED", {})
    monkeypatch.setattr(results, "_SLIPPED", {})


def summary(capsys, notebook="04") -> list[str]:
    capsys.readouterr()
    score_summary(notebook)
    return [line.strip() for line in capsys.readouterr().out.splitlines()]


def right_answer(entry: dict):
    if entry["kind"] == "number":
        return float(entry["answer"])
    if entry["kind"] == "order":
        return entry["answer"].split()
    return entry["answer"].split("|")[0].strip()


def by_objective() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for qid, q in ITEMS.items():
        for objective in q["objectives"]:
            found.setdefault(objective, []).append(qid)
    return found


def test_each_state_of_an_item_is_told_apart_and_named_as_the_notebook_names_it(capsys):
    ordered = list(results.item_states("04"))
    chosen = next(q for q in ordered[3:] if bank()[q]["kind"] == "choice")
    unanswered, unreadable, slipped = [q for q in ordered if q != chosen][:3]
    for qid in ordered[4:8]:  # as after running some cells, answers still ...
        check(qid, ...)
    check(unanswered, ...)
    check(unreadable, ["not", "one", "value", "at all"])
    check(slipped, ...)
    results.slip(slipped, "C needs quotes: answer = \"C\"")  # what the slip handler does
    check(chosen, "A")  # right or wrong: either is judged
    lines = summary(capsys)
    right = results.item_state(chosen) == "right"
    assert lines[0] == f"Score for notebook 04: {int(right)} of {len(ITEMS)} right (2 answered)."
    text = "\n".join(lines)
    assert f"Stopped on a slip before the check ran: {prompts.label(slipped)}." in text
    assert f"Answered in a form the question cannot take: {prompts.label(unreadable)}." in text
    ran = {*ordered[4:8], unanswered, unreadable, slipped, chosen}
    unrun = results.named([q for q in ordered if q not in ran])
    assert f"Not run since the kernel started: {unrun}." in text
    assert "Not answered yet (the cell still says answer = ...): " in text
    assert "secure" not in text


def test_a_later_check_clears_a_slip_and_a_slip_replaces_an_earlier_answer(capsys):
    qid = next(iter(ITEMS))
    check(qid, ...)
    results.slip(qid, "A closing quote is missing")
    assert results.item_state(qid) == "slipped"
    check(qid, ...)
    assert results.item_state(qid) == "unanswered"


def test_after_a_restart_the_summary_says_how_to_count_answers_already_written(capsys):
    (line,) = summary(capsys)
    assert "has run since the kernel started" in line and "Run > Run All Cells" in line
    assert "0 of" not in line


def test_objectives_show_their_names_and_never_secure_on_fewer_than_enough_items(capsys):
    key = answer_key()
    objectives = by_objective()
    big = next(o for o, qids in objectives.items() if len(qids) >= results.SECURE_AFTER)
    small = next(o for o, qids in objectives.items() if len(qids) < results.SECURE_AFTER
                 and not set(qids) & set(objectives[big]))
    for qid in objectives[big] + objectives[small]:
        check(qid, right_answer(key[qid]))
    lines = {line.split(" (", 1)[0]: line for line in summary(capsys)[1:] if re.match(r"O\d", line)}
    name = prompts.objective_name(big)
    assert name and lines[big].startswith(f"{big} ({name[:20]}")
    assert lines[big].endswith(f"{len(objectives[big])} of {len(objectives[big])} right: secure.")
    n = len(objectives[small])
    assert lines[small].endswith(f"{n} of {n} right so far."), lines[small]


def test_a_wrong_answer_points_to_the_section_to_reread_and_names_the_item(capsys):
    key = answer_key()
    wrong_qid = next(q for q in ITEMS if key[q]["kind"] == "choice" and key[q]["wrong"])
    check(wrong_qid, next(iter(key[wrong_qid]["wrong"])))
    lines = summary(capsys)
    assert f"Not right yet: {prompts.label(wrong_qid)}." in "\n".join(lines)
    for objective in bank()[wrong_qid]["objectives"]:
        (line,) = [x for x in lines if x.startswith(objective + " ")]
        assert "0 of 1 right" in line and "Reread notebook " in line
        assert f"({prompts.label(wrong_qid)})" in line and wrong_qid not in line
    assert lines[-1].startswith("No answers yet for O")


def test_running_score_counts_an_unreadable_answer_as_answered_not_right(capsys):
    qid = next(q for q in ITEMS if bank()[q]["kind"] == "number")
    check(qid, "ten thousand")
    assert results.running_score("04") == f"Running score: 0 of {len(ITEMS)} right (1 answered)."
