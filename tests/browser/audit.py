"""What the accessibility and offline tests share: the browser, axe-core and the network guard.

axe-core comes from npm (``tests/browser/package.json``, pinned, installed with
``npm ci --prefix tests/browser`` into the git-ignored ``tests/browser/node_modules``) and is
injected into the page under test; Chromium is Debian's, driven by the ``playwright`` package.
Without them the tests skip, unless REQUIRE_BROWSER=1 (CI), which turns a missing piece into a
failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = CHROMIUM_ARGS  # the one set in tests/support.py
# axe impacts that fail the audit (the others are reported in the failure message only)
BLOCKING = ("critical", "serious")


def require(problem: str | None) -> None:
    """Skip (or, with REQUIRE_BROWSER=1, fail) when something the test needs is missing."""
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return "Chromium not found (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -r requirements.txt)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci --prefix tests/browser)"
    return None


def is_local(url: str) -> bool:
    """True for the addresses a page may load: files on disk, inline data, and 127.0.0.1.

    >>> [is_local(u) for u in ("file:///x.css", "data:image/png;base64,AA", "blob:file:///1",
    ...                        "http://127.0.0.1:8888/lab", "https://unpkg.com/thebe")]
    [True, True, True, True, False]
    >>> is_local("http://127.0.0.1.evil.example/x")
    False
    """
    if url.startswith(("file:", "data:", "blob:", "about:")):
        return True
    for prefix in ("http://127.0.0.1:", "http://127.0.0.1/", "ws://127.0.0.1:",
                   "http://localhost:", "ws://localhost:"):
        if url.startswith(prefix):
            return True
    return False


def guard_network(page) -> list[str]:
    """Refuse every request the page makes to an outside address; returns the refused URLs."""
    outside: list[str] = []

    def handle(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return outside


def run_axe(page, include: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page (or inside the ``include`` CSS selectors)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    context = {"include": [[s] for s in include]} if include else None
    return page.evaluate(
        """async (context) => {
             const result = await axe.run(context || document, {resultTypes: ['violations']});
             return result.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
           }""", context)


def blocking(violations: list[dict]) -> list[dict]:
    """The violations with a critical or serious impact."""
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """A readable list of violations for an assertion message."""
    return "\n".join(f"- [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes), "
                     f"e.g. {v['nodes'][0][:300]}" for v in violations)


HEADINGS_JS = """(root) => [...document.querySelectorAll(root + ' h1, ' + root + ' h2, ' + root +
  ' h3, ' + root + ' h4, ' + root + ' h5, ' + root + ' h6')].map(h => [Number(h.tagName[1]),
  h.textContent.trim().slice(0, 80)])"""


def heading_problems(levels: list[tuple[int, str]]) -> list[str]:
    """Headings that break the outline: not one h1 first, or a level skipped on the way down.

    >>> heading_problems([(1, "T"), (2, "A"), (3, "a"), (2, "B")])
    []
    >>> heading_problems([(1, "T"), (3, "x"), (1, "U")])
    ['h3 "x" follows h1', 'a second h1 "U"']
    """
    problems = []
    if not levels or levels[0][0] != 1:
        problems.append("the page does not start with an h1")
    previous = 0
    for i, (level, text) in enumerate(levels):
        if level == 1 and i > 0:
            problems.append(f'a second h1 "{text}"')
        elif level > previous + 1:
            problems.append(f'h{level} "{text}" follows h{previous}')
        previous = level
    return problems
