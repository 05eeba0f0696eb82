"""An answer cell run on its own in a fresh kernel (after a restart, at the start of a second
lesson) gives feedback or one short line, never a traceback (DECISIONS, "Student path").

For each notebook, a fresh kernel runs only its answer cells and its summary cell, in order, as a
student does who comes back and goes straight to an exercise: each as it stands (``answer =
...``), then with a typical slip on its answer line (a word without quotes). The cells must not
need the cells above them, except to read a table a cell above loaded: then the message says to
run the cells above. The one case no cell can catch is a *syntax* slip in the very first cell
run in a fresh kernel (Python reads the whole cell before running its import line): it shows
Python's own short ``SyntaxError`` (the line and a caret, no traceback) until a cell has run;
from then on it gets the one line too.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient
from support import ROOT

from course.exercises import exercise_cells

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
IN_NOTEBOOKS = {"metadata": {"path": str(ROOT / "notebooks")}}
ABOVE = "is made by a cell above"  # the one line for a table loaded by an earlier cell


def run(sources: list[str]) -> list:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120,
                   resources=IN_NOTEBOOKS).execute()
    return nb.cells


def shown(cell) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for o in cell.outputs)


def one_line(cell) -> str | None:
    """The message of a cell that stopped, if it is one short line (else fail)."""
    errors = [o for o in cell.outputs if o["output_type"] == "error"]
    if not errors:
        return None
    (error,) = errors
    assert len(error["traceback"]) == 1, "\n".join(ANSI.sub("", t) for t in error["traceback"])
    message = ANSI.sub("", error["traceback"][0])
    assert message.startswith("\u2717 ") and "\n" not in message and len(message) < 300, message
    return message


def answer_cells(path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    cells = [m.cell.source for m in exercise_cells(nb, "exercise")]
    return cells + [c.source for c in nb.cells
                    if c.cell_type == "code" and "score_summary(" in c.source]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def fresh(request):
    sources = answer_cells(request.param)
    slipped = [re.sub(r"^answer = \.\.\.$", "answer = Kabul", s, flags=re.M) for s in sources]
    ran = run([x for pair in zip(sources, slipped, strict=True) for x in pair])
    return sources, ran[0::2], ran[1::2]


def test_each_answer_cell_alone_gives_feedback_or_says_to_run_the_cells_above(fresh):
    sources, as_is, _ = fresh
    for source, cell in zip(sources, as_is, strict=True):
        message = one_line(cell)
        if message is None:
            lines = shown(cell).splitlines()  # a cell may print its evidence first
            assert any(line.startswith(("\u270e", "Score for notebook", "No answer cell"))
                       for line in lines), (source, shown(cell))
        else:
            assert ABOVE in message, (source, message)


def test_a_slip_on_the_answer_line_is_one_line_in_a_fresh_kernel(fresh):
    sources, _, slipped = fresh
    for source, cell in zip(sources, slipped, strict=True):
        if "answer = ..." not in source:
            continue  # the summary cell
        message = one_line(cell)
        assert message and ("Kabul needs quotes" in message or ABOVE in message), \
            (source, shown(cell))


def test_the_summary_tells_unanswered_from_not_run(fresh):
    sources, as_is, _ = fresh
    summary = [c for s, c in zip(sources, as_is, strict=True) if "score_summary(" in s]
    for cell in summary:  # every answer cell ran, then stopped on a slip: none is "not run"
        text = shown(cell)
        assert "Not run since the kernel started" not in text, text
        assert "Stopped on a slip before the check ran" in text, text


def test_a_syntax_slip_before_any_cell_ran_is_pythons_short_message_then_one_line():
    broken = 'from helpers import check\nanswer = "B\ncheck("q00_example", answer)'
    fixed = broken.replace('"B', '"B"')
    first, _, again = run([broken, fixed, broken])
    (error,) = [o for o in first.outputs if o["output_type"] == "error"]
    text = ANSI.sub("", "\n".join(error["traceback"]))
    assert error["ename"] == "SyntaxError" and "Traceback" not in text and \
        len(text.splitlines()) <= 5, text
    assert "A closing quote is missing" in one_line(again)
