"""``src/helpers/prompts.json`` holds what each exercise's prompt shows: ``sync`` reads it from
the notebooks (``course.prompts``); here, that every exercise and objective is found."""

from __future__ import annotations

import json

import nbformat
from support import ROOT

from course import prompts
from helpers.bank import bank


def built() -> dict:
    notebooks = {p.name: nbformat.read(p, as_version=4)
                 for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))}
    return json.loads(prompts.build(notebooks))


def test_every_exercise_has_its_label_and_every_lettered_one_its_options():
    found = built()["exercises"]
    assert set(found) == set(bank())
    for qid, question in bank().items():
        if question["notebook"] != "00":
            assert found[qid]["label"].startswith(("Exercise ", "Item ")), qid
        if "options" in question:
            assert list(found[qid]["options"]) == question["options"], qid
            assert all(len(text) > 2 for text in found[qid]["options"].values()), qid


def test_every_objective_an_exercise_serves_has_its_name():
    names = built()["objectives"]
    served = {o for q in bank().values() for o in q["objectives"]}
    assert served <= set(names) and all(len(names[o]) > 10 for o in served)


def test_the_parser_can_tell_a_missing_option():
    assert prompts.options("A. one &nbsp; B. two &nbsp; D. four") == {"A": "one", "B": "two"}
