"""Results: each exercise's answer and verdict recorded this session, and the one scoring rule.

``check`` and ``assess`` record every answer they are given (:func:`record`); :func:`recorded`
gives them back, one :class:`Result` per exercise (the latest answer counts). :func:`score` is the
one rule that turns verdicts into a notebook's score and each objective's state; the notebook's
summary uses it on the verdicts recorded here, and a grader can use it on verdicts it judged
itself. :func:`objective_lines` is the one summary per objective built on that rule, with each
objective's name (``objectives.json``, which ``python -m course sync`` writes from the notebooks'
objective lists): the notebook's summary and the grader's reports both use it.
:func:`summary_lines` and :func:`running_score` put a score into words.

A graded run (the environment variable ``COURSE_GRADED_RUN=1``, read once when this module is
imported) only records answers: ``check`` and ``assess`` then judge nothing and show nothing, and
a last cell the grader adds prints them with :func:`export` (``helpers.transfer``), so that the
grader judges them in its own process. A graded run has no exercise bank: nothing here reads it
there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .bank import bank, pointer

GRADED = os.environ.get("COURSE_GRADED_RUN") == "1"


@dataclass(frozen=True)
class Result:
    """One exercise's latest answer this session: the value given, the verdict (True right,
    False wrong, None not judged: unanswered, unusable, or a graded run) and the message shown."""

    id: str
    answer: object
    verdict: bool | None
    message: str


_RECORDED: dict[str, Result] = {}  # exercise id -> its latest Result this session


def record(question_id: str, answer, verdict: bool | None, message: str) -> Result:
    """Record the latest answer to an exercise (replacing an earlier one) and return it.

    >>> forget()
    >>> record("q00_example", "C", True, "Correct.").verdict
    True
    >>> sorted(recorded())
    ['q00_example']
    """
    result = Result(question_id, answer, verdict, message)
    _RECORDED[question_id] = result
    return result


def recorded() -> dict[str, Result]:
    """Every exercise answered this session, by id (a copy: changing it changes nothing)."""
    return dict(_RECORDED)


def verdicts() -> dict[str, bool | None]:
    """The verdict on each exercise answered this session, by id."""
    return {qid: result.verdict for qid, result in _RECORDED.items()}


def forget() -> None:
    """Forget every answer, as a kernel restart does."""
    _RECORDED.clear()


def export() -> str:
    """Every answer recorded this session (by the id its cell gave) as the JSON report a graded
    run prints for the grader (``helpers.transfer``); verdicts are not part of it.

    >>> forget()
    >>> _ = record("q00_example", "C", None, "")
    >>> export()
    '{"format": 1, "answers": [["q00_example", {"t": "str", "v": "C"}]]}'
    """
    from .transfer import export as encode_all

    return encode_all({qid: result.answer for qid, result in _RECORDED.items()})


@dataclass(frozen=True)
class ObjectiveScore:
    """How one objective stands: its items, those answered wrongly, and those still open."""

    items: tuple[str, ...]
    wrong: tuple[str, ...]
    pending: int

    @property
    def state(self) -> str:
        """'secure', 'revisit' or 'not answered yet'."""
        if self.pending == len(self.items):
            return "not answered yet"
        return "revisit" if self.wrong else "secure"


@dataclass(frozen=True)
class Score:
    """A notebook's score: items in all, answered (a verdict), right, and not run at all."""

    total: int
    answered: int
    right: int
    unrun: int
    objectives: dict[str, ObjectiveScore]


def score(objectives: Mapping[str, Sequence[str]], verdicts: Mapping[str, bool | None]) -> Score:
    """The one scoring rule: a right answer scores 1; a wrong or missing one 0.

    Args:
        objectives: each item's id and the objectives it counts towards (one notebook's items).
        verdicts: True (right), False (wrong) or None (not judged) per item; an item missing
            here was not run at all.

    >>> s = score({"q1": ["O1"], "q2": ["O1", "O2"], "q3": ["O3"]}, {"q1": True, "q2": None})
    >>> s.total, s.answered, s.right, s.unrun
    (3, 1, 1, 1)
    >>> {o: (v.state, v.pending) for o, v in s.objectives.items()}
    {'O1': ('secure', 1), 'O2': ('not answered yet', 1), 'O3': ('not answered yet', 1)}
    >>> score({"q1": ["O1"], "q2": ["O1"]}, {"q1": True, "q2": False}).objectives["O1"].state
    'revisit'
    """
    by_objective: dict[str, list[str]] = {}
    for qid, item_objectives in objectives.items():
        for objective in item_objectives:
            by_objective.setdefault(objective, []).append(qid)
    judged = {qid: v for qid, v in verdicts.items() if qid in objectives and v is not None}
    return Score(
        total=len(objectives), answered=len(judged),
        right=sum(1 for v in judged.values() if v),
        unrun=sum(1 for qid in objectives if qid not in verdicts),
        objectives={o: ObjectiveScore(tuple(qids), tuple(q for q in qids if judged.get(q) is False),
                                      sum(1 for q in qids if q not in judged))
                    for o, qids in sorted(by_objective.items())})


@cache
def objective_names() -> dict[str, str]:
    """Each objective's name by id, as the notebooks list them (``objectives.json``, written
    by ``python -m course sync``); empty if the file is missing.

    >>> objective_names()["O0.3"]
    "state the series' guiding question and name its three eras"
    """
    try:
        text = (resources.files("helpers") / "objectives.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


@dataclass(frozen=True)
class ObjectiveLine:
    """One objective in a summary: its id and name, its state ('secure', 'revisit', 'not
    answered yet'), the items answered wrongly, how many are still open, and where to reread
    (one "notebook NN, section ..." per place, in the items' order)."""

    id: str
    name: str
    state: str
    wrong: tuple[str, ...]
    pending: int
    places: tuple[str, ...]


def objective_lines(items: Mapping[str, Mapping], verdicts: Mapping[str, bool | None]
                    ) -> list[ObjectiveLine]:
    """The summary per objective of one notebook's items, by the one scoring rule (:func:`score`).

    Args:
        items: the bank's questions of the notebook, by id (``objectives``, ``notebook``,
            ``section`` and optional ``refer`` are read).
        verdicts: True, False or None per item id (see :func:`score`).

    >>> items = {"q1": {"objectives": ["O0.3"], "notebook": "00", "section": "The question"}}
    >>> (line,) = objective_lines(items, {"q1": False})
    >>> line.id, line.state, line.wrong, line.places
    ('O0.3', 'revisit', ('q1',), ('notebook 00, section "The question"',))
    >>> line.name == objective_names()["O0.3"]
    True
    """
    s = score({qid: q["objectives"] for qid, q in items.items()}, verdicts)
    names = objective_names()
    return [ObjectiveLine(objective, names.get(objective, ""), state.state, state.wrong,
                          state.pending,
                          tuple(dict.fromkeys(pointer(items[q]).strip("()").removeprefix("See ")
                                              .removesuffix(".") for q in state.wrong)))
            for objective, state in s.objectives.items()]


def notebook_items(notebook: str) -> dict[str, dict]:
    """The bank's questions of one notebook, by id."""
    return {qid: q for qid, q in bank().items() if q["notebook"] == notebook}


def notebook_score(notebook: str) -> Score:
    """The score of one notebook's exercises from the answers recorded this session."""
    items = notebook_items(notebook)
    return score({qid: q["objectives"] for qid, q in items.items()}, verdicts())


def running_score(notebook: str) -> str:
    """One line: how many of a notebook's exercises are answered, and how many correctly.

    >>> forget()  # as after a kernel restart, so the counts below are known
    >>> running_score("00")
    'Running score: 0 of 1 correct (0 answered).'
    >>> _ = record("q00_example", "A", False, "Not quite.")  # as check() records a wrong answer
    >>> running_score("00")
    'Running score: 0 of 1 correct (1 answered).'
    """
    s = notebook_score(notebook)
    return f"Running score: {s.right} of {s.total} correct ({s.answered} answered)."


def summary_lines(notebook: str) -> list[str]:
    """The score summary of one notebook, recomputed from the answer cells run this session.

    After a kernel restart nothing has been checked yet, and the summary says how to recompute
    the score (Run All) instead of claiming that nothing is answered.

    >>> summary_lines("nonexistent")
    ['There are no exercises for notebook nonexistent.']
    """
    items = notebook_items(notebook)
    if not items:
        return [f"There are no exercises for notebook {notebook}."]
    s = notebook_score(notebook)
    if s.unrun == s.total:
        return [f"No answer in notebook {notebook} has been checked since the kernel started, so "
                "there is no score to show yet. Your answers are still in the cells above: "
                "choose Run > Run All Cells, and this summary will count them."]
    lines = [f"Score for notebook {notebook}: {s.right} of {s.total} correct; "
             f"{s.answered} answered."]
    if s.unrun:
        lines.append(f"{s.unrun} answer cell{'s have' if s.unrun > 1 else ' has'} not been run "
                     f"since the kernel started and count{'' if s.unrun > 1 else 's'} as not "
                     "answered: choose Run > Run All Cells to count every answer.")
    if not s.answered:
        return [*lines, "No answer given yet: replace ... in each answer cell with your answer, "
                "run the cell, then run this summary again."]
    for line in objective_lines(items, verdicts()):
        later = f" ({line.pending} not answered yet)" if line.pending else ""
        if line.state == "revisit":
            text = "revisit " + "; ".join(line.places) + later
        elif line.state == "secure":
            text = "secure" + later
        else:
            text = line.state
        named = f"{line.id} ({line.name})" if line.name else line.id
        lines.append(f"{named}: {text}")
    return lines
