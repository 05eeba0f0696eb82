"""What the data package holds beyond its schema: every file described, every row sourced, the
events spanning the three eras. (frictionless validates the schema itself: `python -m course data
check`, tests/course/test_data_check.py.)"""

from __future__ import annotations

import csv
import json
import re

from support import DATA

from course.data import population
from helpers.style import ERA_SPANS

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in PACKAGE["resources"] if r.get("format") == "csv"]


def rows(resource: dict) -> list[dict]:
    with (DATA / resource["path"]).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_file_in_data_is_described():
    described = {r["path"] for r in PACKAGE["resources"]} | {"datapackage.json"}
    present = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    assert present == described


def test_every_row_cites_a_source_through_a_foreign_key():
    """frictionless checks that each cited source exists; this checks that every table cites."""
    for resource in TABLES[1:]:
        cited = {fk["fields"] for fk in resource["schema"].get("foreignKeys", [])
                 if fk["reference"] == {"resource": "sources", "fields": "source_id"}}
        assert "source_id" in cited, resource["name"]


def test_files_that_are_not_tables_carry_a_checksum():
    """frictionless compares a resource's bytes with its "hash"; every other file needs one."""
    for resource in PACKAGE["resources"]:
        if resource.get("format") != "csv":
            assert resource["hash"].startswith("sha256:"), resource["name"]


def test_every_source_is_used():
    """Each source backs a row: through a *source_id column, or named in a row's evidence text."""
    known = {r["source_id"] for r in rows(TABLES[0])}
    used = set()
    for resource in TABLES[1:]:
        for row in rows(resource):
            for column, value in row.items():
                if column.endswith("source_id"):
                    used.add(value)
                else:
                    used |= set(re.findall(r"[a-z][a-z0-9_]+", value)) & known
    unused = known - used
    assert not unused, f"sources.csv lists sources no row uses: {sorted(unused)}"


def test_sources_table_comes_first_and_has_addresses():
    assert TABLES[0]["name"] == "sources"
    for row in rows(TABLES[0]):
        assert row["url"].startswith(("https://", "http://", "shared/")), row["source_id"]


def test_events_cover_all_three_eras_from_the_1830s_to_2025():
    events = rows(next(r for r in TABLES if r["name"] == "events"))
    assert len(events) >= 40
    assert {e["era"] for e in events} == {"great_game", "soviet", "post_2001"}
    years = [int(e["date"][:4]) for e in events]
    assert min(years) < 1840 and max(years) >= 2025


def test_event_dates_match_their_precision_and_era():
    for e in rows(next(r for r in TABLES if r["name"] == "events")):
        if e["date_precision"] == "year":
            assert e["date"].endswith("-01-01"), e["event_id"]
        if e["date_precision"] == "month":
            assert e["date"].endswith("-01"), e["event_id"]
        start, end = ERA_SPANS[e["era"]]
        assert start <= int(e["date"][:4]) <= end, e["event_id"]
        assert (e["date_alt"] == "") == (e["date_alt_source_id"] == ""), e["event_id"]
        assert len(e["title"]) <= 45, e["event_id"]


def test_un_population_extract_rebuilds_to_the_same_bytes():
    assert population.render() == (DATA / "un_population.csv").read_text(encoding="utf-8")
