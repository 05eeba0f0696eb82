"""Prove that the generated data files rebuild to the same bytes as the committed ones.

Usage: ``python scripts/check_rebuild.py`` (``make check-rebuild``). Needs npm and the package
registries (the borders are fetched as the npm package world-atlas). Writes nothing into data/.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDS = {"central_asia.geojson": "build_central_asia_geojson.py",
          "un_population.csv": "build_un_population.py"}


def load(script: str):
    spec = importlib.util.spec_from_file_location(script[:-3], ROOT / "scripts" / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    failures = 0
    for target, script in BUILDS.items():
        fresh = load(script).render().encode("utf-8")
        committed = (ROOT / "data" / target).read_bytes()
        same = fresh == committed
        failures += not same
        print(f"{target}: rebuilt sha256 {hashlib.sha256(fresh).hexdigest()[:16]}..., "
              f"{'identical to' if same else 'DIFFERENT from'} data/{target}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
