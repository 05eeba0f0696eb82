"""Shared paths and helpers for the tests (the data/ guard itself is in the root conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def data_checksums(folder: Path = DATA) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (data/ by default), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}

# The guard that data/ is left unchanged by the whole run (doctests and notebooks included)
# lives in the repository's root conftest.py.
