"""The attacks of issue 20, as students would write them in notebook 04's cells, shared by
``tests/classroom/test_adversarial.py`` (in sandboxes: every attack fails) and
``tests/classroom/test_no_sandbox.py`` (without: the key reader and the socket cheat succeed).

:func:`cheats` gives, per collected folder, the cells inserted before "Your summary", the name
in the name cell and the points the submission must score; :class:`Listener` holds Unix sockets
on the host that record any connection.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

from classroom import choice_items, item_cell_ids, letter, points

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
