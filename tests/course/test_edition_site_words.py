"""An edition's website and handouts in the edition's language, without building the site: the
site's own words (title, contents, search box, launch box, figure descriptions, landmarks, the
labels of the boxes to write in, the page footer), the page's language tag, the written
answers' boxes (from the exercise marks, in any language) and the paper wording of what only a
screen can do. tests/browser/test_site.py opens the built pages in Chromium."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from support import ROOT

from course import handouts, site, sphinx_ext
from course.exercises import exercise_cells
from course.launch import CONFIG, load_config
from helpers import i18n

LANGS = ["ru", "fa"]
NAMES = [p.stem for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
# English that must not be left in an edition's chrome (the names JupyterHub, Binder stay)
ENGLISH = re.compile(r"\b(?:Work with|open it|your|Description|Editions|Open in|Links to|Ask "
                     r"your|Teachers|page \S+ of|Contents|Search the|Russia in Afghanistan)\b")
# What only a screen can do, as each edition says it (its menus are JupyterLab's: the Russian
# language pack's words, or the English menus in Dari)
SCREEN = {
    "ru": re.compile(r"Shift\+Enter|Запустить все|Выполнить все|Перезапустить ядро|дважды щёлкн"
                     r"|в новой ячейке|новую ячейку|Run All|Run\s*[→>]", re.I),
    "fa": re.compile(r"Shift\+Enter|Run All|Run\s*[→>]|Restart Kernel|دو ?بار کلیک|خانهٔ تازه"),
}
SCREEN_SPAN = re.compile(r'<span class="screen-only">((?:(?!<span).)*?)</span>', re.S)


def _edition(lang: str) -> dict[str, dict]:
    return {name: json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb").read_text(
        encoding="utf-8")) for name in NAMES}


@pytest.mark.parametrize("lang", LANGS)
def test_an_edition_site_has_its_title_contents_search_and_language_tag(lang):
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    words = site.edition_words(config, lang)
    options = words["sphinx"]["config"]["html_theme_options"]
    shown = [words["title"], options["toc_title"], options["search_bar_text"]]
    assert not any(ENGLISH.search(w) for w in shown), shown
    assert all(w.strip() for w in shown)
    # Sphinx writes <html lang="..."> from this (fa_AF -> fa-AF) and finds its own fa catalog
    assert words["sphinx"]["config"]["language"] == {"ru": "ru", "fa": "fa_AF"}[lang]


def test_the_site_s_english_title_must_be_the_one_the_catalogs_translate():
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = "A new title nobody translated"
    with pytest.raises(SystemExit, match="change both"):
        site.edition_words(config, "ru")


@pytest.mark.parametrize("lang", LANGS)
def test_an_edition_page_says_the_site_s_own_words_in_its_language(lang):
    cfg = load_config(CONFIG)
    figure = '<figure><img src="a.png" alt="Карта"/><figcaption>'
    with i18n.speaking(lang):
        parts = {"launch": sphinx_ext.launch_box(cfg, "notebooks/ru/00_start_here.ipynb"),
                 "series": sphinx_ext.launch_box(cfg, None),
                 "banner": sphinx_ext.unconfigured(),
                 "switcher": sphinx_ext.switcher("notebooks/ru/00_start_here", lang, LANGS),
                 "figure": sphinx_ext.add_figure_descriptions(figure),
                 "labels": sphinx_ext.print_labels()}
    text = {k: re.sub(r'href="[^"]*"|<code>[^<]*</code>', "", v) for k, v in parts.items()}
    left = {k: ENGLISH.search(v).group(0) for k, v in text.items() if ENGLISH.search(v)}
    assert left == {}, parts
    assert "--course-answer-label" in parts["labels"] and "--course-name-label" in parts["labels"]
    with i18n.speaking("en"):  # the English pages are as they were
        assert "Work with this notebook:" in sphinx_ext.launch_box(cfg, "x.ipynb")
        assert 'aria-label="Editions"' in sphinx_ext.switcher("notebooks/a", "en", LANGS)
        assert sphinx_ext.print_labels() == ""


@pytest.mark.parametrize("lang", LANGS)
def test_an_edition_handout_s_footer_is_in_its_language(lang):
    footer = handouts.footer("Заголовок", lang)
    assert not ENGLISH.search(re.sub(r"<[^>]+>", " ", footer)), footer
    assert 'class="pageNumber"' in footer and 'class="totalPages"' in footer
    assert ('dir="rtl"' in footer and "text-align:left" in footer) == (lang == "fa"), footer


@pytest.mark.parametrize("lang", ["en", *LANGS])
def test_every_written_answer_gets_its_box_by_its_mark_in_every_edition(lang):
    folder = ROOT / "notebooks" / (lang if lang != "en" else "")
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        marks = exercise_cells(nb, "written")
        site.tag_cells(nb)
        boxes = [c for c in nb["cells"] if 'class="written-answer"' in "".join(c["source"])]
        assert len(boxes) == len(marks), path
        for mark in marks:
            source = "".join(nb["cells"][mark.index]["source"])
            assert '<p class="written-answer"><em>' in source, source
            assert '<span class="screen-only"> (' in source, source  # the screen's hint hidden


def test_a_cell_without_a_written_mark_gets_no_box_whatever_it_says():
    text = "*Your answer (double-click this cell to write):*\n\n..."
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": text},
                    {"cell_type": "markdown", "metadata": {"course": {"written": "q1"}},
                     "source": "Write here."}]}
    site.tag_cells(nb)
    assert nb["cells"][0]["source"] == text
    assert nb["cells"][1]["source"].endswith('<p class="written-answer"></p>\n')


@pytest.mark.parametrize("lang", LANGS)
def test_an_edition_handout_says_on_paper_what_only_a_screen_can_do(lang):
    """Every paper wording of the edition (site/handouts.yml, ``editions``) is found in its
    notebooks (a stale one stops the build), and once the screen's wording is hidden nothing
    tells a reader of the handout to press Shift+Enter, choose Run All or double-click."""
    staged = {name: site.tag_cells(nb) for name, nb in _edition(lang).items()}
    handouts.paper_notebooks(staged, handouts.edition_notes(handouts.load_notes(), lang),
                             f"editions.{lang}.")
    left = []
    for name, nb in staged.items():
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                while SCREEN_SPAN.search(text):
                    text = SCREEN_SPAN.sub("", text)
                text = re.sub(r'<span class="paper-only">.*?</span>', "", text, flags=re.S)
                left += [f"{name}#{cell['id']}: {m.group(0)}"
                         for m in SCREEN[lang].finditer(text)]
    assert left == []


def test_a_stale_edition_paper_wording_stops_the_build():
    staged = {"00_start_here": _edition("ru")["00_start_here"]}
    notes = {"00_start_here": [{"screen": "Этой фразы нет в блокноте.", "paper": "x"}]}
    with pytest.raises(SystemExit, match="editions.ru.00_start_here"):
        handouts.paper_notebooks(staged, notes, "editions.ru.")
