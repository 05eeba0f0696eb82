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
    solution: distance_km("kushka", "herat")   (a key the data decide: its computation)
    judgement: why no computation decides it    (instead of solution:, for every other item)
    ```

**Keys from the data.** Every block says who decides its key. A key the data decide carries
``solution:``, one Python expression over the course's tables (``course.solutions``: the
notebooks' ``load_table``, ``distance_km``, ``waypoint_length_km``, pandas as ``pd``); a choice
item's solution gives the letter. Every other item carries ``judgement:`` instead, saying what the
student judges (a verdict, a reading of a document or a map). A ``wrong`` line that explains a
particular wrong computation carries it after ``=``::

    wrong 628 = distance_km("kushka", "kabul"): That is the distance from Kushka to Kabul; ...

(several computations that give the same wrong value: ``wrong 7 = expr = expr: ...``). A verdict
item may add ``verdict of: <claim_id>``: its key must then be the letter of that row's verdict in
``essay_claims`` (options A supported, B contradicted, C imprecise, D unverified).

The build (``python -m course sync``) runs every computation against the data and refuses, naming
item, key and computed value: a key its solution contradicts (judged as the checker judges a
student's answer, within the item's ``step`` or ``exact``), a ``wrong N`` computation that no
longer gives N or now gives the right answer, a verdict key that disagrees with its row, and a
block with neither ``solution:`` nor ``judgement:``.

An exercise id, once on main, works for ever (``src/helpers/exercise_ids.txt`` lists them all):
when an exercise is renamed, its block keeps the old id under ``aliases:``, and the bank maps the
old id to the new one, so a student's saved cell ``check("q01_old_id", ...)`` still works.

The bank stores digests and sealed (encrypted) feedback only, in a fixed order, so a rebuild
gives the same bytes.

**The editions' feedback.** ``explain``, ``wrong X``, ``hint`` and ``hint if below`` are
translated in the guide-side catalogs ``locale/<lang>/LC_MESSAGES/feedback.po`` (extracted from
these blocks by ``python -m course sync``, context ``<id>|<field>``). The build seals each
translated, non-fuzzy text like the English, with a key of its language, under the question's
``translations`` (``{"ru": {"feedback": {digest: sealed}, "hint": ..., "hints_if": [...]}}``);
the checker shows it while the helpers speak that language (``helpers.bank.explanation``), and
the English where a text is not translated. The catalogs are part of the answer key: the
student edition leaves them out, and the grading sandbox never has them.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from . import markers, solutions
from .paths import helpers

GUIDE = "teacher_guide.md"
GLANCE = "answers-at-a-glance"
BLOCK = re.compile(r"^```answer\n(.*?)^```", re.S | re.M)
REQUIRED = ("id", "kind", "notebook", "section", "objective", "answer", "explain", "hint")
DECIDED = ("solution", "judgement")  # exactly one: who decides the key
VERDICTS = {"A": "supported", "B": "contradicted", "C": "imprecise", "D": "unverified"}


def split_wrong(rest: str) -> tuple[str, list[str], str]:
    """A ``wrong`` line after the word ``wrong``: (value, computations, text).

    >>> split_wrong("628 = distance_km('kushka', 'kabul'): That is Kushka to Kabul.")
    ('628', ["distance_km('kushka', 'kabul')"], 'That is Kushka to Kabul.')
    >>> split_wrong("7 = s.loc[1:2].sum() = len(x): Seven.")
    ('7', ['s.loc[1:2].sum()', 'len(x)'], 'Seven.')
    >>> split_wrong("B: Not quite.")
    ('B', [], 'Not quite.')
    """
    value, sep, text = rest.partition(":")
    if " = " not in value and sep:  # no computation: the usual "wrong B: ..."
        return value.strip(), [], text.strip()
    value, _, after = rest.partition(" = ")
    for end in (i for i, char in enumerate(after) if char == ":"):
        parts = [p.strip() for p in after[:end].split(" = ")]
        try:  # the first colon after which each part is a whole expression ends them
            for part in parts:
                ast.parse(part, mode="eval")
        except SyntaxError:
            continue
        return value.strip(), parts, after[end + 1:].strip()
    raise ValueError(f"'wrong {rest[:60]}...': expected 'wrong VALUE = expression: text'")


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
                try:
                    label, computed, value = split_wrong(line.strip()[6:])
                except ValueError as exc:
                    raise SystemExit(f"{GUIDE}, line {line_no + offset}: {exc}") from None
                entry["wrong"][label] = value
                if computed:
                    entry.setdefault("wrong computed", {})[label] = computed
            else:
                entry[key] = value
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise SystemExit(f"{GUIDE}, block at line {line_no}: missing {missing}")
        if sum(k in entry for k in DECIDED) != 1:
            raise SystemExit(f"{GUIDE}, {entry['id']} (block at line {line_no}): give either "
                             "'solution:' (the computation that decides the key) or "
                             "'judgement:' (why no computation decides it), not both or neither")
        kinds = helpers("bank").KINDS
        if entry["kind"] not in kinds:
            raise SystemExit(f"{GUIDE}, {entry['id']}: kind must be one of {kinds}")
        blocks.append(entry)
    return blocks


def build_question(entry: dict, translations: dict | None = None) -> dict:
    """One bank entry: digests and sealed feedback, no readable answer; with each language's
    translated feedback (``translations``: language -> {(context, English): text}, as
    :func:`feedback_translations` reads them) sealed under ``translations``."""
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
    wrongs = {}
    for value, text in entry["wrong"].items():
        form = normalise(question, value)[0]
        near = kind == "number" and not question.get("exact") and abs(int(form) - int(right)) <= 1
        if form in rights or near:
            raise SystemExit(f"{qid}: 'wrong {value}' would be accepted as right")
        feedback[digest(qid, form)] = seal(qid, form, text)
        wrongs[value] = form
    question["feedback"] = dict(sorted(feedback.items()))
    for lang, found in sorted((translations or {}).items()):
        texts = _translated(entry, question, found, rights, wrongs, lang)
        if texts:
            question.setdefault("translations", {})[lang] = texts
    if kind == "order":
        items = right.split(",")
        question["prefixes"] = [digest(qid, ",".join(items[:n])) for n in range(1, len(items))]
    return question


def _translated(entry: dict, question: dict, found: dict, rights: list[str],
                wrongs: dict[str, str], lang: str) -> dict:
    """One question's texts in ``lang``: its sealed feedback, hint and ``hint if below`` parts
    that the catalog translates ({} if none)."""
    bank = helpers("bank")
    qid = entry["id"]

    def text(field: str, english: str) -> str | None:
        return found.get((f"{qid}|{field}", english))

    sealed = {}
    explain = text("explain", entry["explain"])
    if explain:
        sealed.update({bank.digest(qid, r): bank.seal(qid, r, explain, lang) for r in rights})
    for value, form in wrongs.items():
        wrong = text(f"wrong {value}", entry["wrong"][value])
        if wrong:
            sealed[bank.digest(qid, form)] = bank.seal(qid, form, wrong, lang)
    texts: dict = {}
    if sealed:
        texts["feedback"] = dict(sorted(sealed.items()))
    hint = text("hint", entry["hint"])
    if hint:
        texts["hint"] = hint
    extra = [text(key, value) or "" for key, value in sorted(entry.items())
             if key.startswith("hint if below ")] if question.get("kind") == "number" else []
    if any(extra):
        texts["hints_if"] = extra
    return texts


def feedback_translations(root: Path, read=None) -> dict[str, dict]:
    """language -> {(context, English): translation} of the guide-side catalogs
    ``locale/<lang>/LC_MESSAGES/feedback.po``: their translated, non-fuzzy entries (``read``:
    sync's in-memory tree, after its catalogs step)."""
    from .translate import catalogs

    found = {}
    for lang in catalogs.LANGUAGES:
        name = catalogs.po_path(lang, "feedback")
        if read is not None:
            try:
                text = read(name)
            except FileNotFoundError:
                continue
        elif (root / name).is_file():
            text = (root / name).read_text(encoding="utf-8")
        else:
            continue
        entries = catalogs.translated(text)
        if entries:
            found[lang] = entries
    return found


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


def _judged(question: dict, qid: str, value) -> tuple[list[str], bool]:
    """(normalised forms, right?) of a computed value, as the checker judges an answer."""
    answers, digest = helpers("answers"), helpers("bank").digest
    value = solutions.plain(value)
    if question["kind"] == "number":
        forms = answers.number_forms(question, float(value))
    else:
        forms = answers.normalise(question, value)
    return forms, any(digest(qid, form) in question["answers"] for form in forms)


def key_problems(entry: dict, data: Path | None = None) -> list[str]:
    """What the data say against one block's key and wrong lines (empty: nothing).

    Runs its ``solution:``, each ``wrong N = ...`` computation and its ``verdict of:`` row over
    the tables in ``data`` (default: this copy's ``data/``).
    """
    qid, key = entry["id"], entry["answer"].split("|")[0].strip()
    question = build_question(entry)
    problems = []

    def run(expr: str, what: str):
        try:
            return solutions.evaluate(expr, data)
        except solutions.SolutionError as exc:
            problems.append(f"{qid}: {what} `{expr}` fails: {exc}")
            return None

    if "solution" in entry:
        value = run(entry["solution"], "solution")
        if value is not None:
            try:
                right = _judged(question, qid, value)[1]
            except Exception as exc:  # noqa: BLE001 -- a value the item cannot take
                problems.append(f"{qid}: solution gives {solutions.shown(value)}, which a "
                                f"{entry['kind']} item cannot take ({exc})")
            else:
                if not right:
                    problems.append(f"{qid}: key {key} but the data give "
                                    f"{solutions.shown(value)} (solution: {entry['solution']})")
    for label, exprs in entry.get("wrong computed", {}).items():
        wrong_form = helpers("answers").normalise(question, label)[0]
        for expr in exprs:
            value = run(expr, f"'wrong {label}' computation")
            if value is None:
                continue
            forms, right = _judged(question, qid, value)
            if right:
                problems.append(f"{qid}: 'wrong {label}' computation now gives "
                                f"{solutions.shown(value)}, the right answer (key {key}): "
                                f"{expr}")
            elif forms[0] != wrong_form:
                problems.append(f"{qid}: 'wrong {label}' computation no longer gives {label}: "
                                f"it gives {solutions.shown(value)} ({expr})")
    if "verdict of" in entry:
        claim = entry["verdict of"]
        expr = f'load_table("essay_claims").loc["{claim}", "verdict"]'
        verdict = run(expr, "verdict")
        if verdict is not None and VERDICTS.get(key) != verdict:
            problems.append(f"{qid}: key {key} ({VERDICTS.get(key)}) but essay_claims gives "
                            f"{claim} the verdict {verdict!r}")
    return problems


def build(text: str, data: Path | None = None, translations: dict | None = None) -> str:
    """The bank's JSON text for the guide ``text`` (sorted: a rebuild gives the same bytes), with
    the editions' feedback of ``translations`` (:func:`feedback_translations`) sealed in.

    Raises SystemExit, naming every item whose key or wrong line the data in ``data`` (default:
    this copy's ``data/``) contradict (:func:`key_problems`).
    """
    entries = parse_blocks(text)
    problems = [p for e in entries for p in key_problems(e, data)]
    if problems:
        raise SystemExit(f"{GUIDE}: the data contradict {len(problems)} key(s) or wrong "
                         "line(s); fix the block (or the data):\n  " + "\n  ".join(problems))
    aliases = aliases_of(entries)
    questions = {e["id"]: build_question(e, translations)
                 for e in sorted(entries, key=lambda e: e["id"])}
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
