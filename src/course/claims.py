"""The claims the prose makes about the data: every number in the words, checked against the tables.

A number a table decides that appears in words (a notebook's Markdown, a figure's caption, the
teacher's guide, the glossary, the README) is either a cell's own output or a **claim**, listed in
``tests/content/prose_claims.md`` with the expression that yields it (the guide's claims quote
its answers, so they sit in ``tests/content/prose_claims_guide.md``, which the student edition
drops with the guide). A claims file is Markdown: a
``## path`` heading names the file the claims below it are about (``notebooks/01_great_game.ipynb``,
``docs/teacher_guide.md``, ...), and each claim is a fenced block::

    ```claim
    says: about 47 km from Torkham
    value: distance_km("torkham", "peshawar")
    expect: 47
    within: 0.5
    note: Peshawar's coordinates are GeoNames'
    ```

- ``says``: words exactly as they appear in the file (line breaks and runs of spaces count as one
  space), and they must state the expected value: the number in digits or words ("47",
  "13,833", "four", "Thirty-two"), the word itself (``"imprecise"``), or each item of a list;
- ``value``: one expression over the tables, as a solution in an answer block
  (``course.solutions``: ``load_table``, ``distance_km``, ``waypoint_length_km``, ``pd``);
- ``expect``: what the words state, as a Python literal (``47``, ``"imprecise"``,
  ``[1868, 1873]``); ``True`` for a statement with no number in it ("falling", "most");
- ``within`` (optional): how far a number may be from ``expect`` ("about 47 km": 0.5);
- ``note`` (optional): anything the next editor should know.

:func:`problems` reports, naming file and sentence: a claim whose words are no longer in its file
(a reworded sentence cannot drop out of the check silently), words that do not state the
expected value, and an expression that no longer gives it (with the new value).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import solutions
from .paths import ROOT

CLAIMS = "tests/content/prose_claims.md"
GUIDE_CLAIMS = "tests/content/prose_claims_guide.md"  # quotes the answer key: teachers only
FIELDS = ("says", "value", "expect", "within", "note")
_HEADING = re.compile(r"^## (\S+)\s*$", re.M)
_BLOCK = re.compile(r"^```claim\n(.*?)^```", re.S | re.M)
_NUMBER = re.compile(r"(?<![\w.])[-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5, "quarter": 0.25,
               "third": 0.33, "once": 1, "twice": 2, "single": 1, "none": 0, "no": 0})


@dataclass(frozen=True)
class Claim:
    """One claim: the file, the words, the expression, the value the words state."""

    file: str
    says: str
    value: str
    expect: object
    within: float = 0.0
    note: str = ""
    line: int = 0  # where the block starts in the claims file
    source: str = CLAIMS  # the claims file


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (how ``says`` is matched).

    >>> flat("about 46\\n  km")
    'about 46 km'
    """
    return " ".join(text.split())


def parse(text: str, source: str = CLAIMS) -> list[Claim]:
    """Every claim of the claims file ``source`` (its ``text``); ValueError names a bad block.

    >>> parse('## README.md\\n```claim\\nsays: three eras\\nvalue: 1 + 2\\nexpect: 3\\n```\\n')
    [Claim(file='README.md', says='three eras', value='1 + 2', expect=3, within=0.0, note='', \
line=2, source='tests/content/prose_claims.md')]
    """
    headings = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
    claims = []
    for match in _BLOCK.finditer(text):
        line = text[: match.start()].count("\n") + 1
        where = [name for start, name in headings if start < match.start()]
        if not where:
            raise ValueError(f"{source}, line {line}: a claim before any '## file' heading")
        fields: dict[str, str] = {}
        for row in match.group(1).splitlines():
            if not row.strip():
                continue
            key, sep, value = row.partition(":")
            if not sep or key.strip() not in FIELDS:
                raise ValueError(f"{source}, line {line}: expected one of {FIELDS} followed "
                                 f"by ':', got {row!r}")
            fields[key.strip()] = value.strip()
        missing = [k for k in ("says", "value", "expect") if k not in fields]
        if missing:
            raise ValueError(f"{source}, line {line}: missing {missing}")
        try:
            expect = ast.literal_eval(fields["expect"])
        except (ValueError, SyntaxError):
            raise ValueError(f"{source}, line {line}: expect must be a Python literal (47, "
                             f"\"imprecise\", [1868, 1873], True), not {fields['expect']!r}"
                             ) from None
        claims.append(Claim(where[-1], fields["says"], fields["value"], expect,
                            float(fields.get("within", 0)), fields.get("note", ""), line,
                            source))
    return claims


def load(root: Path = ROOT) -> list[Claim]:
    """The claims of the course copy ``root``: both claims files (the guide's where present)."""
    return [claim for name in (CLAIMS, GUIDE_CLAIMS) if (root / name).is_file()
            for claim in parse((root / name).read_text(encoding="utf-8"), name)]


def file_text(path: Path) -> str:
    """The words a reader sees in a file, flattened: a notebook's Markdown and code (captions
    and alt text are written in code) and its stored text outputs; any other file whole."""
    if path.suffix != ".ipynb":
        return flat(path.read_text(encoding="utf-8"))
    parts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return flat("\n".join(parts))


def sentence(text: str, phrase: str, reach: int = 150) -> str:
    """The sentence of flattened ``text`` around ``phrase`` (for messages): from the end of the
    sentence before to the end of its own, at most ``reach`` characters either side.

    >>> sentence("One. The gap is 46 km wide. Two.", "46 km")
    'The gap is 46 km wide.'
    >>> sentence("x" * 200 + " the gap is 46 km", "46 km", reach=10)
    '...he gap is 46 km'
    """
    at = text.find(phrase)
    before = max(text.rfind(mark, 0, at) for mark in (". ", "? ", "! "))
    start = before + 2 if before >= 0 else 0
    cut = start < at - reach
    start = max(start, at - reach)
    end = text.find(". ", at + len(phrase))
    end = len(text) if end < 0 else end + 1
    end = min(end, at + len(phrase) + reach)
    return ("..." if cut else "") + text[start:end].strip()


def _numbers(phrase: str) -> list[float]:
    """Every number the words state, in digits or in words.

    >>> _numbers("Thirty-two years, 13,833 dead, about 97.8% and four-fold; once")
    [13833.0, 97.8, 32, 4, 1]
    """
    found = [float(m.group().replace(",", "").replace("\u2212", "-"))
             for m in _NUMBER.finditer(phrase)]
    for word in re.findall(r"[a-z]+(?:-[a-z]+)?", phrase.lower()):
        parts = word.split("-")
        if len(parts) == 2 and parts[0] in _WORDS and parts[1] in _WORDS:
            found.append(_WORDS[parts[0]] + _WORDS[parts[1]])
        else:
            found.extend(_WORDS[p] for p in parts if p in _WORDS)
    return found


def states(phrase: str, expect) -> bool:
    """Whether the words state ``expect``: a number in digits or words, a word, each item of a
    list; True and False (statements without a number) always pass.

    >>> states("about 47 km from Torkham", 47), states("two fewer", 2), states("x", 3)
    (True, True, False)
    >>> states("verdict: *imprecise*", "imprecise"), states("1868 and 1876", [1868, 1876])
    (True, True)
    """
    if isinstance(expect, bool):
        return True
    if isinstance(expect, (list, tuple)):
        return all(states(phrase, item) for item in expect)
    if isinstance(expect, (int, float)):
        return any(abs(n - expect) < 1e-9 or abs(-n - expect) < 1e-9
                   for n in _numbers(phrase))
    return str(expect).lower() in phrase.lower()


def agrees(value, expect, within: float) -> bool:
    """Whether a computed value is what the words state (numbers within ``within``).

    >>> agrees(47.0097, 47, 0.5), agrees([1868, 1873.0], [1868, 1873], 0), agrees(46.2, 47, 0.5)
    (True, True, False)
    """
    value = solutions.plain(value)
    if isinstance(expect, bool) or isinstance(value, bool):
        return value is expect or value == expect
    if isinstance(expect, (list, tuple)):
        return (isinstance(value, list) and len(value) == len(expect)
                and all(agrees(v, e, within) for v, e in zip(value, expect, strict=True)))
    if isinstance(expect, (int, float)) and isinstance(value, (int, float)):
        return abs(value - expect) <= within + 1e-9
    return value == expect


def problems(claims: list[Claim], root: Path = ROOT, data: Path | None = None) -> list[str]:
    """What is wrong with each claim, one line each, naming file and sentence (empty: nothing).

    Args:
        claims: the claims to check (:func:`load`).
        root: the course copy whose files the words are looked up in.
        data: the ``data/`` folder the expressions read (default: the copy's own).
    """
    texts: dict[str, str] = {}
    found = []
    for claim in claims:
        path = root / claim.file
        if claim.file not in texts:
            texts[claim.file] = file_text(path) if path.is_file() else ""
        text, says = texts[claim.file], flat(claim.says)
        where = f"{claim.file} ({claim.source}, line {claim.line})"
        if says not in text:
            found.append(f"{where}: the words {says!r} are no longer in the file: reworded? "
                         "Update the claim's 'says' (and check its number)")
            continue
        if not states(says, claim.expect):
            found.append(f"{where}: the words {says!r} do not state {claim.expect!r}; 'says' "
                         "must contain the number (or word) that 'expect' holds")
            continue
        try:
            value = solutions.evaluate(claim.value, data)
        except solutions.SolutionError as exc:
            found.append(f"{where}: `{claim.value}` fails: {exc}")
            continue
        if not agrees(value, claim.expect, claim.within):
            found.append(f"{where}: \"{sentence(text, says)}\" states {claim.expect!r}, but "
                         f"the data now give {solutions.shown(value)} ({claim.value})")
    return found
