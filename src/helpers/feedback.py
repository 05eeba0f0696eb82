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

import difflib
import html

from . import i18n, prompts, results
from .answers import AnswerFormError, as_number, normalise, number_forms, shown_letter
from .bank import bank, current_id, digest, explanation, hint, pointer
from .i18n import _, n_
from .names import UnknownNameError, name_key

MARKS = {True: "\u2713", False: "\u2717", None: "\u270e"}  # ✓ ✗ ✎: with words, not colour alone


def _order_progress(question_id: str, question: dict, normalised: str) -> str:
    items = normalised.split(",")
    right = 0
    for n, prefix_digest in enumerate(question.get("prefixes", []), start=1):
        if digest(question_id, ",".join(items[:n])) != prefix_digest:
            break
        right = n
    if right == 0:
        return _("The first item is not the earliest one.")
    item = i18n.code(repr(shown_letter(items[right])))
    # Translators: where a language uses the first form for 21, 31 ... too, write {n} in it.
    return n_("The first one is in the right order; look again from {item} on.",
              "The first {n} are in the right order; look again from {item} on.", right,
              item=item)


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
        return None, _("Not answered yet. Replace ... with your answer and run the cell again.")
    if answer is None:
        letters = [f'"{shown_letter(letter)}"' for letter in "CAB"]
        example = {"choice": letters[2], "number": "1234", "order": f"[{', '.join(letters)}]",
                   # Translators: an example of a word answer, in quotes, as code.
                   "text": _('"Kabul"')}[question["kind"]]
        return None, _("Your answer is None. Put your answer after {start}, for example "
                       "{example}.", start=i18n.code("`answer =`"),
                       example=i18n.code(f"answer = {example}"))
    note, number = "", None
    if question["kind"] == "text":
        answer = _as_label(answer)
    try:
        if question["kind"] == "number":
            number, note = as_number(answer, question)
            forms = number_forms(question, number)
        else:
            forms = normalise(question, answer)
    except AnswerFormError as exc:
        return None, _form_message(question_id, question, answer, exc)
    note = f" ({note})" if note else ""
    for form in forms:
        if digest(question_id, form) in question["answers"]:
            why = explanation(question_id, question, form)
            return True, _("Correct.") + f"{note} {why}"
    for form in forms[:1]:
        why = explanation(question_id, question, form)
        if why is not None:
            return False, _("Not quite.") + f"{note} {why} {pointer(question)}"
    misspelt = _misspelt_label(answer) if question["kind"] == "text" else None
    if misspelt:
        return None, misspelt
    lead = _("Not quite.") + note
    if question["kind"] == "order":
        lead += " " + _order_progress(question_id, question, forms[0])
    return False, f"{lead} {hint(question, number)} {pointer(question)}"


def _short(text: str, limit: int = 40) -> str:
    """An option's text cut to ``limit`` characters at a word."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def _form_message(question_id: str, question: dict, answer, exc: AnswerFormError) -> str:
    """What to type instead of an answer in a form the question cannot take: for an option's
    words or a data label given where a letter is wanted, which option that is."""
    kind = question["kind"]
    if kind == "choice" and isinstance(answer, str):
        letter = prompts.option_for(question_id, answer)
        if letter:
            option = prompts.options(question_id)[letter]
            values = {"answer": i18n.code(answer.strip()), "letter": shown_letter(letter),
                      "code": i18n.code(f'answer = "{shown_letter(letter)}"')}
            if name_key(option) == name_key(answer):
                return _('"{answer}" is option {letter}: answer with its letter, {code}.',
                         **values)
            return _('"{answer}" is option {letter} ({option}): answer with its letter, {code}.',
                     option=_short(option), **values)
        letters = [shown_letter(letter) for letter in question["options"]]
        return _("Answer with the letter of an option ({letters}) in quotes, for example {code}; "
                 "you gave {given}.", letters=i18n.comma().join(letters),
                 code=i18n.code(f'answer = "{letters[1]}"'),
                 given=i18n.code(repr(answer.strip())))
    if kind == "order" and isinstance(answer, list | tuple) and \
            len(answer) == len(question["options"]) and \
            all(isinstance(item, str) for item in answer) and \
            any(item.strip().upper() not in question["options"] for item in answer):
        letters = [item.strip().upper() if item.strip().upper() in question["options"]
                   else prompts.option_for(question_id, item) for item in answer]
        if None not in letters and len(set(letters)) == len(letters):
            shown = ", ".join(f'"{shown_letter(letter)}"' for letter in letters)
            return _("Use the options' letters: {code}", code=i18n.code(f"answer = [{shown}]"))
    text = str(exc)
    return text[0].upper() + text[1:]


def _labels() -> dict[str, tuple[str, str]]:
    """Each label of the course's tables, by its :func:`name_key`: (column, label)."""
    from .data import category_labels

    return {name_key(label): (column, label)
            for column, values in category_labels().items() for label in values}


def _as_label(answer):
    """A table label written another way (``"friendly-kabul"``, ``"Friendly Kabul"``) as the
    table writes it; anything else unchanged."""
    if isinstance(answer, str) and answer.strip():
        return _labels().get(name_key(answer), (None, answer))[1]
    return answer


def _misspelt_label(answer) -> str | None:
    """For a word that is not a label of the course's tables but close to one
    (``"freindly_kabul"``), the "did you mean"; None otherwise."""
    if not isinstance(answer, str) or not answer.strip():
        return None
    labels = _labels()
    typed = name_key(answer)
    if typed in labels:
        return None
    close = difflib.get_close_matches(typed, list(labels), n=1, cutoff=0.8)
    if not close:
        return None
    column, label = labels[close[0]]
    # Translators: {column} is the name of a column of the course's tables ("era"), as code.
    return _('There is no {column} called "{answer}" in the course\'s tables. Did you mean '
             '"{label}"?', column=i18n.code(column), answer=i18n.code(answer.strip()),
             label=i18n.code(label))


class Feedback:
    """Feedback shown in a notebook: wrapped HTML, with the same words as plain text."""

    def __init__(self, result: bool | None, message: str, extra: str = ""):
        self.result, self.message, self.extra = result, message, extra

    def plain(self) -> str:
        text = f"{MARKS[self.result]} {i18n.line(self.message)}"
        return text + (f"\n{i18n.line(self.extra)}" if self.extra else "")

    def html(self) -> str:
        word, _sep, rest = self.message.partition(". ")
        body = (f"<strong>{MARKS[self.result]} {html.escape(word)}.</strong> "
                f"{html.escape(rest)}" if rest else
                f"<strong>{MARKS[self.result]} {html.escape(self.message)}</strong>")
        extra = f"<br>{html.escape(self.extra)}" if self.extra else ""
        return (f'<div class="course-feedback" role="status"{i18n.html_attributes()}><p>{body}'
                f'{extra}</p></div>')

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
    Running score: 0 of 1 right (0 answered).
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
    """Show the score for one notebook's exercises, which items are not done yet and why, and how
    each objective stands (with its name).

    >>> results.forget()  # as after a kernel restart
    >>> score_summary("00")  # doctest: +NORMALIZE_WHITESPACE
    No answer cell of notebook 00 has run since the kernel started, so there is nothing to count
    yet. If you answered before a restart, your answers are still in the cells above: choose Run >
    Run All Cells, and this summary will count them.
    >>> check("q00_example", ...)
    ✎ Not answered yet. Replace ... with your answer and run the cell again.
    >>> score_summary("00")  # doctest: +NORMALIZE_WHITESPACE
    Score for notebook 00: 0 of 1 right (0 answered).
      Not answered yet (the cell still says answer = ...): the worked exercise.
      No answers yet for O0.3.
    >>> _ = results.record("q00_example", "?", True, "Correct.")  # as check() records it
    >>> score_summary("00")
    Score for notebook 00: 1 of 1 right (1 answered).
      O0.3 (state the series' guiding question and name its three eras): 1 of 1 right so far.
    """
    if results.GRADED:  # the grader judges and sums up; a graded run has no bank to read
        return
    lines = results.summary_lines(notebook)
    markup = (f'<div class="course-summary" role="status"{i18n.html_attributes()}><p><strong>'
              f"{html.escape(lines[0])}</strong></p>")
    if len(lines) > 1:
        markup += "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:]) + "</ul>"
    show("\n".join([i18n.line(lines[0]), *("  " + i18n.line(line) for line in lines[1:])]),
         markup + "</div>")
