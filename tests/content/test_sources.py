"""The sources table cites original works and says how much each can bear (issue 10).

`work` is the printable citation of the original; `tier` its standing, from a closed vocabulary.
No row of any other table may rest only on `aggregator` sources, counting every column whose name
ends in ``source_id``; the one exception is named here with its reason.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from support import DATA, ROOT

TIERS = ["archive", "official", "scholarly", "reference", "press", "state_media", "aggregator"]

# table name -> why it may rest on an aggregator alone (and what the notebook must say on screen)
ALLOWED_AGGREGATOR_ONLY = {
    "soviet_war_by_year": (
        "No copy of the Soviet General Staff's yearly death table (Krivosheev, 'Grif sekretnosti "
        "snyat', 1993) could be found in the stored material, in English or Russian; the only "
        "year-by-year series is an unattributed page. Notebook 02 says so on screen."
    ),
}
FLAGGED_IN_NOTEBOOK = {
    "soviet_war_by_year": ("notebooks/02_cold_war_motives.ipynb", "unattributed"),
}

# Hosts of unofficial book copies and mirrors: a `work` names the original, never one of these.
COPY_HOSTS = ["issuhub", "booksonline", "bookreadfree", "vampirenovels", "rulit.me", "yumpu",
              "bibliboba", "azrefs", "clateway", "wikimili", "kiwix", "piglix", "owiki",
              "perceptiode", "questionai", "docslib"]


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def aggregator_only_rows(folder: Path) -> list[str]:
    """Rows of the tables in ``folder`` whose every source column names an aggregator source.

    Returns one line per offending row: ``"table row N: ids"`` (N counts data rows from 1).
    """
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in package["resources"] if r.get("format") == "csv"]
    tier = {s["source_id"]: s["tier"] for s in _rows(folder / "sources.csv")}
    found = []
    for table in tables:
        if table["name"] == "sources":
            continue
        for number, row in enumerate(_rows(folder / table["path"]), start=1):
            ids = [v for k, v in row.items() if k.endswith("source_id") and v]
            if ids and all(tier.get(i) == "aggregator" for i in ids):
                found.append(f"{table['name']} row {number}: {', '.join(ids)}")
    return found


def test_tier_is_a_closed_vocabulary_described_in_the_package():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert list(fields)[-2:] == ["work", "tier"], "work and tier are the last two columns"
    assert fields["tier"]["constraints"]["enum"] == TIERS
    for tier in TIERS:
        assert tier in fields["tier"]["description"]


def test_every_source_names_its_original_work():
    for row in _rows(DATA / "sources.csv"):
        work = row["work"]
        assert len(work) >= 12 and work.endswith("."), f"{row['source_id']}: work {work!r}"
        assert not any(host in work for host in COPY_HOSTS), \
            f"{row['source_id']}: the work names the copy's host, not the original: {work!r}"
        assert "(attributed)" not in row["author"], row["source_id"]


def test_no_row_rests_only_on_aggregator_sources():
    offending = [line for line in aggregator_only_rows(DATA)
                 if line.split(" row ")[0] not in ALLOWED_AGGREGATOR_ONLY]
    assert not offending, "rows resting only on aggregator sources:\n" + "\n".join(offending)


@pytest.mark.parametrize("table", sorted(ALLOWED_AGGREGATOR_ONLY))
def test_the_allowed_exception_is_flagged_on_screen(table):
    notebook, word = FLAGGED_IN_NOTEBOOK[table]
    nb = nbformat.read(ROOT / notebook, as_version=4)
    shown = [c.source for c in nb.cells if c.cell_type == "markdown" and table in c.source
             or c.cell_type == "code" and f'"{table}"' in c.source]
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert shown and word in text, \
        f"{notebook} must say on screen that {table} rests on an {word} page"


def test_the_check_catches_a_row_resting_on_an_aggregator(tmp_path):
    """A deliberately bad copy: one event re-pointed at a Wikipedia mirror is reported."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    mirror = next(s["source_id"] for s in _rows(copy / "sources.csv") if s["tier"] == "aggregator"
                  and s["source_id"] != "bg_napisaj_withdrawal_losses")
    events = _rows(copy / "events.csv")
    events[0]["source_id"], events[0]["date_alt_source_id"] = mirror, ""
    events[0]["date_alt"] = ""
    with (copy / "events.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(events[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(events)
    assert f"events row 1: {mirror}" in aggregator_only_rows(copy)
    # and a second, non-aggregator source column on the row is enough to clear it
    events[0]["date_alt_source_id"] = "aan_independence_day"
    with (copy / "events.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(events[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(events)
    assert not any(line.startswith("events row 1:") for line in aggregator_only_rows(copy))


def hand_typed_source_lines(code: str) -> list[str]:
    """Figure calls in ``code`` whose ``source=`` is not a ``cite(...)`` call, as source text."""
    import ast
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "source" and not (
                        isinstance(keyword.value, ast.Call)
                        and getattr(keyword.value.func, "id", None) == "cite"):
                    found.append(ast.unparse(keyword.value))
    return found


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_figure_source_lines_are_built_by_cite(notebook):
    import IPython.core.inputtransformer2 as it2
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            code = it2.TransformerManager().transform_cell(cell.source)
            assert not hand_typed_source_lines(code), \
                f"{notebook.name} cell {cell.id}: source line typed by hand, use cite(...)"


def test_the_source_line_check_catches_a_typed_line():
    assert hand_typed_source_lines('plot_map(x, source="Sources: places.csv")') \
        == ["'Sources: places.csv'"]
    assert not hand_typed_source_lines('plot_map(x, source=cite(*x["source_id"]))')


def test_cite_prints_the_work_not_the_host():
    from helpers.data import DataError, cite
    row = next(r for r in _rows(DATA / "sources.csv") if r["source_id"] == "lee2018_p332")
    assert cite("lee2018_p332") == "Source: " + row["work"]
    line = cite("lee2018_p332", "un_wpp_2024", "geonames_cities500", limit=2)
    assert line.startswith("Sources: ") and line.endswith("And 1 more (see the source_id column).")
    assert "Natural Earth" in cite("central_asia")
    with pytest.raises(DataError, match="not_a_source"):
        cite("not_a_source")
