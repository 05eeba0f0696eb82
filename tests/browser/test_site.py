"""The website and the handouts in a real browser: offline, accessible, usable by keyboard.

Every page of the built site is opened from disk (file://, as from a USB stick) in headless
Chromium with every outside request refused and recorded; axe-core audits the page; images need
alt text; headings must not skip levels; a keyboard user tabs through a notebook page. The
handouts are printed and read back with pdftotext.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .audit import (
    HEADINGS_JS,
    ROOT,
    blocking,
    describe,
    guard_network,
    heading_problems,
    require,
    run_axe,
)

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SKIP_PAGES = {"genindex.html", "search.html"}  # Sphinx's own pages, no course content


def site_pages(site_html):
    return sorted(p for p in site_html.rglob("*.html")
                  if "_static" not in p.parts and p.name not in SKIP_PAGES)


@pytest.fixture(scope="module")
def pages(site_html, chromium):
    """(page path, outside requests, axe violations, heading outline, images without alt)."""
    results = []
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    outside = guard_network(page)
    for path in site_pages(site_html):
        outside.clear()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        violations = run_axe(page)
        headings = page.evaluate(HEADINGS_JS, "article.bd-article")
        no_alt = page.evaluate("""() => [...document.querySelectorAll('img')]
            .filter(i => !(i.getAttribute('alt') || '').trim()
                         && i.getAttribute('role') !== 'presentation'
                         && i.getAttribute('aria-hidden') !== 'true')
            .map(i => i.src.slice(0, 80))""")
        results.append((path.relative_to(site_html).as_posix(), list(outside), violations,
                        headings, no_alt))
    page.close()
    return results


def test_every_course_page_is_audited(pages):
    names = {name for name, *_ in pages}
    expected = {f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS} | {
        "index.html", "docs/glossary.html", "data/catalogue.html", "data/sources.html"}
    assert expected <= names


def test_no_page_requests_anything_from_outside(pages):
    bad = {name: outside for name, outside, *_ in pages if outside}
    assert not bad, f"outside requests while loading: {bad}"


def test_no_critical_or_serious_axe_violation(pages):
    bad = {name: blocking(v) for name, _, v, *_ in pages if blocking(v)}
    assert not bad, "\n".join(f"{name}:\n{describe(v)}" for name, v in bad.items())


def test_every_image_has_alt_text(pages):
    bad = {name: no_alt for name, *_, no_alt in pages if no_alt}
    assert not bad, f"images without alt text: {bad}"


def test_headings_are_in_order(pages):
    bad = {name: heading_problems(h) for name, _, _, h, _ in pages if heading_problems(h)}
    assert not bad, f"heading outline broken: {bad}"


def test_search_and_index_pages_load_nothing_from_outside(site_html, chromium):
    """Sphinx's own pages (search works offline from searchindex.js) stay local too."""
    page = chromium.new_page()
    outside = guard_network(page)
    for name in sorted(SKIP_PAGES):
        page.goto((site_html / name).as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
    page.goto((site_html / "search.html").as_uri() + "?q=Panjdeh", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=20_000)
    found = page.locator("#search-results li").count()
    page.close()
    assert not outside, f"outside requests: {outside}"
    assert found > 0, "offline search found nothing for Panjdeh"


def test_teacher_guide_page_is_offline_and_accessible(teacher_html, chromium):
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    outside = guard_network(page)
    page.goto((teacher_html / "docs" / "teacher_guide.html").as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    violations = blocking(run_axe(page))
    headings = page.evaluate(HEADINGS_JS, "article.bd-article")
    page.close()
    assert not outside, f"outside requests: {outside}"
    assert not violations, describe(violations)
    assert not heading_problems(headings), heading_problems(headings)


def test_the_audit_sees_what_it_must(chromium, tmp_path):
    """The guard, axe and the checks catch a page built to fail them (no vacuous pass)."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title>'
                   '<script src="https://cdn.example.org/x.js"></script></head><body><main>'
                   '<h1>T</h1><h3>skipped</h3><img src="data:image/png;base64,iVBORw0KGgo=">'
                   '<p style="color:#bbb;background:#fff">faint text</p></main></body></html>',
                   encoding="utf-8")
    page = chromium.new_page()
    outside = guard_network(page)
    page.goto(bad.as_uri(), wait_until="load")
    ids = {v["id"] for v in blocking(run_axe(page))}
    headings = page.evaluate(HEADINGS_JS, "main")
    page.close()
    assert outside == ["https://cdn.example.org/x.js"]
    assert {"image-alt", "color-contrast"} <= ids
    assert heading_problems(headings) == ['h3 "skipped" follows h1']


def test_a_keyboard_user_can_tab_through_a_notebook_page(teacher_html, chromium):
    """On a site whose launch links are set up (the teacher's site, built with a filled-in
    launch.yml; the student site's test build keeps the shipped placeholders)."""
    site_html = teacher_html
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    guard_network(page)
    page.goto((site_html / "notebooks" / "01_great_game.html").as_uri(), wait_until="load")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert "Skip to main content" in first, f"first Tab stop is {first!r}, not the skip link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_main = page.evaluate("!!document.activeElement.closest('main')")
    assert in_main, "the skip link does not take focus into the main content"
    seen = []
    for _ in range(400):
        info = page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e);
            const stuck = e === window.__lastFocus; window.__lastFocus = e;
            return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 60),
                    href: e.getAttribute('href') || '', cls: e.className || '',
                    ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                          || s.boxShadow !== 'none',
                    stuck: stuck, visible: e.getBoundingClientRect().width > 0}; }""")
        if info["tag"] == "BODY":
            break
        seen.append(info)
        page.keyboard.press("Tab")
    page.close()
    hrefs = [s["href"] for s in seen]
    assert any("git-pull" in h for h in hrefs), "the JupyterHub link is not reachable by Tab"
    assert any("mybinder" in h or "/v2/gh/" in h for h in hrefs), "the Binder link is not reachable"
    assert any("glossary.html#" in h for h in hrefs), "glossary links are not reachable by Tab"
    assert any("02_cold_war_motives.html" in h for h in hrefs), "the next page is not reachable"
    no_ring = [s for s in seen if not s["ring"]]
    assert not no_ring, f"focused elements without a visible focus ring: {no_ring[:5]}"
    # each Tab moves on: no element keeps the focus (no keyboard trap)
    stuck = [s for s in seen if s["stuck"]]
    assert not stuck, f"Tab left the focus on {stuck[:3]}"
    hidden = [s for s in seen if not s["visible"]]
    assert not hidden, f"Tab stops on elements that are not shown: {hidden[:3]}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_printed_page_clips_nothing(site_html, chromium, nb):
    """In print layout at A4 text width, no box of the article hides content it cannot scroll."""
    page = chromium.new_page(viewport={"width": 673, "height": 1000})  # 178 mm at 96 dpi
    page.emulate_media(media="print")
    page.goto((site_html / "notebooks" / f"{nb.stem}.html").as_uri(), wait_until="load")
    clipped = page.evaluate("""() => [...document.querySelectorAll('article.bd-article *')]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 2
                && getComputedStyle(e).overflowX !== 'visible')
        .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 60))""")
    page.close()
    assert not clipped, f"content cut off in print: {clipped[:5]}"


def _pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def handout_texts(handout_pdfs):
    require(None if shutil.which("pdftotext") else "pdftotext missing (apt-get install "
                                                   "poppler-utils)")
    return {p.stem: _pdftotext(p) for p in handout_pdfs}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_handout(handout_pdfs, handout_texts, nb):
    pdf = next((p for p in handout_pdfs if p.name == f"{nb.stem}.pdf"), None)
    assert pdf is not None, f"no handout for {nb.name}"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(handout_texts[nb.stem].split())
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    title = re.search(r"^# (.+)$", "".join(cells[0]["source"]), re.M).group(1)
    assert " ".join(title.split()[:4]) in text
    exercises = sum(1 for c in cells if c["cell_type"] == "code"
                    and re.search(r"\b(check|assess)\(\s*[\"']", "".join(c["source"])))
    written = sum(len(re.findall(r"\*Your answer[^*]*\(double-click[^*]*\*", "".join(c["source"])))
                  for c in cells if c["cell_type"] == "markdown")
    boxes = len(re.findall(r"Your answer[^:\n]{0,20}:", text))
    assert boxes == exercises + written, "one box to write in per exercise and written answer"
    figures = [o for c in cells for o in c.get("outputs", [])
               if "<img" in "".join(o.get("data", {}).get("text/html", ""))]
    assert text.count("Description:") == len(figures), "each figure's description is printed"
    for out in figures:
        caption = re.search(r"<figcaption[^>]*>(Figure \d+)", "".join(out["data"]["text/html"]))
        assert caption and caption.group(1) in text
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    code_only = [line.strip() for c in cells if c["cell_type"] == "code"
                 for line in "".join(c["source"]).splitlines()
                 if len(line.strip()) > 25 and line.strip() not in prose]
    shown = [line for line in code_only if " ".join(line.split()) in text]
    assert not shown, f"code printed in the handout: {shown[:3]}"


EDITION_TAGS = {"ru": ("ru", "ltr"), "fa": ("fa-AF", "rtl")}


@pytest.fixture(scope="module")
def edition_site(site_html, site_build_dir):
    """The English site with the Russian and Dari sites inside (as `python -m course site`
    builds them), in a folder of its own so the audit above sees the English pages only."""
    from course import site

    base = site_build_dir / "with-editions"
    if not (base / "html").exists():
        shutil.copytree(site_html, base / "html")
        for lang in EDITION_TAGS:
            site.build_edition(lang, base=base, editions=list(EDITION_TAGS))
    return base / "html"


def _title(notebook) -> str:
    """The first heading of a notebook's first cell (in an edition, inside its <div>)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return re.search(r"^# (.+)$", "".join(cells[0]["source"]), re.M).group(1).strip()


@pytest.mark.parametrize("lang", list(EDITION_TAGS))
def test_an_edition_page_reads_in_its_language_and_links_to_the_english(edition_site, chromium,
                                                                        lang):
    """A notebook page of the Russian and of the Dari site: its Markdown in a block of the
    edition's language and direction (Dari right to left, in Vazirmatn), its heading the
    edition's, and its language links reach the same notebook in English and in the other
    edition, offline."""
    tag, direction = EDITION_TAGS[lang]
    name = "01_great_game"
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    outside = guard_network(page)
    page.goto((edition_site / lang / "notebooks" / lang / f"{name}.html").as_uri(),
              wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    seen = page.evaluate("""() => {
        const art = document.querySelector('article.bd-article');
        const box = art.querySelector('div[lang]');
        const p = box.querySelector('p');
        return {lang: box.getAttribute('lang'), dir: getComputedStyle(p).direction,
                font: getComputedStyle(p).fontFamily,
                vazirmatn: [...document.fonts].some(f => f.family.replace(/"/g, '') ===
                                                     'Vazirmatn' && f.status === 'loaded'),
                h1: art.querySelector('h1').innerText.replace(/[#¶]/g, '').trim()};
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"editions-site-{lang}-{name}.png"))
    links = {a["hreflang"]: a for a in page.evaluate("""() => [...document.querySelectorAll(
        'nav.course-editions a')].map(a => ({hreflang: a.getAttribute('hreflang'),
                                            text: a.innerText, href: a.href}))""")}
    others = {t for t, _ in EDITION_TAGS.values()} - {tag}
    assert set(links) == {"en", *others}, links
    page.click("nav.course-editions a[hreflang='en']")
    page.wait_for_load_state("load")
    english = {"url": page.url, "h1": page.evaluate(
        "(document.querySelector('article.bd-article h1') || {innerText: ''})"
        ".innerText.replace(/[#¶]/g, '').trim()"),
        "dir": page.evaluate("document.querySelector('article p') ? "
                             "getComputedStyle(document.querySelector('article p')).direction"
                             " : null")}
    for other in others:
        page.goto(links[other]["href"], wait_until="load")
        assert page.locator("article.bd-article h1").count() == 1, links[other]
    page.close()
    assert not outside, f"outside requests: {outside}"
    assert seen["lang"] == tag and seen["dir"] == direction, seen
    assert seen["h1"] == _title(ROOT / "notebooks" / lang / f"{name}.ipynb") != \
        _title(ROOT / "notebooks" / f"{name}.ipynb"), seen
    if lang == "fa":
        assert seen["font"].startswith('"Vazirmatn"') or seen["font"].startswith("Vazirmatn")
        assert seen["vazirmatn"], "the Vazirmatn font did not load"
    assert english["url"].endswith(f"/notebooks/{name}.html"), english
    assert english["h1"] == _title(ROOT / "notebooks" / f"{name}.ipynb"), english
    assert english["dir"] == "ltr"


@pytest.mark.parametrize("lang", list(EDITION_TAGS))
def test_an_edition_page_s_own_words_and_handout_boxes_are_in_its_language(edition_site,
                                                                          chromium, lang):
    """The edition's page says its language tag (Dari: fa-AF), its title, contents heading,
    landmarks and launch box in its language, and printed, its answer boxes carry the edition's
    label and every written answer of notebook 04 has its box (found by the exercise marks)."""
    from course.exercises import exercise_cells
    from helpers import i18n

    tag, _direction = EDITION_TAGS[lang]
    name = "04_assessment"
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    outside = guard_network(page)
    page.goto((edition_site / lang / "notebooks" / lang / f"{name}.html").as_uri(),
              wait_until="load")
    seen = page.evaluate("""() => ({
        lang: document.documentElement.lang, title: document.title,
        editions: document.querySelector('nav.course-editions').getAttribute('aria-label'),
        launch: document.querySelector('nav.course-launch').innerText,
        contents: [...document.querySelectorAll('.page-toc.tocsection, #jb-print-toc h2')]
            .map(e => e.textContent.trim())})""")
    page.emulate_media(media="print")
    printed = page.evaluate("""() => ({
        answer: getComputedStyle(document.querySelector('.cell.tag_exercise'), '::after')
            .content,
        boxes: [...document.querySelectorAll('.written-answer')]
            .filter(e => e.getBoundingClientRect().height > 100).length,
        text: document.querySelector('article').innerText})""")
    page.close()
    with i18n.speaking(lang):
        words = {w: i18n._(w) for w in ("Editions", "Contents", "Your answer:",
                                        "Russia in Afghanistan, from the Great Game to the "
                                        "Taliban")}
    written = exercise_cells(json.loads((ROOT / "notebooks" / lang / f"{name}.ipynb")
                                        .read_text(encoding="utf-8")), "written")
    assert not outside, f"outside requests: {outside}"
    assert seen["lang"] == tag, seen
    assert words["Russia in Afghanistan, from the Great Game to the Taliban"] in seen["title"]
    assert seen["editions"] == words["Editions"] != "Editions", seen
    assert "Work with" not in seen["launch"] and "Links to open" not in seen["launch"], seen
    assert seen["contents"] and set(seen["contents"]) == {words["Contents"]}, seen
    assert printed["answer"] == f'"{words["Your answer:"]}"', printed["answer"]
    assert printed["boxes"] == len(written) > 0, printed["boxes"]
    assert "Shift+Enter" not in printed["text"] and "Run All" not in printed["text"]
