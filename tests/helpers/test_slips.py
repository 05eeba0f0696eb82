"""Every slip a student is likely to make ends in one short message in a real kernel, never a
traceback; other errors still show their traceback.

One small notebook is run in memory with nbclient (one kernel for all the slips: about 3 s).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient
from support import ROOT

from helpers import distance_km, load_table
from helpers.names import UnknownNameError, resolve_name
from helpers.routes import route_points

# (cell, what the message must say); every one of these must show no traceback
SLIPS = [
    ("answer = C", 'C needs quotes: answer = "C"'),
    ("answer = C, A, B", 'C needs quotes: answer = ["C", "A", "B"]'),
    ("answer = [C, A, B]", 'C, A and B need quotes: answer = ["C", "A", "B"]'),
    ("answer = \u201cC\u201d", 'Use straight quotes (") not curly ones'),
    ('answer = "C', "A closing quote is missing"),
    ("answer = 10 476", "answer = 10476"),
    ("answer = Soviet era", 'Text needs quotes: answer = "Soviet era"'),
    ("answer = 10\u00a0476", "answer = 10476"),
    ('distance_km("Kuska", "Herat")', 'There is no place called "Kuska". Did you mean "kushka"?'),
    ('load_table("evnts")', 'There is no table called "evnts". Did you mean "events"?'),
    ('check("q00_exampel", "B")', None),  # check prints feedback itself: no error at all
    ('events.loc["cw_1979_intervention_begin"]',
     'There is no row called "cw_1979_intervention_begin". '
     'Did you mean "cw_1979_intervention_begins"?'),
    ('events["Date"]', 'There is no column called "Date". Did you mean "date"?'),
    ('chek("q00_example", "B")', "Did you mean check?"),
    ("score_summary", "score_summary is not loaded yet: add it to this cell's first line"),
    ("print(frontier)", "Python does not know the name frontier"),
    ("check(42)", 'check needs 2 values in the brackets (question_id, answer)'),
    ('load_table()', 'load_table needs 1 value in the brackets (name)'),
    ("events.Date", 'Did you mean the column "date"? Write it in square brackets'),
    # an id typed without quotes inside every call a student writes, and in square brackets
    ("answer = distance_km(kushka, herat)",
     'kushka and herat need quotes: answer = distance_km("kushka", "herat")'),
    ('answer = distance_km(merv, "herat")', 'merv needs quotes: answer = distance_km("merv", '),
    ("answer = distance_km(kushka herat)", 'answer = distance_km("kushka", "herat")'),
    ("x = load_table(motive_evidence)", 'x = load_table("motive_evidence")'),
    ("load_table(events)", 'events is not text: load_table("events")'),
    ("waypoint_length_km(TAPI)", 'TAPI needs quotes: waypoint_length_km("TAPI")'),
    ("waypoint_length_km(CASA-1000)", 'CASA-1000 needs quotes: waypoint_length_km("CASA-1000")'),
    ("route_points(TAPI)", 'route_points("TAPI")'),
    ("missing_waypoints(TAPI)", 'missing_waypoints("TAPI")'),
    ("show_document(rawalpindi_treaty_1919)", 'show_document("rawalpindi_treaty_1919")'),
    ('check(q00_example, "B")', 'q00_example needs quotes: check("q00_example", "B")'),
    ('assess(q04_durand, "B")', 'assess("q04_durand", "B")'),
    ('check("q00_example", C)', 'C needs quotes: check("q00_example", "C")'),
    ("plot_map(places.loc[[kabul, herat]])", 'plot_map(places.loc[["kabul", "herat"]])'),
    ("plot_timeline(events, title=Great Game)", 'plot_timeline(events, title="Great Game")'),
    ('plot_series(deaths, year, "soviet_deaths")',
     'year needs quotes: plot_series(deaths, "year", "soviet_deaths")'),
    ("events.loc[cw_1979_intervention_begins]", 'events.loc["cw_1979_intervention_begins"]'),
    ("events[events[era] == soviet]", 'events[events["era"] == "soviet"]'),
    ('opium.loc[2022, "hectares"]', 'its "year" column, so pick the row by year: '
                                    'opium.set_index("year").loc[2022, "hectares"]'),
    ("deaths.loc[1995]", "There is no row 1995 in this table: its rows are labelled 1979 to 1989"),
    ('print(claims.loc["c03_recognition_1917"])', "claims is made by a cell above"),
    ("answer = 10'476", "answer = 10476"),
    ("answer = 105,05", "answer = 105.05"),
]
# the cells that prepare the kernel, and an ordinary error that must keep its traceback
SETUP = ['from helpers import (check, assess, distance_km, load_table, missing_waypoints,\n'
         '    plot_map, plot_series, plot_timeline, route_points, show_document,\n'
         '    waypoint_length_km)\n'
         'events, places = load_table("events"), load_table("places")\n'
         'opium, deaths = load_table("opium_cultivation"), load_table("soviet_war_by_year")']
REAL_ERROR = "1 / 0"
REAL_TYPE_ERROR = "len(5)"  # a TypeError outside the helpers keeps its traceback too
REAL_ATTRIBUTE_ERROR = "events.no_such_thing_at_all"  # nothing close: the normal traceback
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# run where the notebooks run: their folder holds the shim that imports this copy's helpers
IN_NOTEBOOKS = {"metadata": {"path": str(ROOT / "notebooks")}}


@pytest.fixture(scope="module")
def ran() -> list:
    nb = nbformat.v4.new_notebook()
    real = [REAL_ATTRIBUTE_ERROR, REAL_TYPE_ERROR, REAL_ERROR]
    sources = SETUP + [cell for cell, _ in SLIPS] + real
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120,
                   resources=IN_NOTEBOOKS).execute()
    return nb.cells[len(SETUP):]


def _errors(cell) -> list:
    return [o for o in cell.outputs if o["output_type"] == "error"]


@pytest.mark.parametrize(("position", "slip"), list(enumerate(SLIPS)), ids=[s for s, _ in SLIPS])
def test_a_slip_gives_one_short_message(ran, position, slip):
    cell, expected = slip
    errors = _errors(ran[position])
    if expected is None:
        assert errors == []
        text = "".join(o.get("text", "") + str(o.get("data", "")) for o in ran[position].outputs)
        assert 'There is no exercise called "q00_exampel". Did you mean "q00_example"?' in text
        return
    assert len(errors) == 1, ran[position].outputs
    traceback = errors[0]["traceback"]
    assert len(traceback) == 1, traceback  # one message, no frames
    message = ANSI.sub("", traceback[0])
    assert message.startswith("\u2717 ")  # a visible mark, not colour alone
    assert expected in message
    assert "Traceback" not in message and "File " not in message and "\n" not in message
    assert len(message) < 260


def test_other_errors_keep_their_traceback(ran):
    for cell, name in ((ran[-1], "ZeroDivisionError"), (ran[-2], "TypeError"),
                       (ran[-3], "AttributeError")):
        traceback = ANSI.sub("", "\n".join(_errors(cell)[0]["traceback"]))
        assert name in traceback and "Traceback" in traceback


def test_every_helper_that_takes_an_id_accepts_any_capitalisation():
    assert distance_km("Kushka", "HERAT") == distance_km("kushka", "herat")
    assert len(load_table("Moscow_Talks")) == len(load_table("moscow_talks"))
    assert list(route_points("tapi").index) == list(route_points("TAPI").index)
    assert resolve_name("exercise", "Q00_Example", ["q00_example"]) == "q00_example"


@pytest.mark.parametrize(("call", "kind", "typed", "meant"), [
    (lambda: load_table("evnts"), "table", "evnts", "events"),
    (lambda: distance_km("kabul", "Kuska"), "place", "Kuska", "kushka"),
    (lambda: route_points("tapy"), "route", "tapy", "TAPI"),
])
def test_every_unknown_id_is_answered_the_same_way(call, kind, typed, meant):
    with pytest.raises(UnknownNameError) as caught:
        call()
    assert str(caught.value) == f'There is no {kind} called "{typed}". Did you mean "{meant}"?'


# --- Run All continues past a slip; the summary after a restart ---------------------------------

def _run(sources: list[str], tags: dict[int, list[str]] | None = None, allow_errors=False):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for position, cell_tags in (tags or {}).items():
        nb.cells[position].metadata["tags"] = cell_tags
    NotebookClient(nb, kernel_name="python3", allow_errors=allow_errors, timeout=120,
                   resources=IN_NOTEBOOKS).execute()
    return nb.cells


def _shown(cell) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for o in cell.outputs)


def test_run_all_continues_past_a_slip_in_a_tagged_answer_cell_and_the_score_counts_it():
    cells = _run(['from helpers import assess, score_summary',
                  'answer = C\nassess("q04_durand", answer)',
                  'answer = "b"\nassess("q04_durand", answer)',
                  'score_summary("04")'],
                 tags={1: ["raises-exception"], 2: ["raises-exception"]})
    assert "C needs quotes" in ANSI.sub("", "".join(cells[1].outputs[0]["traceback"]))
    assert cells[3].execution_count == 4  # the cells after the slip ran
    assert "answered" in _shown(cells[3]) and "Run > Run All Cells" in _shown(cells[3])


def test_after_a_restart_the_summary_says_to_run_all_instead_of_claiming_nothing_is_answered():
    cells = _run(['from helpers import score_summary', 'score_summary("04")'])
    text = _shown(cells[1])
    assert "0 of 20" not in text and "Run > Run All Cells" in text


def test_a_wrong_or_malformed_answer_is_feedback_not_an_exception():
    cells = _run(['from helpers import check',
                  'check("q02_losses_1985", "ten thousand")',
                  'check("q02_losses_1985", [1, 2, 3])',
                  'check("Q00_EXAMPLE", "z")'])  # allow_errors=False: any exception fails here
    assert all(_shown(c).startswith("\u270e ") for c in cells[1:]), [_shown(c) for c in cells]
