"""Every document traces to an archive reference and a source that holds its text, and is read.

Also checks what ``show_document`` puts on screen: the header, the exact excerpt, language tags
for screen readers, and the same friendly error for a slip as ``load_table``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re

import pytest
from support import DATA, ROOT

from helpers import show_document
from helpers.documents import read_sections
from helpers.names import UnknownNameError

with (DATA / "documents.csv").open(newline="", encoding="utf-8") as _f:
    DOCUMENTS = list(csv.DictReader(_f))
with (DATA / "sources.csv").open(newline="", encoding="utf-8") as _f:
    SOURCES = {r["source_id"] for r in csv.DictReader(_f)}
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CALL = re.compile(r"""show_document\(\s*["']([^"']+)["']""")


def notebook_calls() -> dict[str, list[str]]:
    """document ids passed to show_document in each notebook's code cells."""
    calls = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        calls[path.name] = CALL.findall(source)
    return calls


def test_at_least_fifteen_documents_across_three_eras():
    assert len(DOCUMENTS) >= 15
    eras = [d["era"] for d in DOCUMENTS]
    assert {e: eras.count(e) >= 3 for e in ("great_game", "soviet", "post_2001")} == \
        {"great_game": True, "soviet": True, "post_2001": True}


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["document_id"])
def test_document_has_archive_ref_source_and_checksummed_excerpt(doc):
    assert doc["archive_ref"].strip(), "every document needs an archive reference"
    assert doc["translation"].strip() and doc["licence"].strip()
    assert doc["source_id"] in SOURCES
    assert doc["second_source_id"] in SOURCES | {""}
    path = DATA / "documents" / f"{doc['document_id']}.txt"
    assert path.is_file()
    resource = next(r for r in PACKAGE["resources"]
                    if r.get("path") == f"documents/{doc['document_id']}.txt")
    assert resource["hash"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["document_id"])
def test_excerpt_is_short_unless_public_domain(doc):
    """About 250 words per language at most (issue 11), unless the text is in the public domain."""
    sections = read_sections(doc["document_id"])
    languages = {s.language for s in sections}
    for language in languages:
        words = sum(s.words for s in sections if s.language == language)
        assert words <= 270 or doc["licence"].startswith("public domain"), (language, words)
    assert languages == set(doc["language"].split("; ")) | ({"en"} if "ru" in languages else set())


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["document_id"])
def test_every_document_is_read_in_some_notebook(doc):
    used = {i.lower() for ids in notebook_calls().values() for i in ids}
    assert doc["document_id"] in used, f"{doc['document_id']} is shown in no notebook"


def test_every_show_document_call_in_a_notebook_resolves():
    known = {d["document_id"] for d in DOCUMENTS}
    for name, ids in notebook_calls().items():
        for document_id in ids:
            assert document_id.lower() in known, f"{name}: show_document({document_id!r})"


def test_html_has_heading_header_list_and_quoted_text():
    doc = show_document("lenin_amanullah_1921")
    page = doc._repr_html_()
    assert '<h3 id="doc-lenin_amanullah_1921">' in page and page.count("<dt>") == 9
    assert '<blockquote lang="ru"' in page and '<blockquote lang="en"' in page
    # the translation comes first and open, the Russian original after it, folded
    assert (page.index('<blockquote lang="en"') < page.index("<details>")
            < page.index('<blockquote lang="ru"'))
    # a Russian title in the source citation is marked for screen readers too
    assert '<span lang="ru">Послание' in page
    assert "Dokumenty vneshnei politiki SSSR, vol. 4" in page
    text = (DATA / "documents" / "lenin_amanullah_1921.txt").read_text(encoding="utf-8")
    first_russian_line = text.splitlines()[1]
    assert first_russian_line in repr(doc)


def test_long_passages_show_their_opening_and_fold_the_rest():
    page = show_document("andropov_memo_1979_12")._repr_html_()
    opening, rest = page.split("<details>")
    assert "murder of Taraki" in opening and "Contacts with an American agent" in opening
    assert "Read the rest of this passage" in rest and "including military" in rest
    # passages of up to FOLD_WORDS words, e.g. both records of 13 November 1986, stay open
    assert "<details>" not in show_document("politburo_1986_11_13")._repr_html_()


def test_text_is_escaped_and_identical_between_calls():
    first = show_document("politburo_decision_1979_12_12")._repr_html_()
    assert first == show_document("POLITBURO_DECISION_1979_12_12")._repr_html_()
    assert "&quot;" in show_document("amanullah_lenin_1920")._repr_html_()


def test_unknown_id_gets_the_same_friendly_error_as_load_table():
    with pytest.raises(UnknownNameError, match=r'^There is no document called "andropov_memo"\. '
                                               r'Did you mean "andropov_memo_1979_12"\?'):
        show_document("andropov_memo")
    # spaces and capitals are the same id, as for tables and places
    assert show_document("Geneva Accords 1988")._repr_html_() == \
        show_document("geneva_accords_1988")._repr_html_()


def test_month_precision_dates_are_shown_as_months():
    header = dict(show_document("andropov_memo_1979_12").header)
    assert header["When"].startswith("December 1979 (")
