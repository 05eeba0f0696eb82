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
import os
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
    return json.loads(path.read_text(encoding="utf-8"))


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


def _parse(value: str, field: dict):
    """Convert one CSV cell to the field's type; raise ValueError with what was expected."""
    kind = field.get("type", "string")
    if value == "":
        if field.get("constraints", {}).get("required"):
            raise ValueError("a value (this column may not be empty)")
        return None
    enum = field.get("constraints", {}).get("enum")
    if enum and value not in enum:
        raise ValueError(f"one of {', '.join(enum)}")
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            raise ValueError("a whole number such as 1885") from None
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            raise ValueError("a number such as 14453 or 12.5") from None
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("a date written YYYY-MM-DD, such as 1979-12-27") from None
    return value


def _read_rows(path: Path, fields: list[dict]) -> list[dict]:
    """Read and type every cell, naming file, row and column of the first problem."""
    label = f"data/{path.name}"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        expected = [fl["name"] for fl in fields]
        missing = [c for c in expected if c not in header]
        if missing:
            raise DataError(
                f"{label}: column {missing[0]!r} is missing. Expected columns: "
                f"{', '.join(expected)}; the file has: {', '.join(header) or 'no header'}."
            )
        position = {c: header.index(c) for c in expected}
        rows = []
        for number, cells in enumerate(reader, start=1):
            if len(cells) != len(header):
                raise DataError(f"{label}, row {number} (line {reader.line_num}): expected "
                                f"{len(header)} cells, found {len(cells)}.")
            row = {}
            for fl in fields:
                raw = cells[position[fl["name"]]]
                try:
                    row[fl["name"]] = _parse(raw, fl)
                except ValueError as exc:
                    raise DataError(f"{label}, row {number} (line {reader.line_num}), column "
                                    f"{fl['name']!r}: expected {exc}, found {raw!r}.") from None
            rows.append(row)
    return rows


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
                raise DataError(f"{label}, row {number}, column {columns[0]!r}: {value} repeats "
                                f"row {seen[value]}; the primary key must be unique.")
            seen[value] = number
    for fk in schema.get("foreignKeys", []):
        if fk["reference"]["resource"] != "sources":
            continue
        known = _source_ids(folder)
        for column in [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]:
            for number, row in enumerate(rows, start=1):
                if row[column] is not None and row[column] not in known:
                    raise DataError(f"{label}, row {number}, column {column!r}: {row[column]!r} "
                                    "is not a source_id in data/sources.csv.")


@cache
def _source_ids_cached(folder: str, mtime: float) -> frozenset:
    with (Path(folder) / "sources.csv").open(newline="", encoding="utf-8") as f:
        return frozenset(r["source_id"] for r in csv.DictReader(f))


def _source_ids(folder: Path) -> frozenset:
    path = folder / "sources.csv"
    return _source_ids_cached(str(folder), path.stat().st_mtime)


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
    return _read_json(str(path), path.stat().st_mtime)


@cache
def _read_json(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def cite(*source_ids: str) -> str:
    """A short citation line for figure captions, from ``sources.csv``.

    >>> cite("un_wpp_2024").startswith("Source: ")
    True
    """
    sources = load_table("sources")
    unknown = [s for s in source_ids if s not in sources.index]
    if unknown:
        raise DataError(f"cite(): {', '.join(unknown)} not in data/sources.csv")
    parts = [f"{sources.loc[s, 'publisher']}, {sources.loc[s, 'title']}" for s in source_ids]
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts)
