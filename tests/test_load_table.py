"""load_table: typed frames, the same verdict as frictionless on every broken file, and clear
messages that name file, row and column."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime

import pandas as pd
import pytest
from frictionless import FrictionlessException, Package
from support import DATA

import helpers.data as data_module
from helpers import distance_km, load_table
from helpers.data import DATA_ENV, DataError, _value_reader, table_names
from helpers.names import UnknownNameError

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in PACKAGE["resources"] if r["format"] == "csv"]


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A private copy of data/ that a test may break; the helpers read it instead of data/."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv(DATA_ENV, str(copy))
    return copy


# --- ways to break a file (each returns the function that breaks the copy) -------------------

def _rewrite(path, change) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(change(table))


def cell(row: int, column: str, value: str):
    def change(table):
        table[row][table[0].index(column)] = value
        return table
    return lambda path: _rewrite(path, change)


def columns(pick):
    """Rebuild every line from the columns ``pick(header)`` lists, by name and in that order."""
    def change(table):
        order = [table[0].index(c) if c in table[0] else None for c in pick(table[0])]
        return [[r[i] if i is not None else c for i, c in zip(order, pick(table[0]),
                                                              strict=True)] for r in table]
    return lambda path: _rewrite(path, change)


def rows(change):
    return lambda path: _rewrite(path, change)


def text(change):
    return lambda path: path.write_bytes(change(path.read_bytes()))


def schema(table: str, change):
    """Edit the table's description in datapackage.json instead of its file."""
    def edit(path):
        described = path.parent / "datapackage.json"
        package = json.loads(described.read_text(encoding="utf-8"))
        change(next(r for r in package["resources"] if r["name"] == table)["schema"])
        described.write_text(json.dumps(package, indent=2), encoding="utf-8")
    return edit


def both(*edits):
    def edit(path):
        for one in edits:
            one(path)
    return edit


ACCEPTED = None  # both validators accept the edited file

# (table, edit, verdict): verdict is ACCEPTED or a regex the loader's DataError must match.
# Every case runs through load_table AND frictionless; both must give the same verdict.
CASES = {
    # integers: frictionless strips the cell and reads it with Python's int()
    "integer with plus sign": ("un_population", cell(1, "population", "+7776179"), ACCEPTED),
    "integer with leading space": ("un_population", cell(1, "population", " 7776179"), ACCEPTED),
    "integer with trailing space": ("un_population", cell(1, "population", "7776179 "),
                                    ACCEPTED),
    "integer with underscores": ("un_population", cell(1, "population", "7_776_179"), ACCEPTED),
    "integer as word": ("un_population", cell(3, "population", "many"),
                        r"data/un_population.csv, row 3 \(line 4\), column 'population': "
                        r"expected a whole number.*'many'"),
    "integer with decimals": ("un_population", cell(1, "population", "7776179.0"),
                              r"row 1 .*column 'population': expected a whole number"),
    "integer in exponent form": ("un_population", cell(1, "population", "7e6"),
                                 r"row 1 .*column 'population': expected a whole number"),
    "integer with group commas": ("un_population", cell(1, "population", "7,776,179"),
                                  r"row 1 .*column 'population': expected a whole number"),
    "integer only spaces": ("un_population", cell(1, "population", " "),
                            r"row 1 .*column 'population': expected a whole number"),
    "required integer empty": ("un_population", cell(2, "year", ""),
                               r"row 2 .*column 'year': expected a value"),
    # numbers: Decimal() of the stripped cell, then the bounds (NaN fails every bound)
    "number with plus sign and space": ("places", cell(3, "lat", " +34.5"), ACCEPTED),
    "number in exponent form": ("places", cell(3, "lat", "3.45e1"), ACCEPTED),
    "number above maximum": ("places", cell(3, "lat", "448.5"),
                             r"data/places.csv, row 3 .*column 'lat': expected a value between "
                             r"-90 and 90, found '448.5'"),
    "number nan within bounds": ("places", cell(3, "lon", "nan"),
                                 r"row 3 .*column 'lon': expected a value between -180 and 180"),
    "number infinite within bounds": ("places", cell(3, "lat", "inf"),
                                      r"row 3 .*column 'lat': expected a value between"),
    "number nan without bounds": ("projects", cell(1, "length_km_low", "nan"), ACCEPTED),
    "number with decimal comma": ("places", cell(3, "lat", "34,5"),
                                  r"row 3 .*column 'lat': expected a number"),
    # dates: datetime.strptime(cell, "%Y-%m-%d"), not stripped
    "date without leading zeros": ("events", cell(4, "date", "1979-1-5"), ACCEPTED),
    "date impossible": ("events", cell(5, "date", "1979-13-45"),
                        r"data/events.csv, row 5 .*column 'date': expected a date written "
                        r"YYYY-MM-DD.*'1979-13-45'"),
    "date without dashes": ("events", cell(4, "date", "19791227"),
                            r"row 4 .*column 'date': expected a date written YYYY-MM-DD"),
    "date with leading space": ("events", cell(4, "date", " 1979-12-27"),
                                r"row 4 .*column 'date': expected a date"),
    "date with time": ("events", cell(4, "date", "1979-12-27T00:00"),
                       r"row 4 .*column 'date': expected a date"),
    # strings: pattern as ^pattern$ with re.match; enum; required means not ""
    "pattern broken": ("places", cell(2, "place_id", "Kabul City"),
                       r"row 2 .*column 'place_id': expected text matching"),
    "pattern with leading space": ("places", cell(2, "place_id", " kabul2"),
                                   r"row 2 .*column 'place_id': expected text matching"),
    "enum outside the set": ("events", cell(1, "era", "medieval"),
                             r"row 1 .*column 'era': expected one of great_game"),
    "enum with trailing space": ("events", cell(1, "era", "soviet "),
                                 r"row 1 .*column 'era': expected one of"),
    "required text empty": ("places", cell(4, "name", ""),
                            r"row 4 .*column 'name': expected a value"),
    "required text a space": ("places", cell(4, "name", " "), ACCEPTED),
    # keys
    "primary key repeated": ("places", rows(lambda t: t[:3] + [t[1]] + t[3:]),
                             r"data/places.csv, row 3, column 'place_id': 'ak_mechet' repeats "
                             r"row 1"),
    "composite key repeated": ("un_population", rows(lambda t: t + [t[1]]),
                               r"data/un_population.csv, row \d+, columns 'un_loc_id', 'year': "
                               r".* repeats row 1"),
    "composite key repeated as +year": (
        "un_population", rows(lambda t: t + [t[1][:2] + ["+" + t[1][2]] + t[1][3:]]),
        r"columns 'un_loc_id', 'year': .* repeats row 1"),
    "unknown source": ("events", cell(2, "source_id", "no_such_source"),
                       r"data/events.csv, row 2, column 'source_id': 'no_such_source' is not a "
                       r"source_id in data/sources.csv"),
    "unknown place": ("route_waypoints", cell(2, "place_id", "atlantis"),
                      r"data/route_waypoints.csv, row 2, column 'place_id': 'atlantis' is not "
                      r"a place_id in data/places.csv"),
    # header: the schema's columns, in order (labels are stripped)
    "extra column": ("trade", columns(lambda h: h + ["comment"]),
                     r"data/trade.csv: column 'comment' is not in data/datapackage.json"),
    "columns reordered": ("trade", columns(lambda h: [h[1], h[0]] + h[2:]),
                          r"data/trade.csv: column 1 is 'flow' but should be 'year'"),
    "column missing": ("places", columns(lambda h: [c for c in h if c != "lat"]),
                       r"data/places.csv: column 'lat' is missing"),
    "column named twice": ("trade", text(lambda b: b.replace(b"year,flow", b"year,year", 1)),
                           r"data/trade.csv: the header names column 'year' twice"),
    "column name in capitals": ("trade", text(lambda b: b.replace(b"year,", b"Year,", 1)),
                                r"data/trade.csv: column 'year' is missing"),
    "column name with space": ("trade", text(lambda b: b.replace(b"year,flow", b"year, flow",
                                                                 1)), ACCEPTED),
    # rows and bytes
    "blank line": ("sources", rows(lambda t: t[:2] + [[]] + t[2:]),
                   r"data/sources.csv, row 2 \(line 3\): the row is blank"),
    "row of empty cells": ("trade", rows(lambda t: t[:2] + [[""] * len(t[0])] + t[2:]),
                           r"data/trade.csv, row 2 \(line 3\): the row is blank"),
    "short row": ("trade", rows(lambda t: t[:2] + [t[2][:-1]] + t[3:]),
                  r"data/trade.csv, row 2 \(line 3\): expected 6 cells, found 5"),
    "long row": ("trade", rows(lambda t: t[:2] + [t[2] + [""]] + t[3:]),
                 r"data/trade.csv, row 2 \(line 3\): expected 6 cells, found 7"),
    "byte-order mark": ("places", text(lambda b: b"\xef\xbb\xbf" + b), ACCEPTED),
    "Windows line ends": ("places", text(lambda b: b.replace(b"\n", b"\r\n")), ACCEPTED),
    "header only": ("trade", text(lambda b: b.split(b"\n")[0] + b"\n"), ACCEPTED),
    "empty file": ("trade", text(lambda b: b""), r"data/trade.csv: column 'year' is missing"),
    "not UTF-8": ("places", text(lambda b: b.replace(b"Kabul", b"K\xe2bul")),
                  r"data/places.csv: not UTF-8 text"),
    # the description itself
    "constraint the type does not support": (
        "un_population", schema("un_population", lambda s: s["fields"][2].update(
            constraints={"required": True, "pattern": "^1"})),
        r"constraint 'pattern' is not supported for type 'integer'"),
    "constraint of a v2 package": (
        "places", schema("places", lambda s: s["fields"][5]["constraints"].update(
            exclusiveMinimum=-90)), r"constraint 'exclusiveMinimum' is not supported"),
    "boolean with its own words": ("moscow_talks", schema("moscow_talks", lambda s: s["fields"][
        4].update(type="boolean", trueValues=["yes"], falseValues=["no"],
                  constraints={"required": True})), ACCEPTED),
    "boolean with the default words": ("moscow_talks", schema("moscow_talks", lambda s: s[
        "fields"][4].update(type="boolean", constraints={"required": True})),
        r"data/moscow_talks.csv, row 1 .*column 'taliban_present': expected true or false"),
    "unique constraint kept": ("places", schema("places", lambda s: s["fields"][1][
        "constraints"].update(unique=True)), ACCEPTED),
    "unique constraint broken": ("places", both(
        schema("places", lambda s: s["fields"][1]["constraints"].update(unique=True)),
        cell(3, "name", "Kabul")), r"data/places.csv, row \d+, column 'name': 'Kabul' repeats "
                                   r"row \d+; the column must be unique"),
}


def frictionless_verdict(folder, table: str) -> tuple[bool, list[str]]:
    try:
        report = Package(str(folder / "datapackage.json")).get_resource(table).validate()
    except FrictionlessException as exc:  # the description itself is invalid
        return False, [str(exc)]
    return report.valid, [e.message for task in report.tasks for e in task.errors][:3]


@pytest.mark.parametrize("case", CASES)
def test_load_table_and_frictionless_give_the_same_verdict(broken_data, case):
    table, edit, verdict = CASES[case]
    edit(broken_data / next(r["path"] for r in TABLES if r["name"] == table))
    valid, errors = frictionless_verdict(broken_data, table)
    if verdict is ACCEPTED:
        assert valid, f"frictionless rejects what this case calls acceptable: {errors}"
        load_table(table)
    else:
        assert not valid, "frictionless accepts what this case calls broken"
        with pytest.raises(DataError, match=verdict):
            load_table(table)


def test_accepted_oddities_are_read_as_frictionless_reads_them(broken_data):
    cell(1, "population", " +7_776_179")(broken_data / "un_population.csv")
    cell(3, "lat", "3.45e1")(broken_data / "places.csv")
    population, places = load_table("un_population"), load_table("places")
    assert population.loc[0, "population"] == 7776179
    assert places.iloc[2]["lat"] == 34.5


def test_every_csv_declares_its_dialect():
    """Without a declared dialect frictionless guesses one (csv.Sniffer) and may read a broken
    file differently from load_table."""
    for resource in TABLES:
        assert resource["dialect"] == {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                                       "skipInitialSpace": False, "header": True}, \
            resource["name"]


@pytest.mark.parametrize("name", [r["name"] for r in TABLES])
def test_every_table_loads_with_its_schema_types(name):
    frame = load_table(name)
    assert len(frame) > 0
    resource = next(r for r in TABLES if r["name"] == name)
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert list(frame.index.names if frame.index.name else []) + list(frame.columns) == \
        list(fields)
    for column in frame.columns:
        kind = fields[column]
        if kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
        elif kind == "integer":
            assert str(frame[column].dtype) == "Int64", column
        elif kind == "number":
            assert pd.api.types.is_float_dtype(frame[column]), column
        else:
            assert str(frame[column].dtype).startswith(("string", "str")), column


def test_table_names_lists_the_tables():
    assert table_names() == [r["name"] for r in TABLES]


# --- what only the loader does: messages for missing files, a cache --------------------------

def test_missing_file_says_how_to_restore(broken_data):
    (broken_data / "events.csv").unlink()
    with pytest.raises(DataError, match=r"data/events.csv .* is missing; restore it with "
                                        r"`git checkout -- data/events.csv`"):
        load_table("events")


def test_missing_generated_file_says_how_to_rebuild(broken_data):
    (broken_data / "un_population.csv").unlink()
    with pytest.raises(DataError, match=r"rebuild it with `python -m course data build`"):
        load_table("un_population")


def test_unknown_table_suggests_a_name():
    with pytest.raises(UnknownNameError, match=r'no table called "event". Did you mean "events"\?'):
        load_table("event")


def test_a_quoted_cell_left_open_is_explained(broken_data):
    path = broken_data / "trade.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:2] + [lines[2].replace(',"', ',"x', 1)[:-1]] + lines[3:]),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"check for a missing closing quote"):
        load_table("trade")


def test_broken_package_description_is_named(broken_data):
    path = broken_data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(DataError, match=r"data/datapackage.json is not valid JSON"):
        load_table("events")


def test_a_saved_change_is_read_again_and_the_cache_is_not_shared(broken_data):
    first = load_table("places")
    first.loc["kabul", "lat"] = 0.0  # a student's change to their copy stays in their copy
    assert load_table("places").loc["kabul", "lat"] != 0.0
    cell(1, "name", "Renamed")(broken_data / "places.csv")
    assert load_table("places").iloc[0]["name"] == "Renamed"
    cited = first.iloc[0]["source_id"]  # rename that source in the table places refers to
    rows(lambda t: [[c if c != cited else "renamed" for c in r] for r in t])(
        broken_data / "sources.csv")
    with pytest.raises(DataError, match=rf"data/places.csv, row 1, column 'source_id': "
                                        rf"'{cited}' is not a source_id"):
        load_table("places")


def test_an_unchanged_file_is_read_once(broken_data, monkeypatch):
    reads = []
    original = data_module._read_rows
    monkeypatch.setattr(data_module, "_read_rows", lambda *a: reads.append(a) or original(*a))
    for _ in range(3):
        load_table("route_waypoints")
        distance_km("kabul", "herat")
    assert [a[0].name for a in reads] == ["route_waypoints.csv", "places.csv"]


def test_the_fast_date_path_reads_as_strptime_does():
    """load_table reads YYYY-MM-DD with date.fromisoformat; frictionless with strptime."""
    read = _value_reader({"name": "d", "type": "date"}, "test")

    def verdict(reader, text):
        try:
            return reader(text)
        except ValueError:
            return "rejected"

    for text in [f"{y:04d}-{m:02d}-{d:02d}" for y in (0, 1, 979, 1900, 2000, 2024, 9999)
                 for m in range(14) for d in range(33)]:
        assert verdict(read, text) == verdict(
            lambda t: datetime.strptime(t, "%Y-%m-%d").date(), text), text
