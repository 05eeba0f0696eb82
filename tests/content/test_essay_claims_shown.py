"""Every essay claim of the Soviet era reaches the student with its verdict, and no verdict leaks.

A claim of notebook 02 (``essay_claims.csv``) is shown with its verdict either in notebook 02's
table of verdicts (a cell's output, after every item that asks for one of those verdicts) or
as the key of an assessment item that names it (``verdict of:``), whose feedback gives the verdict.
A claim that notebook 04 asks the student to judge must not be in notebook 02's table: the
assessment lets students look back at notebooks 00-03.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest
from support import ROOT, answer_key

from course.exercises import exercise_cells

NB02 = ROOT / "notebooks" / "02_cold_war_motives.ipynb"


def claims_of(notebook: str, data: Path = ROOT / "data") -> dict[str, dict]:
    """The rows of essay_claims.csv taught in ``notebook`` ("02"), by claim id."""
    with open(data / "essay_claims.csv", encoding="utf-8", newline="") as f:
        return {r["claim_id"]: r for r in csv.DictReader(f) if r["notebook"] == notebook}


def verdict_tables(nb) -> list[tuple[int, str]]:
    """(cell index, plain-text output) of each code cell whose output shows claims and verdicts."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            text = str(output.get("data", {}).get("text/plain", ""))
            if "essay_claim" in text and "verdict" in text:
                found.append((index, text))
    return found


def unshown(claims: dict[str, dict], tables: list[tuple[int, str]],
            judged_in_04: set[str]) -> list[str]:
    """Claims neither in a verdict table (row id and verdict on one line) nor judged in 04."""
    lines = [line for _, text in tables for line in text.splitlines()]
    return sorted(cid for cid, row in claims.items() if cid not in judged_in_04
                  and not any(line.startswith(cid) and row["verdict"] in line for line in lines))


def leaks(tables: list[tuple[int, str]], judged_in_04: set[str]) -> list[str]:
    """Claims that notebook 04 asks the student to judge but a verdict table of 02 shows."""
    lines = [line for _, text in tables for line in text.splitlines()]
    return sorted(c for c in judged_in_04 if any(line.startswith(c) for line in lines))


def judged_in(key: dict, notebook: str) -> dict[str, str]:
    """Claim id -> item id, for the items of ``notebook`` whose key is a claim's verdict."""
    return {e["verdict of"]: qid for qid, e in key.items()
            if e.get("notebook") == notebook and "verdict of" in e}


@pytest.fixture(scope="module")
def nb02():
    return nbformat.read(NB02, as_version=4)


def test_every_claim_of_notebook_02_is_shown_with_its_verdict(nb02):
    tables = verdict_tables(nb02)
    assert tables, "notebook 02 shows no table of claims with their verdicts"
    missing = unshown(claims_of("02"), tables, set(judged_in(answer_key(), "04")))
    assert not missing, f"claims of notebook 02 shown nowhere with their verdict: {missing}"


def test_notebook_02_never_shows_a_verdict_an_item_asks_for(nb02):
    key = answer_key()
    tables = verdict_tables(nb02)
    assert not leaks(tables, set(judged_in(key, "04"))), "notebook 02 shows an item's answer"
    where = {mark.id: mark.index for mark in exercise_cells(nb02, "exercise")}
    first_table = min(index for index, _ in tables)
    for claim, qid in judged_in(key, "02").items():  # 02's own items: answered before the table
        assert where[qid] < first_table, (claim, qid)


def test_the_checks_catch_a_claim_shown_nowhere():
    claims = {"cw_x": {"verdict": "imprecise"}, "cw_y": {"verdict": "supported"}}
    table = [(3, "claim_id   essay_claim   verdict\ncw_x   The essay says x.   imprecise")]
    assert unshown(claims, table, set()) == ["cw_y"]
    assert unshown(claims, table, {"cw_y"}) == []
    wrong = [(3, "claim_id   essay_claim   verdict\ncw_x   The essay says x.   supported")]
    assert unshown(claims, wrong, {"cw_y"}) == ["cw_x"]  # a row with another verdict is not it


def test_the_checks_catch_a_leaked_verdict():
    table = [(3, "claim_id   essay_claim   verdict\ncw_x   The essay says x.   imprecise")]
    assert leaks(table, {"cw_x", "cw_z"}) == ["cw_x"]
    assert leaks(table, {"cw_z"}) == []
