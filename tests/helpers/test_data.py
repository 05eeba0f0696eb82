"""load_table, the thin reader: the schema's types, the header check, a message naming file, row
and column for a cell it cannot read, and a cache. Validating the package (constraints, keys,
references) is `python -m course data check`'s job: tests/course/test_data_check.py."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from support import DATA

import helpers.data as data_module
from helpers import distance_km, load_table
from helpers.data import DATA_ENV, DataError, table_names
from helpers.names import CourseError, UnknownNameError
from helpers.slips import slip_message

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in PACKAGE["resources"] if r["format"] == "csv"]
DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "date": "datetime64[s]"}


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A private copy of data/ that a test may break; the helpers read it instead of data/."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv(DATA_ENV, str(copy))
    return copy


def rewrite(path, change) -> None:
    """Rewrite the CSV file at ``path`` as ``change(rows)`` (row 0 is the header)."""
    with path.open(newline="", encoding="utf-8") as f:
        table = change(list(csv.reader(f)))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


def cell(row: int, column: str, value: str):
    def change(table):
        table[row][table[0].index(column)] = value
        return table
    return change


# --- types --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [r["name"] for r in TABLES])
def test_every_table_loads_with_its_schema_types(name):
    """The dtypes the notebooks show: written out here, not read from helpers.data."""
    frame = load_table(name)
    assert len(frame) > 0
    fields = next(r for r in TABLES if r["name"] == name)["schema"]["fields"]
    columns = ([frame.index.name] if frame.index.name else []) + list(frame.columns)
    assert columns == [f["name"] for f in fields]
    dtypes = {frame.index.name: frame.index.dtype, **frame.dtypes.to_dict()}
    assert {f["name"]: str(dtypes[f["name"]]) for f in fields} == \
        {f["name"]: DTYPES[f["type"]] for f in fields}


def test_cells_are_read_as_python_reads_them_and_empty_cells_are_missing(broken_data):
    rewrite(broken_data / "un_population.csv", cell(1, "population", " +7776179"))
    rewrite(broken_data / "places.csv", cell(3, "lat", "3.45e1"))
    rewrite(broken_data / "places.csv", cell(3, "name_variants", ""))
    population, places = load_table("un_population"), load_table("places")
    assert population.loc[0, "population"] == 7776179
    assert places.iloc[2]["lat"] == 34.5
    assert places["name_variants"].isna().iloc[2]
    events = load_table("events")
    assert events["date_alt"].isna().any() and events["date_alt"].notna().any()


def test_table_names_lists_the_tables():
    assert table_names() == [r["name"] for r in TABLES]


def test_a_type_the_reader_cannot_read_is_named(broken_data):
    path = broken_data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    trade = next(r for r in package["resources"] if r["name"] == "trade")
    trade["schema"]["fields"][0]["type"] = "year"
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DataError, match=r"table 'trade', column 'year': load_table cannot read "
                                        r"type 'year'"):
        load_table("trade")


# --- the header -------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (lambda t: [r + ["x"] for r in t], r"data/trade.csv: column 'x' is not in "
                                       r"data/datapackage.json"),
    (lambda t: [[r[1], r[0]] + r[2:] for r in t], r"data/trade.csv: column 1 is 'flow' but "
                                                   r"should be 'year'"),
    (lambda t: [r[1:] for r in t], r"data/trade.csv: column 'year' is missing"),
    (lambda t: [[r[0], r[0]] + r[2:] for r in t], r"data/trade.csv: the header names column "
                                                   r"'year' twice"),
], ids=["extra", "reordered", "missing", "twice"])
def test_the_header_must_be_the_schemas_columns_in_order(broken_data, change, message):
    rewrite(broken_data / "trade.csv", change)
    with pytest.raises(DataError, match=message):
        load_table("trade")


# --- a cell it cannot read: file, row, column ----------------------------------------------------

@pytest.mark.parametrize("table, row, column, value, expected", [
    ("un_population", 3, "population", "many", "a whole number such as 1885"),
    ("un_population", 2, "year", "1990.5", "a whole number such as 1885"),
    ("places", 5, "lat", "34,5", "a number such as 14453 or 12.5"),
    ("events", 4, "date", "1979-13-45", "a date written YYYY-MM-DD, such as 1979-12-27"),
])
def test_a_cell_that_is_not_its_type_is_named_by_file_row_and_column(broken_data, table, row,
                                                                    column, value, expected):
    rewrite(broken_data / f"{table}.csv", cell(row, column, value))
    with pytest.raises(DataError) as raised:
        load_table(table)
    message = (f"data/{table}.csv, row {row} (line {row + 1}), column {column!r}: expected "
               f"{expected}, found {value!r}.")
    assert str(raised.value) == message
    # in a notebook the slip handler shows this one line, never a traceback
    assert isinstance(raised.value, CourseError) and slip_message(raised.value) == message


def test_rows_of_the_wrong_length_and_broken_quotes_are_explained(broken_data):
    path = broken_data / "trade.csv"
    rewrite(path, lambda t: t[:2] + [t[2] + [""]] + t[3:])
    with pytest.raises(DataError, match=r"data/trade.csv, line 3: expected 6 cells, found 7"):
        load_table("trade")
    text = (DATA / "trade.csv").read_text(encoding="utf-8")
    path.write_text(text + '2024,total,,"a quote left open,src,note\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"data/trade.csv: a quoted cell runs to the end of the "
                                        r"file; check for a missing closing quote"):
        load_table("trade")


def test_a_file_that_is_not_utf8_is_named(broken_data):
    path = broken_data / "places.csv"
    path.write_bytes(path.read_bytes().replace(b"Kabul", b"K\xe2bul"))
    with pytest.raises(DataError, match=r"data/places.csv: not UTF-8 text"):
        load_table("places")


# --- missing files and names --------------------------------------------------------------------

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


def test_broken_package_description_is_named(broken_data):
    path = broken_data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(DataError, match=r"data/datapackage.json is not valid JSON"):
        load_table("events")


# --- the cache ------------------------------------------------------------------------------------

def test_a_saved_change_is_read_again_and_the_cache_is_not_shared(broken_data):
    first = load_table("places")
    first.loc["kabul", "lat"] = 0.0  # a student's change to their copy stays in their copy
    assert load_table("places").loc["kabul", "lat"] != 0.0
    rewrite(broken_data / "places.csv", cell(1, "name", "Renamed"))
    assert load_table("places").iloc[0]["name"] == "Renamed"


def test_an_unchanged_file_is_read_once(broken_data, monkeypatch):
    reads = []
    original = data_module._read
    monkeypatch.setattr(data_module, "_read", lambda *a: reads.append(a) or original(*a))
    for _ in range(3):
        load_table("route_waypoints")
        distance_km("kabul", "herat")
    assert [a[0].name for a in reads] == ["route_waypoints.csv", "places.csv"]
