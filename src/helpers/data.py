"""Load the series' tables from ``data/``, typed and checked as ``data/datapackage.json`` describes.

One job: read data. Nothing here writes into ``data/``.

>>> events = load_table("events")
>>> str(events["date"].dtype).startswith("datetime64")
True
>>> load_table("sources").index.name
'source_id'
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import os
import re
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

_GENERATED = {
    "central_asia": "python scripts/build_central_asia_geojson.py",
    "un_population": "python scripts/build_un_population.py",
}


class DataError(ValueError):
    """A data file is missing or does not match its description in ``datapackage.json``."""


def data_dir() -> Path:
    """The folder that holds the data package.

    ``RUSSIA_AFGHANISTAN_DATA`` overrides it (the tests use that to load broken copies).

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    override = os.environ.get("RUSSIA_AFGHANISTAN_DATA")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "data"


def _restore_hint(name: str, path: str) -> str:
    if name in _GENERATED:
        return f"rebuild it with `{_GENERATED[name]}` from the repository root"
    return f"restore it with `git checkout -- data/{path}`"


def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(f"{path} is missing; restore it with "
                        "`git checkout -- data/datapackage.json`")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"data/datapackage.json is not valid JSON ({exc}); restore it with "
                        "`git checkout -- data/datapackage.json`") from None


def table_names() -> list[str]:
    """Names of the tables (CSV resources) in the data package.

    >>> "events" in table_names()
    True
    """
    return [r["name"] for r in _package(data_dir())["resources"] if r.get("format") == "csv"]


def _resource(name: str, folder: Path) -> dict:
    resources = {r["name"]: r for r in _package(folder)["resources"]}
    if name not in resources:
        close = difflib.get_close_matches(name, list(resources), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise DataError(f"There is no table named {name!r}.{hint} Tables: {', '.join(resources)}.")
    return resources[name]


_INTEGER = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _typed(value: str, kind: str):
    """Convert one non-empty cell to ``kind``; raise ValueError naming what was expected."""
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError("a whole number such as 1885")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError("a number such as 14453 or 12.5") from None
        if not math.isfinite(number):
            raise ValueError("a finite number such as 14453 or 12.5")
        return number
    if kind == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("a date written YYYY-MM-DD, such as 1979-12-27") from None
    return value


def _parse(value: str, field: dict):
    """Convert one CSV cell to the field's type and check its constraints."""
    constraints = field.get("constraints", {})
    if value == "":
        if constraints.get("required"):
            raise ValueError("a value (this column may not be empty)")
        return None
    enum = constraints.get("enum")
    if enum and value not in enum:
        raise ValueError(f"one of {', '.join(enum)}")
    typed = _typed(value, field.get("type", "string"))
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        raise ValueError(f"text matching {pattern}")
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if (low is not None and typed < low) or (high is not None and typed > high):
        raise ValueError(f"a value between {low} and {high}")
    return typed


def _header(reader, label: str, fields: list[dict]) -> list[str]:
    header = next(reader, [])
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise DataError(f"{label}: the header names column {duplicated[0]!r} twice.")
    expected = [fl["name"] for fl in fields]
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(
            f"{label}: column {missing[0]!r} is missing. Expected columns: "
            f"{', '.join(expected)}; the file has: {', '.join(header) or 'no header'}."
        )
    return header


def _read_rows(path: Path, fields: list[dict]) -> list[dict]:
    """Read and type every cell, naming file, row and column of the first problem."""
    label = f"data/{path.name}"
    rows = []
    # utf-8-sig: a byte-order mark (as Excel writes) is not taken for part of the first column
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        try:
            header = _header(reader, label, fields)
            position = {fl["name"]: header.index(fl["name"]) for fl in fields}
            for number, cells in enumerate(reader, start=1):
                where = f"{label}, row {number} (line {reader.line_num})"
                if not cells:
                    raise DataError(f"{where}: the row is blank; delete it.")
                if len(cells) != len(header):
                    hint = (" A quoted cell runs over several lines: check for a missing"
                            ' closing quote (")' if any("\n" in c for c in cells) else "")
                    raise DataError(f"{where}: expected {len(header)} cells, found "
                                    f"{len(cells)}.{hint}")
                row = {}
                for fl in fields:
                    raw = cells[position[fl["name"]]]
                    try:
                        row[fl["name"]] = _parse(raw, fl)
                    except ValueError as exc:
                        raise DataError(f"{where}, column {fl['name']!r}: expected {exc}, "
                                        f"found {raw!r}.") from None
                rows.append(row)
        except UnicodeDecodeError as exc:
            raise DataError(f"{label}: not UTF-8 text (byte {exc.start}); save the file as "
                            "UTF-8 or restore it with git checkout.") from None
        except csv.Error as exc:
            raise DataError(f"{label}, line {reader.line_num}: {exc}.") from None
    return rows


def _key_values(folder: Path, resource_name: str, column: str) -> frozenset:
    """The values of a referenced table's key column (read as text, cached by file time)."""
    resource = _resource(resource_name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"data/{resource['path']} is missing; "
                        f"{_restore_hint(resource_name, resource['path'])}.")
    return _column_cached(str(path), path.stat().st_mtime, column)


@cache
def _column_cached(path: str, mtime: float, column: str) -> frozenset:
    with Path(path).open(newline="", encoding="utf-8-sig") as f:
        return frozenset(r.get(column) for r in csv.DictReader(f))


def _check_keys(rows: list[dict], resource: dict, folder: Path) -> None:
    label = f"data/{resource['path']}"
    schema = resource["schema"]
    key = schema.get("primaryKey")
    if key:
        columns = [key] if isinstance(key, str) else key
        seen: dict = {}
        for number, row in enumerate(rows, start=1):
            value = tuple(row[c] for c in columns)
            if value in seen:
                raise DataError(f"{label}, row {number}, column{'s' if len(columns) > 1 else ''} "
                                f"{', '.join(repr(c) for c in columns)}: {value} repeats row "
                                f"{seen[value]}; the primary key must be unique.")
            seen[value] = number
    for fk in schema.get("foreignKeys", []):
        target, target_column = fk["reference"]["resource"], fk["reference"]["fields"]
        known = _key_values(folder, target, target_column)
        for column in [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]:
            for number, row in enumerate(rows, start=1):
                if row[column] is not None and row[column] not in known:
                    raise DataError(f"{label}, row {number}, column {column!r}: {row[column]!r} "
                                    f"is not a {target_column} in data/{target}.csv.")


def _frame(rows: list[dict], fields: list[dict]) -> pd.DataFrame:
    columns = {}
    for fl in fields:
        values = [r[fl["name"]] for r in rows]
        kind = fl.get("type", "string")
        if kind == "integer":
            columns[fl["name"]] = pd.array(values, dtype="Int64")
        elif kind == "number":
            columns[fl["name"]] = pd.array([float("nan") if v is None else v for v in values],
                                           dtype="float64")
        elif kind == "date":
            columns[fl["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            columns[fl["name"]] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def load_table(name: str) -> pd.DataFrame:
    """Load one table of the data package as a typed DataFrame.

    Args:
        name: the table's name in ``data/datapackage.json``, e.g. ``"events"``.

    Returns:
        A DataFrame with one column per schema field (dates as ``datetime64``, whole numbers as
        ``Int64``, text as ``string``), indexed by the primary key when it is a single column.

    Raises:
        DataError: the file is missing, or a row does not match the schema; the message names
        the file, the row, the column and what was expected.

    >>> places = load_table("places")
    >>> float(places.loc["kabul", "lat"]) > 34
    True
    """
    folder = data_dir()
    resource = _resource(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"data/{resource['path']} (table {name!r}) is missing; "
                        f"{_restore_hint(name, resource['path'])}.")
    fields = resource["schema"]["fields"]
    rows = _read_rows(path, fields)
    _check_keys(rows, resource, folder)
    frame = _frame(rows, fields)
    key = resource["schema"].get("primaryKey")
    if isinstance(key, str) or (isinstance(key, list) and len(key) == 1):
        frame = frame.set_index(key if isinstance(key, str) else key[0])
    return frame


def load_borders() -> dict:
    """The regional country borders (GeoJSON FeatureCollection) as a dict.

    >>> borders = load_borders()
    >>> "Afghanistan" in {f["properties"]["name"] for f in borders["features"]}
    True
    """
    path = data_dir() / "central_asia.geojson"
    if not path.is_file():
        raise DataError(f"data/central_asia.geojson is missing; "
                        f"{_restore_hint('central_asia', 'central_asia.geojson')}.")
    return json.loads(_read_text(str(path), path.stat().st_mtime))  # a fresh dict every call


@cache
def _read_text(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def cite(*source_ids: str, limit: int = 2) -> str:
    """The source line of a figure, built from the ``work`` citations in ``sources.csv``.

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
        raise DataError(f"cite(): {', '.join(unknown)} not in data/sources.csv")
    works = [str(sources.loc[s, "work"]) if s in sources.index
             else "; ".join(x["title"] for x in resources[s].get("sources", [])) + "." for s in ids]
    shown = works[:limit]
    more = len(works) - len(shown)
    line = ("Source: " if len(works) == 1 else "Sources: ") + " ".join(shown)
    return line + (f" And {more} more (see the source_id column)." if more else "")
