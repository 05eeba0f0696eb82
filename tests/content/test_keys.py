"""Keys computed from the data: every auto-checked item of notebooks 00-04 says who decides its key
(``solution:`` or ``judgement:`` in its answer block); each solution gives the key, each ``wrong N``
computation still gives N (and not the right answer), each verdict key matches its essay_claims
row. Each check is shown to fail on a copy of data/ with one row added or changed, and the bank
build (``python -m course sync``) refuses the contradicted key, naming item, key and value."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest
from support import GUIDE, ROOT, answer_key

from course import bank, paths, solutions
from course.exercises import exercise_cells

from .conftest import SOVIET_EVENT_1960, add_row, change_row

ITEMS = sorted(answer_key()) if GUIDE.is_file() else []


def marked_items() -> dict[str, str]:
    """Every auto-checked item of the series, by id: the notebook it is in."""
    return {mark.id: path.name for path in paths.notebooks()
            for mark in exercise_cells(nbformat.read(path, as_version=4), "exercise")}


def test_every_auto_checked_item_has_a_block_saying_who_decides_its_key():
    key = answer_key()
    marked = marked_items()
    assert sorted(marked) == sorted(key), "items without a block, or blocks without an item"
    for qid in marked:
        entry = key[qid]
        assert ("solution" in entry) != ("judgement" in entry), qid
        if "judgement" in entry:
            assert len(entry["judgement"].split()) >= 3, f"{qid}: say what the student judges"


def test_data_decided_items_cover_every_kind_and_verdict_items_name_their_row():
    key = answer_key()
    decided = {e["kind"] for e in key.values() if "solution" in e}
    assert decided == {"choice", "number", "order", "text"}
    for qid, entry in key.items():
        if "verdict of" in entry or "verdict" in entry.get("judgement", ""):
            assert "verdict of" in entry and "judgement" in entry, qid


@pytest.mark.parametrize("qid", ITEMS)
def test_the_data_agree_with_the_key_and_the_wrong_lines(qid):
    assert bank.key_problems(answer_key()[qid]) == []


def data_give(expr: str, data) -> str:
    """What an expression gives on a data copy, as the build's messages show it."""
    return solutions.shown(solutions.evaluate(expr, data))


# The tests below name no key: this file ships in the student edition, the answer key does not.
def test_a_soviet_event_added_before_1978_makes_q04_before_saur_fail_naming_it(data_copy):
    add_row(data_copy, "events", SOVIET_EVENT_1960)
    entry = answer_key()["q04_before_saur"]
    key = int(entry["answer"])
    problems = bank.key_problems(entry, data_copy)
    assert problems[0] == (f"q04_before_saur: key {key} but the data give {key + 1} "
                           f"(solution: {entry['solution']})")
    for label in entry["wrong computed"]:  # each wrong count also counts the new row
        assert any(f"'wrong {label}' computation no longer gives {label}: it gives "
                   f"{int(label) + 1}" in p for p in problems), (label, problems)
    with pytest.raises(SystemExit, match=f"q04_before_saur: key {key} but the data give"):
        bank.build(GUIDE.read_text(encoding="utf-8"), data_copy)


def test_a_changed_yearly_count_makes_the_keys_and_wrong_lines_that_use_it_fail(data_copy):
    change_row(data_copy, "soviet_war_by_year", "1985,1868,", "1985,1900,")  # 32 more
    for qid in ("q02_losses_1985", "q04_deaths_sum"):
        entry = answer_key()[qid]
        problems = bank.key_problems(entry, data_copy)
        assert problems[0] == (f"{qid}: key {entry['answer']} but the data give "
                               f"{int(entry['answer']) + 32} (solution: {entry['solution']})")
        assert any("computation no longer gives" in p for p in problems), problems


def test_a_wrong_computation_that_now_gives_the_right_answer_is_refused(data_copy):
    # Kabul's 1975 estimate made equal to 1980's: "the fall from 1975 to 1985" is now the key
    lines = (data_copy / "un_population.csv").read_text(encoding="utf-8").splitlines()
    afg_1975 = next(line for line in lines if line.startswith("Afghanistan,4,1975,"))
    afg_1980 = next(line for line in lines if line.startswith("Afghanistan,4,1980,"))
    change_row(data_copy, "un_population", afg_1975, afg_1980.replace(",1980,", ",1975,"))
    entry = answer_key()["q02_population_fall"]
    problems = bank.key_problems(entry, data_copy)
    assert any(f"computation now gives {entry['answer']}, the right answer" in p
               for p in problems), problems


def test_a_changed_verdict_makes_its_verdict_item_fail(data_copy):
    entry = answer_key()["q04_amin_killed"]
    row = next(line for line in (data_copy / "essay_claims.csv").read_text(
        encoding="utf-8").splitlines() if line.startswith(entry["verdict of"] + ","))
    verdict = bank.VERDICTS[entry["answer"]]
    other = next(v for v in bank.VERDICTS.values() if v != verdict)
    change_row(data_copy, "essay_claims", row, row.replace(f",{verdict},", f",{other},", 1))
    assert bank.key_problems(entry, data_copy) == [
        f"q04_amin_killed: key {entry['answer']} ({verdict}) but essay_claims gives "
        f"{entry['verdict of']} the verdict '{other}'"]


def test_a_choice_key_decided_by_the_data_follows_the_data(data_copy):
    # four more curb_drugs rows (5 in all): contain_islam (C, 4 rows) has the fewest
    for n in (1, 2, 3, 4):
        add_row(data_copy, "motive_evidence",
                f"curb_drugs,1986-0{n}-01,Test row {n},test evidence,cia_1986_ussr_illicit_drugs,")
    entry = answer_key()["q04_motive_fewest"]
    assert data_give(entry["solution"], data_copy) == "'C'"
    if entry["answer"] != "C":
        assert bank.key_problems(entry, data_copy)[0].startswith(
            f"q04_motive_fewest: key {entry['answer']} but the data give 'C'")


def test_a_solution_that_fails_to_run_is_named_with_the_error():
    entry = dict(answer_key()["q01_gap_herat"], solution='distance_km("kushka", "heart")')
    problem, = bank.key_problems(entry)
    assert problem.startswith('q01_gap_herat: solution `distance_km("kushka", "heart")` fails:')
    assert "herat" in problem  # the helper's own "did you mean" survives


def test_a_block_without_solution_or_judgement_is_refused():
    text = GUIDE.read_text(encoding="utf-8") if GUIDE.is_file() else pytest.skip("no guide")
    block = text[text.index("```answer\nid: q04_durand"):]
    block = block[: block.index("```", 10) + 3]
    broken = block.replace("\njudgement: " + answer_key()["q04_durand"]["judgement"], "")
    with pytest.raises(SystemExit, match="q04_durand .*'solution:'.*'judgement:'"):
        bank.parse_blocks(text.replace(block, broken))


def test_expressions_run_offline_on_the_tables_only():
    for expr in ['__import__("os")', 'open("README.md")', "load_table.__globals__",
                 "import os", 'eval("1")']:
        with pytest.raises(solutions.SolutionError):
            solutions.evaluate(expr)
    assert solutions.evaluate('[round(distance_km("kabul", p)) for p in ["herat"]]') == [640]


def test_the_sync_command_refuses_a_key_the_data_contradict(tmp_path):
    """End to end: ``python -m course sync --check`` on a copy of the course with one row added."""
    key = int(answer_key()["q04_before_saur"]["answer"])
    copy = tmp_path / "course"
    for name in ("notebooks", "docs", "data", "site", "benchmarks", "locale", "src"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", copy / "README.md")
    add_row(copy / "data", "events", SOVIET_EVENT_1960)
    run = subprocess.run([sys.executable, "-m", "course", "sync", "--check", "--root", str(copy)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode != 0
    assert f"q04_before_saur: key {key} but the data give {key + 1}" in run.stderr
