"""Print one PDF handout per notebook from the website, with headless Chromium (offline).

    python -m course handouts    # needs _build/html (make site); writes _build/pdf/NN_name.pdf

Each notebook's page of the website is opened from disk and printed with the site's print
stylesheet (``site/_static/course.css``, ``@media print``): no navigation, no code cells (unless a
cell is tagged ``handout-show-code``), every figure with its caption and its description (the alt
text), what an exercise's cell printed (the claim, the evidence) without the on-screen feedback,
and a box to write in for each exercise. Any request that is not for a local file is refused and
fails the run, so a handout never depends on the network.

A handout is for a lesson without computers, so instructions that only make sense on a screen
("run the cell", "press B") give way to what to do on paper: ``site/handouts.yml`` names each such
passage and its paper wording, and :func:`for_paper` (called when the site is staged) keeps both,
the screen's shown on screen and the paper's in print.

Chromium is Debian's ``/usr/bin/chromium`` driven by the ``playwright`` package (no browser
download), launched with the flags of tests/browser.

Each language edition's site (``_build/html/<lang>``, see ``course.site``) is printed the same
way into ``_build/pdf/<lang>/``; the Dari pages print right to left in Vazirmatn, the font the
site ships (``site/_static/fonts/vazirmatn``), so a PDF never depends on the printing machine's
fonts. An edition's handout prints its own paper wording (``editions: <lang>:`` in
``site/handouts.yml``), its boxes' labels and its page footer in its language (the ``helpers``
catalogs); the written answers' boxes come from the exercise marks (:func:`written_boxes`).
"""

from __future__ import annotations

import html
import re
import shutil
import time
from pathlib import Path

from .exercises import exercise_cells
from .paths import ROOT, helpers
from .sphinx_ext import N_, _html

NOTES = ROOT / "site" / "handouts.yml"
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
LOCAL = ("file:", "data:", "blob:", "about:")
# Translators: a handout's page footer; the printer fills in {page} and {pages} (numbers).
FOOTER = N_("{title} · page {page} of {pages}")


def load_notes(path: Path = NOTES) -> dict[str, list[dict]]:
    """The paper wordings by notebook name (without .ipynb): lists of {screen, paper}."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _passage(screen: str) -> re.Pattern:
    """The passage ``screen`` as it may stand in Markdown, its line breaks anywhere.

    >>> bool(_passage("Run the cell, then answer.").search("Run the\\ncell, then answer."))
    True
    """
    return re.compile(r"\s+".join(re.escape(word) for word in screen.split()))


def for_paper(source: str, notes: list[dict]) -> tuple[str, set[int]]:
    """``source`` (a Markdown cell) with each passage of ``notes`` kept for the screen and its
    paper wording added for print; and the indices of the notes that were found.

    A passage that opens a list item keeps the item's ``- `` outside the marks.

    >>> text, used = for_paper("Run it.", [{"screen": "Run it.", "paper": "It is below."}])
    >>> text
    '<span class="screen-only">Run it.</span><span class="paper-only">It is below.</span>'
    >>> used
    {0}
    """
    used = set()
    for index, note in enumerate(notes):
        screen, paper = str(note["screen"]), str(note.get("paper") or "")
        if screen.startswith("- ") and (not paper or paper.startswith("- ")):
            screen, paper = screen[2:], paper[2:]  # the list item's marker stays outside

        def mark(match: re.Match, paper=paper) -> str:
            kept = f'<span class="screen-only">{match.group(0)}</span>'
            return kept + (f'<span class="paper-only">{paper}</span>' if paper else "")
        source, found = _passage(screen).subn(mark, source)
        if found:
            used.add(index)
    return source, used


def _stale(notes: list[dict], used: set[int], where: str) -> None:
    """SystemExit naming the notes whose passage was not found (stale entries)."""
    stale = [notes[i]["screen"] for i in range(len(notes)) if i not in used]
    if stale:
        raise SystemExit(f"site/handouts.yml, {where}: no longer in the notebook (reword the "
                         "entry to the notebook's text): " + " | ".join(s[:80] for s in stale))


def paper_notebooks(notebooks: dict[str, dict], notes: dict[str, list[dict]],
                    where: str = "") -> None:
    """Apply :func:`for_paper` to the Markdown cells of ``notebooks`` (JSON, by name without
    .ipynb; changed in place): each notebook's own notes and the notes under ``all``. SystemExit
    names a note found nowhere it applies (a stale entry of site/handouts.yml, under ``where``:
    ``editions.ru.`` for the Russian edition's notes)."""
    shared = notes.get("all", [])
    shared_used: set[int] = set()
    for name, notebook in notebooks.items():
        own = notes.get(name, [])
        used: set[int] = set()
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                source, found = for_paper("".join(cell["source"]), own + shared)
                cell["source"] = source
                used |= {i for i in found if i < len(own)}
                shared_used |= {i - len(own) for i in found if i >= len(own)}
        _stale(own, used, where + name)
    _stale(shared, shared_used, where + "all")


def edition_notes(notes: dict, lang: str) -> dict[str, list[dict]]:
    """The paper wordings of edition ``lang`` (``editions: <lang>:`` in site/handouts.yml)."""
    return (notes.get("editions") or {}).get(lang) or {}


# A written answer's placeholder line, "*<label> (<what to do on screen>):*" in any language
_PLACEHOLDER_LINE = re.compile(r"^\*(?P<label>[^*\n]+?)\s*(?P<hint>\([^()\n]*\))\s*:?\*[ \t]*$",
                               re.M)


def written_boxes(notebook: dict) -> dict:
    r"""Make each written-answer cell (found by its exercise mark, :mod:`course.exercises`) a box
    to write in on paper: its placeholder line prints as its label without the screen's hint in
    parentheses (on screen it reads as before); a cell without one gets an empty box. In any
    language: nothing here reads the English words. Changes ``notebook`` (JSON) in place.

    >>> cell = {"cell_type": "markdown", "metadata": {"course": {"written": "q1"}},
    ...         "source": "<div lang=\"ru\">\n\n*Ваш ответ (щёлкните):*\n\n</div>"}
    >>> print(written_boxes({"cells": [cell]})["cells"][0]["source"])
    <div lang="ru">
    <BLANKLINE>
    <p class="written-answer"><em>Ваш ответ<span class="screen-only"> (щёлкните)</span>:</em></p>
    <BLANKLINE>
    </div>
    """
    for mark in exercise_cells(notebook, "written"):
        source = "".join(mark.cell["source"])
        boxed, found = _PLACEHOLDER_LINE.subn(_box, source, count=1)
        mark.cell["source"] = boxed if found else source + '\n\n<p class="written-answer"></p>\n'
    return notebook


def _box(match: re.Match) -> str:
    return (f'<p class="written-answer"><em>{html.escape(match["label"], quote=False)}'
            f'<span class="screen-only"> {html.escape(match["hint"], quote=False)}</span>:'
            "</em></p>")


def notebook_pages(site: Path = HTML) -> list[Path]:
    """The page in ``site`` of every notebook in notebooks/; SystemExit if one is missing."""
    pages = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        page = site / "notebooks" / f"{nb.stem}.html"
        if not page.exists():
            raise SystemExit(f"{page} is missing: run `make site` first")
        pages.append(page)
    return pages


def edition_pages(lang: str, site: Path = HTML, root: Path = ROOT) -> list[Path]:
    """The pages of edition ``lang``'s notebooks in its site (``site/<lang>/notebooks/<lang>/``);
    SystemExit if one is missing."""
    pages = []
    for nb in sorted((root / "notebooks" / lang).glob("*.ipynb")):
        page = site / lang / "notebooks" / lang / f"{nb.stem}.html"
        if not page.exists():
            raise SystemExit(f"{page} is missing: run `make site` first")
        pages.append(page)
    return pages


def footer(title: str, lang: str = "en") -> str:
    """A handout's page footer (Chromium's footer template) in language ``lang``: the title,
    and the page number of the number of pages, at the end side of the line.

    >>> footer("Notebook 00 & more").split(">", 1)[1]  # doctest: +ELLIPSIS
    'Notebook 00 &amp; more · page <span class="pageNumber"></span> of <span ...'
    """
    i18n = helpers("i18n")
    with i18n.speaking(lang):
        words = _html(FOOTER, title=html.escape(title, quote=False),
                      page='<span class="pageNumber"></span>',
                      pages='<span class="totalPages"></span>')
        end = "left" if i18n.start_side() == "right" else "right"
        return (f'<div{i18n.html_attributes()} style="font-size:8pt;width:100%;margin:0 16mm;'
                f'text-align:{end};color:#333">{words}</div>')


def print_pdfs(pages: list[Path], out: Path = PDF, browser=None, lang: str = "en") -> list[Path]:
    """Print each page to ``out/<stem>.pdf``, its footer in language ``lang``; RuntimeError
    names any outside request.

    ``browser`` is a Playwright browser to use; without one, Chromium is started and stopped.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=LAUNCH_ARGS)
            try:
                return print_pdfs(pages, out, browser, lang)
            finally:
                browser.close()
    out.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    written = []
    page = browser.new_page()
    try:
        page.route("**/*", guard)
        for source in pages:
            page.goto(source.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready")
            title = page.inner_text("h1").strip().split(":")[0]
            target = out / f"{source.stem}.pdf"
            page.pdf(path=str(target), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=footer(title, lang))
            written.append(target)
    finally:
        page.close()
    if outside:
        raise RuntimeError(f"pages asked for outside addresses while printing: {outside}")
    return written


def main() -> int:
    """Print every notebook's handout and list them."""
    from .translate.editions import shipped

    start = time.perf_counter()
    written = print_pdfs(notebook_pages())
    for lang in shipped(ROOT):
        written += print_pdfs(edition_pages(lang), out=PDF / lang, lang=lang)
    for path in written:
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    print(f"{len(written)} handouts in {time.perf_counter() - start:.0f} s")
    return 0

