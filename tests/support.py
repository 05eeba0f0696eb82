"""Shared paths, the answer key for the tests that need it, a fresh pytest run (for the tests of
where and how the course runs), and the browser settings every browser test uses (the guard that
data/ is left unchanged is the root conftest.py, tested by tests/course/test_checks.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GUIDE = ROOT / "docs" / "teacher_guide.md"
NO_KEY = ("the answer key docs/teacher_guide.md is absent (this is the student edition, built by "
          "`make student-edition`); tests that read the key are skipped")


def answer_key() -> dict[str, dict]:
    """The guide's answer blocks by exercise id; skips the calling test when the guide is absent."""
    if not GUIDE.is_file():
        pytest.skip(NO_KEY)
    from course.bank import parse_blocks

    return {e["id"]: e for e in parse_blocks(GUIDE.read_text(encoding="utf-8"))}


# Debian's Chromium, driven by Playwright (no browser download). The flags keep it off the
# network: without them it calls Google's services at start, which this machine's closed network
# refuses. Every test that opens a browser uses these, so they are set in one place.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def launch_chromium(playwright):
    """A headless Chromium browser from a running ``sync_playwright()`` context."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def wait_for_url(url: str, seconds: float) -> bool:
    """Poll ``url`` every half second until it answers; False if it has not within ``seconds``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except OSError:
            time.sleep(0.5)
    return False


def run_pytest(*args: str, cwd=ROOT, **env: str) -> subprocess.CompletedProcess:
    """A fresh ``python -m pytest -q *args`` in ``cwd``, with ``env`` added to a clean environment
    (no PYTEST_* variables or matplotlib folder of this run)."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("PYTEST_", "MPLCONFIGDIR"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=600)


def assert_passed(result: subprocess.CompletedProcess) -> None:
    """The run passed, and passed something."""
    tail = (result.stdout + result.stderr)[-3000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and "failed" not in result.stdout, tail


def background_margins(png: bytes) -> tuple[int, int, int, int]:
    """(left, top, right, bottom): how many pixels of background (the colour of the image's
    corner) lie between each edge of a PNG and what is drawn; 0 on a side that drawing touches
    (a figure cut off there)."""
    import io

    import numpy as np
    from PIL import Image

    from helpers.figures import drawn_box

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    height, width = pixels.shape[:2]
    left, top, right, bottom = drawn_box(pixels, tuple(int(c) for c in pixels[0, 0]), 0)
    return left, top, width - right, height - bottom
