"""Students who want a better mark, and what the grader lets them get: only what their answers earn.

One class is graded once (in parallel sandboxes): two honest students and one submission per kind
of attack of issue 20, each tried as a student would write it in a cell: forged verdicts, a
replaced judge, forged result output, reading the answer key by every route named, writing
outside the run, a detached process that outlives it, a poisoned copy of the helpers, a Unix
socket to the host, memory bombs (one process, and forked ones), a process bomb, a name cell
claiming a classmate, folder names that collide, and names that are spreadsheet formulas. Every
cheat also answers two items honestly (one right, one wrong), so "scores only what its own answers
earn" is an exact number; an attack that works answers a third item right, so the score would
show it.

Then: every score is exact; nothing outside the grader's output changed (checksums of the course
folder, the submissions and a folder the test set up), also 8 s after the grader returned; no
process of the run is left; no connection reached the host's sockets; the report and the CSVs
say what happened and are safe in a spreadsheet. Root (as in CI) runs the process bomb against
the limit that root itself would not be held to.
"""

from __future__ import annotations

import csv
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from classroom import ROOT, checksums, choice_items, item_cell_ids, letter, points, submission
from course import grade as grader
from course import sandbox
from course.gradebook import safe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the sandbox is Linux's bubblewrap")
END = 63  # insert attack cells before "## Your summary"
ITEMS = list(item_cell_ids())


def own_answers() -> dict:
    """What every cheat answers honestly: the first choice item right, the second wrong."""
    first, second = choice_items()[:2]
    return {first: letter(first), second: letter(second, right=False)}


def honest_answers(shift: int = 0) -> dict:
    items = choice_items()
    right = {qid: letter(qid) for qid in items[shift:shift + 6]}
    return {**right, **{qid: letter(qid, False) for qid in items[shift + 6:shift + 8]}}


def cheats(paths: dict) -> dict[str, dict]:
    """folder -> {"cells": attack cells, "name": name cell, "expect": points, ...}."""
    ids = ITEMS
    later = ids[2:]
    own = points(own_answers())
    p = {k: str(v) for k, v in paths.items()}
    prize = choice_items()[2]  # an attack that works answers it right: the score would show it
    reward = f'assess("{prize}", "{letter(prize)}")'
    return {
        "forged-verdicts": {"expect": own, "cells": [f"""
import helpers.results as _r
from helpers.results import Result
for qid in {ids!r}:
    old = _r._RECORDED.get(qid)
    _r._RECORDED[qid] = Result(qid, old.answer if old else ..., True, "Correct. Full marks.")
_grader_verdicts = {{qid: [True, "Correct."] for qid in {ids!r}}}
_r.verdicts = lambda: {{qid: True for qid in {ids!r}}}
"""]},
        "replaced-judge": {"expect": own, "cells": [f"""
import helpers, helpers.bank, helpers.feedback, helpers.quiz, helpers.results
always = lambda *args, **kwargs: (True, "Correct.")
helpers.feedback.feedback = helpers.quiz.feedback = always
helpers.results.score = lambda *args, **kwargs: None
helpers.bank.bank = lambda: {{}}
helpers.bank.digest = lambda *args: "any"
for qid in {later!r}:
    helpers.check(qid, "Z")
"""]},
        "forged-print": {"expect": 0, "report": "could not be read", "cells": [f"""
import json, sys
from IPython.display import display
fake = "COURSE-ANSWERS " + json.dumps({{"format": 1, "answers": [[qid, [True, "Correct."]]
                                                               for qid in {ids!r}]}})
def print(*args, **kwargs):
    sys.stdout.write(fake + "\\n")
display({{"text/plain": fake}}, raw=True)"""]},
        "forged-json": {"expect": 0, "report": "answers after that point were not collected",
                        "cells": [f"""
import json
fake = json.dumps({{"format": 1, "answers": [[qid, [True, "Correct."]] for qid in {ids!r}]}})
json.dumps = lambda *args, **kwargs: fake
for target in ("/tmp/result.json", "../result.json", {p['out'] + '/grades.csv'!r}):
    try:
        open(target, "w").write(fake)
    except OSError:
        pass
"""]},
        "reads-key": {"expect": own, "cells": [f"""
import glob, hashlib, json, os, re, sys
from pathlib import Path
found = {{}}
def look(start):
    start = Path(os.path.abspath(start))
    for base in [start, *start.parents]:
        for rel in ("docs/teacher_guide.md", "src/helpers/quiz_bank.json", "teacher_guide.md"):
            try:
                found[str(base / rel)] = (base / rel).read_text()
            except Exception:
                pass
places = [sys.executable, os.path.realpath(sys.executable), sys.prefix, os.getcwd(),
          "../../docs", "../docs", {p['root']!r}, {p['root'] + '/docs'!r}]
places += [v for v in os.environ.values() if v.startswith("/")]
for name in glob.glob("/proc/*/cmdline"):
    try:
        places += [a for a in open(name, "rb").read().decode().split("\\0") if a.startswith("/")]
    except Exception:
        pass
for name in glob.glob("/proc/*/cwd") + glob.glob("/proc/*/root"):
    try:
        places.append(os.readlink(name))
    except Exception:
        pass
for place in places:
    look(place)
key = {{}}
for path, text in found.items():
    if path.endswith(".md"):
        for block in re.findall(r"```answer\\n(.*?)```", text, re.S):
            fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
            key[fields["id"].strip()] = fields["answer"].strip()
    else:
        for qid, q in json.loads(text)["questions"].items():
            for option in q.get("options", []):
                if hashlib.sha256(f"{{qid}}|{{option}}".encode()).hexdigest() in q["answers"]:
                    key[qid] = option
for qid in {later!r}:
    if qid in key:
        assess(qid, key[qid])
"""]},
        "writes-outside": {"expect": own, "cells": [f"""
import os, shutil
targets = [{p['classmate']!r}, {p['out'] + '/grades.csv'!r}, {p['out'] + '/report.txt'!r},
           {p['out'] + '/feedback/alice.html'!r}, {p['root'] + '/src/helpers/feedback.py'!r},
           {p['sentinel'] + '/precious.txt'!r}]
for target in targets:
    for attempt in (os.remove, lambda t: open(t, "w").write("defaced")):
        try:
            attempt(target)
            {reward}
        except Exception:
            pass
for folder in ({p['submissions']!r}, {p['out']!r}, {p['sentinel']!r}):
    shutil.rmtree(folder, ignore_errors=True)
"""]},
        "lingering": {"expect": own, "cells": [f"""
import os, subprocess, sys
payload = '''
import time
time.sleep(4)
for target in ({p['out'] + '/grades.csv'!r}, {p['sentinel'] + '/precious.txt'!r}):
    try:
        open(target, "a").write("rewritten after the grader left")
    except Exception:
        pass
'''
subprocess.Popen(["nohup", sys.executable, "-c", payload], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", payload])
    os._exit(0)
"""]},
        "poisoned-copy": {"expect": own, "cells": [f"""
import pathlib
import helpers
package = pathlib.Path(helpers.__file__).parent
for name in ("feedback.py", "results.py", "transfer.py", "__init__.py"):
    try:
        (package / name).write_text("raise SystemExit('poisoned')")
        {reward}
    except OSError:
        pass
try:
    (package.parents[1] / "notebooks" / "helpers.py").write_text("raise SystemExit")
    {reward}
except OSError:
    pass
"""]},
        "unix-socket": {"expect": own, "cells": [f"""
import socket
for address in ({p['socket']!r}, {p['run_socket']!r}, "\\0" + {p['abstract']!r}):
    try:
        client = socket.socket(socket.AF_UNIX)
        client.settimeout(2)
        client.connect(address)
        client.sendall(b"let me in")
        client.close()
        {reward}
    except OSError:
        pass
"""]},
        "memory-bomb": {"expect": own, "cells": [
            f"hog = bytearray(4 * 2**30)\n{reward}",
            f"import numpy\nhog = numpy.ones(2**29)\n{reward}"]},
        "memory-fork-bomb": {"expect": 0, "report": "GiB of memory in all", "cells": [f"""
import os, time
ready, done = os.pipe()
for _ in range(4):
    if os.fork() == 0:
        hold = b"x" * 2**30
        os.write(done, b"1")
        time.sleep(120)
        os._exit(0)
for _ in range(4):
    os.read(ready, 1)  # every child holds its GiB now
time.sleep(5)
{reward}
"""]},
        "process-bomb": {"expect": own, "cells": [f"""
import os, time
children = 0
try:
    for _ in range(3000):
        if os.fork() == 0:
            time.sleep(300)
            os._exit(0)
        children += 1
except OSError:
    pass
if children == 3000:
    {reward}
children
"""]},
        "mallory": {"expect": own, "name": "Alice Honest", "report": "check with both students",
                    "cells": []},
        "Ada Lovelace": {"expect": points(honest_answers(1)), "answers": honest_answers(1),
                         "name": "Ada Lovelace", "cells": []},
        "Ada-Lovelace": {"expect": points(honest_answers(2)), "answers": honest_answers(2),
                         "name": "Ada", "cells": [], "report": "same page name"},
        "eve": {"expect": own, "name": '=HYPERLINK("http://example.org/x","click me")',
                "cells": []},
        "@SUM(1+1)": {"expect": own, "name": "+cmd|' /C calc'!A0", "cells": []},
    }


class Listener:
    """Unix sockets on the host (in the test's /tmp folder, in /run when writable, and an
    abstract one) that record every connection."""

    def __init__(self, folder: Path):
        tag = f"course-test-{os.getpid()}-{time.monotonic_ns()}"
        self.paths = {"socket": str(folder / "host.sock"), "abstract": tag,
                      "run_socket": f"/run/{tag}.sock" if os.access("/run", os.W_OK)
                      else str(folder / "run.sock")}
        self.heard: list[bytes] = []
        self.servers = []
        for address in (self.paths["socket"], self.paths["run_socket"], "\0" + tag):
            server = socket.socket(socket.AF_UNIX)
            server.bind(address)
            server.listen()
            server.settimeout(0.2)
            self.servers.append(server)
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            for server in self.servers:
                try:
                    conn, _ = server.accept()
                except OSError:
                    continue
                self.heard.append(conn.recv(100) or b"(connected)")
                conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        for server in self.servers:
            server.close()
        Path(self.paths["run_socket"]).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    top = tmp_path_factory.mktemp("adversarial")
    subs, out, sentinel = top / "collected", top / "grades", top / "elsewhere"
    sentinel.mkdir()
    (sentinel / "precious.txt").write_text("a file the grader must never touch\n")
    listener = Listener(top)
    honest = submission(subs / "alice" / "04_assessment.ipynb", "Alice Honest",
                        honest_answers())
    paths = {"root": ROOT, "out": out, "submissions": subs, "sentinel": sentinel,
             "classmate": honest, **listener.paths}
    cases = cheats(paths)
    for folder, case in cases.items():
        answers = case.get("answers", own_answers())
        submission(subs / folder / "04_assessment.ipynb", case.get("name", folder.title()),
                   answers, extra=[(END + i, cell) for i, cell in enumerate(case["cells"])])
    watched = (ROOT / "src", ROOT / "notebooks", ROOT / "docs", ROOT / "data", ROOT / "course",
               subs, sentinel)
    before = checksums(*watched)
    started = time.perf_counter()
    result = grader.grade(subs, out, timeout=20, total_timeout=150, jobs=2)
    seconds = time.perf_counter() - started
    after_grading = checksums(*watched, out)
    time.sleep(8)  # the lingering process would strike 4 s after its sandbox started
    listener.close()
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    yield {"cases": cases, "out": out, "rows": rows, "result": result, "before": before,
           "after_grading": after_grading, "later": checksums(*watched, out),
           "watched": watched, "listener": listener, "seconds": seconds,
           "report": (out / "report.txt").read_text(encoding="utf-8")}


def score(graded, folder: str) -> int:
    """A folder's points in grades.csv (where a folder name that looks like a formula is
    written with a ' in front)."""
    return sum(int(r["points"]) for r in graded["rows"] if r["student"] == safe(folder))


def test_the_class_ran_in_sandboxes(graded):
    assert graded["result"]["sandbox"].isolated, graded["report"].splitlines()[0]
    assert graded["report"].startswith("Sandbox: each notebook ran in its own bubblewrap")
    print(f"adversarial class of {len(graded['cases']) + 1} graded in {graded['seconds']:.0f} s")


def test_the_honest_student_scores_exactly_what_her_answers_earn(graded):
    assert score(graded, "alice") == points(honest_answers()) > 0


@pytest.mark.parametrize("folder", list(cheats({k: "" for k in (
    "root", "out", "submissions", "sentinel", "classmate", "socket", "run_socket",
    "abstract")})))
def test_a_cheat_scores_only_what_its_own_answers_earn(graded, folder):
    case = graded["cases"][folder]
    assert score(graded, folder) == case["expect"], graded["report"]
    if "report" in case:
        lines = [line for line in graded["report"].splitlines() if f"'{folder}'" in line]
        assert any(case["report"] in line for line in lines), lines


def test_nothing_outside_the_output_changed_then_or_later(graded):
    before = graded["before"]
    now = {k: v for k, v in graded["later"].items() if k in before}
    assert now == before
    out = str(graded["out"])
    assert {k: v for k, v in graded["later"].items() if k.startswith(out)} == \
        {k: v for k, v in graded["after_grading"].items() if k.startswith(out)}


def test_no_process_of_the_run_is_left(graded):
    box = graded["result"]["sandbox"]
    if not box.as_root:
        pytest.skip("the sandbox's own uids are used only when the grader runs as root")
    assert sandbox.processes_of(set(graded["result"]["uids"])) == []


def test_no_connection_reached_the_hosts_sockets(graded):
    assert graded["listener"].heard == []


def test_each_student_has_a_page_of_their_own(graded):
    pages = sorted(p.name for p in (graded["out"] / "feedback").iterdir())
    assert len(pages) == len(graded["cases"]) + 1 == len(set(pages))
    ada = [p for p in pages if p.startswith("ada-lovelace")]
    assert len(ada) == 2
    texts = [(graded["out"] / "feedback" / p).read_text(encoding="utf-8") for p in ada]
    scores = sorted(int(t.split("Score: <strong>")[1].split(" ")[0]) for t in texts)
    assert scores == sorted([points(honest_answers(1)), points(honest_answers(2))])


def test_every_csv_cell_is_safe_in_a_spreadsheet(graded):
    names = set()
    for path in graded["out"].glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for value in row:
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (path, value)
                    names.add(value)
    assert "'=HYPERLINK(\"http://example.org/x\",\"click me\")" in names
    assert "'@SUM(1+1)" in names and "'+cmd|' /C calc'!A0" in names
