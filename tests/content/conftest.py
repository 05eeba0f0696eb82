"""A copy of data/ to change one row of (the checks on keys and prose must fail on it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import DATA


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A throwaway copy of data/; the course's own data/ is never touched."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def change_row(folder: Path, table: str, old: str, new: str) -> None:
    """Replace the text ``old`` (exactly once) in ``data/<table>.csv`` of a data copy."""
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{table}.csv: {old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_row(folder: Path, table: str, row: str) -> None:
    """Append one CSV line to ``data/<table>.csv`` of a data copy."""
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + row + "\n", encoding="utf-8")


# A Soviet-era event before the Saur Revolution, sourced like the 1926 treaty's row
SOVIET_EVENT_1960 = ("cw_1960_test_event,1960-06-01,day,,,,soviet,"
                     "Soviet Union;Kingdom of Afghanistan,Test event,An event added by a test,"
                     "gibler_alliances_1926")
