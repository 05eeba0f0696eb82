"""The Russian and Dari editions as shipped (notebooks/ru, notebooks/fa), in JupyterLab in headless
Chromium at 1366 x 768:

- notebook 00 of each runs with Run All without error output; Dari reads right to left (the
  Markdown, the tables, the figures), with Markdown still parsed inside;
- a student's path through notebook 01 after a kernel restart (a fresh kernel, no Run All): an
  answer cell edited to a wrong answer written the way a student of the language writes it (a
  Cyrillic option letter, a decimal comma; a Dari letter, Persian digits) gets feedback in the
  edition's language with no traceback, and the right answer (the guide's key, never typed here)
  gets the edition's "correct", and an answer typed without quotes (a Cyrillic letter, Persian
  digits) gets a one-line slip in the edition's language; in Dari the feedback and the Markdown
  run right to left and the Latin runs inside them (code, ids) read in order;
- the Russian edition's JupyterLab speaks Russian.

JupyterLab autosaves, so the server runs over a plain copy of the course's committed files
(notebooks with their editions, src, data, docs, locale); nothing is rebuilt. Screenshots go to
test-artifacts/editions-*.png for a human to check by eye (docs/editions.md, "What a reviewer
checks").
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, answer_key, launch_chromium, wait_for_url

from browser.test_jupyterlab import (
    ARTIFACTS,
    _browser_available,
    _open_and_run_all,
    accept_kernel_dialog,
    tables_overflowing,
    wait_for_idle_kernel,
)

pytestmark = pytest.mark.browser
NOTEBOOK = "00_start_here.ipynb"
NOTEBOOK_01 = "01_great_game.ipynb"
LANGS = ("ru", "fa")
TAG = {"ru": ("ru", "ltr"), "fa": ("fa-AF", "rtl")}
COPIED = ("notebooks", "src", "data", "docs", "locale")


def _serve(work: Path, extra: list[str]):
    """JupyterLab over ``work`` on a free port: (process, base URL, token, log file)."""
    settings = work / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    tracker = work / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces")}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
               "--ServerApp.port_retries=0", "--LabApp.news_url=None", *extra]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (work / f"lab-{port}.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    if not wait_for_url(f"{base}/api/status?token={token}", 120):
        _stop(server)
        log.close()
        pytest.fail("JupyterLab did not start")
    return server, base, token, log


def _stop(server) -> None:
    """Stop a server this module started (by its process), killing it if it will not stop."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


def shipped_copy(into: Path) -> Path:
    """A copy of the course's committed files with its editions as built (no draft, no rebuild):
    JupyterLab autosaves, and the originals must not change."""
    for part in COPIED:
        shutil.copytree(ROOT / part, into / part,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return into


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    problem = _browser_available()
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    for lang in LANGS:
        assert (ROOT / "notebooks" / lang / NOTEBOOK).is_file(), f"no {lang} edition shipped"
    return shipped_copy(tmp_path_factory.mktemp("editions") / "course")


@pytest.fixture(scope="module")
def browser(course):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(course):
    server, base, token, log = _serve(course, [])
    yield base, token
    _stop(server)
    log.close()


RTL_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')];
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')]
        .filter(o => o.querySelector('table, figure, section'));
    const dir = e => getComputedStyle(e).direction;
    return {
      markdown: cells.map(c => {
        const box = c.querySelector('div[lang]');
        const inner = box && box.querySelector('h1, h2, p, li');
        return {lang: box ? box.getAttribute('lang') : null,
                direction: inner ? dir(inner) : null,
                parsed: !!(box && box.querySelector('h1, h2, p, strong, li')),
                raw: c.innerText.includes('**') || c.innerText.includes('<div')};
      }),
      outputs: outputs.map(o => {
        const e = o.querySelector('table, figure, section');
        return {lang: e.getAttribute('lang'), direction: dir(e)};
      }),
    };
}"""

# The Latin runs (code, an id, a number in ASCII digits) inside an element whose characters do
# not stand on the screen in the order they are written: the characters sorted by line, then from
# left to right, must spell the run again. Brackets count as one kind, since in a right-to-left
# line a bracket may be drawn mirrored ('("herat")' reads right as it is); spaces and isolate
# marks (U+2066..2069) are skipped, and so is the sentence's own punctuation at either end of a
# run. Broken runs: 'answer = ...' inside a Dari sentence shows as '... = answer'; the code span
# '"kushka"' after a Dari word loses its closing quote to the far end. With ``code`` true the
# runs are the element's <code> spans (Markdown), otherwise every run of ASCII in its text
# (several isolated runs side by side rightly stand right to left: check one run at a time).
LATIN_RUNS_OUT_OF_ORDER = r"""(element, code) => {
    const letters = root => {
        const out = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.data.length; i++) {
                if (!/[\u2066-\u2069]/.test(node.data[i])) out.push({node, i, c: node.data[i]});
            }
        }
        return out;
    };
    const runs = [];
    if (code) {
        for (const span of element.querySelectorAll('code')) runs.push(letters(span));
    } else {
        const chars = letters(element);
        const text = chars.map(x => x.c).join('');
        for (const m of text.matchAll(/[!-~](?:[ !-~]*[!-~])?/g)) {
            const inner = m[0].match(/^[.,;:!?]*(.*?)[.,;:!?]*$/)[1];
            const from = m.index + m[0].indexOf(inner);
            runs.push(chars.slice(from, from + inner.length));
        }
    }
    const same = s => s.replace(/[()\[\]{}<>]/g, '|').replace(/ /g, '');
    const bad = [];
    for (const run of runs) {
        const written = run.map(x => x.c).join('');
        if (!/[A-Za-z0-9]/.test(written) || written.trim().length < 2) continue;
        const boxes = [];
        for (const x of run) {
            if (x.c === ' ') continue;
            const range = document.createRange();
            range.setStart(x.node, x.i);
            range.setEnd(x.node, x.i + 1);
            const r = range.getBoundingClientRect();
            if (r.width > 0) boxes.push({c: x.c, left: r.left, mid: (r.top + r.bottom) / 2,
                                         height: r.height});
        }
        // lines: boxes whose middles lie within half a box's height of the line's first
        boxes.sort((a, b) => a.mid - b.mid);
        let line = 0, first = boxes[0];
        for (const b of boxes) {
            if (Math.abs(b.mid - first.mid) > first.height / 2) { line += 1; first = b; }
            b.line = line;
        }
        boxes.sort((a, b) => a.line - b.line || a.left - b.left);
        const shown = boxes.map(b => b.c).join('');
        if (same(shown) !== same(written)) bad.push({written, shown});
    }
    return bad;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_00_of_each_edition_runs_and_reads_in_its_direction(course, lab, browser, lang):
    base, token = lab
    path = course / "notebooks" / lang / NOTEBOOK
    code_cells = sum(1 for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    done, prompts = _open_and_run_all(page, base, token, f"{lang}/{NOTEBOOK}", code_cells)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"editions-{lang}-00-top.png"), full_page=False)
    figure = page.locator(".jp-OutputArea-output figure")
    if figure.count():
        figure.nth(figure.count() - 1).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"editions-{lang}-00-timeline.png"), full_page=False)
    page.locator(".jp-OutputArea-output table").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"editions-{lang}-00-table.png"), full_page=False)
    assert len(done) == code_cells, f"cells not finished: {prompts}"
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    outputs = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    assert "Traceback" not in outputs and "Error" not in outputs
    markdown = " ".join(page.locator(".jp-MarkdownCell").all_inner_texts())
    assert "Not translated yet" not in markdown, "a draft cell in a shipped edition"
    state = page.evaluate(RTL_STATE)
    tag, direction = TAG[lang]
    assert state["markdown"], "no Markdown cell rendered"
    for cell in state["markdown"]:
        assert cell["lang"] == tag and cell["direction"] == direction, cell
        assert cell["parsed"] and not cell["raw"], f"Markdown not parsed inside the block: {cell}"
    assert state["outputs"], "no table, figure or document output rendered"
    for output in state["outputs"]:
        assert output == {"lang": tag, "direction": direction}, output
    assert tables_overflowing(page) == [], "a table does not fit a 1366-px window"
    if lang == "fa":  # the Solar Hijri date beside the Gregorian one, in Persian digits
        text = " ".join(page.locator(".jp-OutputArea-output table").all_inner_texts())
        assert "جدی ۱۳۵۸" in text
    page.close()


# --- a student's answers in notebook 01, fresh kernel ------------------------------------------

SCRIPT = {"ru": re.compile("[\u0400-\u04ff]"), "fa": re.compile("[\u0600-\u06ff]")}


def _edition_words(lang: str) -> dict[str, str]:
    """The helpers' words the feedback starts with, in English and in the edition (from the
    shipped catalogs, as the notebook's kernel reads them)."""
    from helpers import i18n

    words = {}
    for english in ("Correct.", "Not quite."):
        with i18n.speaking(lang):
            words[english] = i18n._(english)
        assert words[english] != english, f"{english!r} is not translated into {lang}"
    return words


def _students_answers(lang: str) -> dict[str, dict[str, str]]:
    """What a student of the edition types, by exercise: a wrong answer and the right one, each
    written as the edition's students write (computed from the guide's key, never typed here).

    - a choice: the edition's option letter (Russian В for C, Dari ج), in quotes;
    - a number: Russian with a decimal comma and no quotes (``answer = 190,3``, which Python
      reads as a pair), Dari in Persian digits with the Persian decimal mark, in quotes.
    """
    from helpers import i18n
    from helpers.answers import shown_letter

    key = answer_key()
    choice, number = key["q01_war_start"], key["q01_gap_herat"]
    wrong_letters = sorted(set(choice["wrong"]) - {choice["answer"]})
    wrong_letter = "C" if "C" in wrong_letters else wrong_letters[0]  # Russian В looks Latin
    wrong_value = next(iter(number["wrong computed"].values()))[0]  # distance_km("panjdeh", ...)
    from helpers import distance_km  # noqa: F401 - the wrong key's expression calls it

    wrong_number = eval(wrong_value)  # noqa: S307 - the guide's own solution code
    with i18n.speaking(lang):
        written = [i18n.number(float(v), decimals=1, group=False)
                   for v in (wrong_number, number["answer"])]
    quote = "" if lang == "ru" else '"'
    answers = {
        "q01_war_start": {
            "wrong": f'answer = "{shown_letter(wrong_letter, lang)}"',
            "right": f'answer = "{shown_letter(choice["answer"], lang)}"',
            "english wrong": choice["wrong"][wrong_letter]},
        "q01_gap_herat": {
            "wrong": f"answer = {quote}{written[0]}{quote}",
            "right": f"answer = {quote}{written[1]}{quote}",
            "english wrong": number["wrong"][str(round(wrong_number))]},
    }
    if lang == "ru":  # the letter without quotes: a NameError, Cyrillic В
        answers["q01_war_start"]["slip"] = f"answer = {shown_letter(wrong_letter, lang)}"
    else:  # Persian digits without quotes: a SyntaxError (Python reads ASCII digits only)
        answers["q01_gap_herat"]["slip"] = f"answer = {written[0]}"
    return answers


def _run_answer(page, cell, line: str) -> None:
    """Replace the answer line of ``cell`` with ``line`` and run the cell (Shift+Enter) as a
    student does; wait until it has run (a new execution number, the kernel idle)."""
    before = cell.locator(".jp-InputArea-prompt").inner_text().strip()
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-line", has_text="answer = ").first.click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.insert_text(line)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        """([cell, before]) => {
            const p = cell.querySelector('.jp-InputArea-prompt').innerText.trim();
            return /^\\[\\d+\\]:$/.test(p) && p !== before;
        }""", arg=[cell.element_handle(), before], timeout=60_000)
    wait_for_idle_kernel(page)


def _feedback(cell) -> dict:
    """What the student reads under the cell: the feedback block's text, lang and computed
    direction, and any error output."""
    block = cell.locator(".course-feedback")
    errors = cell.locator("[data-mime-type='application/vnd.jupyter.stderr']")
    out = {"errors": errors.all_inner_texts(),
           "text": cell.locator(".jp-OutputArea").inner_text()}
    if block.count():
        out.update(block.first.evaluate("""e => ({
            lang: e.getAttribute('lang'), dir: getComputedStyle(e).direction,
            inner: getComputedStyle(e.querySelector('p')).direction})"""))
        out["out_of_order"] = block.first.evaluate(LATIN_RUNS_OUT_OF_ORDER, False)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_a_students_answers_in_notebook_01_after_a_restart(course, lab, browser, lang):
    """Fresh kernel, no Run All: the student goes straight to an exercise, types a wrong answer
    the edition's way, then the right one. Feedback in the edition's language, no traceback;
    in Dari the block runs right to left and its Latin runs read in order."""
    base, token = lab
    words = _edition_words(lang)
    answers = _students_answers(lang)
    tag, direction = TAG[lang]
    name = "01_fresh.ipynb"  # a copy: the other tests keep theirs
    shutil.copy(course / "notebooks" / lang / NOTEBOOK_01, course / "notebooks" / lang / name)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{base}/lab/tree/notebooks/{lang}/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page)
    accept_kernel_dialog(page)
    ARTIFACTS.mkdir(exist_ok=True)
    seen = {}
    slips = {}
    for qid, typed in answers.items():
        cell = page.locator(".jp-CodeCell", has_text=f'check("{qid}"')
        for verdict in ("wrong", "right"):
            _run_answer(page, cell, typed[verdict])
            cell.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"editions-{lang}-01-{qid}-{verdict}.png"))
            seen[qid, verdict] = _feedback(cell)
        if "slip" in typed:  # not the first cell run: the slip handler is in place
            _run_answer(page, cell, typed["slip"])
            page.screenshot(path=str(ARTIFACTS / f"editions-{lang}-01-{qid}-slip.png"))
            slips[typed["slip"]] = _feedback(cell)
    markdown = page.evaluate("""() => [...document.querySelectorAll(
        '.jp-MarkdownCell .jp-RenderedMarkdown div[lang]')].map(d => ({
            dir: getComputedStyle(d.querySelector('p, h1, h2, li') || d).direction}))""")
    code_spans = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown p:has(code)")
    out_of_order = [bad for i in range(min(code_spans.count(), 40))
                    for bad in code_spans.nth(i).evaluate(LATIN_RUNS_OUT_OF_ORDER, True)]
    page.close()
    for (qid, verdict), shown in seen.items():
        where = f"{qid}, {verdict} answer {answers[qid][verdict]!r}: {shown}"
        assert shown["errors"] == [] and "Traceback" not in shown["text"], where
        assert shown.get("lang") == tag, where
        expected = words["Correct." if verdict == "right" else "Not quite."]
        assert expected in shown["text"], where
        assert "Correct" not in shown["text"] and "Not quite" not in shown["text"], where
        assert answers[qid]["english wrong"] not in shown["text"], where
        assert SCRIPT[lang].search(shown["text"]), where
        assert shown["dir"] == direction and shown["inner"] == direction, where
        assert shown["out_of_order"] == [], f"Latin runs out of order: {where}"
    for typed, shown in slips.items():  # one line in the edition's language, no traceback
        assert len(shown["errors"]) == 1 and "\n" not in shown["errors"][0].strip(), shown
        error = shown["errors"][0]
        assert SCRIPT[lang].search(error) and "Error" not in error, (typed, error)
        assert "quotes" not in error and "Write the number" not in error, (typed, error)
    assert markdown and all(m["dir"] == direction for m in markdown), markdown
    assert out_of_order == [], f"Latin runs out of order in the Markdown: {out_of_order}"


def test_the_reading_order_check_finds_code_broken_by_right_to_left_text(browser):
    """The check of the two tests above can fail: code in a Dari sentence (the summary's
    "answer = ...", which showed as "... = answer") and code spans in Dari Markdown, written
    without an isolate, are flagged; the same in <bdi> or in U+2066...U+2069 are not. (A call
    such as 'distance_km("kushka", "herat")' reads right even bare: its brackets pair around
    Latin text after Latin text.)"""
    said = 'هنوز پاسخ داده نشده (در خانه هنوز {} نوشته است): تمرین‌های ۱-۸.'
    spans = 'درهٔ کشک را به روسیه داد ({} {})؛ پایان'
    cases = {
        "bare": (said.format("answer = ..."),
                 spans.format("<code>place_id</code>", '<code>"kushka"</code>')),
        "bdi": (said.format("<bdi>answer = ...</bdi>"),
                spans.format("<bdi><code>place_id</code></bdi>",
                             '<bdi><code>"kushka"</code></bdi>')),
        "isolates": (said.format("\u2066answer = ...\u2069"),
                     spans.format("\u2066<code>place_id</code>\u2069",
                                  '\u2066<code>"kushka"</code>\u2069')),
    }
    page = browser.new_page()
    shown = {}
    for name, (feedback, markdown) in cases.items():
        page.set_content(f'<p dir="rtl" lang="fa-AF">{feedback}</p>'
                         f'<p dir="rtl" lang="fa-AF">{markdown}</p>')
        shown[name] = (page.locator("p").nth(0).evaluate(LATIN_RUNS_OUT_OF_ORDER, False),
                       page.locator("p").nth(1).evaluate(LATIN_RUNS_OUT_OF_ORDER, True))
    page.close()
    assert shown["bare"][0] and shown["bare"][1], shown
    assert shown["bdi"] == ([], []) and shown["isolates"] == ([], []), shown


def test_the_russian_edition_opens_jupyterlab_in_russian(course, browser):
    """What `make lab EDITION=ru` does: the language pack, chosen by a settings override for
    that run only (locale/ru/jupyterlab/overrides.json), gives Russian menus."""
    overrides = course / "locale" / "ru" / "jupyterlab"
    assert (overrides / "overrides.json").is_file()
    server, base, token, log = _serve(course, [f"--LabApp.app_settings_dir={overrides}"])
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{base}/lab/tree/notebooks/ru/{NOTEBOOK}?reset&token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Файл')", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "editions-ru-jupyterlab-interface.png"))
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Файл" in labels and "Ядро" in labels, labels
        page.close()
    finally:
        _stop(server)
        log.close()
