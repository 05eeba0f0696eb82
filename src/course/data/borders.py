"""Build ``data/central_asia.geojson`` from Natural Earth borders shipped in npm's ``world-atlas``.

``python -m course data build`` writes it (needs ``npm`` and the npm registry, at build time
only); ``python -m course data check-rebuild`` proves the committed file rebuilds byte for byte.

What it does, step by step:

1. ``npm pack world-atlas@2.0.2`` into a temporary folder and checks the tarball's SHA-1 against
   the registry's published ``dist.shasum`` (recorded below), so a changed package is caught.
2. Decodes the TopoJSON file ``countries-50m.json`` (Natural Earth 4.1.0, 1:50m Admin 0) into
   GeoJSON polygons: arcs are delta-decoded and de-quantized with the file's transform.
3. Keeps the countries of the region and clips them to the map window ``BBOX`` with the
   Sutherland-Hodgman algorithm, then rounds coordinates to 3 decimals (about 100 m).
4. Writes the GeoJSON with sorted keys and fixed separators, so a rerun gives the same bytes, and
   prints the SHA-256 of the result (recorded in ``data/datapackage.json``).

Natural Earth is public domain; world-atlas (the TopoJSON conversion) is ISC-licensed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ..paths import ROOT

PACKAGE = "world-atlas@2.0.2"
TARBALL_SHA1 = "4bca4a578f3a413bd409c3f07f2054fe7375824f"
MEMBER = "package/countries-50m.json"
BBOX = (44.0, 23.0, 84.0, 56.0)  # west, south, east, north (degrees)
COUNTRIES = [
    "Afghanistan", "Pakistan", "India", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan",
    "Kyrgyzstan", "Kazakhstan", "China", "Russia", "Nepal", "Azerbaijan", "Oman",
    "United Arab Emirates", "Siachen Glacier", "Iraq", "Georgia", "Armenia",
]
OUT = ROOT / "data" / "central_asia.geojson"


def fetch_topology(workdir: Path) -> dict:
    """Download the pinned world-atlas tarball with npm, verify it, return the TopoJSON."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    sha1 = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if sha1 != TARBALL_SHA1:
        sys.exit(f"{tarball.name}: SHA-1 {sha1} does not match the recorded {TARBALL_SHA1}")
    with tarfile.open(tarball) as tar:
        return json.load(tar.extractfile(MEMBER))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn quantized, delta-encoded TopoJSON arcs into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join arcs into one closed ring; a negative index ``~i`` means arc i reversed."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points: list, bbox: tuple) -> list:
    """Clip one ring to a rectangle (Sutherland-Hodgman)."""
    west, south, east, north = bbox
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)),
    ]
    for inside, cut in edges:
        if not points:
            break
        result, prev = [], points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    result.append(cut(prev, cur))
                result.append(cur)
            elif inside(prev):
                result.append(cut(prev, cur))
            prev = cur
        points = result
    return points


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def tidy(points: list) -> list | None:
    """Round to 3 decimals, drop repeated points, close the ring; None if too small."""
    out: list = []
    for lon, lat in points:
        p = [round(lon, 3), round(lat, 3)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) < 3:
        return None
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def country_feature(geometry: dict, arcs: list) -> dict | None:
    """One GeoJSON Feature (MultiPolygon) for a country, clipped to BBOX."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    shapes = []
    for polygon in polygons:
        rings = [tidy(clip(ring(r, arcs), BBOX)) for r in polygon]
        if rings[0] is not None:
            shapes.append([r for r in rings if r is not None])
    if not shapes:
        return None
    return {
        "type": "Feature",
        "properties": {"name": geometry["properties"]["name"],
                       "iso_n3": geometry.get("id", "")},  # Siachen Glacier has no ISO code
        "geometry": {"type": "MultiPolygon", "coordinates": shapes},
    }


def build(topology: dict) -> dict:
    """The clipped FeatureCollection, countries in a fixed (alphabetical) order."""
    arcs = decode_arcs(topology)
    wanted = [g for g in topology["objects"]["countries"]["geometries"]
              if g["properties"]["name"] in COUNTRIES]
    missing = set(COUNTRIES) - {g["properties"]["name"] for g in wanted}
    if missing:
        sys.exit(f"{MEMBER}: countries not found: {sorted(missing)}")
    features = [f for g in sorted(wanted, key=lambda g: g["properties"]["name"])
                if (f := country_feature(g, arcs)) is not None]
    return {
        "type": "FeatureCollection",
        "bbox": list(BBOX),
        "properties": {
            "source": "Natural Earth 4.1.0 Admin 0 countries, 1:50m, via npm world-atlas 2.0.2",
            "licence": "Natural Earth: public domain; world-atlas: ISC",
            "built_by": "python -m course data build",
        },
        "features": features,
    }


def render() -> str:
    """The GeoJSON text, fetched and built afresh (the rebuild check compares it with data/)."""
    with tempfile.TemporaryDirectory() as tmp:
        collection = build(fetch_topology(Path(tmp)))
    return json.dumps(collection, sort_keys=True, separators=(",", ":")) + "\n"


def write() -> None:
    """Build the file into data/ and say what was written."""
    text = render()
    collection = json.loads(text)
    OUT.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(f"wrote {OUT.name}: {len(collection['features'])} countries, sha256 {digest}")

