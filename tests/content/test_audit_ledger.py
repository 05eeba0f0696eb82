"""The audit ledger in docs/audit/ has an index that lists every ledger file (DECISIONS, "Numbers,
keys and sources"), and its links are checked like the rest of docs/."""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT

from course.checks import links

LEDGER = ROOT / "docs" / "audit"
ROW = re.compile(r"^\|(?P<what>[^|]+)\|\s*(?P<date>\d{4}-\d{2}-\d{2})\s*\|(?P<who>[^|]+)\|"
                 r"(?P<verdict>[^|]+)\|\s*\[[^\]]+\]\((?P<file>[^)]+)\)\s*\|$", re.M)


def index_gaps(folder: Path) -> list[str]:
    """Ledger files the index (README.md) does not list, and index rows naming no such file.

    A row of the index is ``| audited | YYYY-MM-DD | auditor | verdict | [name](file.md) |``.
    """
    rows = ROW.findall((folder / "README.md").read_text(encoding="utf-8"))
    listed = {r[4] for r in rows if all(cell.strip() for cell in r)}
    files = {p.name for p in folder.glob("*.md") if p.name != "README.md"}
    return ([f"{name} is not in the index" for name in sorted(files - listed)]
            + [f"the index lists {name}, which does not exist" for name in sorted(listed - files)])


def test_the_index_lists_every_ledger_file_with_date_auditor_and_verdict():
    assert not index_gaps(LEDGER)


def test_the_index_check_and_the_link_check_catch_a_gap(tmp_path):
    folder = tmp_path / "docs" / "audit"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        "| audited | date | auditor | verdict | ledger |\n|---|---|---|---|---|\n"
        "| rows | 2026-12-07 | helper | fine | [rows.md](rows.md) |\n"
        "| gone | 2026-12-07 | helper | fine | [gone.md](gone.md) |\n", encoding="utf-8")
    (folder / "rows.md").write_text("# Rows\n\nSee [the data](../../data/none.csv).\n",
                                    encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n", encoding="utf-8")
    assert index_gaps(folder) == ["notes.md is not in the index",
                                  "the index lists gone.md, which does not exist"]
    assert links.dead_links(tmp_path) == [
        "docs/audit/README.md: gone.md (no such file)",
        "docs/audit/rows.md: ../../data/none.csv (no such file)"]
