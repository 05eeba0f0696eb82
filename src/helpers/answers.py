"""Reading answers: what a student typed or computed, turned into the forms the bank can match.

A number as people write it around the world (``10,476``, ``10.476``, ``10 476``, ``105,5``), a
letter, an order of letters, a word. Whatever a student passes (a number as text, a list, a table
column) is either read or refused with :class:`AnswerFormError`, whose message says in plain words
what form the question wants; nothing here raises anything else.
"""

from __future__ import annotations

import math
import re

_MAX_SHOWN = 40


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
_ABOUT = re.compile(r"^(about|around|approximately|approx\.?|roughly|ca?\.|~|\u2248)\s*")
_GROUPING = re.compile(r"(?<=\d)[\s'\u2019\u00a0\u2009\u202f\u2007_](?=\d)")
_PLAIN_EXAMPLE = {True: "10476", False: "105.5"}


def read_number(text: str, whole: bool) -> tuple[float, str]:
    """Read a number as people write it around the world: (value, how it was read).

    Thousands may be grouped with a comma, a dot, an apostrophe or a space (also thin and
    no-break spaces); the decimal mark may be a dot or a comma. One separator followed by
    exactly three digits ("10.476", "10,476") is the course's one ambiguous form, read by one
    rule in every notebook (DECISIONS, "Student path"):

    - when the question's answer is a whole number, it separates thousands: 10476;
    - when the answer has decimals, a dot is the decimal point (10.476, and the note says so,
      in case thousands were meant), and a comma is too ambiguous to read: the student is asked
      for the plain number.

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
    >>> read_number("10.476", False)
    (10.476, 'I read 10.476 with the dot as a decimal point; if you meant 10476, write 10476.')
    >>> read_number("1,234", False)
    Traceback (most recent call last):
    ...
    helpers.answers.AnswerFormError: I cannot tell whether 1,234 means 1234 or 1.234. Write the \
number without separators, with a dot for decimals: for example 1234 or 1.234.
    """
    original = " ".join(str(text).split())
    cleaned = text.strip().lower().replace("\u2212", "-")
    cleaned = _UNITS.sub("", _ABOUT.sub("", cleaned.rstrip("?! ")))
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
        plain, decimal = before + after, before + "." + after
        if len(after) == 3 and 1 <= len(digits_before) <= 3 and digits_before != "0":
            if whole:
                cleaned = plain
            elif commas:
                raise AnswerFormError(
                    f"I cannot tell whether {original} means {plain} or {decimal}. Write the "
                    f"number without separators, with a dot for decimals: for example {plain} "
                    f"or {decimal}.")
            else:
                return float(decimal), (f"I read {original} with the dot as a decimal point; "
                                        f"if you meant {plain}, write {plain}.")
        else:
            cleaned = decimal
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
        if isinstance(value, pd.Series) and value.index.nunique() == 1 and len(value) > 1:
            label, name = value.index[0], value.index.name or "label"
            raise AnswerFormError(
                f"your answer has {len(value)} values, all labelled {label}: the table has "
                f"{len(value)} rows for {label}. Keep the one the question asks for first, for "
                f'example the first: table.drop_duplicates("{name}", keep="first").')
        labels = ", ".join(str(v) for v in list(value.index if isinstance(value, pd.Series)
                                                 else range(len(value)))[:4])
        more = ", ..." if len(value) > 4 else ""
        raise AnswerFormError(
            f"your answer is a column of {len(value)} values (labelled {labels}{more}), but this "
            "question wants one value. Pick one with .loc[label] (for example "
            "column.loc[1985] for the row labelled 1985), or combine them with .sum(), .max() "
            "or .min() if the question asks for a total or an extreme.")
    return value


def as_number(value, question: dict) -> tuple[float, str]:
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
    integers = isinstance(value, tuple) and len(value) > 1 and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value)
    if integers and len(value) == 2 and 0 <= value[1] <= 99:
        # answer = 105,5 makes the tuple (105, 5): a decimal comma (Python refuses 105,05)
        number = float(f"{value[0]}.{value[1]}")
        return number, f"I read {value[0]},{value[1]} as {number:.15g}; write decimals with a dot."
    if integers and all(100 <= v <= 999 or v == 0 for v in value[1:]) and \
            1 <= abs(value[0]) <= 999:
        # answer = 10,476 makes the tuple (10, 476): a comma that grouped thousands (a later
        # group below 100 cannot come from typing three digits, except 000); for an answer with
        # decimals the same rule as for the text "10,476" applies: too ambiguous to read
        text = ",".join(f"{v:03d}" if i else str(v) for i, v in enumerate(value))
        number, _ = read_number(text, whole)
        return number, f"I read {text} as {number:.15g}; write numbers without commas."
    if isinstance(value, tuple | list | set | dict):
        raise AnswerFormError(f"this question wants one number, like {_PLAIN_EXAMPLE[whole]}; "
                              f"you gave {_described(value)}.")
    if isinstance(value, str):
        return read_number(value, whole)
    if isinstance(value, float) and math.isfinite(value) and value != int(value):
        decimals = repr(value).partition(".")[2]
        if len(decimals) == 3 and abs(value) < 1000:  # answer = 10.476: the rule of read_number
            return read_number(repr(value), whole)
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


def as_letter(value, options: list[str]) -> str:
    """One of ``options``, in capitals, from ``"b"``, ``" B) "``, ``"option B"`` and the like.

    >>> as_letter(" b) ", ["A", "B"]), as_letter("Option B", ["A", "B"])
    ('B', 'B')
    """
    if isinstance(value, list | tuple) and len(value) == 1 and isinstance(value[0], str) and \
            value[0].strip().upper() in options:
        raise AnswerFormError(f"answer with the letter alone, without brackets: "
                              f'answer = "{value[0].strip().upper()}".')
    if not isinstance(value, str):
        raise AnswerFormError(f"answer with one letter in quotes, one of {', '.join(options)}; "
                              f"you gave {_described(value)}.")
    said = re.fullmatch(r"(?:option|answer|letter)?\s*[(\[]?\s*([a-z])\s*[.)\]]?",
                        value.strip(), re.I)
    letter = said.group(1).upper() if said else value.strip()
    if letter not in options:
        raise AnswerFormError(f"answer with one of the letters {', '.join(options)}; "
                              f"you gave {_shown(value)}.")
    return letter


def as_order(value, options: list[str]) -> list[str]:
    """Each of ``options`` once, in the order given: a list, or a string such as ``"CAB"``.

    >>> as_order("c, a, b", ["A", "B", "C"])
    ['C', 'A', 'B']
    """
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


def as_text(value) -> str:
    """A word or name without case, punctuation or extra spaces.

    >>> as_text("  Kabul! ")
    'kabul'
    """
    if not isinstance(value, str):
        raise AnswerFormError(f"this question wants a word or a name in quotes; you gave "
                              f"{_described(value)}.")
    return " ".join(re.sub(r"[^\w\s-]", " ", value.casefold()).split())


def number_forms(question: dict, number: float) -> list[str]:
    """The number in steps of the question, and (unless exact) its two neighbours.

    >>> number_forms({"step": 10}, 1484), number_forms({"step": 1, "exact": True}, 1996)
    (['148', '147', '149'], ['1996'])
    """
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
        return number_forms(question, as_number(value, question)[0])
    if kind == "choice":
        return [as_letter(value, question["options"])]
    if kind == "order":
        return [",".join(as_order(value, question["options"]))]
    return [as_text(value)]

