"""One table display: dates at the precision the data record, never 00:00:00, empty cells empty."""

from __future__ import annotations

import pandas as pd

from helpers import load_table
from helpers.tables import table_html, table_text


def _precision_rows(level: str) -> pd.DataFrame:
    events = load_table("events")
    return events[events["date_precision"] == level]


def test_month_and_year_dates_are_not_printed_as_a_first_day():
    for level, width in (("month", 7), ("year", 4)):
        rows = _precision_rows(level)
        assert len(rows), f"no {level}-precision event to test with"
        shown = table_text(rows[["date", "title"]])  # the precision column is not displayed
        for date in rows["date"]:
            text = date.strftime("%Y-%m-%d")[:width]
            assert text in shown and date.strftime("%Y-%m-%d") not in shown, (level, text)


def test_no_table_of_the_package_shows_a_time_of_day():
    for name in ("events", "moscow_talks", "allegations", "motive_evidence", "sources"):
        table = load_table(name)
        for shown in (table_text(table), table_html(table), table_text(table.reset_index())):
            assert "00:00:00" not in shown and "NaT" not in shown, name


def test_a_row_picked_by_its_id_keeps_its_precision():
    event = _precision_rows("month").iloc[0]
    assert event["date"].strftime("%Y-%m") in table_text(event)
    assert event["date"].strftime("%Y-%m-%d") not in table_text(event)


def test_long_text_wraps_inside_its_cell():
    html = table_html(load_table("moscow_talks"))
    assert "overflow-wrap:anywhere" in html and "max-width:100%" in html
