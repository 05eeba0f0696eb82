"""Settings every test run needs, whatever folder or options it is started with.

- The data guard: the test run (unit tests, doctests, notebooks) must not change data/.
  Checksums of every file under data/ are taken when the session starts and compared when it
  ends; any difference fails the run and names the files.
- Paths in the pytest options of pyproject.toml (the nbval sanitize file) are read relative to
  the repository, not the folder pytest was started from, so `cd notebooks && python -m pytest`
  works.
- pytest-xdist: `-n 2` alone would use xdist's default `--dist load`, which scatters one
  notebook's cells over several kernels (NameErrors). Notebook cells must share a kernel, so
  `load` becomes `loadscope` (one notebook, or one test module, per worker).

It lives at the repository root so that it covers everything pytest collects, not only tests/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def _checksums() -> dict[str, str]:
    return {str(p.relative_to(DATA)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(DATA.rglob("*")) if p.is_file()}


ROOT = Path(__file__).resolve().parent

# notebooks/helpers.py only redirects a notebook's `import helpers` to src/helpers, and course/
# redirects `python -m course` to src/course: the doctests collect src/ itself, and importing a
# redirect as a test module would load its package twice.
collect_ignore = ["notebooks/helpers.py", "course"]
# the same for the language editions' notebooks/<lang>/helpers.py (docs/editions.md)
collect_ignore_glob = ["notebooks/*/helpers.py"]


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not Path(sanitize).is_absolute():
        config.option.nbval_sanitize_with = str(ROOT / sanitize)
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadscope"


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
