"""``python -m course data check``: frictionless finds every kind of broken data package, and
each problem is one line naming file, row and column in plain words.

One temporary copy of data/ is broken in ten ways at once, in rows and tables chosen so that no
break causes another, and checked once (frictionless takes about a second); each break is then a
test of its own, and a last test proves the check reported those breaks and nothing else.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil

import pytest
from support import DATA

from course.cli import main
from helpers.data import DATA_ENV, load_table


def _rewrite(path, change) -> list[list[str]]:
    """Rewrite the CSV file at ``path`` as ``change(rows)``; the rows written."""
    with path.open(newline="", encoding="utf-8") as f:
        table = change(list(csv.reader(f)))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)
    return table


def cell(row: int, column: str, value: str):
    """Set one cell (row 1 is the first row under the header)."""
    def change(table):
        table[row][table[0].index(column)] = value
        return table
    return change


def where(table: list, row: int | None = None) -> str:
    """``row R (line L)``; the last row of the broken ``table`` when no row is given."""
    row = len(table) - 1 if row is None else row
    return f"row {row} (line {row + 1})"


# kind of break: (file, how it is broken, the lines the check must print, from the broken table)
BREAKS = {
    "bad type": ("un_population.csv", cell(3, "population", "many"), lambda t: [
        f"data/un_population.csv, {where(t, 3)}, column 'population': expected a whole number "
        "such as 1885, found 'many'"]),
    "missing required": ("places.csv", cell(4, "name", ""), lambda t: [
        f"data/places.csv, {where(t, 4)}, column 'name': a value is required (this column may "
        "not be empty)"]),
    "enum": ("events.csv", cell(1, "era", "medieval"), lambda t: [
        f"data/events.csv, {where(t, 1)}, column 'era': expected one of great_game, soviet, "
        "post_2001, found 'medieval'"]),
    "pattern": ("events.csv", cell(2, "event_id", "Not An Id"), lambda t: [
        f"data/events.csv, {where(t, 2)}, column 'event_id': expected text matching "
        "^[a-z0-9_]+$, found 'Not An Id'"]),
    "bounds": ("places.csv", cell(3, "lat", "448.5"), lambda t: [
        f"data/places.csv, {where(t, 3)}, column 'lat': expected at most 90, found '448.5'"]),
    # a row whose document_id repeats row 3's: the column is unique and the primary key
    "unique": ("documents.csv", lambda t: t + [t[3][:1] + t[1][1:]], lambda t: [
        f"data/documents.csv, {where(t)}, column 'document_id': {t[3][0]!r} repeats row 3; "
        "the column must be unique",
        f"data/documents.csv, {where(t)}, column 'document_id': {t[3][0]!r} repeats row 3; "
        "the primary key must be unique"]),
    "primary key": ("frontier_advance.csv", lambda t: t + [t[2]], lambda t: [
        f"data/frontier_advance.csv, {where(t)}, columns 'year', 'place_id': {t[2][0]!r}, "
        f"{t[2][1]!r} repeats row 2; the primary key must be unique"]),
    "foreign key": ("route_waypoints.csv", cell(2, "place_id", "atlantis"), lambda t: [
        f"data/route_waypoints.csv, {where(t, 2)}, column 'place_id': 'atlantis' is not a "
        "place_id in data/places.csv"]),
    "header": ("trade.csv", lambda t: [r + ["comment" if i == 0 else ""]
                                       for i, r in enumerate(t)], lambda t: [
        "data/trade.csv: column 'comment' in the header is not in data/datapackage.json"]),
    "short row": ("opium_cultivation.csv", lambda t: t[:3] + [t[3][:-1]] + t[4:], lambda t: [
        f"data/opium_cultivation.csv, {where(t, 3)}, column 'note': the cell is missing: the "
        "row has fewer cells than the header"]),
}


def _check(folder) -> tuple[int, list[str]]:
    """Run ``python -m course data check --data folder`` in this process: status, lines."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["data", "check", "--data", str(folder)])
    return status, out.getvalue().splitlines()


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[int, list[str], dict[str, list[str]]]:
    """The check's status and lines on a copy broken in every way of :data:`BREAKS`, and the
    lines each break must produce."""
    copy = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA, copy)
    expected = {}
    for kind, (name, change, lines) in BREAKS.items():
        expected[kind] = lines(_rewrite(copy / name, change))
    status, printed = _check(copy)
    return status, printed, expected


def test_the_committed_package_is_valid():
    status, lines = _check(DATA)
    assert status == 0, "\n".join(lines)
    assert lines == ["The data package is valid: every table, key and checksum as "
                     "data/datapackage.json describes."]


@pytest.mark.parametrize("kind", BREAKS)
def test_each_kind_of_break_is_named_with_file_row_and_column(broken, kind):
    status, printed, expected = broken
    assert status == 1
    for line in expected[kind]:
        assert line in printed, "\n".join(printed)


def test_the_check_reports_the_breaks_and_nothing_else(broken):
    _, printed, expected = broken
    assert sorted(printed) == sorted(line for lines in expected.values() for line in lines)


def test_a_changed_document_fails_its_checksum(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    excerpt = sorted((copy / "documents").glob("*.txt"))[0]
    excerpt.write_text(excerpt.read_text(encoding="utf-8") + "\nAn added line.\n",
                       encoding="utf-8")
    status, lines = _check(copy)
    assert status == 1
    assert lines == [f"data/documents/{excerpt.name}: its checksum is not the one "
                     "data/datapackage.json records; restore it with `git checkout`, or, if the "
                     "change is meant, `python -m course sync` records a document's new checksum"]


def test_a_broken_reference_is_the_checks_to_report_not_the_notebooks(broken, monkeypatch,
                                                                      tmp_path):
    """load_table reads a table whose foreign key points nowhere; the data check names it."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    _rewrite(copy / "route_waypoints.csv", BREAKS["foreign key"][1])
    monkeypatch.setenv(DATA_ENV, str(copy))
    assert load_table("route_waypoints").loc[1, "place_id"] == "atlantis"
    assert broken[2]["foreign key"][0] in broken[1]
