"""Prove that the generated data files rebuild to the same bytes as the committed ones.

Usage: ``python scripts/check_rebuild.py`` (``make check-rebuild``). Needs npm and the package
registries (the borders are fetched as the npm package world-atlas). Writes nothing into data/.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import build_central_asia_geojson
import build_un_population

ROOT = Path(__file__).resolve().parent.parent
BUILDS = {"central_asia.geojson": build_central_asia_geojson,
          "un_population.csv": build_un_population}


def main() -> int:
    failures = 0
    for target, script in BUILDS.items():
        fresh = script.render().encode("utf-8")
        committed = (ROOT / "data" / target).read_bytes()
        same = fresh == committed
        failures += not same
        print(f"{target}: rebuilt sha256 {hashlib.sha256(fresh).hexdigest()[:16]}..., "
              f"{'identical to' if same else 'DIFFERENT from'} data/{target}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
