"""Shared test set-up: the suite must leave data/ exactly as it found it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def data_checksums(folder: Path = DATA) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (data/ by default), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def data_left_unchanged():
    """Fail the run if anything (a helper, a notebook, a test) wrote into data/."""
    before = data_checksums()
    yield
    after = data_checksums()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the test run changed files in data/: {changed}"
