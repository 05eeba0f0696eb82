"""Every number in the words is checked: each claim of tests/content/prose_claims.md is found in
its file, states its value, and the data still give it. Shown to fail on a copy of data/ with one
row changed, on a reworded sentence, and on words that do not state the expected value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import GUIDE, ROOT

from course import claims

from .conftest import add_row, change_row

ALL = claims.load()
FILES = sorted({c.file for c in ALL})
# the words the issue names: notebooks 00-04 (Markdown, captions, alt text), the guide (prose,
# model answers, feedback), the glossary and the README
SCOPE = {*(f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("0[0-4]_*.ipynb"))),
         "docs/teacher_guide.md", "docs/glossary.md", "README.md"}


def test_the_claims_cover_every_file_in_scope():
    scope = SCOPE if GUIDE.is_file() else SCOPE - {"docs/teacher_guide.md"}
    assert scope <= set(FILES), f"no claims for {sorted(scope - set(FILES))}"


@pytest.mark.parametrize("file", FILES)
def test_every_claim_about_the_file_holds(file):
    problems = claims.problems([c for c in ALL if c.file == file])
    assert not problems, "\n".join(problems)


def test_a_changed_row_fails_naming_file_sentence_and_new_value(data_copy):
    change_row(data_copy, "places", "peshawar,Peshawar,Purushapura,city,Pakistan,34.0080,71.5785",
               "peshawar,Peshawar,Purushapura,city,Pakistan,34.0080,71.7000")
    torkham = [c for c in ALL if "km from Torkham" in c.says or "Torkham (about" in c.says]
    problems = claims.problems(torkham, data=data_copy)
    assert len(problems) == len(torkham) == (2 if GUIDE.is_file() else 1)  # notebook 01, guide
    nb01 = next(p for p in problems if p.startswith("notebooks/01_great_game.ipynb"))
    assert "choosing Peshawar, a city of that region about 47 km from Torkham" in nb01
    assert "states 47, but the data now give 57.9086" in nb01  # Peshawar moved 11 km east


def test_an_added_row_falsifies_the_counts_that_depend_on_it(data_copy):
    add_row(data_copy, "motive_evidence", "contain_islam,1985-01-01,Test row,test evidence,"
            "coll2004_ghost_wars_kgb,")
    problems = claims.problems(ALL, data=data_copy)
    assert any(p.startswith("notebooks/02_cold_war_motives.ipynb") and
               "Two of the four Islam rows come after the 1979 decision" in p and
               "states [2, 4], but the data now give [3, 5]" in p for p in problems), problems


def test_a_reworded_sentence_fails_naming_the_file_and_the_old_words(tmp_path):
    (tmp_path / "README.md").write_text(
        (ROOT / "README.md").read_text(encoding="utf-8").replace(
            "through three eras", "through the eras"), encoding="utf-8")
    readme = [c for c in ALL if c.file == "README.md"]
    problem, = claims.problems(readme, root=tmp_path)
    assert problem.startswith("README.md (tests/content/prose_claims.md, line ")
    assert "'through three eras' are no longer in the file" in problem


def test_words_that_do_not_state_the_expected_value_fail():
    claim = claims.Claim("README.md", "through three eras",
                         'load_table("events")["era"].nunique()', 4)
    problem, = claims.problems([claim])
    assert "do not state 4" in problem


def test_the_claims_file_rejects_a_malformed_block():
    with pytest.raises(ValueError, match="line 2: missing \\['value'\\]"):
        claims.parse("## README.md\n```claim\nsays: three eras\nexpect: 3\n```\n")
    with pytest.raises(ValueError, match="expect must be a Python literal"):
        claims.parse("## README.md\n```claim\nsays: x\nvalue: 1\nexpect: three\n```\n")


def test_a_claim_can_be_checked_against_a_whole_copy_of_the_course(tmp_path):
    """The check reads the file and the data of the copy it is given (as the editions will be)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    nb = [c for c in ALL if c.file == "notebooks/00_start_here.ipynb"]
    assert claims.problems(nb, root=Path(tmp_path)) == []
