"""Print one PDF handout per notebook from the website, with headless Chromium (offline).

    python -m course handouts    # needs _build/html (make site); writes _build/pdf/NN_name.pdf

Each notebook's page of the website is opened from disk and printed with the site's print
stylesheet (``site/_static/course.css``, ``@media print``): no navigation, no code cells (unless a
cell is tagged ``handout-show-code``), every figure with its caption and its description (the alt
text), and a box to write in for each exercise. Any request that is not for a local file is
refused and fails the run, so a handout never depends on the network.

Chromium is Debian's ``/usr/bin/chromium`` driven by the ``playwright`` package (no browser
download), launched with the flags of tests/browser.

Each language edition's site (``_build/html/<lang>``, see ``course.site``) is printed the same
way into ``_build/pdf/<lang>/``; the Dari pages print right to left in Vazirmatn, the font the
site ships (``site/_static/fonts/vazirmatn``), so a PDF never depends on the printing machine's
fonts.
"""

from __future__ import annotations

import html
import shutil
import time
from pathlib import Path

from .paths import ROOT

HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
LOCAL = ("file:", "data:", "blob:", "about:")
FOOTER = ('<div style="font-size:8pt;width:100%;margin:0 16mm;text-align:right;color:#333">'
          '{title} · page <span class="pageNumber"></span> of <span class="totalPages"></span>'
          '</div>')


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


def print_pdfs(pages: list[Path], out: Path = PDF, browser=None) -> list[Path]:
    """Print each page to ``out/<stem>.pdf``; RuntimeError names any outside request.

    ``browser`` is a Playwright browser to use; without one, Chromium is started and stopped.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=LAUNCH_ARGS)
            try:
                return print_pdfs(pages, out, browser)
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
            title = html.escape(page.inner_text("h1").strip().split(":")[0])
            target = out / f"{source.stem}.pdf"
            page.pdf(path=str(target), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER.format(title=title))
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
        written += print_pdfs(edition_pages(lang), out=PDF / lang)
    for path in written:
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
    print(f"{len(written)} handouts in {time.perf_counter() - start:.0f} s")
    return 0

