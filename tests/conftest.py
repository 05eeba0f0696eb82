"""Fixtures of the website, handout and accessibility tests: builds once per session, a browser."""

from __future__ import annotations

import pytest
from browser.audit import CHROMIUM, LAUNCH_ARGS, browser_problem, require
from support import GUIDE, NO_KEY

from course import handouts, site


@pytest.fixture(scope="session")
def site_build_dir(tmp_path_factory):
    """Where this test process builds: its own folder, so parallel workers never share one."""
    return tmp_path_factory.mktemp("site_build")


# A filled-in launch configuration (site/launch.yml ships with placeholders)
FILLED_IN = {"hub_url": "https://hub.school.test",
             "repository_url": "https://git.school.test/history/afghanistan",
             "branch": "student", "binder_url": "https://binder.school.test", "interface": "lab"}


@pytest.fixture(scope="session")
def site_html(site_build_dir):
    """The student website, built from the committed notebooks (as `make site
    SITE_ARGS=--allow-placeholders` does in CI, with launch.yml as shipped)."""
    return site.build(teacher=False, base=site_build_dir, allow_placeholders=True)


@pytest.fixture(scope="session")
def launch_yml(tmp_path_factory):
    """A launch.yml as a teacher fills it in."""
    import yaml

    path = tmp_path_factory.mktemp("launch") / "launch.yml"
    path.write_text(yaml.safe_dump(FILLED_IN), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def teacher_html(site_build_dir, launch_yml):
    """The website with the teacher's guide (as `make site-teacher` does), with launch links; the
    tests that use it skip, saying why, in the student edition, which has no guide."""
    if not GUIDE.is_file():
        pytest.skip(NO_KEY)
    return site.build(teacher=True, base=site_build_dir, launch=launch_yml)


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
