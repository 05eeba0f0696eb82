"""Benchmark: time and memory of each notebook against a "floor" notebook (not a timed test).

``python -m course benchmark [--runs 5]`` (``make benchmark``). For each notebook and for
``benchmarks/floor.ipynb`` (imports pandas, matplotlib and the helpers, draws one figure) it
executes the notebook in a fresh kernel ``--runs`` times (at least 3), with the one runner
(``course.runner``), and records the median wall time (kernel start to shutdown) and the
kernel's peak resident memory (VmHWM, read by the kernel itself in an extra last cell). Runs are
interleaved (every notebook once per round) and the suite's ratio to the floor is computed per
round, so the report gives its median and its spread. It also times ``import helpers`` in a
Python that has already imported pandas and matplotlib. After the timed rounds, each notebook runs
``--profile-runs`` more times with :mod:`course.figure_profile` installed in its kernel (these runs
are not timed as a whole), which gives each figure's time split into its steps (drawing, layout
passes, text, rendering, PNG encoding, ...). Results go to benchmarks/RESULTS.md,
written only by this command, except the block of cell counts, which ``python -m course sync``
keeps current (a notebook gaining a cell does not call for a new measurement).

**Grading** (:func:`grading`; ``--grading`` measures it alone and rewrites only its block): per
round, ``python -m course grade`` on a class of copies of notebook 04 (each answering some
items), every core in use, each copy in its sandbox, between two plain runs of notebook 04 (as
above; their mean is the round's plain run, so a change in the machine's load during the round
weighs on both sides).
The figure is the class's seconds per submission, and its ratio to the plain run of the same
round (target at most 0.7, DECISIONS "Performance targets"); the grader's fixed cost per class
(sandbox probe, copies) is given apart, and once spread over the class ("all in").
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from . import figure_profile, markers
from .paths import FLOOR, RESULTS, ROOT, notebooks
from .runner import execute, read

CELLS = "cell-counts"  # the block of RESULTS.md that sync keeps current
PEAK_CELL = ("print([line.split()[1] for line in open('/proc/self/status') "
             "if line.startswith('VmHWM')][0])")
TARGETS = {"over_floor_s": 1.5, "suite_ratio": 1.25, "peak_mb": 250, "import_s": 0.3,
           "grading_ratio": 0.7}
GRADING = "grading"  # the block of RESULTS.md that grading measurements write
MIN_RUNS = 3


def run_once(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) for one fresh-kernel execution of a copy of ``path``."""
    from nbformat.v4 import new_code_cell

    nb = read(path)
    nb.cells.append(new_code_cell(PEAK_CELL))
    start = time.perf_counter()
    # every notebook, the floor included, runs in notebooks/ (where `import helpers` finds
    # notebooks/helpers.py), so the floor pays the same import as the series
    execute(nb, ROOT / "notebooks" / path.name)
    wall = time.perf_counter() - start
    peak_kb = int(nb.cells[-1].outputs[0]["text"].strip())
    return wall, peak_kb / 1024


def profile_once(path: Path) -> list[dict]:
    """The figures of one fresh-kernel run of a copy of ``path`` with the figure profile
    installed (:mod:`course.figure_profile`): each figure's title, phases, counts, total."""
    from nbformat.v4 import new_code_cell

    nb = read(path)
    first, last = figure_profile.profile_cells(str(ROOT / "src"))
    nb.cells = [new_code_cell(first), *nb.cells, new_code_cell(last)]
    execute(nb, ROOT / "notebooks" / path.name)
    return json.loads(nb.cells[-1].outputs[0]["text"])


def profile(paths: list[Path], runs: int) -> dict[str, list[dict]]:
    """``{notebook name: each figure's median profile}`` over ``runs`` interleaved profiled
    rounds (notebooks without a figure are left out)."""
    found: dict[Path, list] = {p: [] for p in paths}
    for _ in range(runs):
        for path in paths:
            found[path].append(profile_once(path))
    return {p.name: figure_profile.median_figures(r) for p, r in found.items() if r[0]}


def import_cost(runs: int) -> float:
    """Median seconds that ``import helpers`` adds after pandas and matplotlib are imported."""
    code = ("import time, pandas, matplotlib.pyplot; t = time.perf_counter(); import helpers; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True, cwd=ROOT / "notebooks").stdout)
             for _ in range(runs)]
    return statistics.median(times)


# The suite's in-process part (unit tests, doctests, data, strict nbval): the browser, hub, site
# build, runtime and pytest-setup tests start servers and subprocesses of their own, so their
# time says little about pytest-xdist.
SUITE = ["notebooks", "src/helpers", "src/course", "tests", "--ignore=tests/browser",
         "--ignore=tests/classroom/test_jupyterhub.py", "--ignore=tests/course/test_site_build.py",
         "--ignore=tests/helpers/test_runtime.py", "--ignore=tests/course/test_pytest_setup.py"]


def suite_seconds(*options: str) -> float | str:
    """Wall seconds of one `python -m pytest -q` run of SUITE with ``options``; if the run fails,
    its summary line instead (a failing suite is not timed, and the notebooks' measurements,
    taken before, are still written)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", *options, *SUITE], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
        return "; ".join([*failed[:3], lines[-1] if lines else f"exit {done.returncode}"])
    return time.perf_counter() - start


def suite_text(suite: tuple[float | str, float | str]) -> str:
    """RESULTS.md's sentence on the test suite's time, serial and on two workers; a run that
    failed is named with its failures instead of a time.

    >>> suite_text((64.2, 37.0)).endswith("as `make test` runs it) 37 s: 0.58 of the serial time.")
    True
    >>> suite_text((64.2, "FAILED tests/x.py::t; 1 failed")).endswith(
    ...     "runs it) failed, not timed (FAILED tests/x.py::t; 1 failed).")
    True
    """
    def shown(value: float | str) -> str:
        return f"{value:.0f} s" if isinstance(value, float) else f"failed, not timed ({value})"

    text = (f"Test suite (`pytest {' '.join(SUITE)}`), one run each: serial (`-p no:xdist`) "
            f"{shown(suite[0])}, two workers (`-n 2`, as `make test` runs it) {shown(suite[1])}")
    if all(isinstance(v, float) for v in suite):
        text += f": {suite[1] / suite[0]:.2f} of the serial time"
    return text + "."


def cell_counts(notebooks: dict[str, dict]) -> str:
    """The block of RESULTS.md that lists each notebook's cells (markdown and code), from
    ``{file name: notebook}`` (the floor first).

    >>> print(cell_counts({"floor.ipynb": {"cells": [1, 2, 3]}, "00_a.ipynb": {"cells": [1]}}))
    Cells per notebook now (kept current by `python -m course sync`): floor.ipynb 3, 00_a.ipynb 1.
    """
    counts = ", ".join(f"{name} {len(nb['cells'])}" for name, nb in notebooks.items())
    return f"Cells per notebook now (kept current by `python -m course sync`): {counts}."


def measure(paths: list[Path], runs: int) -> tuple[list[dict], list[float]]:
    """Per notebook: median wall time and maximum peak RSS over ``runs`` rounds; and the suite's
    ratio to the floor in each round (``paths[0]`` is the floor).

    Rounds are interleaved (every notebook once per round), so a slow patch of the machine
    affects all notebooks of a round alike instead of whichever one happened to be running.
    """
    if runs < MIN_RUNS:
        raise SystemExit(f"--runs must be at least {MIN_RUNS}: a median of fewer hides the drift")
    results: dict[Path, list] = {p: [] for p in paths}
    for _ in range(runs):
        for path in paths:
            results[path].append(run_once(path))
    floor, series = paths[0], paths[1:]
    ratios = [sum(results[p][i][0] for p in series) / (len(series) * results[floor][i][0])
              for i in range(runs)]
    rows = [{"name": p.name,
             "wall": statistics.median(r[0] for r in results[p]),
             "peak": max(r[1] for r in results[p])} for p in paths]
    return rows, ratios


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
        found.append(f"suite ratio {suite_ratio:.2f} (target {TARGETS['suite_ratio']})")
    if import_s > TARGETS["import_s"]:
        found.append(f"import helpers adds {import_s:.3f} s (target 0.3 s)")
    return found


def report(rows: list[dict], floor: dict, ratios: list[float], import_s: float,
           runs: int, suite: tuple[float | str, float | str], cells: str,
           figures: tuple[int, dict[str, list[dict]]] | None = None) -> str:
    """The RESULTS.md text (``cells``: the :func:`cell_counts` line; ``figures``: the number of
    profiled runs and :func:`profile`'s result)."""
    n = len(rows)
    total = sum(r["wall"] for r in rows)
    suite_ratio = statistics.median(ratios)
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("pandas", "matplotlib", "nbclient", "ipykernel", "numpy"))
    lines = [
        "# Benchmark results", "",
        "<!-- Written by python -m course benchmark (make benchmark); do not edit by hand. -->", "",
        f"Measured by `python -m course benchmark` ({runs} interleaved rounds, one fresh-kernel "
        "run of every notebook per round; median wall time from kernel start to shutdown; peak "
        "RSS is the kernel's VmHWM, the maximum over the runs). On this shared 2-core machine "
        "timings drift between batches; interleaving spreads the drift over all notebooks of a "
        "round, and the per-round ratios (median and range below) are the figures to compare.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}; {versions}.", "",
        "| notebook | median wall (s) | over floor (s) | ratio to floor | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
        f"| floor.ipynb | {floor['wall']:.2f} | 0.00 | 1.00 | {floor['peak']:.0f} |",
    ]
    for r in rows:
        lines.append(f"| {r['name']} | {r['wall']:.2f} | "
                     f"{r['wall'] - floor['wall']:.2f} | {r['wall'] / floor['wall']:.2f} | "
                     f"{r['peak']:.0f} |")
    missed = misses(rows, floor, suite_ratio, import_s)
    lines += ["", f"Suite: {n} notebooks, {total:.2f} s in all (sum of medians). Ratio to {n} x "
              f"floor, per round: median {suite_ratio:.2f}, range {min(ratios):.2f} to "
              f"{max(ratios):.2f} over {runs} rounds (target at most "
              f"{TARGETS['suite_ratio']}).", "",
              f"`import helpers` after pandas and matplotlib: {import_s:.3f} s "
              "(target under 0.3 s).", "",
              "Targets: " + ("all met." if not missed else "missed: " + "; ".join(missed) + "."),
              "", suite_text(suite), ""]
    if figures:
        lines += figure_section(*figures)
    lines += [markers.wrapped(CELLS, cells)]
    return "\n".join(lines) + "\n"


def figure_section(runs: int, profiles: dict[str, list[dict]]) -> list[str]:
    """The per-figure table of RESULTS.md with the words that say how it was measured."""
    return [
        "## Per figure", "",
        f"Each figure's time in milliseconds, the median of {runs} separate profiled runs of "
        "every notebook (not the timed rounds above: the profile's wrappers add a little time). "
        "A figure is one call of a `plot_*` helper or `show_figure`, from the call to the "
        "displayed HTML; its steps add up to its total (each step's own time, less the steps "
        "inside it). i18n: the editions' lookups; alt: the alt text; borders: reading the "
        "borders and building the country shapes; artists: the rest of building the figure; "
        "layout: `tight_layout`; labels: the map's label placement; layout passes: "
        "`Figure.draw` with rendering off (n: how many); text: measuring text and finding "
        "fonts; render: rasterizing (n: how many); PNG encode: Pillow writing the PNG; other: "
        "`show_figure`, `savefig`'s bookkeeping, the HTML. See `src/course/figure_profile.py`.",
        "", *figure_profile.table(profiles), ""]


# Inside a sandbox: the graded runner, then its own and its kernel's CPU seconds on stderr.
CPU_RUNNER = """\
import atexit, resource, runpy, sys
def report():
    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    sys.stderr.write("CPU %.3f\\n" % sum(u.ru_utime + u.ru_stime for u in used))
atexit.register(report)
sys.argv = ["course", "grade", "--run-one", "--timeout", "60"]
runpy.run_module("course", run_name="__main__")
"""


def cpu_seconds(notebook: Path) -> tuple[float, float]:
    """CPU seconds of one plain run of ``notebook`` (this process and its kernel) and of one
    graded run in a sandbox (the runner and its kernel): figures the machine's other work
    hardly changes, unlike wall time."""
    import resource
    import tempfile

    import nbformat

    from . import sandbox
    from .grade import course_copy, make_setup

    def used() -> float:
        return sum(u.ru_utime + u.ru_stime for u in (
            resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))

    start = used()
    run_once(notebook)
    plain = used() - start
    with tempfile.TemporaryDirectory(prefix="grading-cpu-") as tmp:
        setup = make_setup(course_copy(Path(tmp) / "base"), 60, 600, True)
        if not setup.box.isolated:
            return plain, float("nan")
        env = sandbox.inside_env({"COURSE_GRADED_RUN": "1",
                                  "COURSE_SANDBOX_LIMITS": setup.limits.as_env()})
        uid = sandbox.free_uids(1)[0] if setup.box.as_root else None
        argv = sandbox.bwrap_command(setup.base, [sandbox.python_inside(), "-c", CPU_RUNNER],
                                     env, uid)
        done = sandbox.run(argv, nbformat.writes(nbformat.read(notebook, as_version=4)).encode(),
                           600, 10**7)
    lines = [line for line in done.stderr.splitlines() if line.startswith("CPU ")]
    try:  # a run that failed early would look cheap: count only one that reported answers
        ran = json.loads(done.stdout)["answers"] is not None
    except (ValueError, KeyError, TypeError):
        ran = False
    return plain, float(lines[-1].split()[1]) if lines and ran else float("nan")


def grading(copies: int = 12, rounds: int = 3) -> dict:
    """Seconds per submission when grading a class of ``copies`` copies of notebook 04, against
    one plain run of notebook 04 in the same round; medians over ``rounds`` (at least 3).

    Returns ``{"copies", "rounds", "jobs", "sandbox", "plain": [s], "per_submission": [s],
    "all_in": [s], "setup": [s], "ratios": [..], "cpu_plain": [s], "cpu_graded": [s],
    "cpu_grader": [s per submission], "load": (before, after)}`` (lists per round).
    """
    import tempfile

    from .grade import grade
    from .paths import NOTEBOOKS, helpers

    if rounds < MIN_RUNS:
        raise SystemExit(f"--runs must be at least {MIN_RUNS}: a median of fewer hides the drift")
    helpers("feedback")  # this copy's helpers, before tests/ joins the path
    sys.path.append(str(ROOT / "tests"))
    from classroom import choice_items, letter, submission  # the tests' class of copies

    notebook = ROOT / NOTEBOOKS / "04_assessment.ipynb"
    result = {"copies": copies, "rounds": rounds, "jobs": os.cpu_count(), "plain": [],
              "per_submission": [], "all_in": [], "setup": [], "cpu_plain": [],
              "cpu_graded": [], "load": [os.getloadavg()[0]]}
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as tmp:
        folder = Path(tmp)
        items = choice_items()
        for number in range(copies):
            answers = {qid: letter(qid, right=(i + number) % 3 != 0)
                       for i, qid in enumerate(items[: 4 + number % 6])}
            submission(folder / "class" / f"student{number:02d}" / "04_assessment.ipynb",
                       f"Student {number}", answers)
        import resource

        def own_cpu() -> float:
            return sum(u.ru_utime + u.ru_stime for u in (
                resource.getrusage(resource.RUSAGE_SELF),
                resource.getrusage(resource.RUSAGE_CHILDREN)))

        for round_number in range(rounds):
            before = run_once(notebook)[0]
            cpu_start = own_cpu()
            done = grade(folder / "class", folder / f"out{round_number}")
            result.setdefault("cpu_grader", []).append((own_cpu() - cpu_start) / copies)
            result["plain"].append((before + run_once(notebook)[0]) / 2)
            cpu = cpu_seconds(notebook)
            result["cpu_plain"].append(cpu[0])
            result["cpu_graded"].append(cpu[1])
            result["sandbox"] = done["sandbox"]
            result["per_submission"].append(done["seconds"]["runs"] / copies)
            result["all_in"].append(done["seconds"]["total"] / copies)
            result["setup"].append(done["seconds"]["setup"])
    result["load"].append(os.getloadavg()[0])
    result["ratios"] = [s / p for s, p in zip(result["per_submission"], result["plain"],
                                              strict=True)]
    return result


def grading_text(g: dict) -> str:
    """The grading block of RESULTS.md."""
    med = statistics.median
    box = g["sandbox"]
    how = "each in its own bubblewrap sandbox" if box.isolated else \
        f"WITHOUT a sandbox ({box.reason})"
    ratio = med(g["ratios"])
    met = "met" if ratio <= TARGETS["grading_ratio"] else "missed"
    return "\n".join([
        "## Grading", "",
        f"`python -m course grade` on a class of {g['copies']} copies of notebook 04, "
        f"{g['jobs']} at a time ({g['jobs']} cores), {how}; {g['rounds']} rounds, each between "
        "two plain runs of notebook 04 (medians; the machine was shared with other work: load "
        f"average {g['load'][0]:.1f} at the start, {g['load'][1]:.1f} at the end).", "",
        "| measure | median (s) | range (s) |", "|---|---:|---:|",
        f"| one plain run of notebook 04 (mean of the two in a round) | {med(g['plain']):.2f} | "
        f"{min(g['plain']):.2f} to {max(g['plain']):.2f} |",
        f"| grading, per submission | {med(g['per_submission']):.2f} | "
        f"{min(g['per_submission']):.2f} to {max(g['per_submission']):.2f} |",
        f"| grading, fixed cost per class (sandbox probe, copies) | {med(g['setup']):.2f} | "
        f"{min(g['setup']):.2f} to {max(g['setup']):.2f} |",
        f"| grading, all in, per submission of this class | {med(g['all_in']):.2f} | "
        f"{min(g['all_in']):.2f} to {max(g['all_in']):.2f} |", "",
        f"Seconds per submission over one plain run, per round: median {ratio:.2f}, range "
        f"{min(g['ratios']):.2f} to {max(g['ratios']):.2f} (target at most "
        f"{TARGETS['grading_ratio']}: {met}). At this rate 300 copies take about "
        f"{(300 * med(g['per_submission']) + med(g['setup'])) / 60:.0f} minutes.", "",
        "Wall times on a shared machine move with the others' work; CPU seconds hardly do. "
        f"One plain run of notebook 04 used {med(g['cpu_plain']):.2f} s of CPU (the client and "
        f"its kernel); one graded run {med(g['cpu_graded']):.2f} s (the runner and its kernel, "
        f"in the sandbox), plus {med(g['cpu_grader']):.2f} s of the grader's own work per "
        f"submission (copies, sandbox, judging, pages). Spread over {g['jobs']} cores that is "
        f"{(med(g['cpu_graded']) + med(g['cpu_grader'])) / g['jobs'] / med(g['cpu_plain']):.2f} "
        "of a plain run's CPU per submission: the ratio grading tends to where a plain run is "
        "bound by the processor."])


def read_all(paths: list[Path]) -> dict[str, dict]:
    """``{file name: notebook}`` for ``paths``, as :func:`cell_counts` takes them."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}


def run(runs: int = 5, grading_only: bool = False, profile_runs: int = 3) -> int:
    """Measure, write benchmarks/RESULTS.md and print it (``grading_only``: measure grading
    and rewrite only its block)."""
    if grading_only:
        text = (ROOT / RESULTS).read_text(encoding="utf-8")
        block = grading_text(grading(rounds=runs))
        text = (markers.replace_lines(text, GRADING, block) if markers.block(text, GRADING)
                is not None else text + "\n" + markers.wrapped(GRADING, block) + "\n")
        (ROOT / RESULTS).write_text(text, encoding="utf-8")
        print(text)
        return 0
    paths = [ROOT / FLOOR, *notebooks()]
    (floor, *rows), ratios = measure(paths, runs)
    figures = (profile_runs, profile(paths, profile_runs)) if profile_runs else None
    suite = (suite_seconds("-p", "no:xdist"), suite_seconds("-n", "2"))
    text = report(rows, floor, ratios, import_cost(runs), runs, suite,
                  cell_counts(read_all(paths)), figures)
    text += "\n" + markers.wrapped(GRADING, grading_text(grading(rounds=runs))) + "\n"
    (ROOT / RESULTS).write_text(text, encoding="utf-8")
    print(text)
    return 0
