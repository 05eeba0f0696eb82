"""The exercise bank, built from the answer key: ``src/helpers/quiz_bank.json`` and the guide's
"answers at a glance" list, both written by ``python -m course sync`` (checked by ``--check``).

The guide holds one fenced block per exercise, for example::

    ```answer
    id: q01_panjdeh
    kind: choice            (choice | number | order | text)
    notebook: 01
    section: The Panjdeh crisis
    objective: O1.2         (one or more objective ids, separated by spaces)
    options: A B C D        (choice and order)
    step: 50                (number: answers within about one step count as right)
    exact: yes              (number, optional: only the value itself, e.g. for a count or a year)
    answer: C               (for text, alternatives separated by |)
    answer ru: Кабул        (text, optional: the answer as the Russian or Dari edition's
    answer fa: کابل          students write it, alternatives separated by |; see docs/editions.md)
    explain: Why C is right, shown once the student gets it.
    wrong A: Why A is wrong, shown only to a student who answers A.
    hint: Shown for any other wrong answer; must not give the answer away.
    hint if below 1000: Added to the hint only for answers below 1000 (numbers; optional).
    refer: 01 The closing gap  (optional: where an assessment item's point is taught)
    aliases: q01_old_id     (optional: ids this exercise was published under before a rename)
    ```

An exercise id, once on main, works for ever (``src/helpers/exercise_ids.txt`` lists them all):
when an exercise is renamed, its block keeps the old id under ``aliases:``, and the bank maps the
old id to the new one, so a student's saved cell ``check("q01_old_id", ...)`` still works.

The bank stores digests and sealed (encrypted) feedback only, in a fixed order, so a rebuild
gives the same bytes.
"""

from __future__ import annotations

import json
import re

from . import markers
from .paths import helpers

GUIDE = "teacher_guide.md"
GLANCE = "answers-at-a-glance"
BLOCK = re.compile(r"^```answer\n(.*?)^```", re.S | re.M)
REQUIRED = ("id", "kind", "notebook", "section", "objective", "answer", "explain", "hint")


def parse_blocks(text: str) -> list[dict]:
    """Every ```answer block of the guide as a dict; ``wrong X`` lines go to ``wrong``."""
    blocks = []
    for match in BLOCK.finditer(text):
        entry: dict = {"wrong": {}}
        line_no = text[: match.start()].count("\n") + 2
        for offset, line in enumerate(match.group(1).splitlines()):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise SystemExit(f"{GUIDE}, line {line_no + offset}: expected 'key: value'")
            key, value = key.strip(), value.strip()
            if key.startswith("wrong "):
                entry["wrong"][key[6:].strip()] = value
            else:
                entry[key] = value
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise SystemExit(f"{GUIDE}, block at line {line_no}: missing {missing}")
        kinds = helpers("bank").KINDS
        if entry["kind"] not in kinds:
            raise SystemExit(f"{GUIDE}, {entry['id']}: kind must be one of {kinds}")
        blocks.append(entry)
    return blocks


def build_question(entry: dict) -> dict:
    """One bank entry: digests and sealed feedback, no readable answer."""
    digest, seal = helpers("bank").digest, helpers("bank").seal
    normalise = helpers("answers").normalise
    qid, kind = entry["id"], entry["kind"]
    question: dict = {"kind": kind, "notebook": entry["notebook"], "section": entry["section"],
                      "objectives": entry["objective"].split(), "hint": entry["hint"]}
    if "refer" in entry:  # assessment items point back to the notebook that teaches the point
        notebook, _, section = entry["refer"].partition(" ")
        question["refer"] = {"notebook": notebook, "section": section.strip()}
    if kind in ("choice", "order"):
        question["options"] = entry["options"].split()
    if kind == "number":
        question["step"] = float(entry["step"])
        # whole-number answers read "10.476" as 10476; decimal ones find it ambiguous
        question["whole"] = re.fullmatch(r"-?\d+", entry["answer"].strip()) is not None
        # "hint if below N: ..." is added to the hint only for answers below N, so that advice
        # such as "type the number of people, not millions" never answers 1700000
        question["hints_if"] = [{"below": float(key.split()[-1]), "text": value}
                                for key, value in sorted(entry.items())
                                if key.startswith("hint if below ")]
        if entry.get("exact", "no") == "yes":  # counts and years: no neighbouring values
            question["exact"] = True
    answers = [entry["answer"]]
    if kind == "text":  # the editions' own words count too: one bank judges every edition
        answers = [a.strip() for key in ["answer", *sorted(k for k in entry if
                                                          k.startswith("answer "))]
                   for a in entry[key].split("|") if a.strip()]
    rights = sorted({normalise(question, a)[0] for a in answers})
    right = normalise(question, answers[0])[0]
    question["answers"] = sorted(digest(qid, r) for r in rights)
    feedback = {digest(qid, r): seal(qid, r, entry["explain"]) for r in rights}
    for value, text in entry["wrong"].items():
        form = normalise(question, value)[0]
        near = kind == "number" and not question.get("exact") and abs(int(form) - int(right)) <= 1
        if form in rights or near:
            raise SystemExit(f"{qid}: 'wrong {value}' would be accepted as right")
        feedback[digest(qid, form)] = seal(qid, form, text)
    question["feedback"] = dict(sorted(feedback.items()))
    if kind == "order":
        items = right.split(",")
        question["prefixes"] = [digest(qid, ",".join(items[:n])) for n in range(1, len(items))]
    return question


def aliases_of(entries: list[dict]) -> dict[str, str]:
    """Old id -> current id, from the ``aliases:`` lines; an alias may not be any other id.

    >>> aliases_of([{"id": "q1_new", "aliases": "q1_old q1_older"}, {"id": "q2"}])
    {'q1_old': 'q1_new', 'q1_older': 'q1_new'}
    """
    ids = [e["id"] for e in entries] + [a for e in entries for a in e.get("aliases", "").split()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"{GUIDE}: exercise ids or aliases used twice: {duplicates}")
    return {old: e["id"] for e in entries for old in e.get("aliases", "").split()}


def build(text: str) -> str:
    """The bank's JSON text for the guide ``text`` (sorted: a rebuild gives the same bytes)."""
    entries = parse_blocks(text)
    aliases = aliases_of(entries)
    questions = {e["id"]: build_question(e) for e in sorted(entries, key=lambda e: e["id"])}
    return json.dumps({"format": 1, "built_from": "docs/teacher_guide.md", "aliases": aliases,
                       "questions": questions}, indent=1, sort_keys=True) + "\n"


def with_glance(text: str) -> str:
    """The guide with its "answers at a glance" list (one line per notebook) rewritten from the
    answer blocks, so the list a teacher reads in class cannot drift from the key."""
    by_notebook: dict[str, list[str]] = {}
    for entry in parse_blocks(text):
        first = entry["answer"].split("|")[0].strip()
        by_notebook.setdefault(entry["notebook"], []).append(f"{entry['id']} {first}")
    lines = "\n".join(f"- **{nb}**: {'; '.join(items)}"
                      for nb, items in sorted(by_notebook.items()))
    try:
        return markers.replace_lines(text, GLANCE, lines)
    except ValueError as exc:
        raise SystemExit(f"{GUIDE}: {exc}") from None
