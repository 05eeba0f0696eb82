"""Exercise feedback: ``check(question_id, answer)`` says at once if an answer is right, and why.

Answers are not stored in readable form. ``quiz_bank.json`` holds, per question, a SHA-256 digest
of the normalised right answer, and feedback texts encrypted with a key that only the answer they
belong to produces. The bank is built from the answer key in ``docs/teacher_guide.md`` by
``scripts/build_quiz_bank.py``; the guide is the one place where the answers are written out.

Whatever a student passes (a number as text, ``None``, a list, ``...``) gets a message, never a
traceback.

>>> check("q00_example", ...)
q00_example: not answered yet. Replace ... with your answer and run the cell again.
>>> check("q00_example", None)
q00_example: your answer is None. Put your answer after `answer =`, e.g. answer = "B".
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import math
import re
from functools import cache
from importlib import resources

KINDS = ("choice", "number", "order", "text")
_RESULTS: dict[str, bool] = {}
_MAX_SHOWN = 40


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
    """The current id of an exercise (following an alias), or None if there is no such id.

    >>> resolve("q00_example")
    'q00_example'
    >>> resolve("no_such_exercise") is None
    True
    """
    if not isinstance(question_id, str):
        return None
    if question_id in bank():
        return question_id
    return aliases().get(question_id)


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


def _as_number(value) -> float:
    if type(value).__name__ in ("bool", "bool_"):  # Python or numpy booleans
        raise AnswerFormError(f"this question wants a number, not {value}.")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise AnswerFormError("that number is far too large; check your calculation.") from None
    elif isinstance(value, str):
        text = value.strip().lower()
        if re.fullmatch(r"-?\d+,\d{1,2}(?!\d)\D*", text):  # a decimal comma: "105,5" is 105.5
            text = text.replace(",", ".")
        cleaned = re.sub(r"[,_\s]", "", text)
        cleaned = re.sub(r"(km|kilometres|kilometers|ha|hectares|%|percent)$", "", cleaned)
        try:
            number = float(cleaned)
        except ValueError:
            raise AnswerFormError(f"this question wants a number, like 1234; you gave the text "
                                  f"{_shown(value)}.") from None
    else:
        try:
            number = float(value)  # numpy and pandas scalars
        except (TypeError, ValueError, OverflowError):
            raise AnswerFormError(f"this question wants one number; you gave "
                                  f"{type(value).__name__} {_shown(value)}.") from None
    if not math.isfinite(number):
        raise AnswerFormError(f"{number} is not a usable number; check your calculation.")
    return number


def _as_letter(value, options: list[str]) -> str:
    if not isinstance(value, str):
        raise AnswerFormError(f"answer with one letter in quotes, one of {', '.join(options)}; "
                              f"you gave {type(value).__name__} {_shown(value)}.")
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
                              f"{type(value).__name__} {_shown(value)}.")
    items = [i.strip().upper() for i in items]
    if sorted(items) != sorted(options):
        raise AnswerFormError(f"use each of the letters {', '.join(options)} exactly once; "
                              f"you gave {_shown(value)}.")
    return items


def _as_text(value) -> str:
    if not isinstance(value, str):
        raise AnswerFormError(f"this question wants a word or a name in quotes; you gave "
                              f"{type(value).__name__} {_shown(value)}.")
    return " ".join(re.sub(r"[^\w\s-]", " ", value.casefold()).split())


def normalise(question: dict, value) -> list[str]:
    """The normalised forms of an answer that may match the key (several for numbers).

    >>> normalise({"kind": "number", "step": 10}, "1,484")
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
        k = round(_as_number(value) / question["step"])
        return [str(k)] if question.get("exact") else [str(k), str(k - 1), str(k + 1)]
    if kind == "choice":
        return [_as_letter(value, question["options"])]
    if kind == "order":
        return [",".join(_as_order(value, question["options"]))]
    return [_as_text(value)]


# --- feedback ----------------------------------------------------------------------------------

def _find_question(question_id) -> dict | None:
    questions = bank()
    if resolve(question_id) is not None:
        return questions[resolve(question_id)]
    name = question_id if isinstance(question_id, str) else ""
    close = difflib.get_close_matches(name[:100], list(questions), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    print(f"There is no exercise {_shown(question_id)}.{hint}")
    return None


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


def feedback(question_id: str, answer) -> tuple[bool | None, str]:
    """Judge one answer: (True, why) if right, (False, why not) if wrong, (None, msg) if unusable.

    >>> feedback("q00_example", 42)[0] is None
    True
    >>> feedback("no_such_exercise", "A")
    (None, "There is no exercise 'no_such_exercise'.")
    """
    current = resolve(question_id)
    if current is None:
        return None, f"There is no exercise {_shown(question_id)}."
    question = bank()[current]
    if answer is ...:
        return None, (f"{question_id}: not answered yet. Replace ... with your answer "
                      "and run the cell again.")
    if answer is None:
        example = {"choice": '"B"', "number": "1234", "order": '["C", "A", "B"]',
                   "text": '"Kabul"'}[question["kind"]]
        return None, (f"{question_id}: your answer is None. Put your answer after "
                      f"`answer =`, e.g. answer = {example}.")
    try:
        forms = normalise(question, answer)
    except AnswerFormError as exc:
        return None, f"{question_id}: {exc}"
    for form in forms:
        key = digest(current, form)
        if key in question["answers"]:
            why = unseal(current, form, question["feedback"][key])
            return True, f"{question_id}: Correct. {why}"
    for form in forms[:1]:
        sealed = question["feedback"].get(digest(current, form))
        if sealed:
            why = unseal(current, form, sealed)
            return False, f"{question_id}: Not quite. {why} {_pointer(question)}"
    lead = "Not quite."
    if question["kind"] == "order":
        lead += " " + _order_progress(current, question, forms[0])
    return False, f"{question_id}: {lead} {question['hint']} {_pointer(question)}"


def check(question_id, answer) -> None:
    """Print feedback on ``answer`` to exercise ``question_id`` and record the result.

    Args:
        question_id: the exercise's id, e.g. ``"q01_panjdeh"``.
        answer: your answer: a letter for multiple choice, a number, a list for an ordering.

    >>> check("q00_example", ["a list"])
    q00_example: answer with one letter in quotes, one of A, B, C, D; you gave list ['a list'].
    """
    judged = _judge_and_record(question_id, answer)
    if judged:
        print(judged[1])


def _judge_and_record(question_id, answer) -> tuple[dict, str] | None:
    """Judge an answer, remember the result, and return (question, message); None if no such
    exercise (a message has been printed)."""
    question = _find_question(question_id)
    if question is None:
        return None
    result, message = feedback(question_id, answer)
    if result is not None:
        _RESULTS[resolve(question_id)] = result  # an old id counts for the exercise it names
    return question, message


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
    """Like :func:`check`, then print the running score of the item's notebook (assessments).

    >>> _RESULTS.clear()
    >>> assess("q00_example", ...)
    q00_example: not answered yet. Replace ... with your answer and run the cell again.
    Running score: 0 of 1 correct (0 answered).
    """
    judged = _judge_and_record(question_id, answer)
    if judged:
        question, message = judged
        print(message + "\n" + running_score(question["notebook"]))  # one print, one chunk


def score_summary(notebook: str) -> None:
    """Print the running score for one notebook's exercises and what to revisit, by objective.

    >>> _RESULTS.clear()
    >>> score_summary("00")
    Score for notebook 00: 0 of 1 exercises answered correctly; 0 answered so far.
      O0.3: not answered yet
    >>> _RESULTS["q00_example"] = True
    >>> score_summary("00")
    Score for notebook 00: 1 of 1 exercises answered correctly; 1 answered so far.
      O0.3: secure
    """
    items = {qid: q for qid, q in bank().items() if q["notebook"] == notebook}
    answered = [qid for qid in items if qid in _RESULTS]
    right = [qid for qid in answered if _RESULTS[qid]]
    lines = [f"Score for notebook {notebook}: {len(right)} of {len(items)} exercises answered "
             f"correctly; {len(answered)} answered so far."]
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
            state = "revisit: " + "; ".join(f"{q} {_pointer(items[q])}" for q in wrong) + later
        else:
            state = "secure" + later
        lines.append(f"  {objective}: {state}")
    print("\n".join(lines))  # one print, so the output arrives as one chunk
