"""Benchmark: time and memory of each notebook against a "floor" notebook (not a timed test).

Usage: ``python benchmarks/run_benchmark.py [--runs 5]`` (``make benchmark``). For each notebook
and for ``benchmarks/floor.ipynb`` (imports pandas, matplotlib and the helpers, draws one figure)
it executes the notebook in a fresh kernel ``--runs`` times and records the median wall time
(kernel start to shutdown), the kernel's peak resident memory (VmHWM, read by the kernel itself
in an extra last cell) and the number of cells. It also times ``import helpers`` in a Python that
has already imported pandas and matplotlib. Results go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parent.parent
PEAK_CELL = ("print([line.split()[1] for line in open('/proc/self/status') "
             "if line.startswith('VmHWM')][0])")
TARGETS = {"over_floor_s": 1.5, "suite_ratio": 1.5, "peak_mb": 250, "import_s": 0.3}


def run_once(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) for one fresh-kernel execution of a copy of ``path``."""
    nb = copy.deepcopy(nbformat.read(path, as_version=4))
    nb.cells.append(new_code_cell(PEAK_CELL))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            # every notebook, the floor included, runs where the series' notebooks
                            # do, so `import helpers` finds notebooks/helpers.py
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    peak_kb = int(nb.cells[-1].outputs[0]["text"].strip())
    return wall, peak_kb / 1024


def import_cost(runs: int) -> float:
    """Median seconds that ``import helpers`` adds after pandas and matplotlib are imported."""
    code = ("import time, pandas, matplotlib.pyplot; t = time.perf_counter(); import helpers; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True, cwd=ROOT / "notebooks").stdout)
             for _ in range(runs)]
    return statistics.median(times)


def measure(paths: list[Path], runs: int) -> list[dict]:
    """Median wall time and maximum peak RSS per notebook over ``runs`` rounds.

    Rounds are interleaved (every notebook once per round), so a slow patch of the machine
    affects all notebooks alike instead of whichever one happened to be running.
    """
    results: dict[Path, list] = {p: [] for p in paths}
    for _ in range(runs):
        for path in paths:
            results[path].append(run_once(path))
    return [{"name": p.name, "cells": len(nbformat.read(p, as_version=4).cells),
             "wall": statistics.median(r[0] for r in results[p]),
             "peak": max(r[1] for r in results[p])} for p in paths]


def misses(rows: list[dict], floor: dict, suite_ratio: float, import_s: float) -> list[str]:
    """Which targets are missed, in words."""
    found = []
    for r in rows:
        over = r["wall"] - floor["wall"]
        if over > TARGETS["over_floor_s"]:
            found.append(f"{r['name']} is {over:.2f} s over the floor (target 1.5 s)")
        if r["peak"] > TARGETS["peak_mb"]:
            found.append(f"{r['name']} peaks at {r['peak']:.0f} MB (target 250 MB)")
    if suite_ratio > TARGETS["suite_ratio"]:
        found.append(f"suite ratio {suite_ratio:.2f} (target 1.5)")
    if import_s > TARGETS["import_s"]:
        found.append(f"import helpers adds {import_s:.3f} s (target 0.3 s)")
    return found


def report(rows: list[dict], floor: dict, import_s: float, runs: int) -> str:
    """The RESULTS.md text."""
    n = len(rows)
    total = sum(r["wall"] for r in rows)
    suite_ratio = total / (n * floor["wall"])
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("pandas", "matplotlib", "nbclient", "ipykernel", "numpy"))
    lines = [
        "# Benchmark results", "",
        f"Measured by `benchmarks/run_benchmark.py` ({runs} interleaved rounds, one fresh-kernel "
        "run of every notebook per round; median wall time from kernel start to shutdown; peak "
        "RSS is the kernel's VmHWM, the maximum over the runs). On this shared 2-core machine "
        "timings drift between batches (the floor has measured from 1.7 s to 3.0 s on the same "
        "day); interleaving spreads the drift over all notebooks, and the ratios are the figures "
        "to compare.", "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}; {versions}.", "",
        "| notebook | cells | median wall (s) | over floor (s) | ratio to floor | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| floor.ipynb | {floor['cells']} | {floor['wall']:.2f} | 0.00 | 1.00 | "
        f"{floor['peak']:.0f} |",
    ]
    for r in rows:
        lines.append(f"| {r['name']} | {r['cells']} | {r['wall']:.2f} | "
                     f"{r['wall'] - floor['wall']:.2f} | {r['wall'] / floor['wall']:.2f} | "
                     f"{r['peak']:.0f} |")
    missed = misses(rows, floor, suite_ratio, import_s)
    lines += ["", f"Suite: {n} notebooks, {total:.2f} s in all; ratio to {n} x floor = "
              f"{suite_ratio:.2f} (target at most 1.5).", "",
              f"`import helpers` after pandas and matplotlib: {import_s:.3f} s "
              "(target under 0.3 s).", "",
              "Targets: " + ("all met." if not missed else "missed: " + "; ".join(missed) + ".")]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    paths = [ROOT / "benchmarks" / "floor.ipynb", *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    floor, *rows = measure(paths, args.runs)
    text = report(rows, floor, import_cost(args.runs), args.runs)
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
