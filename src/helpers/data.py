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
import json
import operator
import os
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pandas as pd

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
    if name in _GENERATED:
        return f"rebuild it with `{_GENERATED[name]}` from the repository root"
    return f"restore it with `git checkout -- data/{path}`"


def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(f"{path} is missing; restore it with "
                        "`git checkout -- data/datapackage.json`")
    try:
        return _package_cached(*_file_key(path))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"data/datapackage.json is not valid JSON ({exc}); restore it with "
                        "`git checkout -- data/datapackage.json`") from None


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
    where = "The tables are: " + ", ".join(tables) + "."
    return resources[resolve_name("table", name, list(resources), where)]


# --- reading cells: the same rules as frictionless --------------------------------------------
# Each type is read exactly as frictionless 5 reads it (frictionless/fields/*.py), so that a file
# gets the same verdict from load_table as from `frictionless validate`; tests/test_load_table.py
# runs every broken-file case through both. Examples of what that means: an integer cell is
# stripped and read by Python's int(), so "+7776179", " 7776179" and "7_776_179" are 7776179; a
# number is read by Decimal(), so "1e3" is 1000.0 and "nan" is allowed where no minimum or maximum
# rules it out; a date is datetime.strptime(cell, "%Y-%m-%d"), so "1979-1-5" is a date and
# " 1979-01-05" is not. frictionless itself is not imported here: importing it costs 0.6-0.75 s
# and its first validation in a fresh process about 5 s (measured on this project's 2-core machine
# with frictionless 5.21.0), against 2-6 ms for this loader to read and check a table.

_EXPECTED = {
    "integer": "a whole number such as 1885",
    "number": "a number such as 14453 or 12.5",
    "date": "a date written YYYY-MM-DD, such as 1979-12-27",
    "boolean": "true or false",
}
# What frictionless accepts per type in a v1 data package (its fields' supported_constraints;
# exclusiveMinimum and exclusiveMaximum need a v2 package, so they are left out here too).
_CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "number": {"required", "unique", "enum", "minimum", "maximum"},
    "date": {"required", "unique", "enum", "minimum", "maximum"},
    "boolean": {"required", "unique", "enum"},
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOUNDS = {"minimum": (operator.ge, "at least"), "maximum": (operator.le, "at most")}


def _dialect(resource: dict) -> dict:
    """The csv.reader options of a resource's declared CSV dialect (frictionless's defaults).

    Declare the dialect in datapackage.json: without it frictionless guesses one from the first
    100 lines (csv.Sniffer), and a guess can differ from what this loader reads.
    """
    dialect = resource.get("dialect", {})
    return {"delimiter": dialect.get("delimiter", ","),
            "quotechar": dialect.get("quoteChar", '"'),
            "doublequote": dialect.get("doubleQuote", True),
            "skipinitialspace": dialect.get("skipInitialSpace", False)}


def _value_reader(field: dict, where: str):
    """A function that reads one non-missing cell as the field's type, or raises ValueError."""
    kind, fmt = field.get("type", "string"), field.get("format", "default")
    if kind not in _CONSTRAINTS or (fmt != "default" and kind != "date") or fmt == "any" \
            or {"bareNumber", "decimalChar", "groupChar", "floatNumber"} & set(field):
        raise DataError(f"{where}: load_table cannot read type {kind!r} with format {fmt!r} "
                        "the way frictionless does; add it to helpers/data.py first.")
    if kind == "integer":
        return lambda cell: int(cell.strip())
    if kind == "number":
        def number(cell):
            try:
                return Decimal(cell.strip())
            except InvalidOperation:
                raise ValueError from None
        return number
    if kind == "date":
        pattern = "%Y-%m-%d" if fmt == "default" else fmt

        def read_date(cell):
            if fmt == "default" and _ISO_DATE.fullmatch(cell):  # same result, 15 times faster
                return date.fromisoformat(cell)
            return datetime.strptime(cell, pattern).date()
        return read_date
    if kind == "boolean":
        mapping = {**dict.fromkeys(field.get("falseValues", ["false", "False", "FALSE", "0"]),
                                   False),
                   **dict.fromkeys(field.get("trueValues", ["true", "True", "TRUE", "1"]), True)}

        def boolean(cell):
            if cell not in mapping:
                raise ValueError
            return mapping[cell]
        return boolean
    return str


def _cell_reader(field: dict, missing: list[str], where: str):
    """A function: raw cell -> typed value (None if missing); ValueError says what was expected.

    Order and rules as frictionless's Field.create_cell_reader: missing values first, then the
    type, then each constraint (enum and bounds compared as typed values, a pattern matched as
    ``^pattern$`` with re.match, as frictionless does).
    """
    kind = field.get("type", "string")
    read = _value_reader(field, where)
    constraints = field.get("constraints", {})
    unknown = set(constraints) - _CONSTRAINTS[kind]
    if unknown:
        raise DataError(f"{where}: constraint {sorted(unknown)[0]!r} is not supported for type "
                        f"{kind!r} (frictionless rejects it too).")
    missing = field.get("missingValues", missing)
    required = constraints.get("required", False)
    enum = constraints.get("enum")
    allowed = [read(str(v)) if isinstance(v, str) else v for v in enum] if enum else None
    pattern = re.compile(f"^{constraints['pattern']}$") if "pattern" in constraints else None
    bounds = [(_BOUNDS[name][0], read(str(value)) if kind == "date" else value)
              for name, value in constraints.items() if name in _BOUNDS]
    limits = " and ".join(f"{_BOUNDS[name][1]} {value}" for name, value in constraints.items()
                          if name in _BOUNDS)
    if {"minimum", "maximum"} == set(constraints) & set(_BOUNDS):
        limits = f"between {constraints['minimum']} and {constraints['maximum']}"
    length = (constraints.get("minLength"), constraints.get("maxLength"))

    def cell_reader(cell: str):
        if cell in missing:
            if required:
                raise ValueError("a value (this column may not be empty)")
            return None
        try:
            value = read(cell)
        except ValueError:
            raise ValueError(_EXPECTED.get(kind, "text")) from None
        if allowed is not None and value not in allowed:
            raise ValueError(f"one of {', '.join(map(str, enum))}")
        if pattern and not pattern.match(value):
            raise ValueError(f"text matching {constraints['pattern']}")
        for compare, bound in bounds:
            if value != value or not compare(value, bound):  # NaN fails every bound
                raise ValueError(f"a value {limits}")
        if (length[0] is not None and len(value) < length[0]) or \
                (length[1] is not None and len(value) > length[1]):
            raise ValueError(f"text of {length[0] or 0} to {length[1] or 'any number of'} "
                             "characters")
        return value

    return cell_reader


def _check_header(header: list[str], label: str, names: list[str]) -> None:
    """The header must name the schema's fields, in order (frictionless's "exact" match)."""
    labels = [h.strip() for h in header]  # frictionless strips labels before comparing
    if labels == names:
        return
    duplicated = sorted({c for c in labels if labels.count(c) > 1})
    if duplicated:
        raise DataError(f"{label}: the header names column {duplicated[0]!r} twice.")
    listing = (f"Expected columns: {', '.join(names)}; the file has: "
               f"{', '.join(labels) or 'no header'}.")
    missing = [c for c in names if c not in labels]
    if missing:
        raise DataError(f"{label}: column {missing[0]!r} is missing. {listing}")
    extra = [c for c in labels if c not in names]
    if extra:
        raise DataError(f"{label}: column {extra[0]!r} is not in data/datapackage.json. "
                        f"{listing}")
    first = next(i for i, (a, b) in enumerate(zip(labels, names, strict=True)) if a != b)
    raise DataError(f"{label}: column {first + 1} is {labels[first]!r} but should be "
                    f"{names[first]!r}; the columns must come in the schema's order. {listing}")


def _read_rows(path: Path, resource: dict) -> list[tuple]:
    """Read and type every cell, naming file, row and column of the first problem."""
    label = f"data/{path.name}"
    schema = resource["schema"]
    fields = schema["fields"]
    names = [fl["name"] for fl in fields]
    missing = schema.get("missingValues", [""])
    readers = [_cell_reader(fl, missing, f"data/datapackage.json, table {resource['name']!r}, "
                                         f"column {fl['name']!r}") for fl in fields]
    rows = []
    # utf-8-sig: a byte-order mark (as Excel writes) is not taken for part of the first column
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, **_dialect(resource))
        try:
            _check_header(next(reader, []), label, names)
            for number, cells in enumerate(reader, start=1):
                where = f"{label}, row {number} (line {reader.line_num})"
                if all(c in missing for c in cells):
                    raise DataError(f"{where}: the row is blank; delete it.")
                if len(cells) != len(names):
                    hint = (" A quoted cell runs over several lines: check for a missing"
                            ' closing quote (")' if any("\n" in c for c in cells) else "")
                    raise DataError(f"{where}: expected {len(names)} cells, found "
                                    f"{len(cells)}.{hint}")
                try:
                    rows.append(tuple(read(c) for read, c in zip(readers, cells, strict=True)))
                except ValueError as exc:
                    bad = next(i for i, (read, c) in enumerate(zip(readers, cells, strict=True))
                               if _fails(read, c))
                    raise DataError(f"{where}, column {names[bad]!r}: expected {exc}, "
                                    f"found {cells[bad]!r}.") from None
        except UnicodeDecodeError as exc:
            raise DataError(f"{label}: not UTF-8 text (byte {exc.start}); save the file as "
                            "UTF-8 or restore it with git checkout.") from None
        except csv.Error as exc:
            raise DataError(f"{label}, line {reader.line_num}: {exc}.") from None
    return rows


def _fails(read, cell: str) -> bool:
    try:
        read(cell)
    except ValueError:
        return True
    return False


def _key_values(folder: Path, resource_name: str, columns: list[str]) -> frozenset:
    """The key values of a referenced table, typed, as frictionless's lookup holds them.

    Read leniently, as frictionless builds its lookup: a broken row of the referenced table is
    that table's fault, reported when it is loaded, not here.
    """
    resource = _resource(resource_name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"data/{resource['path']} is missing; "
                        f"{_restore_hint(resource_name, resource['path'])}.")
    return _key_values_cached(*_file_key(path), json.dumps(resource), tuple(columns))


@lru_cache(maxsize=64)
def _key_values_cached(path: str, mtime: int, size: int, resource: str,
                       columns: tuple) -> frozenset:
    resource = json.loads(resource)
    schema = resource["schema"]
    fields = {fl["name"]: fl for fl in schema["fields"]}
    missing = schema.get("missingValues", [""])
    values = set()
    with Path(path).open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, **_dialect(resource))
        header = [h.strip() for h in next(reader, [])]
        positions = [header.index(c) for c in columns if c in header]
        if len(positions) != len(columns):
            return frozenset()
        readers = [_value_reader(fields[c], path) for c in columns]
        for cells in reader:
            key = []
            for read, i in zip(readers, positions, strict=True):
                try:
                    key.append(None if cells[i] in missing else read(cells[i]))
                except (ValueError, IndexError):
                    key.append(None)
            values.add(tuple(key))
    return frozenset(values)


def _check_keys(rows: list[tuple], resource: dict, folder: Path) -> None:
    label = f"data/{resource['path']}"
    schema = resource["schema"]
    names = [fl["name"] for fl in schema["fields"]]

    def as_list(value) -> list[str]:
        return [value] if isinstance(value, str) else list(value)

    unique = [[fl["name"]] for fl in schema["fields"]
              if fl.get("constraints", {}).get("unique")]
    key = as_list(schema.get("primaryKey", []))
    for columns in ([key] if key else []) + unique:
        positions = [names.index(c) for c in columns]
        seen: dict = {}
        what = "primary key" if columns is key else "column"
        for number, row in enumerate(rows, start=1):
            value = tuple(row[i] for i in positions)
            if set(value) == {None}:
                if columns is key:
                    raise DataError(f"{label}, row {number}, column {columns[0]!r}: the primary "
                                    "key may not be empty.")
                continue
            if value in seen:
                shown = value[0] if len(value) == 1 else value
                raise DataError(f"{label}, row {number}, column{'s' if len(columns) > 1 else ''} "
                                f"{', '.join(repr(c) for c in columns)}: {shown!r} repeats row "
                                f"{seen[value]}; the {what} must be unique.")
            seen[value] = number
    for fk in schema.get("foreignKeys", []):
        columns, target = as_list(fk["fields"]), fk["reference"]
        target_columns = as_list(target["fields"])
        known = _key_values(folder, target["resource"], target_columns)
        positions = [names.index(c) for c in columns]
        for number, row in enumerate(rows, start=1):
            value = tuple(row[i] for i in positions)
            if set(value) != {None} and value not in known:
                target_path = _resource(target["resource"], folder)["path"]
                raise DataError(f"{label}, row {number}, column {columns[0]!r}: "
                                f"{value[0] if len(value) == 1 else value!r} is not a "
                                f"{', '.join(target_columns)} in data/{target_path}.")


def _frame(rows: list[tuple], fields: list[dict]) -> pd.DataFrame:
    columns = {}
    for i, fl in enumerate(fields):
        values = [r[i] for r in rows]
        kind = fl.get("type", "string")
        if kind == "integer":
            columns[fl["name"]] = pd.array(values, dtype="Int64")
        elif kind == "number":
            columns[fl["name"]] = pd.array([float("nan") if v is None else float(v)
                                            for v in values], dtype="float64")
        elif kind == "date":
            columns[fl["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "boolean":
            columns[fl["name"]] = pd.array(values, dtype="boolean")
        else:
            columns[fl["name"]] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def load_table(name: str) -> pd.DataFrame:
    """Load one table of the data package as a typed DataFrame.

    A file is read and checked once; later calls return a copy of the same frame until the
    file, ``datapackage.json`` or a table its foreign keys point to is saved again (their
    modification time or size changes). Changing the returned frame never changes the next one.

    Args:
        name: the table's name in ``data/datapackage.json``, e.g. ``"events"``.

    Returns:
        A DataFrame with one column per schema field (dates as ``datetime64``, whole numbers as
        ``Int64``, other numbers as ``float64``, text as ``string``), indexed by the primary key
        when it is a single column.

    Raises:
        helpers.names.UnknownNameError: no table of that name (any capitalisation is accepted);
            the message says "Did you mean ...?" when one is close.
        DataError: the file is missing, its header is not the schema's columns in order, or a
        row breaks the schema (type, constraint, primary or foreign key) as frictionless would
        report it; the message names the file, the row, the column and what was expected.

    >>> places = load_table("places")
    >>> float(places.loc["kabul", "lat"]), float(places.loc["kabul", "lon"])
    (34.5281, 69.1723)
    """
    folder = data_dir()
    resource = _resource(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"data/{resource['path']} (table {name!r}) is missing; "
                        f"{_restore_hint(name, resource['path'])}.")
    targets = {fk["reference"]["resource"] for fk in resource["schema"].get("foreignKeys", [])}
    depends = tuple(_file_key(p) for p in [folder / "datapackage.json", path] + [
        folder / _resource(t, folder)["path"] for t in sorted(targets)] if p.is_file())
    return _load_cached(name, str(folder), depends).copy(deep=False)


@lru_cache(maxsize=64)
def _load_cached(name: str, folder: str, depends: tuple) -> pd.DataFrame:
    """The checked frame; ``depends`` (file keys) is part of the cache key, unused otherwise."""
    folder = Path(folder)
    resource = _resource(name, folder)
    fields = resource["schema"]["fields"]
    rows = _read_rows(folder / resource["path"], resource)
    _check_keys(rows, resource, folder)
    frame = _frame(rows, fields)
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
        raise DataError(f"data/central_asia.geojson is missing; "
                        f"{_restore_hint('central_asia', 'central_asia.geojson')}.")
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
        raise DataError(f"cite(): {', '.join(unknown)} not in data/sources.csv")
    works = [str(sources.loc[s, "work"]) if s in sources.index
             else "; ".join(x["title"] for x in resources[s].get("sources", [])) + "." for s in ids]
    shown = works[:limit]
    more = len(works) - len(shown)
    line = ("Source: " if len(works) == 1 else "Sources: ") + " ".join(shown)
    return line + (f" And {more} more (see the source_id column)." if more else "")
