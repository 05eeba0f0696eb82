"""Build the course website with Jupyter Book 1, from the committed notebooks (nothing is run).

    python -m course site            # student site -> _build/html
    python -m course site --teacher  # with docs/teacher_guide.md -> _build/html-teacher
    python -m course site --allow-placeholders   # before site/launch.yml is filled in (CI)

Every page carries links that open its notebook on the school's JupyterHub or on Binder, from
``site/launch.yml``. While that file holds the template's placeholders the build stops (the
pages would send students to addresses that do not exist), unless ``--allow-placeholders``: then
each page says, in place of the links, that they are not set up.

Stages the sources in ``_build/site-src`` with the repository's own layout (``notebooks/``,
``docs/``, ``data/``), so that the notebooks' links such as ``../docs/glossary.md#buffer-state``
resolve as they do in JupyterLab. The staged notebooks are copies: the build adds cell tags that
the print stylesheet uses (``exercise`` on the cells marked as checked answer cells, see
``course.exercises``); the committed notebooks are not touched. The site's configuration is
``site/`` (data, not code); its Sphinx extension is ``course.sphinx_ext``. The data catalogue
and the sources list are generated from ``data/datapackage.json`` and ``data/sources.csv``.
Sphinx warnings fail the build.

Each language edition in the course (``notebooks/<lang>/``, built by ``python -m course
translate build``) gets its own site inside the English one, ``_build/html/<lang>/``
(:func:`build_edition`): its notebook 00 as the home page, its other notebooks and glossary,
``language`` set for Sphinx, and for Dari the Vazirmatn font and right-to-left rules
(``site/_static/course-rtl.css``). Every page links to the same page in the other editions
(``course.sphinx_ext``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .data_pages import catalogue_markdown, sources_markdown
from .exercises import exercise_cells
from .handouts import edition_notes, load_notes, paper_notebooks, written_boxes
from .launch import CONFIG, load_config, placeholder_message, placeholders
from .paths import ROOT, helpers
from .sphinx_ext import LANGUAGE_NAMES, N_

SITE = ROOT / "site"  # the website's configuration: Jupyter Book files, stylesheet, launch.yml
SRC = ROOT / "src"  # where Sphinx finds the extension course.sphinx_ext
# Theme markup that axe-core reports or that names an outside address, and its repair:
# The website's own words that an edition's site says in its language (site/_config.yml holds
# the English; :func:`edition_words` checks that they agree)
# Translators: the website's title, the series' name.
BOOK_TITLE = N_("Russia in Afghanistan, from the Great Game to the Taliban")
# Translators: the heading of the list of a page's sections, beside the page.
CONTENTS = N_("Contents")
# Translators: the website's search box, before anything is typed in it.
SEARCH = N_("Search the course")

POLISH = [
    # The search button's aria-label "Search" hides its visible text "Search Ctrl+K"
    # (axe: label-content-name-mismatch); without it the name is the visible text.
    (re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"'), r"\1"),
    # The colour-mode switch: its icons' titles are not in its name (label-content-name-mismatch)
    # and the notebooks' figures are drawn for a light page, so the site stays light.
    (re.compile(r'<button class="[^"]*theme-switch-button.*?</button>', re.S), ""),
    # sphinx-thebe (always loaded by Jupyter Book) names a script on unpkg.com; the site has no
    # live code, so its configuration and loader go.
    (re.compile(r'\s*<script>const THEBE_JS_URL[^<]*</script>'), ""),
    (re.compile(r'\s*<script async="async" src="[^"]*sphinx-thebe\.js[^"]*"></script>'), ""),
]


def tag_cells(notebook: dict) -> dict:
    """Tag each checked answer cell ``exercise`` for the print layout, and make each written
    answer a box to write in (:func:`course.handouts.written_boxes`; both by the exercise marks).

    >>> nb = {"cells": [{"cell_type": "code", "metadata": {"course": {"exercise": "q1"}}}]}
    >>> tag_cells(nb)["cells"][0]["metadata"]["tags"]
    ['exercise']
    """
    for mark in exercise_cells(notebook, "exercise"):
        tags = mark.cell.setdefault("metadata", {}).setdefault("tags", [])
        if "exercise" not in tags:
            tags.append("exercise")
    return written_boxes(notebook)


def toc_files(toc: dict) -> list[str]:
    """Every file the table of contents names (without suffix)."""
    files = []
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


def stage(src: Path, teacher: bool, launch: dict) -> None:
    """Lay out the sources of the book in ``src``; ``launch`` is the launch configuration the
    pages' links are built from (``course.launch.load_config``)."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    (src / "docs").mkdir()
    (src / "data").mkdir()
    import yaml

    config = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    # the extension is imported from src/ of this copy (Jupyter Book adds the path)
    config["sphinx"]["local_extensions"] = {"course.sphinx_ext": str(SRC)}
    config["sphinx"]["config"]["course_launch"] = launch
    if not teacher:  # each notebook page links to its language editions (course.sphinx_ext)
        from .translate.editions import shipped

        config["sphinx"]["config"]["course_editions"] = shipped(ROOT)
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copy(SITE / "index.md", src / "index.md")
    shutil.copytree(SITE / "_static", src / "_static")
    toc = yaml.safe_load((SITE / "_toc.yml").read_text(encoding="utf-8"))
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    notes = load_notes()
    missing = [nb.stem for nb in notebooks if f"notebooks/{nb.stem}" not in toc_files(toc)]
    if missing:
        raise SystemExit(f"site/_toc.yml does not list {missing}: every notebook needs a page")
    staged = {nb.stem: tag_cells(json.loads(nb.read_text(encoding="utf-8"))) for nb in notebooks}
    paper_notebooks(staged, notes)  # the handouts' wording for what only a screen can do
    for name, data in staged.items():
        (src / "notebooks" / f"{name}.ipynb").write_text(json.dumps(data, ensure_ascii=False),
                                                         encoding="utf-8")
    shutil.copy(ROOT / "docs" / "glossary.md", src / "docs" / "glossary.md")
    if teacher:
        shutil.copy(ROOT / "docs" / "teacher_guide.md", src / "docs" / "teacher_guide.md")
        toc["parts"].append({"caption": "For teachers",
                             "chapters": [{"file": "docs/teacher_guide"}]})
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    (src / "data" / "catalogue.md").write_text(
        catalogue_markdown(ROOT / "data" / "datapackage.json"), encoding="utf-8")
    (src / "data" / "sources.md").write_text(
        sources_markdown(ROOT / "data" / "sources.csv"), encoding="utf-8")


def polish(out: Path) -> None:
    """Apply ``POLISH`` to every HTML page in ``out``."""
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = text
        for pattern, repl in POLISH:
            new = pattern.sub(repl, new)
        if new != text:
            page.write_text(new, encoding="utf-8")


class PlaceholderLinks(SystemExit):
    """The launch configuration still holds placeholders and the build was not told to go on."""


def build(teacher: bool = False, base: Path = ROOT / "_build", launch: Path = CONFIG,
          allow_placeholders: bool = False) -> Path:
    """Build the site under ``base`` (default _build/) with the links of ``launch``; returns the
    folder of the HTML pages. :class:`PlaceholderLinks` if ``launch`` holds placeholders, unless
    ``allow_placeholders`` (the pages then say the links are not set up)."""
    cfg = load_config(launch)
    if placeholders(cfg) and not allow_placeholders:
        raise PlaceholderLinks(
            f"{placeholder_message(cfg, launch)}: every page would send students to an address "
            "that does not exist. Fill in site/launch.yml (docs/classroom.md, \"One place for "
            "the links\"), or build anyway with --allow-placeholders: each page then says that "
            "the links are not set up.")
    out = base / ("html-teacher" if teacher else "html")
    src = base / ("site-src-teacher" if teacher else "site-src")
    work = base / ("jb-teacher" if teacher else "jb")
    stage(src, teacher, cfg)
    if work.exists():
        shutil.rmtree(work)
    jupyter_book(src, work, "the website")
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(work / "_build" / "html"), str(out))
    shutil.rmtree(work)
    polish(out)
    # Sphinx keeps the .ipynb sources it read; the student site must not ship the teacher guide.
    if not teacher:
        leaked = [p for p in out.rglob("*") if "teacher_guide" in p.name]
        if leaked:
            raise SystemExit(f"the student site contains the teacher's guide: {leaked}")
    return out


def jupyter_book(src: Path, work: Path, what: str) -> None:
    """Build the book staged in ``src`` into ``work`` (warnings are errors). Jupyter Book's own
    report names its working folder, which the caller moves away: it is shown only on failure,
    so that a build prints one line per site. Raises SystemExit naming ``what`` on failure."""
    program = Path(sys.executable).with_name("jupyter-book")
    done = subprocess.run([str(program), "build", str(src), "--path-output", str(work),
                           "--builder", "html", "--warningiserror", "--keep-going", "--quiet"],
                          capture_output=True, text=True)
    if done.returncode:
        print(done.stdout[-5000:], done.stderr[-5000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"{what} did not build (jupyter-book exit {done.returncode})")


def edition_words(config: dict, lang: str) -> dict:
    """``config`` (site/_config.yml, read) with the website's own words in language ``lang``
    (title, the contents' heading, the search box) and Sphinx's ``language`` set to the
    edition's language tag (``fa_AF``: pages say ``<html lang="fa-AF">``, Sphinx's own words
    come from its ``fa`` catalog). SystemExit if the English in ``config`` is not the English
    the catalogs hold (change both together).

    >>> import yaml
    >>> config = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    >>> edition_words(config, "en")["title"] == BOOK_TITLE
    True
    """
    sphinx = config["sphinx"]["config"]
    options = sphinx.setdefault("html_theme_options", {})
    english = {"title": config.get("title"), "search_bar_text": options.get("search_bar_text")}
    if english != {"title": BOOK_TITLE, "search_bar_text": SEARCH}:
        raise SystemExit(f"site/_config.yml says {english}, course.site {BOOK_TITLE!r} and "
                         f"{SEARCH!r}: change both, so that the editions translate the site's "
                         "words")
    i18n = helpers("i18n")
    with i18n.speaking(lang):
        config["title"] = i18n._(BOOK_TITLE)
        options["toc_title"] = i18n._(CONTENTS)
        options["search_bar_text"] = i18n._(SEARCH)
    sphinx["language"] = LANGUAGE_NAMES[lang][1].replace("-", "_")
    return config


def stage_edition(src: Path, lang: str, root: Path, editions: list[str],
                  launch: dict | None = None) -> None:
    """Lay out the sources of edition ``lang``'s book (the repository's layout, so the
    notebooks' ``../../docs/<lang>/glossary.md`` links resolve)."""
    import yaml

    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks" / lang).mkdir(parents=True)
    (src / "docs" / lang).mkdir(parents=True)
    config = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["local_extensions"] = {"course.sphinx_ext": str(SRC)}
    sphinx = config["sphinx"]["config"]
    sphinx["course_launch"] = launch or load_config(CONFIG)
    edition_words(config, lang)
    sphinx["course_edition"] = lang
    sphinx["course_editions"] = editions
    if lang == "fa":
        sphinx["html_css_files"] = [*sphinx.get("html_css_files", []), "course-rtl.css"]
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    shutil.copytree(SITE / "_static", src / "_static")
    staged = {nb.stem: tag_cells(json.loads(nb.read_text(encoding="utf-8")))
              for nb in sorted((root / "notebooks" / lang).glob("*.ipynb"))}
    # the handouts' wording for what only a screen can do, in the edition's language
    paper_notebooks(staged, edition_notes(load_notes(), lang), f"editions.{lang}.")
    pages = []
    for name, data in staged.items():
        (src / "notebooks" / lang / f"{name}.ipynb").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8")
        pages.append(f"notebooks/{lang}/{name}")
    if not pages:
        raise SystemExit(f"notebooks/{lang}/ holds no notebook: run python -m course translate "
                         f"build --lang {lang} first")
    shutil.copy(root / "docs" / lang / "glossary.md", src / "docs" / lang / "glossary.md")
    toc = {"format": "jb-book", "root": pages[0],
           "chapters": [{"file": p} for p in pages[1:]] + [{"file": f"docs/{lang}/glossary"}]}
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def build_edition(lang: str, root: Path = ROOT, base: Path = ROOT / "_build",
                  editions: list[str] | None = None, launch: dict | None = None) -> Path:
    """Build edition ``lang``'s site into ``base/html/<lang>``; returns that folder."""
    out = base / "html" / lang
    src = base / f"site-src-{lang}"
    work = base / f"jb-{lang}"
    stage_edition(src, lang, root, editions or [lang], launch)
    if work.exists():
        shutil.rmtree(work)
    jupyter_book(src, work, f"the {lang} edition's website")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work / "_build" / "html"), str(out))
    shutil.rmtree(work)
    polish(out)
    return out


def main(teacher: bool, allow_placeholders: bool = False, editions: list[str] | None = None,
         base: Path = ROOT / "_build") -> int:
    """Build the site (with the teacher's guide if ``teacher``), then each language edition in
    the course (or those named, into ``_build/html/<lang>``), and name the page to open."""
    from .translate.editions import shipped

    start = time.perf_counter()
    try:
        out = build(teacher, base, allow_placeholders=allow_placeholders)
    except PlaceholderLinks as refused:
        print(refused, file=sys.stderr)
        return 2
    cfg = load_config(CONFIG)
    if placeholders(cfg):
        print(f"warning: {placeholder_message(cfg)}: the pages say that the links to open the "
              "notebooks are not set up", file=sys.stderr)
    index = out / "index.html"
    shown = index.relative_to(ROOT) if index.is_relative_to(ROOT) else index
    print(f"website: {shown} ({time.perf_counter() - start:.0f} s)")
    langs = shipped(ROOT) if editions is None else editions
    for lang in [] if teacher else langs:
        where = build_edition(lang, base=base, editions=langs, launch=cfg)
        print(f"{lang} edition: {where / 'index.html'}")
    return 0
