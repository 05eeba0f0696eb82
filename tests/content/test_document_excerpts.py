"""Every cut in an excerpt is marked the course's way, and every excerpt has its audit (issue 23).

The course marks a cut with ``[…]`` (U+2026 in square brackets): inline for words left out of a
paragraph, on a line of its own for whole paragraphs. A bare ``…`` is the source's own ellipsis and
is allowed only in the excerpts named in ``SOURCE_ELLIPSES``. A bracketed line is read as a section
label by ``helpers.documents.read_sections``, so each label must name its language, and no
editorial note can hide there. docs/audit/documents.md records the comparison of each excerpt with
its stored copy.
"""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from support import DATA, ROOT

from helpers.documents import read_sections

with (DATA / "documents.csv").open(newline="", encoding="utf-8") as _f:
    DOCUMENTS = [d["document_id"] for d in csv.DictReader(_f)]
LEDGER = ROOT / "docs" / "audit" / "documents.md"

# document -> why a bare "…" in it is the source's, not ours
SOURCE_ELLIPSES = {
    "tass_statement_1979_12_30": "Seventeen Moments prints its own cuts in the TASS text as …",
    "politburo_1986_11_13": "Chernyaev's notes, as the Wilson Center publishes them, open a "
                            "passage with …",
}
MARK = "[…]"
ANY_MARK = re.compile(r"[\[(]\s*(?:…|\.{2,}|\u22ef)\s*[\])]")  # [...], (…), [ … ], [⋯], …
BARE = re.compile(r"…|\.\.\.")  # searched after the bracketed marks are taken out


def mark_problems(document_id: str, text: str) -> list[str]:
    """Cut marks in ``text`` that are not the course's ``[…]``, and bare ellipses not allowed.

    >>> mark_problems("x", "a [...] b (…) c [ … ] d […] e")
    ['x: cut marked "[...]", write "[…]"', 'x: cut marked "(…)", write "[…]"', \
'x: cut marked "[ … ]", write "[…]"']
    >>> mark_problems("x", "a … b")
    ['x: a bare "…" (a cut of ours is "[…]"; a source\\'s own ellipsis goes in SOURCE_ELLIPSES)']
    """
    problems = [f'{document_id}: cut marked "{m}", write "{MARK}"'
                for m in ANY_MARK.findall(text) if m != MARK]
    if document_id not in SOURCE_ELLIPSES and BARE.search(ANY_MARK.sub("", text)):
        problems.append(f'{document_id}: a bare "…" (a cut of ours is "{MARK}"; a source\'s own '
                        "ellipsis goes in SOURCE_ELLIPSES)")
    return problems


@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_cuts_are_marked_the_course_way(document_id):
    text = (DATA / "documents" / f"{document_id}.txt").read_text(encoding="utf-8")
    assert not mark_problems(document_id, text)


def label_problems(document_id: str) -> list[str]:
    """Sections of the excerpt whose label names no language, or that hold no text."""
    problems = []
    for section in read_sections(document_id):
        if not re.search(r"\b(English|Russian)\b", section.label):
            problems.append(f"{document_id}: label [{section.label}] names no language "
                            "(an editorial note on a line of its own is read as a label)")
        if not section.text.replace(MARK, "").strip():
            problems.append(f"{document_id}: [{section.label}] holds no text")
    return problems


@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_every_section_label_names_its_language_and_has_text(document_id):
    assert not label_problems(document_id)


def test_source_ellipses_are_still_needed():
    for document_id in SOURCE_ELLIPSES:
        text = (DATA / "documents" / f"{document_id}.txt").read_text(encoding="utf-8")
        assert BARE.search(ANY_MARK.sub("", text)), \
            f"{document_id} has no bare … any more: take it out of SOURCE_ELLIPSES"


def ledger_gaps(ledger_text: str, documents: list[str]) -> list[str]:
    """Documents without a "### id" heading followed by a "**Verdict:**" line in the ledger."""
    sections = dict(re.findall(r"^### (\S+)\n(.*?)(?=^### |\Z)", ledger_text, re.M | re.S))
    return [d for d in documents if "**Verdict:**" not in sections.get(d, "")]


def test_every_excerpt_has_its_verdict_in_the_audit_ledger():
    assert not ledger_gaps(LEDGER.read_text(encoding="utf-8"), DOCUMENTS)


def test_the_checks_catch_a_bad_mark_a_stray_label_and_a_missing_verdict(tmp_path, monkeypatch):
    """A deliberately bad copy: a "[...]" cut and an editorial note on a line of its own."""
    from helpers.data import DATA_ENV

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "documents" / "geneva_accords_1988.txt"
    bad = path.read_text(encoding="utf-8").replace(MARK, "[...]", 1) + "\n[Article III left out]\n"
    path.write_text(bad, encoding="utf-8")
    assert mark_problems("geneva_accords_1988", bad) == \
        ['geneva_accords_1988: cut marked "[...]", write "[…]"']
    monkeypatch.setenv(DATA_ENV, str(copy))
    assert label_problems("geneva_accords_1988") == [
        "geneva_accords_1988: label [Article III left out] names no language (an editorial note "
        "on a line of its own is read as a label)",
        "geneva_accords_1988: [Article III left out] holds no text"]
    assert ledger_gaps("### geneva_accords_1988\n- **Verdict:** exact.\n### x\nnone\n",
                       ["geneva_accords_1988", "x", "y"]) == ["x", "y"]
