"""Facts the sourcing audit (issue 10) corrected, checked in the data where they now live, so that
a changed row cannot bring an old error back. (Wording in the README, the glossary and the guide
is not pinned here: a sentence can be right in many words.)"""

from __future__ import annotations

import csv

import nbformat
from support import DATA, ROOT


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_nicholson_senate_testimony_is_dated_9_february_2017():
    senate = [r for r in _rows("allegations.csv")
              if "Nicholson" in r["made_by"] and "Senate" in r["made_by"]]
    assert senate and {r["date"] for r in senate} == {"2017-02-09"}


def test_kushka_is_its_own_step_not_the_panjdeh_clash():
    """Kushka came to Russia by the 1885 protocol and boundary commission: a step of its own,
    sourced apart from the Panjdeh incident."""
    steps = {r["place_id"]: r for r in _rows("frontier_advance.csv")}
    assert steps["kushka"]["year"] == steps["panjdeh"]["year"] == "1885"
    assert steps["kushka"]["source_id"] != steps["panjdeh"]["source_id"]
    panjdeh_incident = next(r for r in _rows("events.csv")
                            if r["event_id"] == "gg_1885_panjdeh_incident")
    assert steps["kushka"]["source_id"] != panjdeh_incident["source_id"]


def test_every_casa_waypoint_cites_a_source_that_puts_it_on_the_route():
    places = {r["place_id"]: r["source_id"] for r in _rows("places.csv")}
    casa = [r for r in _rows("route_waypoints.csv") if r["project"] == "CASA-1000"]
    assert {"peshawar", "pul_e_khumri"}.isdisjoint(r["place_id"] for r in casa)
    for row in _rows("route_waypoints.csv"):
        assert row["source_id"] != places[row["place_id"]], \
            f"{row['project']} {row['place_id']}: cites the town's coordinates, not the route"


def test_soviet_supplies_to_najibullah_until_the_end_of_1991_are_taught():
    events = {r["event_id"]: r for r in _rows("events.csv")}
    assert events["cw_1991_arms_cutoff_agreed"]["date"] == "1991-09-13"
    cells = nbformat.read(ROOT / "notebooks/02_cold_war_motives.ipynb", as_version=4).cells
    shown = [str(o.get("data", {}).get("text/plain", "")) for c in cells if c.cell_type == "code"
             for o in c.outputs]  # the row is on screen, in the table of events after 1989
    assert any("cw_1991_arms_cutoff_agreed" in text for text in shown)
    assert any("kept arming Najibullah" in c.source for c in cells if c.cell_type == "markdown")


def test_afghan_rulers_accepted_the_durand_line_before_1947():
    """The 1893 agreement was confirmed in 1905, 1919 and 1921; Kabul disputes it from 1947."""
    dates = {r["event_id"]: r["date"] for r in _rows("events.csv")}
    accepted = ["gg_1893_durand_agreement", "gg_1905_dane_treaty",
                "gg_1919_treaty_of_rawalpindi", "gg_1921_anglo_afghan_treaty"]
    assert [dates[e][:4] for e in accepted] == ["1893", "1905", "1919", "1921"]
    assert dates["cw_1947_durand_line_disputed"][:4] == "1947"


def test_afghan_death_estimates_stay_below_3_million():
    """No estimate derived from a census percentage (which gave about 3 million) is kept."""
    estimates = [r for r in _rows("war_estimates.csv") if r["measure"].startswith("afghan_deaths")]
    assert estimates and max(int(r["high"]) for r in estimates) < 3_000_000


def test_essay_claims_weigh_the_imu_and_amins_rise():
    claims = {r["claim_id"]: r for r in _rows("essay_claims.csv")}
    assert claims["03_g_imu_taliban_affiliated"]["verdict"] == "imprecise"
    assert claims["cw_claim_a_amin_selected"]["verdict"] == "imprecise"
    for claim in claims.values():  # the evidence is never the essay that makes the claim
        assert claim["source_id"] != claim["claim_source_id"], claim["claim_id"]


def test_simla_manifesto_is_dated_to_the_day_from_a_print_source():
    simla = next(r for r in _rows("events.csv") if r["event_id"] == "gg_1838_simla_manifesto")
    assert (simla["date"], simla["date_precision"]) == ("1838-10-01", "day")
