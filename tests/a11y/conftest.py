"""Fixtures of the website, handout and accessibility tests: builds once per session, a browser."""

from __future__ import annotations

import pytest
from support import GUIDE, NO_KEY

from course import handouts, site

from .audit import CHROMIUM, LAUNCH_ARGS, browser_problem, require


@pytest.fixture(scope="session")
def site_build_dir(tmp_path_factory):
    """Where this test process builds: its own folder, so parallel workers never share one."""
    return tmp_path_factory.mktemp("site_build")


@pytest.fixture(scope="session")
def site_html(site_build_dir):
    """The student website, built from the committed notebooks (as `make site` does)."""
    return site.build(teacher=False, base=site_build_dir)


@pytest.fixture(scope="session")
def teacher_html(site_build_dir):
    """The website with the teacher's guide (as `make site-teacher` does); the tests that use
    it skip, saying why, in the student edition, which has no guide."""
    if not GUIDE.is_file():
        pytest.skip(NO_KEY)
    return site.build(teacher=True, base=site_build_dir)


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium (Debian's) through Playwright, with the flags of tests/browser.

    Module scope: Playwright's sync API cannot run twice at once, and tests/browser starts its
    own browser after these modules.
    """
    require(browser_problem())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def handout_pdfs(site_html, chromium):
    """The handouts (as `make handouts` does), printed from the website just built."""
    return handouts.print_pdfs(handouts.notebook_pages(site_html), out=site_html.parent / "pdf",
                               browser=chromium)
