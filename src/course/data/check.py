"""``python -m course data check``: frictionless validates the data package, and each error it
finds becomes one line in plain words naming file, row and column.

frictionless (a maintainers' package, in requirements-dev.txt) checks everything
``data/datapackage.json`` says: each cell's type and constraints (required, enum, pattern,
bounds, unique), primary keys, foreign keys between tables, the header, the shape of each row,
and the checksum of each file that is not a table. The notebooks' ``load_table`` does none of
this (it only reads); a broken cross-table reference is reported here, not by a notebook.

Rows are numbered as ``load_table`` numbers them: from 1 below the header, with the row's line in
the file (frictionless's "row position") in brackets.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..paths import PACKAGE, ROOT

_EXPECTED = {
    "integer": "a whole number such as 1885",
    "number": "a number such as 14453 or 12.5",
    "date": "a date written YYYY-MM-DD, such as 1979-12-27",
    "boolean": "true or false",
}
_BOUNDS = {"minimum": "at least", "maximum": "at most",
           "minLength": "at least {} characters", "maxLength": "at most {} characters"}


def _listed(values) -> str:
    """``['a', 'b']`` -> ``"a, b"``; one value alone as itself."""
    values = [values] if isinstance(values, str) else list(values)
    return ", ".join(str(v) for v in values)


def _where(label: str, error) -> str:
    """``data/x.csv, row R (line L), column 'c'``: as much of it as the error knows."""
    where = label
    position = getattr(error, "row_number", None)
    if position:
        where += f", row {position - 1} (line {position})"
    fields = getattr(error, "field_names", None) or [getattr(error, "field_name", None)]
    fields = [f for f in fields if f]
    if fields:
        where += (f", column {fields[0]!r}" if len(fields) == 1
                  else ", columns " + ", ".join(repr(f) for f in fields))
    return where


def _constraint(error, field: dict) -> str:
    """What a constraint asked for and what the cell holds."""
    found = f", found {error.cell!r}"
    match = re.search(r'constraint "(\w+)"', error.note)
    name = match[1] if match else ""
    rule = field.get("constraints", {}).get(name)
    if name == "required":
        return "a value is required (this column may not be empty)"
    if name == "enum":
        return f"expected one of {_listed(rule)}{found}"
    if name == "pattern":
        return f"expected text matching {rule}{found}"
    if name in ("minimum", "maximum"):
        return f"expected {_BOUNDS[name]} {rule}{found}"
    if name in ("minLength", "maxLength"):
        return f"expected {_BOUNDS[name].format(rule)}{found}"
    return f"{error.note}{found}"


def _earlier_row(note: str) -> str:
    """frictionless's "the same as in the row at position P" as the row number."""
    match = re.search(r"position (\d+)", note)
    return f"row {int(match[1]) - 1}" if match else "an earlier row"


def describe(error, resource: dict, paths: dict[str, str]) -> str:
    """One frictionless error of one table as a line in plain words.

    Args:
        error: a ``frictionless.Error`` from a resource's validation report.
        resource: that resource's descriptor in ``datapackage.json``.
        paths: each resource's path by its name (for the table a foreign key points to).
    """
    label = f"data/{resource.get('path', resource.get('name'))}"
    schema = resource.get("schema", {})
    fields = {f["name"]: f for f in schema.get("fields", [])}
    field = fields.get(getattr(error, "field_name", None), {})
    kind = error.type
    if kind == "type-error":
        what = (f"expected {_EXPECTED.get(field.get('type'), field.get('type'))}, "
                f"found {error.cell!r}")
    elif kind == "constraint-error":
        what = _constraint(error, field)
    elif kind == "unique-error":
        what = (f"{error.cell!r} repeats {_earlier_row(error.note)}; "
                "the column must be unique")
    elif kind == "primary-key":
        key = schema.get("primaryKey", [])
        key = [key] if isinstance(key, str) else key
        values = [error.cells[list(fields).index(k)] for k in key if k in fields]
        return (f"{label}, row {error.row_number - 1} (line {error.row_number}), "
                f"{'column' if len(key) == 1 else 'columns'} {_listed(repr(k) for k in key)}: "
                f"{_listed(repr(v) for v in values)} repeats {_earlier_row(error.note)}; "
                "the primary key must be unique")
    elif kind == "foreign-key":
        target = error.reference_name or resource.get("name")
        what = (f"{_listed(error.field_cells)!r} is not a "
                f"{_listed(error.reference_field_names)} in data/{paths.get(target, target)}")
    elif kind == "blank-row":
        what = "the row is blank; delete it"
    elif kind == "missing-cell":
        what = "the cell is missing: the row has fewer cells than the header"
    elif kind == "extra-cell":
        return (f"{_where(label, error).split(', column')[0]}: the row has more cells than the "
                f"header ({len(fields)})")
    elif kind == "missing-label":
        return f"{label}: column {error.field_name!r} is missing from the header"
    elif kind == "extra-label":
        return f"{label}: column {error.label!r} in the header is not in data/datapackage.json"
    elif kind == "incorrect-label":
        return (f"{label}: column {error.field_number} of the header is {error.label!r}; "
                f"data/datapackage.json says {error.field_name!r}")
    elif kind == "duplicate-label":
        return f"{label}: the header names column {error.label!r} twice"
    elif kind in ("hash-count", "byte-count"):
        return (f"{label}: its {'checksum' if kind == 'hash-count' else 'size'} is not the one "
                "data/datapackage.json records; restore it with `git checkout`, or, if the "
                "change is meant, `python -m course sync` records a document's new checksum")
    else:
        return f"{label}: {error.message}"
    return f"{_where(label, error)}: {what}"



def problems(folder: Path) -> list[str]:
    """Every error frictionless finds in the data package in ``folder``, one line each.

    Args:
        folder: a folder holding ``datapackage.json`` and the files it describes.

    Returns:
        The lines, table by table in the package's order; empty when the package is valid.
    """
    from frictionless import FrictionlessException, Package  # 0.2-0.7 s: only when checking

    descriptor = folder / Path(PACKAGE).name
    try:
        package = Package(str(descriptor))
        report = package.validate()
    except FrictionlessException as exc:
        return [f"data/datapackage.json: {exc.error.message}"]
    resources = {r.name: r.to_descriptor() for r in package.resources}
    paths = {name: r.get("path", name) for name, r in resources.items()}
    lines = [f"data/datapackage.json: {e.message}" for e in report.errors]
    for task in report.tasks:
        resource = resources.get(task.name, {"name": task.name, "path": task.place})
        lines += [describe(error, resource, paths) for error in task.errors]
    return lines


def main(folder: Path = ROOT / "data") -> int:
    """Print each problem of the data package in ``folder``; 0 if there is none, else 1."""
    found = problems(folder)
    for line in found:
        print(line)
    if found:
        print(f"\nThe data package has {len(found)} problem{'s' if len(found) != 1 else ''}.",
              file=sys.stderr)
        return 1
    print("The data package is valid: every table, key and checksum as "
          "data/datapackage.json describes.")
    return 0
