"""Session-wide guard: the test run (unit tests, doctests, notebooks) must not change data/.

Checksums of every file under data/ are taken when the session starts and compared when it
ends; any difference fails the run and names the files. It lives here, at the repository root,
so that it covers everything pytest collects, not only tests/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def _checksums() -> dict[str, str]:
    return {str(p.relative_to(DATA)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(DATA.rglob("*")) if p.is_file()}


def pytest_sessionstart(session):
    session.config.stash[_KEY] = _checksums()


def pytest_sessionfinish(session, exitstatus):
    before = session.config.stash.get(_KEY, None)
    if before is None:
        return
    after = _checksums()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        print(f"\nFAILED: the test run changed files in data/: {changed}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_KEY = pytest.StashKey[dict]()
