"""Shared paths for the tests (the guard that data/ is left unchanged is the root conftest.py,
tested by tests/test_checks_can_fail.py), and the answer key for the tests that need it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GUIDE = ROOT / "docs" / "teacher_guide.md"
NO_KEY = ("the answer key docs/teacher_guide.md is absent (this is the student edition, built by "
          "`make student-edition`); tests that read the key are skipped")


def load_script(name: str):
    """A module from scripts/ (e.g. ``load_script("build_quiz_bank")``), imported by path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def answer_key() -> dict[str, dict]:
    """The guide's answer blocks by exercise id; skips the calling test when the guide is absent."""
    if not GUIDE.is_file():
        pytest.skip(NO_KEY)
    import build_quiz_bank  # scripts/ is on pytest's pythonpath

    return {e["id"]: e for e in build_quiz_bank.parse_blocks(GUIDE.read_text(encoding="utf-8"))}
