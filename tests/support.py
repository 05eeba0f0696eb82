"""Shared paths for the tests (the guard that data/ is left unchanged is the root conftest.py,
tested by tests/test_checks_can_fail.py)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
