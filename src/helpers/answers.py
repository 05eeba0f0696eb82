"""Reading answers: what a student typed or computed, turned into the forms the bank can match.

A number as people write it around the world (``10,476``, ``10.476``, ``10 476``, ``105,5``), a
letter, an order of letters, a word. Whatever a student passes (a number as text, a list, a table
column) is either read or refused with :class:`AnswerFormError`, whose message says in plain words
what form the question wants; nothing here raises anything else.
"""

from __future__ import annotations

import math
import re

from . import i18n
from .i18n import N_, _

_MAX_SHOWN = 40


class AnswerFormError(ValueError):
    """The answer is not of a form the question can take; the message says what is expected."""


def _shown(value) -> str:
    """A short, safe description of any value for a message (never raises)."""
    try:
        text = repr(value)
    except Exception:  # huge ints, broken __repr__: describe by type only
        return _("(too long to show)")
    text = " ".join(text.split())
    return i18n.code(text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "...")


# Digits and separators of the editions' scripts, read as the ASCII a computer reads: Persian
# (U+06F0-06F9) and Arabic-Indic (U+0660-0669) digits; the Arabic decimal separator U+066B
# is a decimal mark, the Arabic thousands separator U+066C groups thousands.
_SCRIPT_DIGITS = str.maketrans({**{chr(0x06F0 + i): str(i) for i in range(10)},
                                **{chr(0x0660 + i): str(i) for i in range(10)},
                                "\u066b": ".", "\u066c": "\u2009"})


def script_digits(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits and separators in ASCII (a dot for U+066B,
    a thin space, which groups thousands, for U+066C).

    >>> script_digits("۱۰٬۴۷۶٫۵"), script_digits("١٠٤٧٦")
    ('10\u2009476.5', '10476')
    """
    return str(text).translate(_SCRIPT_DIGITS)


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
    cleaned = script_digits(text).strip().lower().replace("\u2212", "-")
    cleaned = _UNITS.sub("", _ABOUT.sub("", cleaned.rstrip("?! ")))
    cleaned = _GROUPING.sub("", cleaned).strip()
    if not re.fullmatch(r"[-+]?(\d+[.,]?)+\d*|[-+]?[.,]\d+", cleaned):
        try:
            number = float(cleaned)  # "1e3", "1.5E2"
        except ValueError:
            raise AnswerFormError(_("this question wants a number, like {example}; you gave "
                                    "the text {text}.", example=i18n.code(_PLAIN_EXAMPLE[whole]),
                                    text=_shown(text))) from None
        return number, ""
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if decimal == "," else ","
        cleaned = cleaned.replace(group, "").replace(decimal, ".")
    elif commas + dots > 1:  # one kind of mark, several times: it groups thousands
        cleaned = cleaned.replace(",", "").replace(".", "")
    elif commas + dots == 1:
        before, _mark, after = cleaned.replace(",", ".").partition(".")
        digits_before = before.lstrip("+-")
        plain, decimal = before + after, before + "." + after
        comma_decimal = commas and i18n.current().decimal == ","  # in Russian "1,234" is 1.234
        if len(after) == 3 and 1 <= len(digits_before) <= 3 and digits_before != "0" \
                and not (comma_decimal and not whole):
            if whole:
                cleaned = plain
            elif commas:
                raise AnswerFormError(_(
                    "I cannot tell whether {typed} means {plain} or {decimal}. Write the number "
                    "without separators, with a dot for decimals: for example {plain} or "
                    "{decimal}.", typed=i18n.code(original), plain=i18n.code(plain),
                    decimal=i18n.code(decimal)))
            else:
                return float(decimal), _("I read {typed} with the dot as a decimal point; if you "
                                         "meant {plain}, write {plain}.",
                                         typed=i18n.code(original), plain=i18n.code(plain))
        else:
            cleaned = decimal
    number = float(cleaned)
    plain = f"{number:.15g}"
    same = plain == original.lstrip("+") or plain == script_digits(original).lstrip("+")
    note = "" if same else _("I read {typed} as {plain}.", typed=i18n.code(original),
                             plain=i18n.code(plain))
    return number, note


def _one_value(value):
    """The single value inside a table, column, list or tuple; AnswerFormError if not one."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        if value.shape == (1, 1):
            return value.iat[0, 0]
        raise AnswerFormError(_(
            "your answer is a table of {rows} rows and {columns} columns, but this question "
            "wants one value. Pick one cell, for example {example}, or one column and then one "
            "row.", rows=value.shape[0], columns=value.shape[1],
            example=i18n.code('table.loc[row, "column"]')))
    if isinstance(value, pd.Series | pd.Index):
        if len(value) == 1 and isinstance(value, pd.Series):  # e.g. one row's column
            return value.array[0]
        if isinstance(value, pd.Series) and value.index.nunique() == 1 and len(value) > 1:
            label, name = value.index[0], value.index.name or "label"
            raise AnswerFormError(_(
                "your answer has {n} values, all labelled {label}: the table has {n} rows for "
                "{label}. Keep only the row the question asks for (to keep the first of them: "
                "{example}).", n=len(value), label=i18n.code(label),
                example=i18n.code(f'table.drop_duplicates("{name}", keep="first")')))
        labels = ", ".join(str(v) for v in list(value.index if isinstance(value, pd.Series)
                                                 else range(len(value)))[:4])
        more = ", ..." if len(value) > 4 else ""
        raise AnswerFormError(_(
            "your answer is a column of {n} values (labelled {labels}), but this question wants "
            "one value. Pick one with {loc} (for example {example} for the row labelled 1985), "
            "or combine them with {sum}, {max} or {min} if the question asks for a total or an "
            "extreme.", n=len(value), labels=i18n.code(labels + more),
            loc=i18n.code(".loc[label]"), example=i18n.code("column.loc[1985]"),
            sum=i18n.code(".sum()"), max=i18n.code(".max()"), min=i18n.code(".min()")))
    return value


def as_number(value, question: dict) -> tuple[float, str]:
    """The number an answer stands for, and a note on how it was read ('' if plainly)."""
    number, note = _read_any_number(value, question)
    if not math.isfinite(number):
        raise AnswerFormError(_unusable(number))
    return number, note


def _unusable(number: float) -> str:
    return _("{number} is not a usable number; check your calculation.",
             number=i18n.code(number))


def _read_any_number(value, question: dict) -> tuple[float, str]:
    whole = bool(question.get("whole"))
    value = _one_value(value)
    note = ""
    if type(value).__name__ in ("bool", "bool_"):  # Python or numpy booleans
        raise AnswerFormError(_("this question wants a number, not {value}.",
                                value=i18n.code(value)))
    integers = isinstance(value, tuple) and len(value) > 1 and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value)
    if integers and len(value) == 2 and 0 <= value[1] <= 99:
        # answer = 105,5 makes the tuple (105, 5): a decimal comma (Python refuses 105,05)
        number = float(f"{value[0]}.{value[1]}")
        return number, _("I read {typed} as {number}; write decimals with a dot.",
                         typed=i18n.code(f"{value[0]},{value[1]}"),
                         number=i18n.code(f"{number:.15g}"))
    if integers and all(100 <= v <= 999 or v == 0 for v in value[1:]) and \
            1 <= abs(value[0]) <= 999:
        # answer = 10,476 makes the tuple (10, 476): a comma that grouped thousands (a later
        # group below 100 cannot come from typing three digits, except 000); for an answer with
        # decimals the same rule as for the text "10,476" applies: too ambiguous to read
        text = ",".join(f"{v:03d}" if i else str(v) for i, v in enumerate(value))
        number = read_number(text, whole)[0]
        return number, _("I read {typed} as {number}; write numbers without commas.",
                         typed=i18n.code(text), number=i18n.code(f"{number:.15g}"))
    if isinstance(value, tuple | list | set | dict):
        raise AnswerFormError(_("this question wants one number, like {example}; you gave "
                                "{given}.", example=i18n.code(_PLAIN_EXAMPLE[whole]),
                                given=_described(value)))
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
            raise AnswerFormError(_("that number is far too large; check your "
                                    "calculation.")) from None
    else:
        try:
            number = float(value)  # numpy and pandas scalars
        except (TypeError, ValueError, OverflowError):
            raise AnswerFormError(_("this question wants one number; you gave {given}.",
                                    given=_described(value))) from None
    if not math.isfinite(number):
        raise AnswerFormError(_unusable(number))
    return number, note


def _described(value) -> str:
    """What a student gave, in words for someone who does not program.

    >>> _described(10.476)
    'the number 10.476'
    >>> _described(["A", "B"])
    "a list ['A', 'B']"
    """
    words = _DESCRIBED.get(type(value))
    if words is None:
        # Translators: {kind} is a Python type's name (e.g. "DataFrame"), {value} the value.
        return _("a {kind} {value}", kind=type(value).__name__, value=_shown(value))
    return _(words, value=_shown(value))


# What a student gave, by its type; {value} is the value as Python writes it
_DESCRIBED = {bool: N_("the yes/no value {value}"), int: N_("the number {value}"),
              float: N_("the number {value}"), str: N_("the text {value}"),
              list: N_("a list {value}"), tuple: N_("several values {value}"),
              set: N_("a set of values {value}"), dict: N_("a dictionary {value}")}


EDITION_LETTERS = {
    "ru": "АБВГДЕЖЗ",  # Cyrillic А Б В Г ...: the options of the Russian edition, in order
    "fa": ("الف", "ب", "ج", "د", "ه", "و", "ز", "ح"),  # the abjad order of Dari option lists
}
"""Option letters of each edition, in order: the n-th is the bank's n-th option (A, B, C ...).
Latin letters are read in every edition."""


def option_letter(token: str, language: str | None = None) -> str:
    """The bank's letter (A, B, ...) for one option letter as the edition writes it; anything
    else comes back as it is, in capitals.

    >>> option_letter("в", "ru"), option_letter("الف", "fa"), option_letter("b", "fa")
    ('C', 'A', 'B')
    >>> option_letter("۳", "fa"), option_letter("В", "en")   # no Cyrillic in the English edition
    ('C', 'В')
    """
    language = language or i18n.language()
    token = token.strip().upper().replace("\u0640", "")  # U+0640 tatweel: "هـ" is "ه"
    letters = EDITION_LETTERS.get(language, ())
    if token in letters:
        return chr(ord("A") + list(letters).index(token))
    digit = script_digits(token)
    if language == "fa" and digit.isdigit() and 1 <= int(digit) <= 8:  # "1)" "۱" "١": option 1
        return chr(ord("A") + int(digit) - 1)
    return token


def shown_letter(letter: str, language: str | None = None) -> str:
    """The edition's own letter for one of the bank's option letters, as its notebooks print
    the options (Russian В for C, Dari ج); the letter itself in English or beyond the list.

    >>> shown_letter("C"), shown_letter("C", "ru"), shown_letter("A", "fa")
    ('C', 'В', 'الف')
    """
    letters = EDITION_LETTERS.get(language or i18n.language(), ())
    index = ord(letter) - ord("A") if len(letter) == 1 else -1
    return letters[index] if 0 <= index < len(letters) else letter


def shown_letters(letters) -> str:
    """Option letters as an edition writes a list of them: "A, B, C" (Dari with its comma)."""
    return i18n.comma().join(shown_letter(letter) for letter in letters)


def _option_tokens(text: str, language: str) -> list[str]:
    """The option letters in an answer such as "ВАБ", "ج، الف، ب" or "c, a, b"."""
    text = text.replace("\u200c", " ").replace("\u0640", "")  # ZWNJ, tatweel
    if language == "fa":
        return re.findall(r"الف|[\u0628\u062c\u062f\u0647\u0648\u0632\u062d]|[A-Za-z]|\d"
                          r"|[\u06f0-\u06f9\u0660-\u0669]", text)
    items = re.findall(r"[A-Za-z0-9\u0400-\u04FF]+", text)
    if len(items) == 1 and len(items[0]) > 1:
        items = list(items[0])
    return items


def as_letter(value, options: list[str]) -> str:
    """One of ``options``, in capitals, from ``"b"``, ``" B) "``, ``"option B"`` and the like;
    in an edition also from its own letters (Russian А Б В Г, Dari الف ب ج د).

    >>> as_letter(" b) ", ["A", "B"]), as_letter("Option B", ["A", "B"])
    ('B', 'B')
    >>> with i18n.speaking("fa"):
    ...     as_letter("ب", ["A", "B"])
    'B'
    """
    if isinstance(value, list | tuple) and len(value) == 1 and isinstance(value[0], str) and \
            value[0].strip().upper() in options:
        letter = shown_letter(value[0].strip().upper())
        raise AnswerFormError(_("answer with the letter alone, without brackets: {code}.",
                                code=i18n.code(f'answer = "{letter}"')))
    if not isinstance(value, str):
        raise AnswerFormError(_("answer with one letter in quotes, one of {letters}; you gave "
                                "{given}.", letters=shown_letters(options),
                                given=_described(value)))
    said = re.fullmatch(r"(?:option|answer|letter)?\s*[(\[]?\s*([a-z])\s*[.)\]]?",
                        value.strip(), re.I)
    letter = said.group(1).upper() if said else option_letter(value.strip().strip(".)(\u066b"))
    if letter not in options:
        raise AnswerFormError(_("answer with one of the letters {letters}; you gave {given}.",
                                letters=shown_letters(options), given=_shown(value)))
    return letter


def as_order(value, options: list[str]) -> list[str]:
    """Each of ``options`` once, in the order given: a list, or a string such as ``"CAB"``.

    >>> as_order("c, a, b", ["A", "B", "C"])
    ['C', 'A', 'B']
    """
    language = i18n.language()
    if isinstance(value, str):
        items = _option_tokens(value, language)
    elif hasattr(value, "__iter__") and not isinstance(value, bytes | bytearray | dict):
        items = [str(v) for v in list(value)[: len(options) + 5]]  # lists, tuples, pd.Index...
    else:
        raise AnswerFormError(_("give the letters in order as a list, e.g. {example}; you gave "
                                "{given}.", example=i18n.code([shown_letter(o) for o in options]),
                                given=_described(value)))
    items = [option_letter(str(i), language) for i in items]
    if sorted(items) != sorted(options):
        raise AnswerFormError(_("use each of the letters {letters} exactly once; you gave "
                                "{given}.", letters=shown_letters(options), given=_shown(value)))
    return items


def as_text(value) -> str:
    """A word or name without case, punctuation or extra spaces.

    >>> as_text("  Kabul! ")
    'kabul'
    """
    if not isinstance(value, str):
        raise AnswerFormError(_("this question wants a word or a name in quotes; you gave "
                                "{given}.", given=_described(value)))
    # Persian and Arabic spellings of the same letters, ZWNJ and tatweel: امان‌الله = امان الله
    value = script_digits(value).translate(_FOLD).casefold().replace("ё", "е")
    return " ".join(re.sub(r"[^\w\s-]", " ", value).split())


_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc",
                       "\u200c": " ", "\u0640": None})


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

