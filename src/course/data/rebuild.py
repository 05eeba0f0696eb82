"""Prove that the generated data files rebuild to the same bytes as the committed ones.

``python -m course data check-rebuild`` (``make check-rebuild``). Needs npm and the package
registries (the borders are fetched as the npm package world-atlas). Writes nothing into data/.
"""

from __future__ import annotations

import hashlib

from ..paths import ROOT
from . import borders, population

BUILDS = {"central_asia.geojson": borders, "un_population.csv": population}


def build() -> int:
    """Rebuild every generated data file into data/ (``python -m course data build``)."""
    for module in BUILDS.values():
        module.write()
    return 0


def check() -> int:
    """0 if every generated file rebuilds to the committed bytes, else 1 (each one reported)."""
    failures = 0
    for target, module in BUILDS.items():
        fresh = module.render().encode("utf-8")
        committed = (ROOT / "data" / target).read_bytes()
        same = fresh == committed
        failures += not same
        print(f"{target}: rebuilt sha256 {hashlib.sha256(fresh).hexdigest()[:16]}..., "
              f"{'identical to' if same else 'DIFFERENT from'} data/{target}")
    return 1 if failures else 0
