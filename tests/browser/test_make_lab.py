"""`make lab` serves the repository root (so the notebooks' links to docs/ and data/ work) and
opens notebook 00. Runs the very command `make -n lab` prints, on a free port, without a browser.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from support import ROOT, wait_for_url


def lab_command() -> list[str]:
    printed = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    line = next(ln for ln in printed.splitlines() if " lab " in ln and "jupyter" in ln)
    command = shlex.split(line)
    if not (ROOT / command[0]).exists():  # a copy without its own .venv: this environment's
        command[0] = str(Path(sys.executable).parent / "jupyter")
    return command


def test_make_lab_serves_the_root_and_opens_notebook_00(tmp_path):
    command = lab_command()
    assert command[-1] == "notebooks/00_start_here.ipynb"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(8)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [*command, "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", "--LabApp.news_url=None"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        if not wait_for_url(f"{base}/api/status?token={token}", 60):
            pytest.fail("JupyterLab did not start")
        for path in ("docs/glossary.md", "data/events.csv", "notebooks/00_start_here.ipynb"):
            reply = urllib.request.urlopen(f"{base}/api/contents/{path}?content=0&token={token}")
            assert reply.status == 200, path
        opened = list((tmp_path / "runtime").glob("jpserver-file-to-run-*-open.html"))
        assert opened, "JupyterLab was not asked to open a file"
        assert re.search(r"/lab/tree/notebooks/00_start_here\.ipynb",
                         opened[0].read_text(encoding="utf-8"))
    finally:
        server.terminate()
        server.wait(timeout=20)
