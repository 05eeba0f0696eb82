"""The exercise marks: every exercise of the bank has one marked answer cell in its notebook,
tagged so that "Run All" carries on past a slip; written answers carry their own marks.

That each mark agrees with its cell's ``check``/``assess`` call is `python -m course sync
--check`'s job (tests/course/test_sync.py shows it catching a drifted mark)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from support import ROOT

from course.exercises import RAISES, exercise_cells
from helpers.bank import bank

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


def marks(kind: str) -> dict[str, list]:
    """Notebook number -> its marked cells of ``kind``."""
    return {p.name[:2]: exercise_cells(json.loads(p.read_text(encoding="utf-8")), kind)
            for p in NOTEBOOKS}


@pytest.mark.parametrize("number", [p.name[:2] for p in NOTEBOOKS])
def test_each_exercise_of_the_bank_has_one_marked_and_tagged_answer_cell(number):
    marked = marks("exercise")[number]
    expected = sorted(qid for qid, q in bank().items() if q["notebook"] == number)
    assert sorted(m.id for m in marked) == expected
    for mark in marked:
        assert mark.cell["cell_type"] == "code"
        assert RAISES in mark.cell["metadata"].get("tags", []), mark.id


def test_written_answer_cells_are_markdown_with_ids_used_once():
    written = [m for cells in marks("written").values() for m in cells]
    assert all(m.cell["cell_type"] == "markdown" for m in written)
    counts = Counter(m.id for m in written)
    assert written and max(counts.values()) == 1, counts
    assert [m.id for m in marks("written")["04"]] == ["q04_prompt1", "q04_prompt2"]
