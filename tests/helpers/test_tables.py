"""One table display: dates at the precision the data record, never 00:00:00, empty cells empty."""

from __future__ import annotations

import pandas as pd

from helpers import load_table
from helpers.tables import displayed, table_html, table_text


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


def test_long_ids_may_break_without_css_and_read_the_same():
    """In stored (untrusted) outputs JupyterLab's sanitizer drops overflow-wrap:anywhere, so a
    wide table can shrink only at <wbr> break points (that it then fits a 1366-px window:
    tests/browser/test_jupyterlab.py). Removing them gives back the exact id; short cells such
    as dates get none."""
    events = load_table("events").head(5)
    html = table_html(events)
    assert all(len(event_id) >= 16 for event_id in events.index)  # long enough to be broken
    for event_id in events.index:
        assert event_id.replace("_", "_<wbr>") in html, event_id
        assert f">{event_id}<" in html.replace("<wbr>", ""), event_id
    for date in displayed(events)["date"]:
        assert f'white-space:nowrap;">{date}</td>' in html, date


def test_a_column_the_code_computes_shows_its_header_in_the_edition():
    """``value_counts()`` makes a column called ``count``: an edition's table shows it in the
    edition's words from the course's own catalogs, with the real name (code's) under it."""
    from helpers import i18n, load_table
    from helpers.tables import table_html

    counts = load_table("sources")["kind"].value_counts()
    assert ">count</th>" in table_html(counts)
    with i18n.speaking("ru"):
        shown = table_html(counts)
    assert "число<br><code" in shown and ">count</code>" in shown, shown[:400]
    with i18n.speaking("fa"):
        assert "تعداد<br><code" in table_html(counts)
