"""Shared paths and helpers for the tests (the data/ guard itself is in the root conftest.py)."""

from __future__ import annotations

import hashlib
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
    blocks = load_script("build_quiz_bank").parse_blocks(GUIDE.read_text(encoding="utf-8"))
    return {e["id"]: e for e in blocks}


def data_checksums(folder: Path = DATA) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (data/ by default), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}

# The guard that data/ is left unchanged by the whole run (doctests and notebooks included)
# lives in the repository's root conftest.py.
