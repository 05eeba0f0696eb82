"""JupyterLab as `make lab`, Binder and a hub start it shows no news pop-up: the course's settings
(lab-settings/overrides.json, put in place by postBuild) turn the news feed and the update check
off. The same server without them shows the pop-up, so the check can see one."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import CHROMIUM, ROOT, launch_chromium, wait_for_url
from test_make_lab import lab_command

NEWS = ".Toastify__toast:has-text('news')"  # "Would you like to get notified about ... news?"


def _skip_without_browser() -> None:
    problem = None
    if not Path(CHROMIUM).exists():
        problem = "chromium is not installed"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing"
    if problem and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {problem}")
    if problem:
        pytest.skip(f"browser test skipped: {problem}")


def install_settings(app_dir: Path) -> Path:
    """Run postBuild as `make lab` and Binder do, into ``app_dir`` (JupyterLab's application
    directory); returns its settings folder."""
    subprocess.run(["sh", str(ROOT / "postBuild"), sys.executable], check=True,
                   capture_output=True, env={**os.environ, "JUPYTERLAB_DIR": str(app_dir)})
    return app_dir / "settings"


def seconds_until_news(work: Path, app_settings: Path, wait: float) -> float | None:
    """Start `make lab`'s JupyterLab with ``app_settings`` as its settings directory (and no
    user settings), open it in Chromium; seconds until the news pop-up shows, None if it has not
    within ``wait`` seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(work / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(work / "runtime")}
    command = [*lab_command(), "--no-browser", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--LabApp.app_settings_dir={app_settings}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        if not wait_for_url(f"{base}/api/status?token={token}", 60):
            pytest.fail("JupyterLab did not start")
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{base}/lab?reset&token={token}")  # no notebook opened: nothing to save
            page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
            start = time.time()
            try:
                page.wait_for_selector(NEWS, timeout=wait * 1000)
                return time.time() - start
            except PlaywrightTimeout:
                return None
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_no_news_pop_up_where_the_course_settings_are_installed(tmp_path):
    _skip_without_browser()
    empty = tmp_path / "no-course-settings"
    empty.mkdir()
    shown = seconds_until_news(tmp_path / "control", empty, wait=30)
    assert shown is not None, "without the course's settings JupyterLab showed no news pop-up: " \
        "the check cannot see one (has the pop-up changed?)"
    settings = install_settings(tmp_path / "app")
    assert seconds_until_news(tmp_path / "course", settings, wait=max(10, 3 * shown)) is None, \
        "JupyterLab showed its news pop-up with the course's settings installed"


def test_postbuild_puts_the_settings_in_jupyterlabs_application_directory(tmp_path):
    """Where JupyterLab reads default settings: <application directory>/settings/overrides.d."""
    settings = install_settings(tmp_path / "app")
    installed = list((settings / "overrides.d").glob("*.json"))
    assert [p.read_text() for p in installed] == \
        [(ROOT / "lab-settings" / "overrides.json").read_text()]
    from jupyterlab_server.settings_utils import _get_overrides

    overrides, error = _get_overrides(str(settings))
    assert not error
    assert overrides["@jupyterlab/apputils-extension:notification"] == \
        {"fetchNews": "false", "checkForUpdates": False}


def test_make_lab_runs_postbuild_with_the_venvs_python(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "postBuild"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "lab-settings").mkdir()
    shutil.copy(ROOT / "lab-settings" / "overrides.json", tmp_path / "lab-settings")
    printed = subprocess.run(["make", "-n", "lab"], cwd=tmp_path, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert "sh postBuild .venv/bin/python" in printed, printed
    assert printed.index("sh postBuild .venv/bin/python") < \
        next(i for i, line in enumerate(printed) if "jupyter lab" in line)
