"""load_table: typed frames, and clear messages for broken or missing files."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest
from support import DATA

from helpers import DataError, load_table, table_names
from helpers.names import UnknownNameError

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    """A private copy of data/ that a test may break; the helpers read it instead of data/."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("RUSSIA_AFGHANISTAN_DATA", str(copy))
    return copy


def edit_cell(path, row: int, column: str, value: str) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    table[row][table[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


def drop_column(path, column: str) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    i = table[0].index(column)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in table])


@pytest.mark.parametrize("name", [r["name"] for r in PACKAGE["resources"] if r["format"] == "csv"])
def test_every_table_loads_with_its_schema_types(name):
    frame = load_table(name)
    assert len(frame) > 0
    resource = next(r for r in PACKAGE["resources"] if r["name"] == name)
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert set(frame.columns) | {n for n in frame.index.names if n} == set(fields)
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
    assert {"sources", "events", "places"} <= set(table_names())


def test_wrong_type_names_file_row_and_column(broken_data):
    edit_cell(broken_data / "un_population.csv", 3, "population", "many")
    with pytest.raises(DataError, match=r"data/un_population.csv, row 3 \(line 4\), column "
                                        r"'population': expected a whole number.*'many'"):
        load_table("un_population")


def test_bad_date_names_file_row_and_column(broken_data):
    edit_cell(broken_data / "events.csv", 5, "date", "1979-13-45")
    with pytest.raises(DataError, match=r"data/events.csv, row 5 .*column 'date': expected a "
                                        r"date written YYYY-MM-DD.*'1979-13-45'"):
        load_table("events")


def test_missing_column_is_named(broken_data):
    drop_column(broken_data / "places.csv", "lat")
    with pytest.raises(DataError, match=r"data/places.csv: column 'lat' is missing"):
        load_table("places")


def test_unknown_source_id_is_named(broken_data):
    edit_cell(broken_data / "events.csv", 2, "source_id", "no_such_source")
    with pytest.raises(DataError, match=r"data/events.csv, row 2, column 'source_id': "
                                        r"'no_such_source' is not a source_id"):
        load_table("events")


def test_value_outside_allowed_set_is_named(broken_data):
    edit_cell(broken_data / "events.csv", 1, "era", "medieval")
    with pytest.raises(DataError, match=r"row 1 .*column 'era': expected one of great_game"):
        load_table("events")


def test_empty_required_cell_is_named(broken_data):
    edit_cell(broken_data / "places.csv", 4, "name", "")
    with pytest.raises(DataError, match=r"row 4 .*column 'name': expected a value"):
        load_table("places")


def test_duplicate_key_is_named(broken_data):
    first = load_table("places").index[0]
    edit_cell(broken_data / "places.csv", 2, "place_id", first)
    with pytest.raises(DataError, match=r"data/places.csv, row 2, column 'place_id'.*"
                                        r"repeats row 1"):
        load_table("places")


def test_ragged_row_is_named(broken_data):
    path = broken_data / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "lonely_cell\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/sources.csv, row \d+ \(line \d+\): expected \d+ "
                                        r"cells, found 1"):
        load_table("sources")


def test_missing_file_says_how_to_restore(broken_data):
    (broken_data / "events.csv").unlink()
    with pytest.raises(DataError, match=r"data/events.csv .* is missing; restore it with "
                                        r"`git checkout -- data/events.csv`"):
        load_table("events")


def test_missing_generated_file_says_how_to_rebuild(broken_data):
    (broken_data / "un_population.csv").unlink()
    with pytest.raises(DataError, match=r"rebuild it with `python scripts/build_un_population.py`"):
        load_table("un_population")


def test_unknown_table_suggests_a_name():
    with pytest.raises(UnknownNameError, match=r'no table called "event". Did you mean "events"\?'):
        load_table("event")


@pytest.mark.parametrize(("table", "row", "column", "value", "expected"), [
    ("places", 3, "lat", "448.5", "a value between -90 and 90"),
    ("places", 3, "lon", "nan", "a finite number"),
    ("places", 2, "place_id", "Kabul City", "text matching"),
    ("un_population", 1, "population", "7_776_179", "a whole number"),
    ("events", 4, "date", "19791227", "a date written YYYY-MM-DD"),
])
def test_values_the_schema_forbids_are_named(broken_data, table, row, column, value, expected):
    edit_cell(broken_data / f"{table}.csv", row, column, value)
    with pytest.raises(DataError, match=rf"data/{table}.csv, row {row} .*column {column!r}: "
                                        rf"expected {expected}"):
        load_table(table)


def test_unknown_place_in_another_table_is_named(broken_data):
    edit_cell(broken_data / "route_waypoints.csv", 2, "place_id", "atlantis")
    with pytest.raises(DataError, match=r"data/route_waypoints.csv, row 2, column 'place_id': "
                                        r"'atlantis' is not a place_id in data/places.csv"):
        load_table("route_waypoints")


def test_a_byte_order_mark_is_harmless(broken_data):
    path = broken_data / "places.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_table("places")) > 0


def test_text_that_is_not_utf8_is_named(broken_data):
    path = broken_data / "places.csv"
    path.write_bytes(path.read_bytes().replace(b"Kabul", b"K\xe2bul"))
    with pytest.raises(DataError, match=r"data/places.csv: not UTF-8 text"):
        load_table("places")


def test_blank_row_and_repeated_header_are_named(broken_data):
    path = broken_data / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:3] + [""] + lines[3:]), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/sources.csv, row 3 \(line 4\): the row is blank"):
        load_table("sources")
    path = broken_data / "trade.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("year,flow", "year,year", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/trade.csv: the header names column 'year' twice"):
        load_table("trade")


def test_broken_package_description_is_named(broken_data):
    path = broken_data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(DataError, match=r"data/datapackage.json is not valid JSON"):
        load_table("events")
