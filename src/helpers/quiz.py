"""Exercise feedback: ``check(question_id, answer)`` says at once if an answer is right, and why.

Answers are not stored in readable form. ``quiz_bank.json`` holds, per question, a SHA-256 digest
of the normalised right answer, and feedback texts encrypted with a key that only the answer they
belong to produces. The bank is built from the answer key in ``docs/teacher_guide.md`` by
``scripts/build_quiz_bank.py``; the guide is the one place where the answers are written out.

Whatever a student passes (a number as text, ``None``, a list, a table column, ``...``) gets a
message, never a traceback. Feedback starts with a mark and a word (✓ Correct, ✗ Not quite,
✎ for an answer that is missing or written in a form the question cannot take); in a notebook it
is shown as wrapped HTML with a plain-text copy.

>>> check("q00_example", ...)
✎ Not answered yet. Replace ... with your answer and run the cell again.
>>> check("q00_example", None)
✎ Your answer is None. Put your answer after `answer =`, for example answer = "B".
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import cache
from importlib import resources

from .names import UnknownNameError, resolve_name

KINDS = ("choice", "number", "order", "text")
_RESULTS: dict[str, bool] = {}  # exercise id -> right or wrong, for answers checked this session
_SEEN: set[str] = set()  # exercise ids whose answer cell has run this session (even with ...)
_MAX_SHOWN = 40
MARKS = {True: "\u2713", False: "\u2717", None: "\u270e"}  # ✓ ✗ ✎: with words, not colour alone


# --- the bank: digests and encryption (also used by scripts/build_quiz_bank.py) ---------------

def digest(question_id: str, normalised: str) -> str:
    """The stored digest of a normalised answer to one question.

    >>> digest("q1", "B") == digest("q1", "B") != digest("q2", "B")
    True
    """
    return hashlib.sha256(f"{question_id}|{normalised}".encode()).hexdigest()


def _keystream(question_id: str, normalised: str, length: int) -> bytes:
    key = hashlib.sha256(f"key|{question_id}|{normalised}".encode()).digest()
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def seal(question_id: str, normalised: str, text: str) -> str:
    """Encrypt feedback so that only the answer it belongs to can read it.

    >>> unseal("q1", "B", seal("q1", "B", "Right!"))
    'Right!'
    """
    raw = text.encode()
    stream = _keystream(question_id, normalised, len(raw))
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, stream, strict=True))).decode()


def unseal(question_id: str, normalised: str, sealed: str) -> str:
    """Decrypt feedback sealed with :func:`seal`."""
    raw = base64.b64decode(sealed)
    stream = _keystream(question_id, normalised, len(raw))
    return bytes(a ^ b for a, b in zip(raw, stream, strict=True)).decode()


@cache
def _bank_file() -> dict:
    text = (resources.files("helpers") / "quiz_bank.json").read_text(encoding="utf-8")
    return json.loads(text)


def bank() -> dict:
    """All questions, keyed by id (digests and sealed feedback only).

    >>> bank()["q00_example"]["kind"]
    'choice'
    """
    return _bank_file()["questions"]


def aliases() -> dict[str, str]:
    """Old exercise id -> current id, for exercises renamed after they were published.

    An id, once published, works for ever: a student's saved cell may still use the old one.

    >>> all(new in bank() for new in aliases().values())
    True
    """
    return _bank_file().get("aliases", {})


def resolve(question_id) -> str | None:
    """The current id of an exercise (following an alias, in any capitalisation), or None.

    >>> resolve("q00_example"), resolve("Q00_Example")
    ('q00_example', 'q00_example')
    >>> resolve("no_such_exercise") is None
    True
    """
    try:
        return _question_id(question_id)
    except UnknownNameError:
        return None


# --- normalising answers of any type ---------------------------------------------------------

class AnswerFormError(ValueError):
    """The answer is not of a form the question can take; the message says what is expected."""


def _shown(value) -> str:
    """A short, safe description of any value for a message (never raises)."""
    try:
        text = repr(value)
    except Exception:  # huge ints, broken __repr__: describe by type only
        return "(too long to show)"
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "..."


_UNITS = re.compile(r"\s*(km|kilometres|kilometers|ha|hectares|%|percent|people|deaths)$")
_GROUPING = re.compile(r"(?<=\d)[\s'\u2019\u00a0\u2009\u202f\u2007_](?=\d)")
_PLAIN_EXAMPLE = {True: "10476", False: "105.5"}


def read_number(text: str, whole: bool) -> tuple[float, str]:
    """Read a number as people write it around the world: (value, how it was read).

    Thousands may be grouped with a comma, a dot, an apostrophe or a space (also thin and
    no-break spaces); the decimal mark may be a dot or a comma. One separator followed by
    exactly three digits ("10.476", "10,476") is a thousands separator when the question's
    answer is a whole number, and too ambiguous to read when it is not.

    Args:
        text: what the student typed.
        whole: True when the question's answer is a whole number (stored in the bank).

    Returns:
        The number, and a note such as "I read 10.476 as 10476." ('' when it reads plainly).

    Raises:
        AnswerFormError: not a number, or ambiguous for this question.

    >>> [read_number(t, True)[0] for t in ["10476", "10,476", "10.476", "10 476", "10'476",
    ...                                     "10\\u2009476", "10\\u00a0476", "1.234.567"]]
    [10476.0, 10476.0, 10476.0, 10476.0, 10476.0, 10476.0, 10476.0, 1234567.0]
    >>> [read_number(t, False)[0] for t in ["105.5", "105,5", "1,234.5", "1.234,5", "-0,25"]]
    [105.5, 105.5, 1234.5, 1234.5, -0.25]
    >>> read_number("1,234", False)
    Traceback (most recent call last):
    ...
    helpers.quiz.AnswerFormError: I cannot tell whether 1,234 means 1234 or 1.234. Write the \
number without separators, with a dot for decimals: for example 1234 or 1.234.
    """
    original = " ".join(str(text).split())
    cleaned = text.strip().lower().replace("\u2212", "-")
    cleaned = _UNITS.sub("", cleaned)
    cleaned = _GROUPING.sub("", cleaned).strip()
    if not re.fullmatch(r"[-+]?(\d+[.,]?)+\d*|[-+]?[.,]\d+", cleaned):
        try:
            number = float(cleaned)  # "1e3", "1.5E2"
        except ValueError:
            raise AnswerFormError(f"this question wants a number, like {_PLAIN_EXAMPLE[whole]}; "
                                  f"you gave the text {_shown(text)}.") from None
        return number, ""
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if decimal == "," else ","
        cleaned = cleaned.replace(group, "").replace(decimal, ".")
    elif commas + dots > 1:  # one kind of mark, several times: it groups thousands
        cleaned = cleaned.replace(",", "").replace(".", "")
    elif commas + dots == 1:
        before, _, after = cleaned.replace(",", ".").partition(".")
        digits_before = before.lstrip("+-")
        if len(after) == 3 and 1 <= len(digits_before) <= 3 and digits_before != "0":
            if not whole:
                plain, decimal = before + after, before + "." + after
                raise AnswerFormError(
                    f"I cannot tell whether {original} means {plain} or {decimal}. Write the "
                    f"number without separators, with a dot for decimals: for example {plain} "
                    f"or {decimal}.")
            cleaned = before + after
        else:
            cleaned = before + "." + after
    number = float(cleaned)
    plain = f"{number:.15g}"
    note = "" if plain == original.lstrip("+") else f"I read {original} as {plain}."
    return number, note


def _one_value(value):
    """The single value inside a table, column, list or tuple; AnswerFormError if not one."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        if value.shape == (1, 1):
            return value.iat[0, 0]
        raise AnswerFormError(
            f"your answer is a table of {value.shape[0]} rows and {value.shape[1]} columns, "
            "but this question wants one value. Pick one cell, for example "
            "table.loc[row, \"column\"], or one column and then one row.")
    if isinstance(value, pd.Series | pd.Index):
        if len(value) == 1 and isinstance(value, pd.Series):  # e.g. one row's column
            return value.array[0]
        labels = ", ".join(str(v) for v in list(value.index if isinstance(value, pd.Series)
                                                 else range(len(value)))[:4])
        more = ", ..." if len(value) > 4 else ""
        raise AnswerFormError(
            f"your answer is a column of {len(value)} values (labelled {labels}{more}), but this "
            "question wants one value. Pick one with .loc[label] (for example "
            "column.loc[1985] for the row labelled 1985), or combine them with .sum(), .max() "
            "or .min() if the question asks for a total or an extreme.")
    return value


def _as_number(value, question: dict) -> tuple[float, str]:
    """The number an answer stands for, and a note on how it was read ('' if plainly)."""
    number, note = _read_any_number(value, question)
    if not math.isfinite(number):
        raise AnswerFormError(f"{number} is not a usable number; check your calculation.")
    return number, note


def _read_any_number(value, question: dict) -> tuple[float, str]:
    whole = bool(question.get("whole"))
    value = _one_value(value)
    note = ""
    if type(value).__name__ in ("bool", "bool_"):  # Python or numpy booleans
        raise AnswerFormError(f"this question wants a number, not {value}.")
    if isinstance(value, tuple) and len(value) > 1 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value) and all(
            100 <= v <= 999 or v == 0 for v in value[1:]) and 1 <= abs(value[0]) <= 999:
        # answer = 10,476 makes the tuple (10, 476): a comma that grouped thousands (a later
        # group below 100 cannot come from typing three digits, except 000)
        text = ",".join(f"{v:03d}" if i else str(v) for i, v in enumerate(value))
        number, _ = read_number(text, True)
        return number, f"I read {_shown(value)} as {number:.15g}; write numbers without commas."
    if isinstance(value, tuple | list | set | dict):
        raise AnswerFormError(f"this question wants one number, like {_PLAIN_EXAMPLE[whole]}; "
                              f"you gave {_described(value)}.")
    if isinstance(value, str):
        return read_number(value, whole)
    if isinstance(value, float) and whole and math.isfinite(value) and value != int(value):
        decimals = repr(value).partition(".")[2]
        if len(decimals) == 3 and abs(value) < 1000:  # answer = 10.476 typed for 10,476
            return read_number(repr(value), True)
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise AnswerFormError("that number is far too large; check your calculation.") from None
    else:
        try:
            number = float(value)  # numpy and pandas scalars
        except (TypeError, ValueError, OverflowError):
            raise AnswerFormError(f"this question wants one number; you gave "
                                  f"{_described(value)}.") from None
    if not math.isfinite(number):
        raise AnswerFormError(f"{number} is not a usable number; check your calculation.")
    return number, note


def _described(value) -> str:
    """What a student gave, in words for someone who does not program.

    >>> _described(10.476)
    'the number 10.476'
    >>> _described(["A", "B"])
    "a list ['A', 'B']"
    """
    words = {bool: "the yes/no value", int: "the number", float: "the number", str: "the text",
             list: "a list", tuple: "several values", set: "a set of values", dict: "a dictionary"}
    return f"{words.get(type(value), 'a ' + type(value).__name__)} {_shown(value)}"


def _as_letter(value, options: list[str]) -> str:
    if not isinstance(value, str):
        raise AnswerFormError(f"answer with one letter in quotes, one of {', '.join(options)}; "
                              f"you gave {_described(value)}.")
    letter = value.strip().strip(".)(").upper()
    if letter not in options:
        raise AnswerFormError(f"answer with one of the letters {', '.join(options)}; "
                              f"you gave {_shown(value)}.")
    return letter


def _as_order(value, options: list[str]) -> list[str]:
    if isinstance(value, str):
        items = re.findall(r"[A-Za-z0-9]+", value)
        if len(items) == 1 and len(items[0]) == len(options):
            items = list(items[0])
    elif hasattr(value, "__iter__") and not isinstance(value, bytes | bytearray | dict):
        items = [str(v) for v in list(value)[: len(options) + 5]]  # lists, tuples, pd.Index...
    else:
        raise AnswerFormError(f"give the letters in order as a list, e.g. {options}; you gave "
                              f"{_described(value)}.")
    items = [i.strip().upper() for i in items]
    if sorted(items) != sorted(options):
        raise AnswerFormError(f"use each of the letters {', '.join(options)} exactly once; "
                              f"you gave {_shown(value)}.")
    return items


def _as_text(value) -> str:
    if not isinstance(value, str):
        raise AnswerFormError(f"this question wants a word or a name in quotes; you gave "
                              f"{_described(value)}.")
    return " ".join(re.sub(r"[^\w\s-]", " ", value.casefold()).split())


def _number_forms(question: dict, number: float) -> list[str]:
    k = round(number / question["step"])
    return [str(k)] if question.get("exact") else [str(k), str(k - 1), str(k + 1)]


def normalise(question: dict, value) -> list[str]:
    """The normalised forms of an answer that may match the key (several for numbers).

    >>> normalise({"kind": "number", "step": 10, "whole": True}, "1,484")
    ['148', '147', '149']
    >>> normalise({"kind": "number", "step": 0.5, "exact": True}, "12,5 km")
    ['25']
    >>> normalise({"kind": "number", "step": 1, "exact": True}, 1996)
    ['1996']
    >>> normalise({"kind": "choice", "options": ["A", "B"]}, " b) ")
    ['B']
    """
    kind = question["kind"]
    if kind == "number":
        return _number_forms(question, _as_number(value, question)[0])
    if kind == "choice":
        return [_as_letter(value, question["options"])]
    if kind == "order":
        return [",".join(_as_order(value, question["options"]))]
    return [_as_text(value)]


# --- feedback ----------------------------------------------------------------------------------

def _question_id(question_id) -> str:
    """The current exercise id, in any capitalisation, following an old id's alias;
    UnknownNameError (with a "did you mean") when there is none."""
    known = {**{qid: qid for qid in bank()}, **aliases()}
    return resolve_name("exercise", question_id, known,
                        "Copy the exercise id from the notebook, in quotes.")


def _pointer(question: dict) -> str:
    where = question.get("refer") or question
    return f"(See notebook {where['notebook']}, section \"{where['section']}\".)"


def _order_progress(question_id: str, question: dict, normalised: str) -> str:
    items = normalised.split(",")
    right = 0
    for n, prefix_digest in enumerate(question.get("prefixes", []), start=1):
        if digest(question_id, ",".join(items[:n])) != prefix_digest:
            break
        right = n
    if right == 0:
        return "The first item is not the earliest one."
    placed = "The first one is" if right == 1 else f"The first {right} are"
    return f"{placed} in the right order; look again from {items[right]!r} on."


def _hint(question: dict, number: float | None) -> str:
    """The hint, with the parts that apply to this answer only (e.g. "not millions" for 1.7)."""
    parts = [question["hint"]]
    for extra in question.get("hints_if", []):
        if number is not None and extra.get("below") is not None and abs(number) < extra["below"]:
            parts.append(extra["text"])
    return " ".join(parts)


def feedback(question_id: str, answer) -> tuple[bool | None, str]:
    """Judge one answer: (True, why) if right, (False, why not) if wrong, (None, msg) if unusable.

    The message starts with a word (Correct, Not quite) and never with the exercise id.

    >>> feedback("q00_example", 42)[0] is None
    True
    >>> feedback("no_such_exercise", "A")
    (None, 'There is no exercise called "no_such_exercise". Copy the exercise id from the \
notebook, in quotes.')
    """
    try:
        question_id = _question_id(question_id)
    except UnknownNameError as exc:
        return None, str(exc)
    question = bank()[question_id]
    if answer is ...:
        return None, "Not answered yet. Replace ... with your answer and run the cell again."
    if answer is None:
        example = {"choice": '"B"', "number": "1234", "order": '["C", "A", "B"]',
                   "text": '"Kabul"'}[question["kind"]]
        return None, (f"Your answer is None. Put your answer after `answer =`, for example "
                      f"answer = {example}.")
    note, number = "", None
    try:
        if question["kind"] == "number":
            number, note = _as_number(answer, question)
            forms = _number_forms(question, number)
        else:
            forms = normalise(question, answer)
    except AnswerFormError as exc:
        text = str(exc)
        return None, text[0].upper() + text[1:]
    note = f" ({note})" if note else ""
    for form in forms:
        key = digest(question_id, form)
        if key in question["answers"]:
            why = unseal(question_id, form, question["feedback"][key])
            return True, f"Correct.{note} {why}"
    for form in forms[:1]:
        sealed = question["feedback"].get(digest(question_id, form))
        if sealed:
            why = unseal(question_id, form, sealed)
            return False, f"Not quite.{note} {why} {_pointer(question)}"
    lead = f"Not quite.{note}"
    if question["kind"] == "order":
        lead += " " + _order_progress(question_id, question, forms[0])
    return False, f"{lead} {_hint(question, number)} {_pointer(question)}"


class Feedback:
    """Feedback shown in a notebook: wrapped HTML, with the same words as plain text."""

    def __init__(self, result: bool | None, message: str, extra: str = ""):
        self.result, self.message, self.extra = result, message, extra

    def plain(self) -> str:
        text = f"{MARKS[self.result]} {self.message}"
        return text + (f"\n{self.extra}" if self.extra else "")

    def html(self) -> str:
        word, _, rest = self.message.partition(". ")
        body = (f"<strong>{MARKS[self.result]} {html.escape(word)}.</strong> "
                f"{html.escape(rest)}" if rest else
                f"<strong>{MARKS[self.result]} {html.escape(self.message)}</strong>")
        extra = f"<br>{html.escape(self.extra)}" if self.extra else ""
        return f'<div class="course-feedback" role="status"><p>{body}{extra}</p></div>'

    def show(self) -> None:
        """Display as HTML + plain text in IPython; print the plain text anywhere else."""
        _show(self.plain(), self.html())


def _show(plain: str, markup: str) -> None:
    import sys

    ipython = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if ipython is None:
        print(plain)
        return
    from IPython.display import display

    display({"text/plain": plain, "text/html": markup}, raw=True)


def check(question_id, answer) -> None:
    """Show feedback on ``answer`` to exercise ``question_id`` and record the result.

    Args:
        question_id: the exercise's id, e.g. ``"q01_panjdeh"`` (any capitalisation).
        answer: your answer: a letter for multiple choice, a number, a list for an ordering.

    >>> check("q00_example", ["a list"])
    ✎ Answer with one letter in quotes, one of A, B, C, D; you gave a list ['a list'].
    """
    result, message = _judge_and_record(question_id, answer)
    Feedback(result, message).show()


def _judge_and_record(question_id, answer) -> tuple[bool | None, str]:
    """Judge an answer and remember that this exercise's cell ran (and its result)."""
    result, message = feedback(question_id, answer)
    try:
        question_id = _question_id(question_id)
    except UnknownNameError:
        return None, message
    _SEEN.add(question_id)
    if result is None:
        _RESULTS.pop(question_id, None)  # an answer replaced by ... counts as not answered
    else:
        _RESULTS[question_id] = result
    return result, message


def running_score(notebook: str) -> str:
    """One line: how many of a notebook's exercises are answered, and how many correctly.

    >>> _RESULTS.clear()  # forget earlier answers, so the counts below are known
    >>> running_score("00")
    'Running score: 0 of 1 correct (0 answered).'
    >>> _RESULTS["q00_example"] = False  # as check() records a wrong answer
    >>> running_score("00")
    'Running score: 0 of 1 correct (1 answered).'
    """
    items = [qid for qid, q in bank().items() if q["notebook"] == notebook]
    answered = [qid for qid in items if qid in _RESULTS]
    right = sum(1 for qid in answered if _RESULTS[qid])
    return f"Running score: {right} of {len(items)} correct ({len(answered)} answered)."


def assess(question_id, answer) -> None:
    """Like :func:`check`, then show the running score of the item's notebook (assessments).

    >>> _RESULTS.clear()
    >>> assess("q00_example", ...)
    ✎ Not answered yet. Replace ... with your answer and run the cell again.
    Running score: 0 of 1 correct (0 answered).
    """
    result, message = _judge_and_record(question_id, answer)
    try:
        notebook = bank()[_question_id(question_id)]["notebook"]
    except UnknownNameError:
        Feedback(result, message).show()
        return
    Feedback(result, message, running_score(notebook)).show()


def summary_lines(notebook: str) -> list[str]:
    """The score summary of one notebook, recomputed from the answer cells run this session.

    After a kernel restart nothing has been checked yet, and the summary says how to recompute
    the score (Run All) instead of claiming that nothing is answered.

    >>> summary_lines("nonexistent")
    ['There are no exercises for notebook nonexistent.']
    """
    items = {qid: q for qid, q in bank().items() if q["notebook"] == notebook}
    if not items:
        return [f"There are no exercises for notebook {notebook}."]
    seen = [qid for qid in items if qid in _SEEN]
    if not seen:
        return [f"No answer in notebook {notebook} has been checked since the kernel started, so "
                "there is no score to show yet. Your answers are still in the cells above: "
                "choose Run > Run All Cells, and this summary will count them."]
    answered = [qid for qid in items if qid in _RESULTS]
    right = [qid for qid in answered if _RESULTS[qid]]
    lines = [f"Score for notebook {notebook}: {len(right)} of {len(items)} correct; "
             f"{len(answered)} answered."]
    unrun = len(items) - len(seen)
    if unrun:
        lines.append(f"{unrun} answer cell{'s have' if unrun > 1 else ' has'} not been run since "
                     f"the kernel started and count{'' if unrun > 1 else 's'} as not answered: "
                     "choose Run > Run All Cells to count every answer.")
    if not answered:
        return [*lines, "No answer given yet: replace ... in each answer cell with your answer, "
                "run the cell, then run this summary again."]
    objectives: dict[str, list[str]] = {}
    for qid, q in items.items():
        for objective in q["objectives"]:
            objectives.setdefault(objective, []).append(qid)
    for objective, qids in sorted(objectives.items()):
        wrong = [q for q in qids if _RESULTS.get(q) is False]
        pending = sum(1 for q in qids if q not in _RESULTS)
        later = f" ({pending} not answered yet)" if pending else ""
        if pending == len(qids):
            state = "not answered yet"
        elif wrong:
            places = dict.fromkeys(_pointer(items[q]).strip("()").removeprefix("See ")
                                   for q in wrong)
            state = "revisit " + "; ".join(places) + later
        else:
            state = "secure" + later
        lines.append(f"{objective}: {state}")
    return lines


def score_summary(notebook: str) -> None:
    """Show the score for one notebook's exercises and what to revisit, by objective.

    >>> _RESULTS.clear(); _SEEN.clear()  # as after a kernel restart
    >>> score_summary("00")  # doctest: +NORMALIZE_WHITESPACE
    No answer in notebook 00 has been checked since the kernel started, so there is no score to
    show yet. Your answers are still in the cells above: choose Run > Run All Cells, and this
    summary will count them.
    >>> check("q00_example", ...)
    ✎ Not answered yet. Replace ... with your answer and run the cell again.
    >>> score_summary("00")  # doctest: +NORMALIZE_WHITESPACE
    Score for notebook 00: 0 of 1 correct; 0 answered.
      No answer given yet: replace ... in each answer cell with your answer, run the cell, then
      run this summary again.
    >>> _RESULTS["q00_example"] = True
    >>> score_summary("00")
    Score for notebook 00: 1 of 1 correct; 1 answered.
      O0.3: secure
    """
    lines = summary_lines(notebook)
    markup = (f"<div class=\"course-summary\" role=\"status\"><p><strong>{html.escape(lines[0])}"
              "</strong></p>")
    if len(lines) > 1:
        markup += "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:]) + "</ul>"
    _show("\n".join([lines[0], *("  " + line for line in lines[1:])]), markup + "</div>")
