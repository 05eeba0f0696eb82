"""The Russian and Dari editions in JupyterLab (headless Chromium): notebook 00 of each runs with
Run All; Dari reads right to left (the Markdown, the tables, the figures), with Markdown still
parsed inside; and the Russian edition's JupyterLab speaks Russian. Screenshots go to
test-artifacts/ for a human to check by eye (editions-*.png).

The editions are built as drafts in a temporary copy of the course (tests/edition_support.py):
until the translators' catalogs are full, no edition is in the course.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from edition_support import draft_course
from support import launch_chromium, wait_for_url

from browser.test_jupyterlab import (
    ARTIFACTS,
    _browser_available,
    _open_and_run_all,
    tables_overflowing,
)

pytestmark = pytest.mark.browser
NOTEBOOK = "00_start_here.ipynb"


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


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    problem = _browser_available()
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    return draft_course(tmp_path_factory.mktemp("editions") / "course", notebooks=[NOTEBOOK])


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


@pytest.mark.parametrize("lang", ["ru", "fa"])
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
    state = page.evaluate(RTL_STATE)
    tag, direction = {"ru": ("ru", "ltr"), "fa": ("fa-AF", "rtl")}[lang]
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
