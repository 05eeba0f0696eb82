"""The language the helpers speak, and where their words come from: gettext catalogs in ``locale/``.

One job: translation at display time. The English notebooks are the source; the Russian and Dari
editions (``notebooks/ru/``, ``notebooks/fa/``) run the very same code cells, and their
``helpers.py`` sets the language with :func:`use` (no cell does). Everything a student *reads*
is then looked up in the catalogs compiled from ``locale/<lang>/LC_MESSAGES/<domain>.po``:

- ``helpers``: the helpers' own messages, marked in the code as ``_("...")`` (with named
  placeholders, ``_("{n} rows", n=3)``), ``n_(singular, plural, n)`` and ``N_("...")`` for a
  constant translated where it is shown;
- ``figures``: titles, axis labels, captions and alt text that notebooks pass to the plotting
  helpers (:func:`figure_text`; an f-string in a notebook is matched as a pattern);
- ``data``: the text columns students read (:func:`data_text`, :func:`translated_table`, and the
  rule in ``locale/columns.json``), column headers and the excerpts' translations;
- ``notebooks``: the Markdown cells (used by ``python -m course translate build``, not here).

English needs no catalog: every lookup returns its argument. A string with no translation yet
also comes back in English (``python -m course translate check`` is what refuses to ship one).
The compiled ``.mo`` files are read with the standard library's :mod:`gettext`, once per
language and domain (about a millisecond each), so a lookup is a dictionary access.

Numbers and scripts: :func:`number` writes a number as the edition's readers write it (Russian
``10 476,5`` with a no-break space, as CLDR's ``ru`` locale; Dari ``۱۰٬۴۷۶٫۵`` with Persian digits,
U+066C and U+066B), :func:`isolate` keeps Latin runs (names, ISO dates) in the right order inside
right-to-left text, and :func:`html_attributes` gives the ``lang``/``dir`` of every HTML output.

>>> use("en"); _("Showing {shown} of {total} rows.", shown=60, total=102)
'Showing 60 of 102 rows.'
>>> n_("{n} event", "{n} events", 1), n_("{n} event", "{n} events", 2)
('1 event', '2 events')
>>> with speaking("fa"):
...     number(10476.5), html_attributes()
('۱۰٬۴۷۶٫۵', ' lang="fa-AF" dir="rtl"')
>>> with speaking("ru"):
...     number(10476.5, 1)
'10\\xa0476,5'
"""

from __future__ import annotations

import gettext
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Language:
    """One language of the course: its code (folder names), BCP 47 tag (``lang``), direction,
    name in itself, and how its readers write numbers."""

    code: str
    tag: str
    direction: str
    name: str
    decimal: str
    group: str
    digits: str  # the ten digits 0-9 in the language's script


LANGUAGES = {
    "en": Language("en", "en", "ltr", "English", ".", ",", "0123456789"),
    # CLDR ru: decimal comma, U+00A0 grouping (Babel and ICU agree)
    "ru": Language("ru", "ru", "ltr", "Русский", ",", "\u00a0", "0123456789"),
    # Dari as Afghan sources write it: Persian digits (U+06F0-U+06F9), U+066B and U+066C
    "fa": Language("fa", "fa-AF", "rtl", "دری", "\u066b", "\u066c", "۰۱۲۳۴۵۶۷۸۹"),
}
"""The course's languages; ``fa`` is the folder code, and the edition is Dari (``fa-AF``)."""
EDITIONS = ("ru", "fa")
"""The languages with an edition of the notebooks (``notebooks/<code>/``)."""
ENV = "COURSE_LANGUAGE"
"""An environment variable that sets the starting language (the tests use it); an edition's
``helpers.py`` calls :func:`use` instead."""
LOCALE = Path(__file__).resolve().parents[2] / "locale"
DOMAINS = ("notebooks", "helpers", "data", "figures")
PATTERN = "pattern"
"""The context of a ``figures`` entry that is an f-string's pattern (``{expression}`` parts)."""

_current = os.environ.get(ENV, "en") if os.environ.get(ENV, "en") in LANGUAGES else "en"


def language() -> str:
    """The code of the language the helpers speak now (``"en"``, ``"ru"`` or ``"fa"``).

    >>> language() in LANGUAGES
    True
    """
    return _current


def use(code: str) -> None:
    """Speak ``code`` from now on (an edition's ``helpers.py`` calls this once).

    Raises:
        ValueError: ``code`` is not one of :data:`LANGUAGES`.
    """
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"no language {code!r}; the course's languages are "
                         f"{', '.join(LANGUAGES)}")
    _current = code


@contextmanager
def speaking(code: str):
    """Speak ``code`` inside the block, then the language before it (tests, doctests, tools)."""
    before = language()
    use(code)
    try:
        yield
    finally:
        use(before)


def current() -> Language:
    """The :class:`Language` spoken now."""
    return LANGUAGES[_current]


# --- catalogs ----------------------------------------------------------------------------------

@cache
def catalog(code: str, domain: str) -> gettext.NullTranslations:
    """The compiled catalog of ``domain`` in language ``code`` (an empty one if there is none).

    >>> catalog("en", "helpers").gettext("Year")
    'Year'
    """
    path = LOCALE / code / "LC_MESSAGES" / f"{domain}.mo"
    if code == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        return gettext.GNUTranslations(f)


def translate(domain: str, message: str, context: str | None = None) -> str:
    """``message`` in the current language (its English self when untranslated).

    >>> translate("figures", "Afghanistan and its neighbours")
    'Afghanistan and its neighbours'
    """
    if _current == "en" or not isinstance(message, str) or not message:
        return message
    found = catalog(_current, domain)
    return found.pgettext(context, message) if context else found.gettext(message)


def _(message: str, **values) -> str:
    """A helper's message in the current language, with ``{name}`` placeholders filled in.

    Mark every message a student reads this way; ``python -m course translate extract`` finds
    the calls (``xgettext --keyword=_``). Placeholders are named, so a translation may reorder
    them, and ``msgfmt --check`` (python-brace-format) refuses a translation that drops one.
    """
    text = translate("helpers", message)
    return text.format(**values) if values else text


def p_(context: str, message: str, **values) -> str:
    """A helper's message with a context, for words that translate differently by use
    (``p_("day", "December")``: Russian «декабря» after a day, «декабрь» alone).

    >>> p_("day", "December")
    'December'
    """
    text = message if _current == "en" else translate("helpers", message, context)
    return text.format(**values) if values else text


def n_(singular: str, plural: str, n: int, **values) -> str:
    """A message with a count: the form the language needs for ``n`` (Russian has three), with
    ``{n}`` and the other placeholders filled in.

    >>> n_("{n} place", "{n} places", 3)
    '3 places'
    """
    if _current == "en":
        text = singular if n == 1 else plural
    else:
        text = catalog(_current, "helpers").ngettext(singular, plural, n)
    return text.format(n=number(n), **values)


def N_(message: str) -> str:
    """Mark a constant for extraction without translating it (translate it where it is shown,
    with ``_(CONSTANT)``): module-level constants exist before any language is chosen."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a constant with its context for extraction without translating it (translate it
    where it is shown, with ``p_(context, CONSTANT)``), as :func:`N_` does for ``_``.

    >>> NP_("day", "December")
    'December'
    """
    return message


# --- figures -----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]+\}")


@cache
def _patterns(code: str) -> list[tuple[re.Pattern, str, list[str]]]:
    """The f-string patterns of the ``figures`` catalog: (regex, translation, placeholders)."""
    found = catalog(code, "figures")
    entries = getattr(found, "_catalog", {})  # GNUTranslations keeps "context\x04msgid" keys
    patterns = []
    for key, translation in entries.items():
        if not (isinstance(key, str) and key.startswith(PATTERN + "\x04")):
            continue
        english = key.split("\x04", 1)[1]
        names = _PLACEHOLDER.findall(english)
        parts = _PLACEHOLDER.split(english)
        regex = "(.+?)".join(re.escape(p) for p in parts)
        patterns.append((re.compile(regex + r"\Z", re.S), translation, names))
    return patterns


def figure_text(text):
    """A title, label, caption or alt text a notebook passed to a figure helper, translated.

    An exact entry of the ``figures`` catalog first; then the patterns of f-strings, whose
    ``{expression}`` parts take the values of this run; then the text unchanged. Anything that is
    not a non-empty string (None, a number) comes back as it is.

    >>> figure_text("Year"), figure_text(None)
    ('Year', None)
    """
    if _current == "en" or not isinstance(text, str) or not text:
        return text
    found = translate("figures", text)
    if found != text:
        return isolate(found)
    for regex, translation, names in _patterns(_current):
        match = regex.match(text)
        if match:
            values = {name: _shown_number(value)
                      for name, value in zip(names, match.groups(), strict=True)}
            return isolate(_PLACEHOLDER.sub(lambda m, v=values: v.get(m.group(0), m.group(0)),
                                            translation))
    return text


def _shown_number(value: str) -> str:
    """A value an f-string put into a figure's text, written as the language writes numbers
    in a sentence when it is a plain number (the edition's digits and decimal mark; no grouping,
    since it may be a year); anything else unchanged.

    >>> with speaking("fa"):
    ...     _shown_number("36"), _shown_number("2.5"), _shown_number("gg_1838")
    ('۳۶', '۲٫۵', 'gg_1838')
    >>> with speaking("ru"):
    ...     _shown_number("2.5")
    '2,5'
    """
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return value
    return digits(value.replace(".", current().decimal))


def figure_texts(**texts):
    """:func:`figure_text` over a plotting call's keyword arguments, by their shape: strings
    (``title``, ``caption``, ``alt``, ``xlabel``, ...), ``labels`` and ``marks`` (dict values),
    ``routes`` (dict keys, the legend's names) and ``spans`` (the text of each span).

    >>> figure_texts(title="A", labels={"col": "B"}, spans=[(1, 2, "C")], caption=None)
    {'title': 'A', 'labels': {'col': 'B'}, 'spans': [(1, 2, 'C')], 'caption': None}
    """
    out = {}
    for name, value in texts.items():
        if name in ("labels", "marks") and isinstance(value, dict):
            value = {k: figure_text(v) for k, v in value.items()}
        elif name == "routes" and isinstance(value, dict):
            value = {figure_text(k): v for k, v in value.items()}
        elif name == "spans" and isinstance(value, list | tuple):
            value = [tuple(figure_text(x) if isinstance(x, str) else x for x in span)
                     for span in value]
        else:
            value = figure_text(value)
        out[name] = value
    return out


# --- data --------------------------------------------------------------------------------------

@cache
def columns() -> dict[str, dict[str, str]]:
    """``locale/columns.json``: for each table, its columns whose text is translated, and how.

    ``"text"``: a free-text column that code only reads; :func:`load_table` in an edition
    returns it translated (``print(events.loc[i, "description"])`` prints Dari). ``"display"``:
    text that code may also match on (``actors.str.contains("Russia")``): kept in English in the
    DataFrame, translated only where a table is shown. Every other column (ids, codes, numbers,
    dates, citations) is never translated.
    """
    path = LOCALE / "columns.json"
    if not path.is_file():
        return {}
    return {table: dict(kinds) for table, kinds in
            json.loads(path.read_text(encoding="utf-8")).items() if not table.startswith("_")}


def data_context(table: str, column: str) -> str:
    """The catalog context of a data column's text: ``"events.title"``."""
    return f"{table}.{column}"


def data_text(table: str, column: str, value):
    """One cell of a translated column in the current language (anything else unchanged).

    >>> data_text("events", "title", "Panjdeh incident")
    'Panjdeh incident'
    """
    if _current == "en" or not isinstance(value, str) or not value:
        return value
    return translate("data", value, data_context(table, column))


@cache
def _by_column(code: str) -> dict[str, dict[str, str]]:
    """column name -> {English: translation}, over every table that has the column (for a
    table shown after a join or a concat, whose source table is not known)."""
    entries = getattr(catalog(code, "data"), "_catalog", {})
    out: dict[str, dict[str, str]] = {}
    for key, translation in entries.items():
        if isinstance(key, str) and "\x04" in key:
            context, english = key.split("\x04", 1)
            table, _sep, column = context.partition(".")
            if column and table in columns():
                out.setdefault(column, {}).setdefault(english, translation)
    return out


def shown_text(column: str, value, table: str | None = None):
    """A cell as a table shows it: translated when its column is translated in ``table`` (or,
    with no table known, in any table with a column of that name)."""
    if _current == "en" or not isinstance(value, str) or not value:
        return value
    if table and column in columns().get(table, {}):
        return data_text(table, column, value)
    return _by_column(_current).get(column, {}).get(value, value)


def translated_columns(table: str | None, kinds=("text", "display")) -> set[str]:
    """The columns of ``table`` (of any table when None) translated as ``kinds``."""
    tables = [columns().get(table, {})] if table else list(columns().values())
    return {c for t in tables for c, kind in t.items() if kind in kinds}


def header(column: str, table: str | None = None) -> str:
    """A column's name as a table header shows it (the DataFrame keeps the English name)."""
    if _current == "en" or not isinstance(column, str):
        return column
    text = translate("data", column, f"{table}:columns") if table else column
    if text == column:
        text = translate("data", column, "columns")
    return text


def translated_table(frame, table: str):
    """A loaded table with its ``"text"`` columns in the current language; ids, codes and every
    other column unchanged. Remembers the table's name in ``frame.attrs["table"]`` for display."""
    frame.attrs["table"] = table
    if _current == "en":
        return frame
    for column in translated_columns(table, ("text",)):
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, c=column: data_text(table, c, v))
            frame[column] = frame[column].astype("string")
    return frame


def load_table(name: str):
    """``helpers.data.load_table`` for a notebook: in an edition, the free-text columns come back
    in the edition's language (``locale/columns.json`` says which); ids, codes, numbers, dates
    and column names never change, so every cell computes the same in every edition.

    >>> load_table("events").attrs["table"]
    'events'
    """
    from .data import load_table as english
    from .data import table_names

    frame = english(name).copy()
    canonical = next((t for t in table_names() if t.lower() == str(name).strip().lower()), name)
    return translated_table(frame, canonical)


# --- numbers and scripts -----------------------------------------------------------------------

def digits(text: str) -> str:
    """``text`` with the ASCII digits written in the current language's digits.

    >>> with speaking("fa"):
    ...     digits("1358")
    '۱۳۵۸'
    """
    table = current().digits
    if table == "0123456789":
        return text
    return str(text).translate(str.maketrans("0123456789", table))


def number(value, decimals: int | None = None, group: bool = True) -> str:
    """A number as the current language's readers write it; ``decimals`` None: as few as needed
    (a whole number has none); ``group`` False for years.

    >>> number(10476), number(105.5), number(1979, group=False)
    ('10,476', '105.5', '1979')
    """
    value = float(value)
    if decimals is None:
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.15g}"
        if "e" in text:
            text = f"{value:,}"
    else:
        text = f"{value:,.{decimals}f}"
    if not group:
        text = text.replace(",", "")
    lang = current()
    text = text.replace(",", "\0").replace(".", lang.decimal).replace("\0", lang.group)
    return digits(text)


_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,:;'’/+%&\-–]*[A-Za-z0-9]|[A-Za-z0-9]")
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def isolate(text: str) -> str:
    """In right-to-left text, each Latin run (a name, an ISO date, a number in ASCII digits) in
    a left-to-right isolate (U+2066 ... U+2069), so that the bidirectional algorithm keeps it in
    order ("(27 December 1979)" would otherwise show as "(December 1979 27)"). Unchanged in a
    left-to-right language.

    >>> with speaking("fa"):
    ...     isolate("تجاوز (27 December 1979)") == "تجاوز (\\u206627 December 1979\\u2069)"
    True
    """
    if current().direction != "rtl" or not isinstance(text, str):
        return text
    return _LATIN_RUN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", text)


def code(text) -> str:
    """Code or an id quoted in a message (``answer = "C"``, ``kushka``), as the reader must type
    it: in a right-to-left language inside a left-to-right isolate (U+2066 ... U+2069), so that it
    reads in order inside the sentence; unchanged in a left-to-right language.

    >>> code('answer = "C"')
    'answer = "C"'
    >>> with speaking("fa"):
    ...     code('answer = "C"') == '\u2066answer = "C"\u2069'
    True
    """
    text = str(text)
    return f"{LRI}{text}{PDI}" if current().direction == "rtl" else text


def embedded(text) -> str:
    """A work cited or a title inside a sentence: in a right-to-left language inside a
    first-strong isolate (U+2068 ... U+2069), so that it keeps its own direction (a Latin
    citation left to right with its brackets and full stop, a Persian title right to left) and
    the sentence around it keeps the language's; unchanged in a left-to-right language.

    >>> embedded("Lee, Afghanistan (2018).")
    'Lee, Afghanistan (2018).'
    >>> with speaking("fa"):
    ...     embedded("Lee (2018).") == "\u2068Lee (2018).\u2069"
    True
    """
    text = str(text)
    return f"{FSI}{text}{PDI}" if current().direction == "rtl" else text


def line(text: str) -> str:
    """A message shown as plain text (a slip, the text copy of feedback): in a right-to-left
    language inside a right-to-left isolate (U+2067 ... U+2069), so that an output area that runs
    left to right (a traceback's, a terminal) still orders the sentence; unchanged otherwise.

    >>> line("Correct.")
    'Correct.'
    >>> with speaking("fa"):
    ...     line("درست") == "\u2067درست\u2069"
    True
    """
    return f"{RLI}{text}{PDI}" if current().direction == "rtl" and text else text


def listed(words) -> str:
    """Words as one phrase in the current language: 'a', 'a and b', 'a, b and c'.

    >>> listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    words = [str(w) for w in words]
    if len(words) < 2:
        return "".join(words)
    # Translators: the end of a list: {items} is "a, b" (the language's commas), {last} is "c".
    return _("{items} and {last}", items=comma().join(words[:-1]), last=words[-1])


def comma() -> str:
    """The separator of a list in the current language ("، " in Dari, ", " otherwise).

    >>> comma()
    ', '
    """
    return "\u060c " if current().code == "fa" else ", "


def reload() -> None:
    """Forget the catalogs read so far (after ``python -m course sync`` compiled new ones)."""
    for cached in (catalog, _patterns, _by_column, columns):
        cached.cache_clear()


def html_attributes() -> str:
    """The ``lang`` and ``dir`` attributes of an HTML output in the current language ('' in
    English, whose outputs inherit the notebook's).

    >>> html_attributes()
    ''
    """
    lang = current()
    if lang.code == "en":
        return ""
    return f' lang="{lang.tag}"' + (' dir="rtl"' if lang.direction == "rtl" else "")


def start_side() -> str:
    """Where text starts in the current language: ``"left"``, or ``"right"`` (right to left).

    JupyterLab's sanitizer keeps ``text-align: left/right`` in stored outputs; ``start`` is not
    on its list, so outputs name the side.
    """
    return "right" if current().direction == "rtl" else "left"
