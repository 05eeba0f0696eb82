"""One way to show a table: dates at their precision, text that wraps to fit a laptop screen.

Importing ``helpers`` in a notebook registers :func:`table_html` and :func:`table_text` as
IPython's display for every DataFrame and Series, so each cell that ends with a table shows it
the same way, with no call to remember:

- a date column shows dates without ``00:00:00``, and at the precision the data record
  (``date_precision``: a month-precision date prints as ``1838-10``, a year as ``1838``, not as
  the first day of the month or year);
- long text wraps inside its cell, so a wide table (``moscow_talks``) fits a 1366 x 768 window
  at 100 % zoom with the file browser open (tested in tests/browser);
- an empty cell shows as an empty cell, not ``NaT``, ``NaN`` or ``<NA>``; a list stored as
  ``a;b`` shows as ``a; b``.

The precision travels with the table in ``DataFrame.attrs`` (set by ``load_table``), so a
selection of rows or columns keeps it.

In a language edition (:mod:`helpers.i18n`) a table shows its translated text columns in the
edition's language, each header in that language with the column's real name under it (code
keeps the English names), text aligned to the side the language starts on, and, in Dari, the
Solar Hijri date beside each Gregorian one at the same precision (:mod:`helpers.calendars`).
Numbers stay as the code computes them (ASCII digits, a dot), because students copy them into
code.

>>> import pandas as pd
>>> frame = pd.DataFrame({"date": pd.to_datetime(["1838-10-01", "1885-03-30"]),
...                       "date_precision": ["month", "day"]})
>>> print(table_text(frame))
      date date_precision
0  1838-10          month
1 1885-03-30            day
"""

from __future__ import annotations

import html
import re
import sys
from datetime import date

import pandas as pd

from . import i18n
from .i18n import N_, _

_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_CELL = "text-align:left;vertical-align:top;white-space:normal;overflow-wrap:anywhere;"
_NUMBER = "text-align:right;vertical-align:top;white-space:nowrap;"
_SHORT = "text-align:left;vertical-align:top;white-space:nowrap;"  # dates, codes: never broken
SHORT = 12  # characters: a column whose values are all this short is not wrapped
_TABLE = "border-collapse:collapse;max-width:100%;table-layout:auto;"
MAX_ROWS = 60
FIELD, VALUE, ROW = N_("field"), N_("value"), N_("row")  # headers of a row shown as a table


def attach_precision(frame: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """Remember each row's ``date_precision`` in ``frame.attrs``, keyed by the table's key.

    Args:
        frame: a table as read from its CSV, with its key still a column.
        key: the name of the primary-key column (None: the row number).
    """
    if "date_precision" in frame.columns and "date" in frame.columns:
        keys = frame[key] if key else frame.index
        frame.attrs["date_precision"] = {"key": key, "column": "date",
                                         "by_key": dict(zip(keys, frame["date_precision"],
                                                            strict=True))}
    return frame


def _precisions(frame: pd.DataFrame) -> pd.Series | None:
    """Each row's date precision, if the table (or its source table) records it."""
    if "date_precision" in frame.columns:
        return frame["date_precision"]
    info = frame.attrs.get("date_precision")
    if not info:
        return None
    key = info["key"]
    if key in frame.columns:
        keys = frame[key]
    elif key is None or frame.index.name == key:
        keys = pd.Series(frame.index, index=frame.index)
    else:
        return None
    return keys.map(info["by_key"])


def format_dates(column: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """Dates as text at their precision ('' where empty); other values unchanged.

    >>> dates = pd.Series(pd.to_datetime(["1885-03-30", None]))
    >>> format_dates(dates).tolist()
    ['1885-03-30', '']
    """
    def one(value, level):
        if value is None or value is pd.NaT:
            return ""
        if not isinstance(value, pd.Timestamp | date):
            return value
        text = pd.Timestamp(value).strftime(_FORMATS.get(level, "%Y-%m-%d"))
        if i18n.language() == "fa":  # the Solar Hijri date beside it, at the same precision
            from .calendars import solar_hijri_text

            shown = solar_hijri_text(pd.Timestamp(value).date(), level or "day")
            text = f"{i18n.LRI}{text}{i18n.PDI} ({shown})"
        return text

    levels = precision if precision is not None else pd.Series("day", index=column.index)
    return pd.Series([one(v, p) for v, p in zip(column, levels, strict=True)],
                     index=column.index, name=column.name, dtype="object")


def displayed(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with dates and empty cells as text, ready to show."""
    shown = frame.copy()
    shown.attrs = {}
    precision = _precisions(frame)
    info = frame.attrs.get("date_precision") or {"column": "date"}
    for name in shown.columns:
        column = shown[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            level = precision if name == info["column"] else None
            shown[name] = format_dates(column, level)
        elif column.dtype == "object" and column.map(lambda v: isinstance(v, pd.Timestamp)).any():
            shown[name] = format_dates(column)
    if isinstance(shown.index, pd.DatetimeIndex):  # e.g. moscow_talks, keyed by its date
        level = precision if shown.index.name == info.get("key") else None
        shown.index = pd.Index(format_dates(pd.Series(shown.index, index=shown.index), level),
                               name=shown.index.name)
    shown = shown.astype(object).where(shown.notna(), "")
    if i18n.language() != "en":  # the edition's words for the text columns it translates
        table = frame.attrs.get("table")
        for name in shown.columns:
            if name in i18n.translated_columns(table) or (
                    table is None and name in i18n.translated_columns(None)):
                shown[name] = shown[name].map(lambda v, c=name: i18n.shown_text(c, v, table))
    # lists in a cell are stored "a;b;c": show "a; b; c" so they wrap between items, not in words
    return shown.map(lambda v: re.sub(r";(?=\S)", "; ", v) if isinstance(v, str) else v)


def _is_row(series: pd.Series) -> bool:
    """A row picked from a table (``events.loc["id"]``), not a column: show it field by field."""
    return (not pd.api.types.is_numeric_dtype(series) and series.index.name is None
            and series.name is not None and series.index.map(type).isin([str]).all())


def _row_as_table(series: pd.Series) -> pd.DataFrame:
    """One row (a Series of mixed fields) as a two-column table of field and value."""
    frame = series.to_frame(name=VALUE)
    frame.index.name = FIELD
    info = series.attrs.get("date_precision")
    if info and info["column"] in series.index and series.name in info["by_key"]:
        level = info["by_key"][series.name]
        value = series[info["column"]]
        frame.loc[info["column"], VALUE] = format_dates(pd.Series([value]),
                                                        pd.Series([level])).iloc[0]
    if i18n.language() != "en":  # each field's text in the edition's words
        table = series.attrs.get("table")
        frame[VALUE] = [i18n.shown_text(field, v, table) if field in i18n.translated_columns(
            table) else v for field, v in zip(frame.index, frame[VALUE], strict=True)]
    return frame


def table_text(frame: pd.DataFrame | pd.Series) -> str:
    """The plain-text form of a table (what a terminal or a text-only output shows)."""
    if isinstance(frame, pd.Series):
        if not _is_row(frame):
            return frame.to_string()
        frame = _row_as_table(frame)
    shown = displayed(frame)
    if len(shown) > MAX_ROWS:
        return shown.head(MAX_ROWS).to_string() + "\n" + _(
            "... ({n} rows in all)", n=i18n.number(len(shown), group=False))
    return shown.to_string()


_LONG_TOKEN = re.compile(r"\S{16,}")


def _breakable(text: str) -> str:
    """Escaped text in which long ids may break after ``_``, ``;``, ``/`` or ``.``.

    ``<wbr>`` marks where a line may break without adding a character (copying the id gives the
    id). It is needed because JupyterLab's sanitizer keeps ``overflow-wrap: break-word`` but drops
    ``anywhere`` in untrusted (stored) outputs, and ``break-word`` does not let a table shrink.

    >>> _breakable("cw_1978_saur_revolution")
    'cw_<wbr>1978_<wbr>saur_<wbr>revolution'
    """
    def breaks(match):
        return re.sub(r"([_;/.])(?=.)", r"\1<wbr>", match.group(0))
    return _LONG_TOKEN.sub(breaks, html.escape(text))


def _cell(value, header: bool = False, numeric: bool = False, short: bool = False) -> str:
    tag = "th" if header else "td"
    style = _NUMBER if numeric else _SHORT if short else _CELL
    if i18n.start_side() != "left" and not numeric:
        style = style.replace("text-align:left", f"text-align:{i18n.start_side()}")
    text = html.escape(str(value)) if numeric or short else _breakable(str(value))
    return f'<{tag} style="{style}">{text}</{tag}>'


def _label(name, table: str | None) -> str:
    """A header: the column's name, or in an edition its translation over the real name."""
    if i18n.language() == "en" or not isinstance(name, str):
        return _cell(name, header=True)
    shown = _(name) if name in (FIELD, VALUE, ROW) else i18n.header(name, table)
    if shown == name:
        return _cell(name, header=True)
    style = _SHORT.replace("text-align:left", f"text-align:{i18n.start_side()}")
    return (f'<th style="{style}">{html.escape(shown)}<br><code style="font-weight:normal">'
            f"{_breakable(name)}</code></th>")


def table_html(frame: pd.DataFrame | pd.Series) -> str:
    """The table as HTML whose text wraps inside cells, so it fits the notebook's width."""
    table = frame.attrs.get("table")
    if isinstance(frame, pd.Series):
        frame = _row_as_table(frame) if _is_row(frame) else frame.to_frame()
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    shown = displayed(frame)
    short = [shown[c].map(lambda v: len(str(v))).max() <= SHORT if len(shown) else True
             for c in shown.columns]
    rows = shown.head(MAX_ROWS)
    index_name = ROW if shown.index.name is None else shown.index.name  # no empty header
    head = _label(index_name, table) + "".join(_label(c, table) for c in shown.columns)
    fields = shown.index.name == FIELD and i18n.language() != "en"  # a row shown field by field
    body = []
    for label, row in rows.iterrows():
        cells = "".join(_cell(v, numeric=n, short=k)
                        for v, n, k in zip(row, numeric, short, strict=True))
        first = _label(label, table) if fields else _cell(label, header=True)
        body.append(f"<tr>{first}{cells}</tr>")
    more = ""
    if len(shown) > MAX_ROWS:
        more = _("Showing {shown} of {total} rows.", shown=i18n.number(MAX_ROWS),
                 total=i18n.number(len(shown)))
        more = f"<p>{html.escape(more)}</p>"
    return (f'<table class="course-table"{i18n.html_attributes()} style="{_TABLE}"><thead><tr>'
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}")


def install() -> bool:
    """Make every DataFrame and Series in the notebook display through this module.

    >>> install()  # outside IPython nothing happens
    False
    """
    ipython = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if ipython is None:
        return False
    formatters = ipython.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, _safe_html)
        formatters["text/plain"].for_type(kind, _safe_text)
    return True


def _safe_html(obj) -> str | None:
    """table_html, or pandas' own HTML if anything in ours fails: a display never raises."""
    try:
        return table_html(obj)
    except Exception:  # noqa: BLE001 - showing the table matters more than our styling
        return obj._repr_html_() if hasattr(obj, "_repr_html_") else None


def _safe_text(obj, printer, cycle) -> None:
    try:
        printer.text(table_text(obj))
    except Exception:  # noqa: BLE001
        printer.text(repr(obj))
