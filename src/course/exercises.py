"""Which cells are exercises: the marks in cell metadata, and the one function that reads them.

As nbgrader marks its cells in ``metadata.nbgrader``, each answer cell is marked once in its own
metadata: ``"course": {"exercise": "<id>"}`` on a checked answer cell (one that calls
``check``/``assess``), ``"course": {"written": "<id>"}`` on a written-answer cell (a Markdown
cell the student writes in). The name cell of notebook 04 keeps its ``student-name`` tag.
:func:`exercise_cells` is the one reader of these marks: the grader, the website, the timing
estimate, the tag sync and the tests call it.

The checked marks are written by ``python -m course sync`` from each cell's own call
(:func:`sync_marks`, the one place that reads a cell's source to find an exercise), with the
``raises-exception`` tag that lets "Run All" carry on past a student's slip; ``sync --check``
fails while a mark and its cell's call disagree. Written marks are set by hand (a written answer
has no call to read them from).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .paths import helpers

KINDS = ("exercise", "written")
RAISES = "raises-exception"


@dataclass(frozen=True)
class ExerciseCell:
    """One marked cell: its position among the notebook's cells, its id, its kind, the cell."""

    index: int
    id: str
    kind: str
    cell: Mapping


def _mark(cell: Mapping) -> tuple[str, str] | None:
    """(kind, id) of a cell's mark, or None."""
    mark = cell.get("metadata", {}).get("course", {})
    found = [(kind, mark[kind]) for kind in KINDS if kind in mark]
    return found[0] if found else None


def exercise_cells(nb: Mapping, kind: str | None = None) -> list[ExerciseCell]:
    """The marked cells of a notebook (an nbformat node or its JSON as a dict), in order.

    Args:
        nb: the notebook.
        kind: ``"exercise"`` or ``"written"`` for one kind only; None for both.

    >>> nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "Intro"},
    ...     {"cell_type": "code", "metadata": {"course": {"exercise": "q1"}}, "source": ""},
    ...     {"cell_type": "markdown", "metadata": {"course": {"written": "q1_essay"}},
    ...      "source": ""}]}
    >>> [(e.index, e.kind, e.id) for e in exercise_cells(nb)]
    [(1, 'exercise', 'q1'), (2, 'written', 'q1_essay')]
    >>> [e.id for e in exercise_cells(nb, "written")]
    ['q1_essay']
    """
    found = []
    for index, cell in enumerate(nb["cells"]):
        mark = _mark(cell)
        if mark and kind in (None, mark[0]):
            found.append(ExerciseCell(index, mark[1], mark[0], cell))
    return found


def called_id(source: str) -> str | None:
    """The exercise id a code cell's ``check``/``assess`` call names (None without one); the
    student runtime's reader (``helpers.results.called_id``), which the slip handler shares.

    >>> called_id('answer = ...\\nassess("q04_durand", answer)')
    'q04_durand'
    >>> called_id("print('no exercise here')") is None
    True
    """
    return helpers("results").called_id(source)


def sync_marks(nb: Mapping) -> list[str]:
    """Mark each code cell that calls the checker with the id it calls, and tag it
    ``raises-exception``; drop a checked mark from a cell that no longer calls it. Changes
    ``nb`` in place; returns what changed, in words (empty if it was up to date).

    >>> cell = {"cell_type": "code", "id": "c1", "metadata": {}, "source": 'check("q1", 2)'}
    >>> sync_marks({"cells": [cell]})
    ['cell c1: marked exercise q1', 'cell c1: tagged raises-exception']
    >>> cell["metadata"]
    {'course': {'exercise': 'q1'}, 'tags': ['raises-exception']}
    >>> sync_marks({"cells": [cell]})
    []
    """
    changes = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        metadata = cell.setdefault("metadata", {})
        qid, marked = called_id(source), metadata.get("course", {}).get("exercise")
        if qid and qid != marked:
            metadata["course"] = {"exercise": qid}
            changes.append(f"cell {cell.get('id')}: marked exercise {qid}")
        elif marked and not qid:
            del metadata["course"]
            changes.append(f"cell {cell.get('id')}: exercise mark {marked} removed (no call)")
        if qid and RAISES not in metadata.get("tags", []):
            metadata["tags"] = [*metadata.get("tags", []), RAISES]
            changes.append(f"cell {cell.get('id')}: tagged {RAISES}")
    return changes


def written_text(source: str, placeholder: str) -> str:
    r"""What a student wrote in a written-answer cell: the cell without the lines of its
    placeholder (the italic "*Your answer ...*" line and the ``...`` under it), wherever the
    student left them, so that a placeholder is never gathered or counted as their words.

    >>> placeholder = "*Your answer (double-click this cell to write):*\n\n..."
    >>> written_text(placeholder, placeholder)
    ''
    >>> written_text("*Your answer (double-click this cell to write):*\n\nKabul mattered.",
    ...              placeholder)
    'Kabul mattered.'
    >>> written_text("My answer... is short.", placeholder)
    'My answer... is short.'
    """
    fixed = {line.strip() for line in placeholder.splitlines() if line.strip()}
    kept = [line for line in source.splitlines() if line.strip() not in fixed]
    return "\n".join(kept).strip()
