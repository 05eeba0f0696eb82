"""Results: each exercise's answer and verdict recorded this session, and the one scoring rule.

``check`` and ``assess`` record every answer they are given (:func:`record`); :func:`recorded`
gives them back, one :class:`Result` per exercise (the latest answer counts). An answer cell that
stops on a slip before its check runs (``answer = C``) is noted by the slip handler
(:func:`slip`), so that the summary can tell it from a cell never run. :func:`score` is the one
rule that turns verdicts into a notebook's score and each objective's state; the notebook's
summary uses it on the verdicts recorded here, and a grader can use it on verdicts it judged
itself. :func:`item_states`, :func:`summary_lines` and :func:`running_score` put a notebook's
answers into words.

A graded run (the environment variable ``COURSE_GRADED_RUN=1``, read once when this module is
imported) only records answers: ``check`` and ``assess`` then judge nothing and show nothing, and
a last cell the grader adds prints them with :func:`export` (``helpers.transfer``), so that the
grader judges them in its own process. A graded run has no exercise bank: nothing here reads it
there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import i18n, prompts
from .bank import bank, place, resolve
from .i18n import N_, _, n_

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
_SLIPPED: dict[str, str] = {}  # exercise id -> the slip that stopped its answer cell's latest run
_CALL = re.compile(r"^\s*(?:check|assess)\(\s*[\"'](\w+)[\"']", re.M)


def called_id(source: str) -> str | None:
    r"""The exercise id a cell's ``check``/``assess`` call names (None without one): the one
    reader of a cell's call, used by the slip handler here and by ``python -m course sync`` to
    write each answer cell's mark.

    >>> called_id('from helpers import assess\nanswer = ...\nassess("q04_durand", answer)')
    'q04_durand'
    >>> called_id("print('no exercise here')") is None
    True
    """
    match = _CALL.search(source)
    return match.group(1) if match else None


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
    _SLIPPED.pop(question_id, None)
    return result


def slip(question_id: str, message: str) -> None:
    """Note that an exercise's answer cell stopped on a slip before its check ran (the slip
    handler calls this): its latest run gave no answer, so an earlier one no longer counts.

    >>> forget()
    >>> _ = record("q00_example", "C", True, "Correct.")
    >>> slip("q00_example", "C needs quotes")
    >>> recorded(), slipped()
    ({}, {'q00_example': 'C needs quotes'})
    """
    if GRADED:  # the grader reads the slip from the cell itself; a graded run has no bank
        return
    question_id = resolve(question_id)
    if question_id is None:
        return
    _RECORDED.pop(question_id, None)
    _SLIPPED[question_id] = message


def slipped() -> dict[str, str]:
    """The exercises whose answer cell stopped on a slip in its latest run, with the message."""
    return dict(_SLIPPED)


def recorded() -> dict[str, Result]:
    """Every exercise answered this session, by id (a copy: changing it changes nothing)."""
    return dict(_RECORDED)


def verdicts() -> dict[str, bool | None]:
    """The verdict on each exercise answered this session, by id."""
    return {qid: result.verdict for qid, result in _RECORDED.items()}


def forget() -> None:
    """Forget every answer and slip, as a kernel restart does."""
    _RECORDED.clear()
    _SLIPPED.clear()


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


def notebook_items(notebook: str) -> dict[str, dict]:
    """The bank's questions of one notebook, by id."""
    return {qid: q for qid, q in bank().items() if q["notebook"] == notebook}


def notebook_score(notebook: str) -> Score:
    """The score of one notebook's exercises from the answers recorded this session."""
    items = notebook_items(notebook)
    return score({qid: q["objectives"] for qid, q in items.items()}, verdicts())


STATES = ("right", "wrong", "unreadable", "unanswered", "slipped", "unrun")


def item_state(question_id: str) -> str:
    """Where one exercise stands this session, one of :data:`STATES`: ``right``, ``wrong``,
    ``unreadable`` (an answer in a form the question cannot take), ``unanswered`` (run with
    ``answer = ...`` still in place), ``slipped`` (its cell stopped before the check) or
    ``unrun`` (its cell has not run since the kernel started).

    >>> forget()
    >>> item_state("q00_example")
    'unrun'
    >>> _ = record("q00_example", ..., None, "Not answered yet.")
    >>> item_state("q00_example")
    'unanswered'
    """
    if question_id in _SLIPPED:
        return "slipped"
    result = _RECORDED.get(question_id)
    if result is None:
        return "unrun"
    if result.verdict is not None:
        return "right" if result.verdict else "wrong"
    return "unanswered" if result.answer is ... else "unreadable"


def item_states(notebook: str) -> dict[str, str]:
    """:func:`item_state` of each of a notebook's exercises, in the notebook's order."""
    return {qid: item_state(qid) for qid in _in_order(notebook_items(notebook))}


def _in_order(items: Mapping[str, dict]) -> list[str]:
    """Exercise ids in the order the notebook shows them (by label number, then id)."""
    def key(qid: str):
        number = re.search(r"(\d+)([a-z]?)$", prompts.label(qid))
        return (int(number.group(1)), number.group(2), qid) if number else (0, "", qid)
    return sorted(items, key=key)


def running_score(notebook: str) -> str:
    """One line: how many of a notebook's exercises are answered, and how many are right. An
    answer in a form the question cannot take counts as answered (not as right).

    >>> forget()  # as after a kernel restart, so the counts below are known
    >>> running_score("00")
    'Running score: 0 of 1 right (0 answered).'
    >>> _ = record("q00_example", "A", False, "Not quite.")  # as check() records a wrong answer
    >>> running_score("00")
    'Running score: 0 of 1 right (1 answered).'
    """
    states = list(item_states(notebook).values())
    answered = sum(state in ("right", "wrong", "unreadable") for state in states)
    return _("Running score: {right} of {total} right ({answered} answered).",
             right=i18n.number(states.count("right")), total=i18n.number(len(states)),
             answered=i18n.number(answered))


def named(question_ids: Sequence[str]) -> str:
    """Exercises as the notebook names them, in one phrase.

    >>> named(["q04_trace_source", "q04_eras_order", "q04_nearest_city", "q04_merv_herat",
    ...        "q04_deaths_sum"])
    'Items 1-3, 5 and 12'
    >>> named(["q01_gap_herat"]), named(["q00_example"])
    ('Exercise 2', 'the worked exercise')
    """
    labels = [prompts.label(qid) for qid in question_ids]
    parts = [re.fullmatch(r"(Exercise|Item) (\d+)([a-z]?)", label) for label in labels]
    if not labels or None in parts or len({p.group(1) for p in parts}) > 1:
        return i18n.listed(_(label) if label == prompts.WORKED else label for label in labels)
    numbers = [(int(p.group(2)), p.group(3)) for p in parts]
    groups: list[list[tuple[int, str]]] = []
    for number in numbers:
        last = groups[-1][-1] if groups else None
        if last and not number[1] and not last[1] and number[0] == last[0] + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    shown = []
    for group in groups:
        first, last = f"{group[0][0]}{group[0][1]}", f"{group[-1][0]}{group[-1][1]}"
        shown += [f"{first}-{last}"] if len(group) >= 3 else [f"{n}{s}" for n, s in group]
    shown = [i18n.digits(numbers) for numbers in shown]  # as the prompts print them: پرسش ۵
    if parts[0].group(1) == "Exercise":
        # Translators: the word must be the one the notebooks' prompts use ("**Exercise 2**");
        # {numbers} is "1-3, 5 and 12".
        return n_("Exercise {numbers}", "Exercises {numbers}", len(labels),
                  numbers=i18n.listed(shown))
    # Translators: the word must be the one notebook 04's prompts use ("**Item 5**").
    return n_("Item {numbers}", "Items {numbers}", len(labels), numbers=i18n.listed(shown))



def _objective_title(code: str) -> str:
    """An objective's code and its name, without asides in brackets, cut to one line.

    >>> _objective_title("O1.2")
    'O1.2 (compute great-circle distances from the Russian frontier to ...)'
    >>> _objective_title("O9.9")
    'O9.9'
    """
    name = prompts.objective_name(code)
    if not name:
        return code
    clause = re.split(r"[;:\u061b]", re.sub(r" \([^)]*\)", "", name))[0]
    if len(clause) > 60:
        clause = clause[:60].rsplit(" ", 1)[0].rstrip(",\u060c") + " ..."
    return f"{code} ({clause})"


SECURE_AFTER = 3  # items answered, all right, before an objective is called secure


def _objective_line(code: str, question_ids: Sequence[str], states: Mapping[str, str],
                    items: Mapping[str, dict]) -> str:
    """How one objective stands, in words that say what was shown (never "secure" on fewer
    than :data:`SECURE_AFTER` items); for an objective with at least one answer judged."""
    judged = [q for q in question_ids if states[q] in ("right", "wrong")]
    right = sum(states[q] == "right" for q in judged)
    wrong = [q for q in judged if states[q] == "wrong"]
    rest = [q for q in question_ids if q not in judged]
    values = {"objective": _objective_title(code), "right": i18n.number(right),
              "judged": i18n.number(len(judged)), "later": named(rest) if rest else ""}
    if not wrong and not rest and len(judged) >= SECURE_AFTER:
        return _("{objective}: {right} of {judged} right: secure.", **values)
    if not wrong:
        if rest:
            return _("{objective}: {right} of {judged} right so far; {later} not answered yet.",
                     **values)
        return _("{objective}: {right} of {judged} right so far.", **values)
    places: dict[str, list[str]] = {}
    for qid in wrong:
        places.setdefault(place(items[qid]), []).append(qid)
    # Translators: {place} is 'notebook 01, section "..."', {items} "Items 2 and 5".
    reread = i18n.listed([_("{place} ({items})", place=where, items=named(qids))
                          for where, qids in places.items()])
    if rest:
        return _("{objective}: {right} of {judged} right; {later} not answered yet. Reread "
                 "{reread}.", reread=reread, **values)
    return _("{objective}: {right} of {judged} right. Reread {reread}.", reread=reread, **values)


def summary_lines(notebook: str, states: Mapping[str, str] | None = None) -> list[str]:
    """The summary of one notebook, recomputed from the answer cells run this session: the score,
    which items are not right yet, which cells stopped on a slip, which answers could not be
    read, which still say ``answer = ...``, which have not run since the kernel started, and
    how each objective stands. The one summary: the grader gives its own verdicts as
    ``states`` (:data:`STATES`, by exercise id, in the notebook's order) and shows the same
    words on a student's page.

    After a kernel restart nothing has been checked yet, and the summary says how to recompute
    the score (Run All) instead of claiming that nothing is answered.

    >>> summary_lines("nonexistent")
    ['There are no exercises for notebook nonexistent.']
    """
    items = notebook_items(notebook)
    if not items:
        return [_("There are no exercises for notebook {notebook}.", notebook=notebook)]
    states = item_states(notebook) if states is None else states
    by_state = {state: [q for q, s in states.items() if s == state] for state in STATES}
    if len(by_state["unrun"]) == len(states):
        # Translators: "Run > Run All Cells" is JupyterLab's menu (as its language pack words it).
        return [_("No answer cell of notebook {notebook} has run since the kernel started, so "
                  "there is nothing to count yet. If you answered before a restart, your answers "
                  "are still in the cells above: choose Run > Run All Cells, and this summary "
                  "will count them.", notebook=notebook)]
    answered = len(by_state["right"]) + len(by_state["wrong"]) + len(by_state["unreadable"])
    lines = [_("Score for notebook {notebook}: {right} of {total} right ({answered} answered).",
               notebook=notebook, right=i18n.number(len(by_state["right"])),
               total=i18n.number(len(states)), answered=i18n.number(answered))]
    for state, text in STATE_LINES.items():
        if by_state[state]:
            lines.append(_(text, items=named(by_state[state]),
                           code=i18n.code(UNANSWERED_CODE)))
    by_objective: dict[str, list[str]] = {}
    for qid in states:
        for objective in items[qid]["objectives"]:
            by_objective.setdefault(objective, []).append(qid)
    waiting = []
    for objective in sorted(by_objective, key=lambda code: [int(n) for n in
                                                            re.findall(r"\d+", code)]):
        qids = by_objective[objective]
        if any(states[q] in ("right", "wrong") for q in qids):
            lines.append(_objective_line(objective, qids, states, items))
        else:
            waiting.append(objective)
    if waiting:
        lines.append(_("No answers yet for {objectives}.", objectives=i18n.listed(waiting)))
    return lines


# The code a cell not answered yet still holds, quoted by the "unanswered" line
UNANSWERED_CODE = "answer = ..."

# The summary's line for the items in each state; {items} is "Items 2 and 5", {code} is
# UNANSWERED_CODE (as code: in Dari inside a left-to-right isolate)
STATE_LINES = {
    "wrong": N_("Not right yet: {items}. The feedback under each cell says where to look."),
    "slipped": N_("Stopped on a slip before the check ran: {items}. The ✗ message under the cell "
                  "says what to fix; fix it and run the cell again."),
    "unreadable": N_("Answered in a form the question cannot take: {items}. The ✎ message under "
                     "the cell says what to type."),
    "unanswered": N_("Not answered yet (the cell still says {code}): {items}."),
    "unrun": N_("Not run since the kernel started: {items}. Not answered yet? Carry on. Answered "
                "before a restart? Choose Run > Run All Cells to count them."),
}
