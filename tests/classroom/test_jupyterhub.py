"""The classroom path on a real JupyterHub: nbgitpuller link, answers, a course update, grading.

Starts JupyterHub (the pinned package) on 127.0.0.1 with configurable-http-proxy (npm),
the DummyAuthenticator and the SimpleLocalProcessSpawner (one Unix user, a separate home folder
per student), with nbgitpuller installed as a server extension. The course is a local git
repository with `main` and the student edition built by `python -m course student-edition`,
cloned over file://. Three students, each in their own headless Chromium context:

1. log in and follow the course's nbgitpuller link (branch ``student``): the course is cloned
   into their home and notebook 00 opens; they Run All, answer the worked exercise in its cell
   (typed into the editor), run it and save;
2. the teacher changes notebook 00 upstream (a Markdown cell) and rebuilds the student edition;
3. the students follow the link again: the change is on their screen and on disk, their answer
   and its output are kept, and every notebook is still valid;
4. the teacher collects their notebook 04 copies from the hub's home folders with
   `python -m course collect` (a folder per student; each student's name is then written into
   its name cell, standing in for the student typing it) and runs `python -m course grade`.

Skipped, with the reason, when Chromium, playwright, jupyterhub or configurable-http-proxy is
missing, unless REQUIRE_HUB=1 (CI sets it), which turns a missing tool into a failure.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from classroom import cell, git, publish_course
from support import CHROMIUM, ROOT, launch_chromium, wait_for_url

STUDENTS = ("alice", "bob", "carol")
WAITING = ("[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
           ".some(p => p.innerText.includes('*'))")
UPSTREAM_NOTE = "Updated by your teacher after the first lesson."
pytestmark = pytest.mark.browser


def missing_tool() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Chromium not found (apt-get install -y chromium)"
    if not shutil.which("configurable-http-proxy"):
        return "configurable-http-proxy not found (npm install -g configurable-http-proxy)"
    for module in ("playwright", "jupyterhub", "nbgitpuller"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is missing (see requirements)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_edition(repo: Path) -> None:
    subprocess.run([sys.executable, "-m", "course", "student-edition"], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    problem = missing_tool()
    if problem:
        if os.environ.get("REQUIRE_HUB") == "1":
            pytest.fail(f"REQUIRE_HUB=1 but {problem}")
        pytest.skip(f"JupyterHub test skipped: {problem}")
    work = tmp_path_factory.mktemp("hub")
    origin = publish_course(work / "course-repo")
    build_edition(origin)
    settings = work / "lab-settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    port, hub_port, api_port = free_port(), free_port(), free_port()
    bin_dir = Path(sys.executable).parent
    config = work / "jupyterhub_config.py"
    config.write_text(f"""
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = ["{bin_dir / 'jupyterhub-singleuser'}"]
c.Spawner.args = {["--allow-root"] if os.geteuid() == 0 else []!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"JUPYTERLAB_SETTINGS_DIR": "{work}/lab-settings"}}
""")
    log = (work / "hub.log").open("w")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    server = subprocess.Popen([str(bin_dir / "jupyterhub"), "-f", str(config)], cwd=work,
                              env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    if not wait_for_url(f"{base}/hub/api", 90):
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("JupyterHub did not start: " + (work / "hub.log").read_text()[-3000:])
    yield {"base": base, "origin": origin, "work": work}
    user_servers = spawned_pids(work / "jupyterhub.sqlite")
    os.killpg(server.pid, signal.SIGTERM)  # the hub stops the proxy and the users' servers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    for pid in user_servers:  # any user server the hub did not stop in time, by its own id
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    log.close()


def spawned_pids(database: Path) -> list[int]:
    """The process ids of the users' servers, from the spawners' state in the hub's database."""
    import sqlite3

    with sqlite3.connect(database) as db:
        states = [json.loads(row[0] or "{}") for row in db.execute("SELECT state FROM spawners")]
    return [state["pid"] for state in states if state.get("pid")]


@pytest.fixture(scope="module")
def browser(hub):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


def course_link(hub) -> str:
    """The README's nbgitpuller link, pointing at this hub and the local course repository."""
    query = urllib.parse.urlencode({
        "repo": hub["origin"].as_uri(), "branch": "student", "targetpath": "course",
        "urlpath": "lab/tree/course/notebooks/00_start_here.ipynb"})
    return f"{hub['base']}/hub/user-redirect/git-pull?{query}"


def open_course(page, hub) -> None:
    page.goto(course_link(hub), timeout=180_000)
    page.wait_for_url("**/lab/tree/course/notebooks/00_start_here.ipynb*", timeout=180_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    accept_kernel_dialog(page)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)


def accept_kernel_dialog(page) -> None:
    """If JupyterLab asks which kernel to use, take the notebook's own (as a student would)."""
    try:
        page.wait_for_selector(".jp-Dialog", timeout=3_000)
    except Exception:  # no dialog: the kernel was already chosen
        return
    page.click(".jp-Dialog .jp-mod-accept")


def kernel_activity(page) -> tuple[str, str]:
    """(execution_state, last_activity) of the user's one kernel, from the server's REST API."""
    user_base = page.url.split("/lab")[0]
    kernels = page.request.get(f"{user_base}/api/kernels").json()
    return (kernels[0]["execution_state"], kernels[0]["last_activity"]) if kernels else ("", "")


def run_all(page) -> None:
    """Run > Run All Cells; wait until the kernel has run them and gone quiet.

    The stored outputs already carry the execution numbers a fresh run gives, so the page alone
    cannot tell "ran" from "not yet run": the server's kernel API can (its last activity moves
    on, then stays put while the kernel is idle).
    """
    for _attempt in range(3):  # a Run All sent before the kernel is connected runs nothing
        before = kernel_activity(page)[1]
        page.click(".lm-MenuBar-itemLabel:text-is('Run')", timeout=10_000)
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')", timeout=10_000)
        accept_kernel_dialog(page)
        deadline = time.time() + 20
        while time.time() < deadline and kernel_activity(page)[1] == before:
            time.sleep(0.3)
        if kernel_activity(page)[1] == before:
            continue
        quiet_since, last = time.time(), kernel_activity(page)
        while time.time() - quiet_since < 3:  # idle, with no activity for 3 s
            time.sleep(0.5)
            now = kernel_activity(page)
            if now != last or now[0] != "idle":
                quiet_since, last = time.time(), now
        page.wait_for_function(f"() => !{WAITING}", timeout=120_000)
        return
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-artifacts" / "hub-run-all.png"))
    pytest.fail("Run All never started the kernel (screenshot: test-artifacts/hub-run-all.png)")


def answer_exercise(page, letter: str) -> str:
    """Type the answer into the exercise cell as a student would, run it, save; its output."""
    exercise = page.locator(".jp-CodeCell", has_text='check("q00_example"')
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        raise AssertionError("a dialog is open: " + dialog.first.inner_text())
    exercise.locator(".cm-line", has_text="answer = ").first.click()  # the answer line
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.type(f'answer = "{letter}"')
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell')].some(c => "
        "c.innerText.includes('check(\"q00_example\"') && c.innerText.includes('\u2713 Correct'))",
        timeout=120_000)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    return exercise.locator(".jp-OutputArea").inner_text()


@pytest.fixture
def screenshots_on_failure():
    """Each student's page, photographed into test-artifacts/ (git-ignored) at the end of the
    test or where it failed, for a human to look at."""
    pages = {}
    yield pages
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    for name, page in pages.items():
        try:
            page.screenshot(path=str(ROOT / "test-artifacts" / f"hub-{name}.png"))
        except Exception:  # closed once the student is done: nothing to show
            pass


def test_three_students_pull_answer_get_an_update_and_are_graded(hub, browser, tmp_path,
                                                                 screenshots_on_failure):
    from helpers.quiz import feedback

    right = next(o for o in "ABCD" if feedback("q00_example", o)[0] is True)
    origin = hub["origin"]
    nb00 = "notebooks/00_start_here.ipynb"
    contexts = {}
    for name in STUDENTS:                                      # 1. first lesson
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        screenshots_on_failure[name] = page
        page.goto(f"{hub['base']}/hub/login", timeout=60_000)
        page.fill("#username_input", name)
        page.fill("#password_input", "any")
        page.click("#login_submit")
        open_course(page, hub)
        run_all(page)
        assert "Correct" in answer_exercise(page, right)
        contexts[name] = (context, page)
    homes = {name: hub["work"] / "home" / name / "course" for name in STUDENTS}
    for name, home in homes.items():
        saved = nbformat.read(home / nb00, as_version=4)
        assert f'\nanswer = "{right}"\n' in cell(saved, "c17").source, name
        assert not (home / "docs/teacher_guide.md").exists()
    # 2. the teacher's update, on main, published as a new student edition
    nb = nbformat.read(origin / nb00, as_version=4)
    cell(nb, "c00").source += f"\n\n*{UPSTREAM_NOTE}*"
    nbformat.write(nb, origin / nb00)
    git("commit", "-qam", "Notebook 00: a note after the first lesson", cwd=origin)
    build_edition(origin)
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for name, (context, page) in contexts.items():             # 3. the link again
        open_course(page, hub)
        page.wait_for_function(f"document.body.innerText.includes({UPSTREAM_NOTE!r})",
                               timeout=120_000)
        home = homes[name]
        after = nbformat.read(home / nb00, as_version=4)
        nbformat.validate(after)
        assert UPSTREAM_NOTE in cell(after, "c00").source
        assert f'\nanswer = "{right}"\n' in cell(after, "c17").source
        assert "\u2713 Correct" in "".join(o.get("text", "") + o.get("data", {}).get(
            "text/plain", "") for o in cell(after, "c17").outputs)
        for path in (home / "notebooks").glob("*.ipynb"):
            nbformat.validate(nbformat.read(path, as_version=4))
        context.close()
    collected = subprocess.run([sys.executable, "-m", "course", "collect",       # 4. collect
                                str(hub["work"] / "home"), str(submissions), "--repo", "course"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert collected.returncode == 0, collected.stderr[-2000:]
    assert sorted(p.name for p in submissions.iterdir()) == list(STUDENTS)
    for name in STUDENTS:
        path = submissions / name / "04_assessment.ipynb"
        nb04 = nbformat.read(path, as_version=4)
        cell(nb04, "d7e41a9c").source = f'student_name = "{name.title()}"'
        nbformat.write(nb04, path)
    out = tmp_path / "grades"
    result = subprocess.run([sys.executable, "-m", "course", "grade", str(submissions),
                             str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted({r["student"] for r in rows}) == list(STUDENTS)
    assert sorted({r["name"] for r in rows}) == ["Alice", "Bob", "Carol"]
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("Sandbox: ") or not sys.platform.startswith("linux"), report
    items = json.loads((ROOT / "src/helpers/quiz_bank.json").read_text(encoding="utf-8"))
    assert len(rows) == 3 * sum(q["notebook"] == "04" for q in items["questions"].values())
