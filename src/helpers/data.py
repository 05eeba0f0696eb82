"""Load the series' tables from ``data/``, typed as ``data/datapackage.json`` describes.

One job: read data, fast, in a student's kernel. Nothing here writes into ``data/``, and nothing
here validates the package: ``python -m course data check`` (frictionless) does, in the tests and
in CI. This reader checks only what it needs to build a frame: the header is the schema's columns
in order, and each cell can be read as its column's type; otherwise a :class:`DataError` names
file, row and column.

>>> events = load_table("events")
>>> str(events["date"].dtype).startswith("datetime64")
True
>>> load_table("sources").index.name
'source_id'
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import i18n
from .i18n import N_, _, n_
from .names import CourseError, resolve_name
from .tables import attach_precision

_GENERATED = {
    "central_asia": "python -m course data build",
    "un_population": "python -m course data build",
}


DATA_ENV = "RUSSIA_AFGHANISTAN_DATA"  # names another data/ folder (the tests use broken copies)


class DataError(CourseError, ValueError):
    """A data file is missing or does not match its description in ``datapackage.json``."""


def data_dir() -> Path:
    """The folder that holds the data package.

    ``RUSSIA_AFGHANISTAN_DATA`` overrides it (the tests use that to load broken copies).

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(__file__).resolve().parents[2] / "data"


def _restore_hint(name: str, path: str) -> str:
    """How to get a data file back, as a clause ("restore it with `git checkout -- ...`")."""
    if name in _GENERATED:
        # Translators: a clause that ends a sentence about a missing file.
        return _("rebuild it with `{command}` from the repository root",
                 command=i18n.code(_GENERATED[name]))
    # Translators: a clause that ends a sentence about a missing file.
    return _("restore it with `{command}`", command=i18n.code(f"git checkout -- data/{path}"))


def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(_("{file} is missing; {fix}", file=i18n.code(path),
                          fix=_restore_hint("", "datapackage.json")))
    try:
        return _package_cached(*_file_key(path))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(_("{file} is not valid JSON ({error}); {fix}",
                          file=i18n.code("data/datapackage.json"), error=exc,
                          fix=_restore_hint("", "datapackage.json"))) from None


def _file_key(path: Path) -> tuple[str, int, int]:
    """(path, modification time in ns, size): changes whenever the file is edited and saved."""
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _package_cached(path: str, mtime: int, size: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def table_names() -> list[str]:
    """Names of the tables (CSV resources) in the data package.

    Raises:
        DataError: ``data/datapackage.json`` is missing or not valid JSON.

    >>> "events" in table_names()
    True
    """
    return [r["name"] for r in _package(data_dir())["resources"] if r.get("format") == "csv"]


def category_labels() -> dict[str, list[str]]:
    """The labels a column may hold, where the data package lists them (``enum``), by column
    name (columns of the same name in several tables are merged): the words students copy from
    a table into an answer, such as ``"post_2001"`` or ``"friendly_kabul"``.

    Raises:
        DataError: ``data/datapackage.json`` is missing or not valid JSON.

    >>> category_labels()["verdict"]
    ['supported', 'contradicted', 'imprecise', 'unverified']
    """
    found: dict[str, list[str]] = {}
    for resource in _package(data_dir())["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            for label in field.get("constraints", {}).get("enum", []):
                labels = found.setdefault(field["name"], [])
                if str(label) not in labels:
                    labels.append(str(label))
    return found


def _resource(name: str, folder: Path) -> dict:
    resources = {r["name"]: r for r in _package(folder)["resources"]}
    tables = [n for n, r in resources.items() if r.get("format") == "csv"]
    where = _("The tables are: {tables}.", tables=", ".join(map(i18n.code, tables)))
    return resources[resolve_name("table", name, list(resources), where)]


# --- reading a table: read_csv, then the schema's type map ------------------------------------
# Table Schema type -> pandas dtype, a type map in the manner of pandas-datapackage-reader: a
# file is one read_csv call, validation is left to frictionless (the data check). Every cell is read
# as text and converted column by column with .astype: Python's int() and float() per cell (so
# "+1885" and " 1885" are 1885, as frictionless reads them too), dates as ISO YYYY-MM-DD.
# Whatever else the schema says (required, enum, pattern, bounds, keys) is the data check's job.
DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "date": "datetime64[s]"}
_EXPECTED = {
    "integer": N_("a whole number such as 1885"),
    "number": N_("a number such as 14453 or 12.5"),
    "date": N_("a date written YYYY-MM-DD, such as 1979-12-27"),
}


def _dialect(resource: dict) -> dict:
    """The CSV dialect declared in datapackage.json, as keyword arguments of csv.reader and
    pandas.read_csv (which name them alike); frictionless's defaults where one is not declared."""
    dialect = resource.get("dialect", {})
    return {"delimiter": dialect.get("delimiter", ","),
            "quotechar": dialect.get("quoteChar", '"'),
            "doublequote": dialect.get("doubleQuote", True),
            "skipinitialspace": dialect.get("skipInitialSpace", False)}


def _kind(field: dict, where: str) -> str:
    """The field's Table Schema type, if :data:`DTYPES` can read it; else DataError."""
    kind = field.get("type", "string")
    if kind not in DTYPES or field.get("format", "default") != "default":
        raise DataError(f"{where}: load_table cannot read type {kind!r} with format "
                        f"{field.get('format', 'default')!r}; add it to DTYPES in "
                        "src/helpers/data.py first.")
    return kind


def _convert(column: pd.Series, kind: str) -> pd.Series:
    """A text column as its type's dtype; ValueError (or TypeError) if a cell cannot be read.

    >>> _convert(pd.Series(["1885", None], dtype="string"), "integer").tolist()
    [1885, <NA>]
    """
    if kind == "date":
        return pd.to_datetime(column, format="%Y-%m-%d").astype(DTYPES["date"])
    return column.astype(DTYPES[kind])


def _first_unreadable(column: pd.Series, kind: str) -> int | None:
    """Position of the first cell of ``column`` that :func:`_convert` cannot read, None if each
    cell reads alone (a broken file only: one cell at a time is slow)."""
    for position, cell in enumerate(column):
        if cell is pd.NA:
            continue
        try:
            _convert(pd.Series([cell], dtype="string"), kind)
        except (ValueError, TypeError, OverflowError):
            return position
    return None


def _check_header(header: list[str], label: str, names: list[str]) -> None:
    """The header must name the schema's fields, in order (frictionless's "exact" match)."""
    labels = [h.strip() for h in header]  # frictionless strips labels before comparing
    if labels == names:
        return
    duplicated = sorted({c for c in labels if labels.count(c) > 1})
    file, code = i18n.code(label), i18n.code
    if duplicated:
        raise DataError(_("{file}: the header names column {column} twice.", file=file,
                          column=code(repr(duplicated[0]))))
    listing = _("Expected columns: {names}; the file has: {labels}.",
                names=", ".join(map(code, names)),
                labels=", ".join(map(code, labels)) or _("no header"))
    missing = [c for c in names if c not in labels]
    if missing:
        raise DataError(_("{file}: column {column} is missing. {listing}", file=file,
                          column=code(repr(missing[0])), listing=listing))
    extra = [c for c in labels if c not in names]
    if extra:
        raise DataError(_("{file}: column {column} is not in {package}. {listing}", file=file,
                          column=code(repr(extra[0])), package=code("data/datapackage.json"),
                          listing=listing))
    first = next(i for i, (a, b) in enumerate(zip(labels, names, strict=True)) if a != b)
    raise DataError(_("{file}: column {n} is {found} but should be {wanted}; the columns must "
                      "come in the schema's order. {listing}", file=file, n=first + 1,
                      found=code(repr(labels[first])), wanted=code(repr(names[first])),
                      listing=listing))


def _parser_problem(label: str, exc: Exception, width: int) -> DataError:
    """pandas' CSV parser error in plain words."""
    text = str(exc)
    cells = re.search(r"Expected \d+ fields in line (\d+), saw (\d+)", text)
    file = i18n.code(label)
    if cells:
        return DataError(_("{file}, line {line}: expected {width} cells, found {found}.",
                           file=file, line=cells[1], width=width, found=cells[2]))
    if "EOF inside string" in text:
        return DataError(_('{file}: a quoted cell runs to the end of the file; check for a '
                           'missing closing quote (").', file=file))
    return DataError(_("{file}: cannot be read as CSV ({error}).", file=file, error=text))


def _read(path: Path, resource: dict) -> pd.DataFrame:
    """The table's frame, each column of its schema's dtype; DataError names file, row, column.

    Rows are numbered from 1 below the header; the line is the row's line in the file (the same
    unless a cell runs over several lines).
    """
    label = f"data/{resource['path']}"
    schema = resource["schema"]
    names = [field["name"] for field in schema["fields"]]
    kinds = {field["name"]: _kind(field, f"data/datapackage.json, table {resource['name']!r}, "
                                         f"column {field['name']!r}")
             for field in schema["fields"]}
    dialect = _dialect(resource)
    try:
        # utf-8-sig: a byte-order mark (as Excel writes) is not taken for part of the first column
        with path.open(newline="", encoding="utf-8-sig") as f:
            _check_header(next(csv.reader(f, **dialect), []), label, names)
        frame = pd.read_csv(path, dtype="string", keep_default_na=False,
                            na_values=schema.get("missingValues", [""]), encoding="utf-8-sig",
                            **dialect)
    except UnicodeDecodeError as exc:
        raise DataError(_("{file}: not UTF-8 text (byte {byte}); save the file as UTF-8 or "
                          "restore it with git checkout.", file=i18n.code(label),
                          byte=exc.start)) from None
    except csv.Error as exc:
        raise DataError(_("{file}: cannot be read as CSV ({error}).", file=i18n.code(label),
                          error=exc)) from None
    except pd.errors.ParserError as exc:
        raise _parser_problem(label, exc, len(names)) from None
    for name, kind in kinds.items():
        if kind == "string":
            continue
        try:
            frame[name] = _convert(frame[name], kind)
        except (ValueError, TypeError, OverflowError):
            position = _first_unreadable(frame[name], kind)
            if position is None:
                raise DataError(_("{file}, column {column}: expected {expected} in every cell.",
                                  file=i18n.code(label), column=i18n.code(repr(name)),
                                  expected=_(_EXPECTED[kind]))) from None
            raise DataError(_("{file}, row {row} (line {line}), column {column}: expected "
                              "{expected}, found {found}.", file=i18n.code(label),
                              row=position + 1, line=position + 2,
                              column=i18n.code(repr(name)), expected=_(_EXPECTED[kind]),
                              found=i18n.code(repr(frame[name].iloc[position])))) from None
    return frame


def load_table(name: str) -> pd.DataFrame:
    """Load one table of the data package as a typed DataFrame.

    A file is read once; later calls return a copy of the same frame until the file or
    ``datapackage.json`` is saved again (their modification time or size changes). Changing the
    returned frame never changes the next one.

    Args:
        name: the table's name in ``data/datapackage.json``, e.g. ``"events"``.

    Returns:
        A DataFrame with one column per schema field, of the dtype :data:`DTYPES` gives its type
        (dates as ``datetime64[s]``, whole numbers as ``Int64``, other numbers as ``float64``,
        text as ``string``; empty cells are missing values), indexed by the primary key when it
        is a single column.

    Raises:
        helpers.names.UnknownNameError: no table of that name (any capitalisation is accepted);
            the message says "Did you mean ...?" when one is close.
        DataError: the file is missing, its header is not the schema's columns in order, or a
            cell cannot be read as its column's type; the message names the file, the row and
            the column. Constraints and keys are not checked here: ``python -m course data
            check`` reports every one.

    >>> places = load_table("places")
    >>> float(places.loc["kabul", "lat"]), float(places.loc["kabul", "lon"])
    (34.5281, 69.1723)
    """
    folder = data_dir()
    resource = _resource(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(_("{file} (table {table}) is missing; {fix}.",
                          file=i18n.code(f"data/{resource['path']}"),
                          table=i18n.code(repr(name)),
                          fix=_restore_hint(name, resource["path"])))
    depends = (_file_key(folder / "datapackage.json"), _file_key(path))
    return _load_cached(name, str(folder), depends).copy(deep=False)


@lru_cache(maxsize=64)
def _load_cached(name: str, folder: str, depends: tuple) -> pd.DataFrame:
    """The typed frame; ``depends`` (file keys) is part of the cache key, unused otherwise."""
    resource = _resource(name, Path(folder))
    frame = _read(Path(folder) / resource["path"], resource)
    key = resource["schema"].get("primaryKey")
    attach_precision(frame, key if isinstance(key, str) else (key or [None])[0])
    if isinstance(key, str) or (isinstance(key, list) and len(key) == 1):
        frame = frame.set_index(key if isinstance(key, str) else key[0])
    return frame


def load_borders() -> dict:
    """The regional country borders (GeoJSON FeatureCollection) as a dict.

    Positions are GeoJSON's (longitude, latitude), the opposite of the (latitude, longitude)
    order of :mod:`helpers.geo`. Every geometry is a MultiPolygon; :mod:`helpers.maps` draws only
    the outer ring of each polygon (interior rings, i.e. holes, are dropped). The file is read
    once while it is unchanged; each call returns a fresh dict.

    Raises:
        DataError: the file is missing.

    >>> borders = load_borders()
    >>> "Afghanistan" in {f["properties"]["name"] for f in borders["features"]}
    True
    """
    path = data_dir() / "central_asia.geojson"
    if not path.is_file():
        raise DataError(_("{file} is missing; {fix}.", file=i18n.code("data/central_asia.geojson"),
                          fix=_restore_hint("central_asia", "central_asia.geojson")))
    return json.loads(_read_text(*_file_key(path)))  # a fresh dict every call


@lru_cache(maxsize=4)
def _read_text(path: str, mtime: int, size: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def cite(*source_ids: str, limit: int = 2) -> str:
    """The source line of a figure, built from the ``work`` citations in ``sources.csv`` (read
    once while the file is unchanged, as every table).

    Figures never carry a hand-typed source line: pass the ids the figure rests on (a table's
    ``source_id`` column can be passed whole; repeats and empty cells are ignored), or the name of
    a non-table resource of the data package (e.g. ``"central_asia"``), whose ``sources`` title
    is used.

    Args:
        *source_ids: source ids or resource names, in the order they should be cited.
        limit: at most this many works are written out; the rest are counted.

    Returns:
        ``"Source: <work>"``, or ``"Sources: <work> <work> And N more (see the source_id
        column)."`` (each work ends with its own full stop).

    Raises:
        DataError: an id is neither in ``sources.csv`` nor a resource of the package.

    >>> cite("un_wpp_2024").startswith("Source: United Nations")
    True
    >>> cite("un_wpp_2024", "un_wpp_2024") == cite("un_wpp_2024")
    True
    """
    sources = load_table("sources")
    resources = {r["name"]: r for r in _package(data_dir())["resources"]}
    ids = list(dict.fromkeys(s for s in source_ids if isinstance(s, str) and s))
    unknown = [s for s in ids if s not in sources.index and s not in resources]
    if unknown:
        raise DataError(_("{call}: {ids} not in {file}", call=i18n.code("cite()"),
                          ids=", ".join(map(i18n.code, unknown)),
                          file=i18n.code("data/sources.csv")))
    works = [str(sources.loc[s, "work"]) if s in sources.index
             else "; ".join(x["title"] for x in resources[s].get("sources", [])) + "." for s in ids]
    shown = works[:limit]
    more = len(works) - len(shown)
    # each work keeps its own direction inside a Dari sentence (i18n.embedded)
    line = n_("Source: {works}", "Sources: {works}", len(works),
              works=" ".join(i18n.embedded(work) for work in shown))
    if more:
        # Translators: after the works a figure's source line writes out; source_id is a column.
        line += " " + n_("And {n} more (see the source_id column).",
                         "And {n} more (see the source_id column).", more)
    return line
