"""Judging a graded run: the grader's own verdict on each item, from the answers a run reported.

A student's notebook runs in a sandbox (``course.sandbox``) and reports, through the runner, the
answers its cells passed to ``check``/``assess`` and the errors its cells raised. All of it is
untrusted: :func:`read_run` parses it strictly, within limits, and anything else becomes a
sentence about that student's run. :func:`judge` then gives every item of the assessment, in
the notebook's order, a verdict and the message the notebook would have shown: the rebuilt
answer is judged by ``helpers.feedback.feedback`` against the grader's own bank; an answer cell
that stopped on a slip (``answer = C``) gets the one-line slip message of ``helpers.slips``,
computed here from the cell's source and the error's name and text (never text the kernel
printed as a verdict).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .exercises import exercise_cells
from .paths import helpers

RESULT_KEYS = {"format", "cells", "errors", "answers", "died"}
NOTHING = object()  # no answer was recorded for an item
_NAME_ERROR = re.compile(r"name '(\w+)' is not defined(?:\. .*)?")


def _(message: str, **values) -> str:
    """A message a student reads on the feedback page, in the language the helpers speak
    (``helpers.i18n._``: the grader speaks the language of the notebook's edition)."""
    return helpers("i18n")._(message, **values)


@dataclass
class Run:
    """What one run reported, once read: answers (id as given, value) in order, the error of
    each cell that raised (by cell index), and problems in words (empty if none)."""

    answers: list[tuple[str, object]]
    errors: dict[int, tuple[str, str]]
    problems: list[str]


@dataclass
class Item:
    """One item's result: its number in the notebook ("Item 9"), id, objectives, the answer
    (or NOTHING), the verdict (True, False, None), the message, whether a slip stopped it, and
    then the answer line as typed."""

    number: int
    id: str
    objectives: tuple[str, ...]
    answer: object
    verdict: bool | None
    message: str
    slip: bool = False
    typed: str = ""

    @property
    def points(self) -> int:
        return int(self.verdict is True)


def _line(text: str, limit: int = 200) -> str:
    """Untrusted text as one printable line of at most ``limit`` characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:limit]


def read_run(stdout: bytes, cells: int) -> Run:
    """Parse the runner's report of a run of a notebook with ``cells`` cells (strictly)."""
    transfer = helpers("transfer")
    try:
        data = json.loads(stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Run([], {}, ["the run's report is not readable JSON (did the notebook write "
                            "into it?): no answer could be collected"])
    if not isinstance(data, dict) or set(data) != RESULT_KEYS or data["format"] != 1 \
            or data["cells"] != cells or not isinstance(data["errors"], list) \
            or len(data["errors"]) > cells:
        return Run([], {}, ["the run's report is not in the runner's format (was it "
                            "replaced?): no answer could be collected"])
    errors: dict[int, tuple[str, str]] = {}
    for entry in data["errors"]:
        if not (isinstance(entry, list) and len(entry) == 3 and type(entry[0]) is int
                and 0 <= entry[0] < cells and isinstance(entry[1], str) and len(entry[1]) <= 100
                and isinstance(entry[2], str) and len(entry[2]) <= 2000):
            return Run([], {}, ["the run's report lists a cell error the runner cannot have "
                                "written: no answer could be collected"])
        errors[entry[0]] = (entry[1], entry[2])
    problems = []
    if data["died"] is not None:
        problems.append(_line(str(data["died"])) + ": answers after that point were not "
                        "collected")
    answers: list[tuple[str, object]] = []
    if not isinstance(data["answers"], str):
        problems.append("the notebook reported no answers (its last cell, which the grader "
                        "adds, did not print them: was the kernel stopped, or print replaced?)")
    else:
        try:
            answers = transfer.read_export(data["answers"])
        except transfer.TransferError as exc:
            problems.append(f"the answers the notebook reported could not be read ({exc})")
    return Run(answers, errors, problems)


# --- slips, from a cell's source and its error's name and text ----------------------------------

def _course_errors() -> set[str]:
    """The names of the course's own errors, whose text is the message a student sees."""
    names = helpers("names")
    found, todo = set(), [names.CourseError]
    while todo:
        kind = todo.pop()
        found.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return found


def defined_names(nb, before: int) -> dict[str, None]:
    """The names the notebook's code cells before index ``before`` bind (for "did you mean").

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "from helpers import load_table\\nevents = load_table('events')")])
    >>> sorted(defined_names(nb, 1))
    ['events', 'load_table']
    """
    found: dict[str, None] = {}
    for cell in nb.cells[:before]:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                found[node.id] = None
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                found[node.name] = None
            elif isinstance(node, ast.alias):
                found[(node.asname or node.name).split(".")[0]] = None
    return found


def slip(source: str, error: tuple[str, str] | None, names: Mapping, timeout: int) -> str | None:
    """The message for an answer cell that stopped before its answer was checked, or None if
    it did not stop (``error`` is the cell's (error name, error text) as reported).

    >>> slip('answer = C\\nassess("q04_durand", answer)', ("NameError",
    ...      "name 'C' is not defined"), {}, 30)
    'C needs quotes: answer = "C"'
    >>> slip('answer = "C\\nassess("q04_durand", answer)', None, {}, 30)
    'A closing quote is missing. Text starts and ends with ": answer = "C"'
    """
    slips = helpers("slips")
    try:
        compile(source, "<cell>", "exec")
    except SyntaxError as exc:  # the cell could not have run: the grader sees it for itself
        return slips.slip_message(exc) or _("This cell has a typing mistake Python cannot read "
                                            "(line {line}): check its brackets and quotes.",
                                            line=exc.lineno)
    if error is None:
        return None
    ename, evalue = error
    if ename in ("Timeout", "KeyboardInterrupt"):
        return _("This cell did not finish within {seconds} s (an endless loop?) and was stopped "
                 "before your answer was checked.", seconds=timeout)
    message = None
    if ename == "NameError":
        match = _NAME_ERROR.fullmatch(evalue)
        if match:
            name = match.group(1)
            line = next((text for text in source.splitlines()
                         if re.search(rf"\b{re.escape(name)}\b", text)), "")
            message = slips.slip_message(NameError(evalue, name=name), source=line,
                                         namespace=dict(names))
    elif ename == "TypeError":
        message = slips.slip_message(TypeError(evalue), source="")
    elif ename in _course_errors():
        message = _line(evalue, 400)
    return message or _("This cell stopped with an error ({error}) before your answer was "
                        "checked: run it in your notebook to see what to change.",
                        error=helpers("i18n").code(_line(ename, 60)))


# --- every item of the assessment ---------------------------------------------------------------

def items_in_order(bank: Mapping[str, dict], notebook: str = "04") -> list[tuple]:
    """(number, id, objectives) of each item, numbered as the notebook shows them ("Item 9",
    read from its Markdown by ``python -m course sync`` into ``helpers/prompts.json``)."""
    prompts = helpers("prompts")
    found, unnumbered = [], []
    for qid, question in bank.items():
        if question["notebook"] != notebook:
            continue
        number = re.fullmatch(r"Item (\d+)", prompts.label(qid))
        if number is None:
            unnumbered.append(qid)
        else:
            found.append((int(number.group(1)), qid, tuple(question["objectives"])))
    if unnumbered:
        raise SystemExit(f"notebook {notebook} shows no item number for {sorted(unnumbered)} "
                         "(run `python -m course sync`)")
    return sorted(found)


def item_cells(nb, reference, known: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    """Current item id -> (cell index, source) of the cell marked as that item's answer cell
    in ``nb``; a copy made before the marks existed is matched by the reference's cell ids."""
    by_id = {cell.get("id"): (index, cell) for index, cell in enumerate(nb.cells)}
    found = {}
    for mark in exercise_cells(reference, "exercise"):
        if mark.id in known and mark.cell.get("id") in by_id:
            index, cell = by_id[mark.cell.get("id")]
            found[known[mark.id]] = (index, cell.source)
    for mark in exercise_cells(nb, "exercise"):
        if mark.id in known:
            found[known[mark.id]] = (mark.index, mark.cell.source)
    return found


def judge(nb, reference, run: Run, timeout: int) -> list[Item]:
    """Every item's result for one student, in the notebook's order."""
    bank_module, feedback, transfer = helpers("bank"), helpers("feedback"), helpers("transfer")
    bank = bank_module.bank()
    known = {**{q: q for q in bank}, **bank_module.aliases()}
    latest: dict[str, object] = {}
    for given, value in run.answers:
        qid = bank_module.resolve(given)
        if qid is not None:
            latest[qid] = value
    cells = item_cells(nb, reference, known)
    results = []
    for number, qid, objectives in items_in_order(bank):
        if qid in latest:
            value = latest[qid]
            cut = transfer.too_long(value)
            verdict, message = (None, cut) if cut else feedback.feedback(qid, value)
            results.append(Item(number, qid, objectives, value, verdict, message))
            continue
        if qid not in cells:
            results.append(Item(number, qid, objectives, NOTHING, None,
                                _("This item's answer cell is not in the notebook (deleted?), so "
                                  "no answer was given.")))
            continue
        index, source = cells[qid]
        message = slip(source, run.errors.get(index), defined_names(nb, index), timeout)
        if message:
            typed = next((line.strip() for line in source.splitlines()
                          if line.lstrip().startswith("answer")), "")
            results.append(Item(number, qid, objectives, NOTHING, None, message, slip=True,
                                typed=typed[:120]))
        elif run.problems:
            # Translators: {problem} is the grader's note on the run, in English.
            results.append(Item(number, qid, objectives, NOTHING, None,
                                _("No answer was collected for this item: {problem}.",
                                  problem=run.problems[0])))
        else:
            results.append(Item(number, qid, objectives, NOTHING, None,
                                _("No answer was recorded: the item's cell did not call assess "
                                  "(or check) with an answer.")))
    return results


def shown_answer(value) -> str:
    """A student's answer as the feedback page shows it (escape it for HTML).

    >>> shown_answer("B"), shown_answer(10476), shown_answer(...), shown_answer(NOTHING)
    ("'B'", '10476', '...', '')
    """
    if value is NOTHING:
        return ""
    if value is ...:
        return "..."
    try:
        text = " ".join(repr(value).split())
    except Exception:  # noqa: BLE001 - a value whose repr fails: by type only
        text = f"(a {type(value).__name__})"
    return text if len(text) <= 120 else text[:120] + "..."
