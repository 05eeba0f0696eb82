"""At most 25 data rows rest only on encyclopaedias, each named here with its reason (issue 23).

A row rests only on ``reference`` sources when every non-empty column whose name ends in
``source_id`` names a source of tier ``reference`` (the counting rule of tests/test_sources.py).
Rows of places.csv whose coordinates come from the gazetteer are left out: a gazetteer is the
proper source for a town's coordinates, so those rows need no better one. Every other such row
is listed in ``ALLOWED`` with the reason no scholarly, official, archival or press source was
found; the audit behind each reason is docs/audit/sources_reference_rows.md. A new row on
encyclopaedias alone fails, naming its table and row, until it is re-sourced or listed here.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from support import DATA

MAX_REFERENCE_ONLY = 25
GAZETTEER = "geonames_cities500"

# (table, row key) -> why no better source was found. The key is the table's primaryKey in
# data/datapackage.json, or its first three columns joined by "|" where it has none.
ALLOWED = {
    ("events", "gg_1842_first_anglo_afghan_war_end"):
        "No scholarly or official passage in the stored material dates the British withdrawal of "
        "October 1842 (searched: Lee 2018, Trotter 1893); Dost Mohammad's return has its own row "
        "on the Library of Congress country study.",
    ("events", "gg_1849_punjab_annexed"):
        "Only encyclopaedias (Wikipedia, the Sikh Encyclopedia) state the proclamation of 29 March "
        "1849 in the stored material.",
    ("events", "gg_1853_ak_mechet"):
        "No stored passage outside encyclopaedias gives the siege dates (2 searches).",
    ("events", "gg_1865_tashkent"):
        "Outside encyclopaedias only the year was found, on an unattributed copy of a Library of "
        "Congress study; Lee 2018 does not date the capture.",
    ("events", "gg_1873_khiva_treaty"):
        "Knox (1887) is the only stored text with the treaty's date and the end of slavery; Kort "
        "(2004) confirms only the protectorate of 1873.",
    ("events", "gg_1878_second_anglo_afghan_war_start"):
        "Lee 2018 gives the ultimatum's deadline of 20 November, but the page with the crossing "
        "is not in the store (3 searches).",
    ("events", "gg_1919_soviet_recognition_of_afghanistan"):
        "The row reports the Soviet claim, and the Great Soviet Encyclopedia is its own voice; no "
        "archival or scholarly text with the date was found (3 searches).",
    ("events", "gg_1919_afghan_proposal_to_soviet_russia"):
        "Only the Soviet encyclopaedia gives 7 April; Konarovsky (a diplomat's popular history) "
        "confirms the month only.",
    ("events", "gg_1919_soviet_reply_to_amanullah"):
        "No stored copy of Lenin's letter or the Soviet note of 27 May 1919 (2 searches).",
    ("events", "gg_1920_bukhara_taken"):
        "The row reports the Soviet operation in the Soviet encyclopaedia's words; the stored "
        "pages outside encyclopaedias that date it are unattributed (1 search).",
    ("events", "cw_1926_neutrality_treaty"):
        "Gibler prints the treaty, but the stored copy stops before Article 2, the clause on "
        "hostile groups (3 searches); that clause rests on Gibler's summary.",
    ("places", "galkynysh_gas_field"):
        "A gas field has no gazetteer entry; the infobox position serves as a map label.",
    ("places", "sangtuda"):
        "Not in the gazetteer extract; the point is the Sangtuda-1 power plant's infobox "
        "coordinate.",
    ("places", "torkham"):
        "A border crossing missing from the gazetteer extract; the infobox coordinate serves as a "
        "map point.",
    ("places", "wakhan"):
        "A region: a label position, which a gazetteer of towns does not give.",
    ("frontier_advance", "1853|ak_mechet"):
        "As the event gg_1853_ak_mechet: no stored passage outside encyclopaedias.",
    ("frontier_advance", "1854|vernyi"):
        "No stored passage outside encyclopaedias dates the fort's founding (2 searches).",
    ("frontier_advance", "1865|tashkent"):
        "As the event gg_1865_tashkent: the year only, on an unattributed copy.",
    ("frontier_advance", "1881|ashgabat"):
        "No stored passage outside encyclopaedias dates the fort's founding (1 search).",
    ("war_estimates", "soviet_deaths_total|70000|70000"):
        "The row shows a wrong figure in circulation and names PBS as its author; another source "
        "would change what the row records.",
    ("war_estimates", "afghan_civilian_deaths_1979_1989|562000|2000000"):
        "The row records Wikipedia's own synthesis of several studies (who_counted says so); the "
        "studies are not in the store, and the Tufts floor has its own row.",
    ("war_estimates", "herat_1979_deaths|3000|25000"):
        "The low bound of 3,000 appears only in Wikipedia; Kakar's 25,000 and the AAN's 20,000 "
        "have their own rows.",
    ("war_estimates", "us_stingers_supplied|2300|2300"):
        "No stored source outside Wikipedia gives 2,300: RFE/RL reports about 2,000 (Pentagon "
        "officials), the Los Angeles Times that officials gave no number.",
    ("motive_evidence", "friendly_kabul|1926-08-31|Paghman neutrality and non-aggression treaty"):
        "As the event cw_1926_neutrality_treaty; 'it began closer relations' is Gibler's own "
        "judgement.",
    ("outside_support", "Iran|direct state sponsorship of Shia parties|Backed the Shia, mainly "
                        "Hazara, mujahideen groups (the 'Tehran Eight', formalised Dec 1987)"):
        "No stored scholarly text dates the 'Tehran Eight' to December 1987 (1 search).",
}


def _rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _tables(folder: Path) -> list[dict]:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in package["resources"] if r.get("format") == "csv" and r["name"] != "sources"]


def row_key(table: dict, row: dict) -> str:
    """The row's primaryKey values (or its first three columns) joined by "|".

    >>> row_key({"schema": {"primaryKey": ["year", "place_id"]}}, {"year": "1881", "place_id": "x"})
    '1881|x'
    >>> row_key({"schema": {}}, {"a": "1", "b": "2", "c": "3", "d": "4"})
    '1|2|3'
    """
    key = table["schema"].get("primaryKey") or list(row)[:3]
    return "|".join(row[c] for c in ([key] if isinstance(key, str) else key))


def reference_only_rows(folder: Path) -> list[tuple[str, int, str, list[str]]]:
    """Rows of the tables in ``folder`` whose every source column names a ``reference`` source.

    Returns (table, data row number from 1, row key, source ids); places.csv rows resting on the
    gazetteer alone are left out.
    """
    tier = {s["source_id"]: s["tier"] for s in _rows(folder / "sources.csv")}
    found = []
    for table in _tables(folder):
        for number, row in enumerate(_rows(folder / table["path"]), start=1):
            ids = [v for k, v in row.items() if k.endswith("source_id") and v]
            if not ids or not all(tier.get(i) == "reference" for i in ids):
                continue
            if table["name"] == "places" and set(ids) == {GAZETTEER}:
                continue
            found.append((table["name"], number, row_key(table, row), ids))
    return found


def unlisted_reference_rows(folder: Path) -> list[str]:
    """One line per reference-only row missing from ``ALLOWED``: table, row number, key, sources."""
    return [f"{table} row {number} ({key}): {', '.join(ids)}"
            for table, number, key, ids in reference_only_rows(folder)
            if (table, key) not in ALLOWED]


def test_at_most_25_rows_rest_only_on_reference_sources():
    found = reference_only_rows(DATA)
    assert len(ALLOWED) <= MAX_REFERENCE_ONLY
    assert len(found) <= MAX_REFERENCE_ONLY, f"{len(found)} rows rest only on reference sources"


def test_every_reference_only_row_is_listed_with_its_reason():
    unlisted = unlisted_reference_rows(DATA)
    assert not unlisted, ("rows resting only on reference sources (re-source them, or list them "
                          "in ALLOWED with the reason no better source exists):\n"
                          + "\n".join(unlisted))


def test_the_list_names_no_row_that_was_re_sourced_or_is_gone():
    found = {(table, key) for table, _, key, _ in reference_only_rows(DATA)}
    stale = sorted(set(ALLOWED) - found)
    assert not stale, f"ALLOWED lists rows that no longer rest only on reference sources: {stale}"


def test_each_listed_key_names_one_row_and_gives_a_reason():
    tables = {t["name"]: t for t in _tables(DATA)}
    for (name, key), reason in ALLOWED.items():
        rows = _rows(DATA / tables[name]["path"])
        assert [row_key(tables[name], r) for r in rows].count(key) == 1, (name, key)
        assert len(reason) > 40 and reason.endswith("."), (name, key)


def _rewrite(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_check_names_a_new_reference_only_row(tmp_path):
    """A deliberately bad copy: one event and one place re-pointed at encyclopaedias."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    events = _rows(copy / "events.csv")
    number, event = next((n, e) for n, e in enumerate(events, start=1)
                         if e["event_id"] == "cw_1979_intervention_begins")
    event["source_id"], event["date_alt_source_id"] = "wikipedia_operation_cyclone", ""
    _rewrite(copy / "events.csv", events)
    places = _rows(copy / "places.csv")
    kabul = next(p for p in places if p["place_id"] == "kabul")
    assert kabul["source_id"] == GAZETTEER  # the gazetteer's own rows are left out ...
    assert not any(line.startswith("places") for line in unlisted_reference_rows(copy))
    kabul["source_id"] = "wikipedia_torkham"  # ... but not a town moved onto an encyclopaedia
    _rewrite(copy / "places.csv", places)
    unlisted = unlisted_reference_rows(copy)
    assert unlisted[0] == (f"events row {number} (cw_1979_intervention_begins): "
                           "wikipedia_operation_cyclone")
    assert any(line.startswith("places row ") and "(kabul)" in line for line in unlisted)
    # a second column on an archive source clears the row again
    event["date_alt_source_id"] = "frus1977_80v12_d75"
    _rewrite(copy / "events.csv", events)
    assert not any(line.startswith("events") for line in unlisted_reference_rows(copy))
