"""Feedback: ``check(question_id, answer)`` says at once if an answer is right, and why.

:func:`feedback` judges one answer against the bank and words the verdict; :func:`check`,
:func:`assess` and :func:`score_summary` show it in the notebook (and :mod:`helpers.results`
records each answer). Feedback starts with a mark and a word (✓ Correct, ✗ Not quite, ✎ for an
answer that is missing or written in a form the question cannot take); in a notebook it is shown
as wrapped HTML with a plain-text copy. Whatever a student passes gets a message, never a
traceback.

>>> check("q00_example", ...)
✎ Not answered yet. Replace ... with your answer and run the cell again.
>>> check("q00_example", None)
✎ Your answer is None. Put your answer after `answer =`, for example answer = "B".
"""

from __future__ import annotations

import html

from . import results
from .answers import AnswerFormError, as_number, normalise, number_forms
from .bank import bank, current_id, digest, pointer, unseal
from .names import UnknownNameError

MARKS = {True: "\u2713", False: "\u2717", None: "\u270e"}  # ✓ ✗ ✎: with words, not colour alone


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
        question_id = current_id(question_id)
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
            number, note = as_number(answer, question)
            forms = number_forms(question, number)
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
            return False, f"Not quite.{note} {why} {pointer(question)}"
    lead = f"Not quite.{note}"
    if question["kind"] == "order":
        lead += " " + _order_progress(question_id, question, forms[0])
    return False, f"{lead} {_hint(question, number)} {pointer(question)}"


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
        show(self.plain(), self.html())


def show(plain: str, markup: str) -> None:
    """Display ``markup`` (HTML) with ``plain`` as its text copy in IPython; print ``plain``
    anywhere else."""
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
    judged = _judge_and_record(question_id, answer)
    if judged is not None:
        Feedback(*judged).show()


def _judge_and_record(question_id, answer) -> tuple[bool | None, str] | None:
    """Judge an answer and record it under the exercise's current id; return (verdict, message).

    An unknown id is judged (the message says so) but not recorded. In a graded run the answer
    is recorded under the id as given, unjudged, and None is returned: nothing is shown.
    """
    if results.GRADED:
        results.record(str(question_id), answer, None, "")
        return None
    verdict, message = feedback(question_id, answer)
    try:
        results.record(current_id(question_id), answer, verdict, message)
    except UnknownNameError:
        pass
    return verdict, message


def assess(question_id, answer) -> None:
    """Like :func:`check`, then show the running score of the item's notebook (assessments).

    >>> results.forget()
    >>> assess("q00_example", ...)
    ✎ Not answered yet. Replace ... with your answer and run the cell again.
    Running score: 0 of 1 correct (0 answered).
    """
    judged = _judge_and_record(question_id, answer)
    if judged is None:
        return
    try:
        notebook = bank()[current_id(question_id)]["notebook"]
    except UnknownNameError:
        Feedback(*judged).show()
        return
    Feedback(*judged, results.running_score(notebook)).show()


def score_summary(notebook: str) -> None:
    """Show the score for one notebook's exercises and what to revisit, by objective.

    >>> results.forget()  # as after a kernel restart
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
    >>> check("q00_example", "C")  # doctest: +ELLIPSIS
    ✓ Correct. ...
    >>> score_summary("00")
    Score for notebook 00: 1 of 1 correct; 1 answered.
      O0.3 (state the series' guiding question and name its three eras): secure
    """
    if results.GRADED:  # the grader judges and sums up; a graded run has no bank to read
        return
    lines = results.summary_lines(notebook)
    markup = (f"<div class=\"course-summary\" role=\"status\"><p><strong>{html.escape(lines[0])}"
              "</strong></p>")
    if len(lines) > 1:
        markup += "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:]) + "</ul>"
    show("\n".join([lines[0], *("  " + line for line in lines[1:])]), markup + "</div>")
