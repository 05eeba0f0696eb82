"""What ``show_document`` puts on screen: the header, the exact excerpt, long passages folded,
language tags for screen readers, and the same friendly error for a slip as ``load_table``.
(The documents themselves, and that each is read in a notebook: tests/content/
test_documents_table.py.)
"""

from __future__ import annotations

import pytest
from support import DATA

from helpers import show_document
from helpers.names import UnknownNameError


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
