"""Build ``data/un_population.csv`` from UN World Population Prospects 2024 as shipped in PyPI's
``bokeh-sampledata`` (pinned in requirements.txt).

``python -m course data build`` writes it (inside the project's environment);
``python -m course data check-rebuild`` proves the committed file rebuilds byte for byte.

The package's ``population.csv.gz`` holds the WPP 2024 Medium variant by five-year age group and
sex, in persons, at five-year intervals. This script checks the file's SHA-256 against the value
the package records in its RECORD file (copied below, so a changed package is caught), keeps
Afghanistan and its two main refugee hosts (Pakistan, Iran) for 1950-2020 (all UN *estimates*;
from 2025 the series is a projection, so it is left out), sums ages and sexes, and writes a small
CSV with a fixed row order and line ending, so a rerun gives the same bytes.

Licence of the data: CC BY 3.0 IGO, (c) United Nations 2024. The extract is a derivative; the UN
does not endorse it.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
from importlib import metadata, resources

from ..paths import ROOT

PACKAGE, VERSION = "bokeh-sampledata", "2026.1"
MEMBER = "_data/population.csv.gz"
# From the package's RECORD file (urlsafe base64 of the SHA-256 digest).
RECORD_SHA256 = "l9NNU8wryyy68EGGCW8JZlKrDoCAjX9mrWpxxP6QP1U"
LOCATIONS = {"4": "Afghanistan", "586": "Pakistan", "364": "Iran (Islamic Republic of)"}
YEARS = range(1950, 2021, 5)
SOURCE_ID = "un_wpp_2024"
OUT = ROOT / "data" / "un_population.csv"


def read_package_file() -> bytes:
    """The gzipped CSV from the installed package, after checking version and checksum."""
    installed = metadata.version(PACKAGE)
    if installed != VERSION:
        raise SystemExit(f"{PACKAGE} {installed} is installed; this extract is pinned to {VERSION}")
    raw = (resources.files("bokeh_sampledata") / MEMBER).read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(raw).digest()).rstrip(b"=").decode()
    if digest != RECORD_SHA256:
        raise SystemExit(f"{MEMBER}: checksum {digest} does not match {RECORD_SHA256}")
    return raw


def totals(raw: bytes) -> dict[tuple[str, int], int]:
    """Total population (both sexes, all ages) per (LocID, year) for the kept locations."""
    sums: dict[tuple[str, int], float] = {}
    reader = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8")))
    for row in reader:
        year = int(row["Year"])
        if row["LocID"] in LOCATIONS and year in YEARS:
            key = (row["LocID"], year)
            sums[key] = sums.get(key, 0.0) + float(row["Value"])
    return {key: round(value) for key, value in sums.items()}


def render() -> str:
    """The CSV text of the extract (the tests compare it with the committed file)."""
    table = totals(read_package_file())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["country", "un_loc_id", "year", "population", "source_id"])
    for (loc, year), value in sorted(table.items(), key=lambda kv: (LOCATIONS[kv[0][0]], kv[0][1])):
        writer.writerow([LOCATIONS[loc], loc, year, value, SOURCE_ID])
    return out.getvalue()


def write() -> None:
    """Build the file into data/ and say what was written."""
    text = render()
    OUT.write_text(text, encoding="utf-8", newline="")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(f"wrote {OUT.name}: {text.count(chr(10)) - 1} rows, sha256 {digest}")

