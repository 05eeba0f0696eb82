"""Grade a class's copies of notebook 04: ``python -m course grade SUBMISSIONS OUT``.

``make grade SUBMISSIONS=collected OUT=grades`` runs the same; ``docs/grading.md`` is the
teacher's guide to it. In short:

- **Who:** ``SUBMISSIONS/<student>/04_assessment.ipynb``, one folder per student
  (``python -m course collect`` makes it from a hub); the folder is the student, the name cell
  only the name shown (``course.submissions``).
- **Run, never trusted:** each notebook runs from the top in a fresh kernel, in its own sandbox
  (``course.sandbox``: bubblewrap, a fresh copy of the course without the exercise bank or the
  guide, no network, limits), several at once (``--jobs``, default: every core). In the run,
  ``check``/``assess`` only record answers; the run reports them as data.
- **Judged here:** the grader reads that report strictly and judges every answer in its own
  process against the teacher's bank (``course.judge``), which must match the guide
  (``python -m course sync``). Item cells are compared with notebook 04 as committed (``git show
  HEAD:``), not with the teacher's working copy.
- **In the student's language:** a notebook of the Russian or Dari edition (its metadata
  ``course.edition.language``: :func:`edition_language`) runs speaking that language, as it did
  for the student, and its page (verdicts, feedback with the bank's sealed translations, slips,
  summary) is in it; the grader's notes on a run stay English, for the teacher.
- **Written into OUT** (``course.reports``, ``course.gradebook``): ``report.txt`` (its first line
  says how the notebooks ran), ``grades.csv`` (student, name, item, exercise, objectives, points,
  max_points), ``feedback/<student>.html``, ``written_answers.csv``, ``objective_summary.csv``
  / ``.png`` / ``.html``, ``canvas_grades.csv`` and ``moodle_grades.csv`` (``--roster``).

Re-running the grader re-grades from the submissions: nothing is kept from a previous run, and
OUT's earlier results are replaced.

Why nbclient and not nbgrader: nbgrader grades cells it generated itself (autograder test
cells with checksums, a course directory and a database) and pins its own ``notebook``/JupyterLab
versions; our items are judged by the exercise bank. Like otter-grader and Gradescope, each
submission runs in a sandbox of its own.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import sandbox
from .exercises import exercise_cells, written_text
from .gradebook import export, write_csv
from .judge import Run, item_cells, judge, read_run
from .paths import BANK, GUIDE, ROOT, helpers
from .reports import GRADE_COLUMNS, class_summary, feedback_page, grade_rows, item_notes
from .submissions import Student, class_folders, read_all

NOTEBOOK = "notebooks/04_assessment.ipynb"
ASSIGNMENT = "Assessment 04 (checked items)"
OUR_FILES = ("report.txt", "grades.csv", "written_answers.csv", "objective_summary.csv",
             "objective_summary.png", "objective_summary.html", "objective_summary_alt.txt",
             "canvas_grades.csv", "moodle_grades.csv")
PROBE = """\
import glob, os, sys
os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)
import matplotlib.font_manager
[found] = glob.glob(os.path.join(os.environ["MPLCONFIGDIR"], "fontlist-*.json"))
sys.stdout.write("COURSE-SANDBOX-OK " + os.path.basename(found) + "\\n" + open(found).read())
"""
PROBE_OK = b"COURSE-SANDBOX-OK "


# --- what the grader grades against --------------------------------------------------------------

def reference_notebook(course: Path = ROOT):
    """Notebook 04 as committed (``git show HEAD:``), or the file where the course is not a git
    checkout; and a sentence for the report saying which."""
    import nbformat

    try:
        shown = subprocess.run(["git", "show", f"HEAD:./{NOTEBOOK}"], cwd=course,
                               capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        shown = None
    if shown is not None and shown.returncode == 0:
        note = f"item cells compared with {NOTEBOOK} as committed (git HEAD)"
        return nbformat.reads(shown.stdout.decode("utf-8"), as_version=4), note
    note = (f"item cells compared with the file {NOTEBOOK}: this course folder is not a git "
            "checkout, so a teacher's edits to it would count as the reference")
    return nbformat.read(course / NOTEBOOK, as_version=4), note


def check_bank(course: Path = ROOT) -> str:
    """A sentence for the report if the teacher's bank matches the guide.

    Raises:
        SystemExit: the bank is older than the guide's answer key (say what to run).
    """
    from .bank import build, feedback_translations

    guide = course / GUIDE
    if not guide.is_file():
        return ("no teacher's guide in this folder: the exercise bank is used as it is, without "
                "checking it against the answer key")
    built = build(guide.read_text(encoding="utf-8"), translations=feedback_translations(course))
    if built != (course / BANK).read_text(encoding="utf-8"):
        raise SystemExit("the exercise bank (src/helpers/quiz_bank.json) does not match the "
                         "answer key in docs/teacher_guide.md: run `python -m course sync`, "
                         "then grade again")
    return "answers judged against the exercise bank, which matches the teacher's guide"


def edition_language(nb) -> str:
    """The language of the edition a submitted notebook comes from: its metadata
    ``course.edition.language`` when it names one of the editions, else "en" (the metadata is
    the student's: anything else counts as English).

    >>> edition_language({"metadata": {"course": {"edition": {"language": "fa"}}}})
    'fa'
    >>> edition_language({"metadata": {"course": {"edition": "x"}}}), edition_language({})
    ('en', 'en')
    """
    try:
        language = nb["metadata"]["course"]["edition"]["language"]
    except (KeyError, TypeError):
        return "en"
    return language if isinstance(language, str) and language in helpers("i18n").EDITIONS \
        else "en"


RUN_DOMAINS = ("helpers", "data", "figures")  # the compiled catalogs a graded run reads


def course_copy(target: Path, course: Path = ROOT) -> Path:
    """What a notebook needs to run, in ``target``: ``src/helpers`` without the exercise bank,
    ``src/course`` (the runner), the ``course`` shim, ``data/``, ``notebooks/helpers.py`` and the
    editions' compiled catalogs of :data:`RUN_DOMAINS` (so that an edition's notebook runs in
    its language); compiled once (``__pycache__``), readable by everyone. Never the guide, the
    bank or the feedback catalogs."""
    import compileall

    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "quiz_bank.json")
    shutil.copytree(course / "src" / "helpers", target / "src" / "helpers", ignore=ignore)
    shutil.copytree(course / "src" / "course", target / "src" / "course", ignore=ignore)
    shutil.copytree(course / "course", target / "course", ignore=ignore)
    shutil.copytree(course / "data", target / "data", ignore=ignore)
    (target / "notebooks").mkdir()
    shutil.copy2(course / "notebooks" / "helpers.py", target / "notebooks" / "helpers.py")
    (target / "locale").mkdir()
    if (course / "locale" / "columns.json").is_file():
        shutil.copy2(course / "locale" / "columns.json", target / "locale" / "columns.json")
    for language in helpers("i18n").EDITIONS:
        for domain in RUN_DOMAINS:
            compiled = course / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"
            if compiled.is_file():
                (target / compiled.relative_to(course)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(compiled, target / compiled.relative_to(course))
    leaked = [p for p in target.rglob("*") if p.name in ("teacher_guide.md", "quiz_bank.json",
                                                          "feedback.pot", "feedback.po")]
    if leaked:
        raise RuntimeError(f"the answer key was copied for grading: {leaked}")
    compileall.compile_dir(target, quiet=2, workers=1)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


# --- running one notebook ------------------------------------------------------------------------

@dataclass(frozen=True)
class Setup:
    """How this class is run: the sandbox (or none), the base copy, limits and timeouts."""

    box: sandbox.Sandbox
    base: Path
    limits: sandbox.Limits
    timeout: int
    total_timeout: int


def run_command(setup: Setup, copy: Path, uid: int | None, language: str = "en"
                ) -> tuple[list[str], dict | None, Path]:
    """The command that runs the graded notebook in ``copy`` (speaking ``language``), its
    environment, its folder."""
    inner = ["-m", "course", "grade", "--run-one", "--timeout", str(setup.timeout)]
    speak = {helpers("i18n").ENV: language}
    if setup.box.isolated:
        env = sandbox.inside_env({"COURSE_GRADED_RUN": "1",
                                  "COURSE_SANDBOX_LIMITS": setup.limits.as_env(), **speak})
        return (sandbox.bwrap_command(copy, [sandbox.python_inside(), *inner], env, uid), None,
                copy)
    limits = sandbox.Limits(setup.limits.memory, 1 << 30, setup.limits.cpu_seconds,
                            setup.limits.file_bytes)  # no process limit on the teacher's uid
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env.update({"COURSE_GRADED_RUN": "1", "COURSE_SANDBOX_LIMITS": limits.as_env(), **speak})
    return [sys.executable, *inner], env, copy


def run_submission(setup: Setup, nb, work: Path, uid: int | None) -> Run:
    """Run one student's notebook in a fresh copy of the course; what it reported, read
    strictly. Never raises for what the notebook does."""
    import nbformat

    copy = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    try:
        shutil.copytree(setup.base, copy, dirs_exist_ok=True)
        copy.chmod(0o755)
        stripped = nbformat.from_dict(json.loads(nbformat.writes(nb)))
        for cell in stripped.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        argv, env, cwd = run_command(setup, copy, uid, edition_language(nb))
        cap = 1_100_000 + 2_200 * len(stripped.cells)
        done = sandbox.run(argv, nbformat.writes(stripped).encode(), setup.total_timeout, cap,
                           cwd=cwd, env=env,
                           memory=setup.limits.memory if setup.box.isolated else None)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    if uid is not None:  # nothing may outlive its sandbox; the uid is this run's alone
        for pid in sandbox.processes_of({uid}):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if done.stopped == "timeout":
        return Run([], {}, [f"the notebook did not finish within {setup.total_timeout} s and "
                            "was stopped: no answer could be collected"])
    if done.stopped == "memory":
        return Run([], {}, [f"the notebook's processes used more than "
                            f"{setup.limits.memory // 2**30} GiB of memory in all and were "
                            "stopped: no answer could be collected"])
    if done.stopped == "overflow":
        return Run([], {}, ["the run's report was larger than the grader reads: no answer "
                            "could be collected"])
    if done.returncode != 0 or not done.stdout:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return Run([], {}, ["the run failed before reporting answers "
                            f"({' '.join(last.split())[:200]})"])
    return read_run(done.stdout, len(stripped.cells))


def run_class(setup: Setup, students: list[Student], work: Path,
              workers: list[int | None]) -> dict[str, Run]:
    """Run every student's notebook, one per worker at a time (each worker a uid of its own
    as root, else None); folder -> what its run reported."""
    todo = [s for s in students if s.notebook is not None]
    uids: queue.Queue = queue.Queue()
    for uid in workers:
        uids.put(uid)

    def one(student: Student) -> tuple[str, Run]:
        uid = uids.get()
        try:
            return student.folder, run_submission(setup, student.notebook, work, uid)
        finally:
            uids.put(uid)

    with ThreadPoolExecutor(max_workers=len(workers)) as pool:
        return dict(pool.map(one, todo))


def make_setup(base: Path, timeout: int, total_timeout: int, use_sandbox: bool) -> Setup:
    """Probe for a sandbox (it also makes matplotlib's font list once, into the base copy)."""
    limits = sandbox.Limits(cpu_seconds=total_timeout + 60)
    if not use_sandbox:
        box = sandbox.Sandbox("none", "the grader was started with --no-sandbox")
    else:
        box, printed = sandbox.probe(base, [sandbox.python_inside(), "-c", PROBE], PROBE_OK)
        if box.isolated:
            first, _, fonts = printed.partition(b"\n")
            name = first[len(PROBE_OK):].decode().strip()
            if name.startswith("fontlist-") and name.endswith(".json") and "/" not in name:
                seed = base / ".cache" / "matplotlib"
                seed.mkdir(parents=True)
                (seed / name).write_bytes(fonts)
                for path in (base / ".cache", seed, seed / name):
                    path.chmod(0o755 if path.is_dir() else 0o644)
    return Setup(box, base, limits, timeout, total_timeout)


def sandbox_sentence(setup: Setup) -> str:
    """The report's first line: how the students' code ran."""
    if not setup.box.isolated:
        return ("WARNING: student code ran with the teacher's rights: no sandbox could start "
                f"({setup.box.reason}). Each notebook could read and change anything this user "
                "can; the verdicts were still judged by the grader, outside the notebooks.")
    who = ("an unprivileged uid of its own, without capabilities" if setup.box.as_root
           else "this user, in a user namespace")
    limits = setup.limits
    return ("Sandbox: each notebook ran in its own bubblewrap sandbox, as " + who + ", with no "
            "network, a fresh read-only copy of the course without the exercise bank or the "
            "guide, and no access to the course folder, the other submissions or this folder; "
            f"limits: {limits.memory // 2**30} GiB of memory (per process and in all), "
            f"{limits.processes} processes, "
            f"{limits.cpu_seconds} s of CPU, files of {limits.file_bytes // 2**20} MB.")


# --- the whole class -----------------------------------------------------------------------------

def written_answers(nb, reference) -> list[tuple[str, str]]:
    """(written-answer id, answer) for each written-answer cell of the reference: the student's
    cell with that mark (or, in a copy from before the marks, that cell id); the reference's
    placeholder text is never part of the answer (``course.exercises.written_text``)."""
    theirs = {mark.id: mark.cell for mark in exercise_cells(nb, "written")}
    by_id = {cell.get("id"): cell for cell in nb.cells}
    answers = []
    for mark in exercise_cells(reference, "written"):
        cell = theirs.get(mark.id, by_id.get(mark.cell.get("id")))
        text = written_text(cell.source, mark.cell.source) if cell is not None else ""
        answers.append((mark.id, text[:20_000]))
    return answers


def cell_problems(nb, reference) -> dict[str, str]:
    """Item id -> what the student changed in its cell beyond the answer line (deleted, or
    other lines edited); graded as it ran either way."""
    bank = helpers("bank")
    known = {**{q: q for q in bank.bank()}, **bank.aliases()}
    theirs, ours = item_cells(nb, reference, known), item_cells(reference, reference, known)

    def other_lines(source: str) -> list[str]:
        """The lines a student is not meant to change: not the answer line, not the
        ``from helpers import`` line (a copy pulled before item cells imported what they call
        has none), not blank lines."""
        return [line for line in source.splitlines() if line.strip()
                and not line.lstrip().startswith(("answer", "from helpers import"))]

    problems = {}
    for qid, (_, source) in ours.items():
        if qid not in theirs:
            problems[qid] = "the item's cell was deleted (or its assess call removed): 0 points"
        elif other_lines(theirs[qid][1]) != other_lines(source):
            problems[qid] = "the item's cell was edited beyond its answer line (graded as it ran)"
    return problems


def prepare_out(out: Path, submissions: Path) -> None:
    """Make OUT ready: not inside the submissions (or they inside it), and empty of anything
    but an earlier run's results, which are removed."""
    out, submissions = out.resolve(), submissions.resolve()
    if out == submissions or submissions in out.parents or out in submissions.parents:
        raise SystemExit("OUT and SUBMISSIONS must be separate folders, neither inside the other")
    if out.exists():
        earlier = out / "report.txt"
        extra = [p.name for p in out.iterdir() if p.name not in (*OUR_FILES, "feedback")]
        if any(out.iterdir()) and (not earlier.is_file() or extra):
            raise SystemExit(f"{out} is not empty and is not an earlier grading's results "
                             f"({extra[:3]}): choose an empty or new folder")
        for name in OUR_FILES:
            (out / name).unlink(missing_ok=True)
        shutil.rmtree(out / "feedback", ignore_errors=True)
    (out / "feedback").mkdir(parents=True)


def grade(submissions: Path, out: Path, timeout: int = 30, total_timeout: int = 600, *,
          jobs: int | None = None, roster: Path | None = None, assignment: str = ASSIGNMENT,
          use_sandbox: bool = True) -> dict:
    """Grade the collected class in ``submissions`` into ``out``; return a summary (the
    students' folders and the report's lines)."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    prepare_out(out, submissions)
    reference, reference_note = reference_notebook()
    bank_note = check_bank()
    students, loose = class_folders(submissions)
    read_all(students)
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        work = Path(tmp)
        setup = make_setup(course_copy(work / "base"), timeout, total_timeout, use_sandbox)
        workers = sandbox.free_uids(jobs) if setup.box.as_root else [None] * jobs
        ready = time.perf_counter()
        runs = run_class(setup, students, work, workers)
        ran = time.perf_counter()
    report = [sandbox_sentence(setup), f"Reference: {reference_note}; {bank_note}."]
    report += [f"Submissions: {line}" for line in loose]
    grades, written_rows, exported = [], [], {}
    for student in students:
        notes = list(student.notes)
        if student.notebook is None:
            report += [f"Student {student.folder!r}: {note}" for note in notes]
            continue
        run = runs[student.folder]
        with helpers("i18n").speaking(edition_language(student.notebook)):
            items = judge(student.notebook, reference, run, timeout)
        notes += run.problems + item_notes(items, cell_problems(student.notebook, reference))
        grades += grade_rows(student, items)
        exported[student.folder] = (student.display, sum(item.points for item in items))
        written = written_answers(student.notebook, reference)
        written_rows += [{"student": student.folder, "name": student.display, "prompt": p,
                          "words": len(t.split()), "answer": t} for p, t in written]
        with helpers("i18n").speaking(edition_language(student.notebook)):
            page = feedback_page(student, items, notes, written)
        (out / "feedback" / student.page).write_text(page, encoding="utf-8")
        report += [f"Student {student.folder!r} ({student.display}): {note}" for note in notes]
    items_total = len({row["exercise"] for row in grades}) or 1
    write_csv(out / "grades.csv", grades, GRADE_COLUMNS)
    write_csv(out / "written_answers.csv", written_rows,
              ["student", "name", "prompt", "words", "answer"])
    class_summary(out, grades, len(exported))
    report += [f"Gradebook: {note}" for note in export(out, exported, items_total, assignment,
                                                          roster)]
    report.append(f"Graded {len(exported)} of {len(students)} students; results in {out}.")
    (out / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    seconds = {"setup": ready - started, "runs": ran - ready,
               "total": time.perf_counter() - started}
    return {"students": sorted(exported), "report": report, "sandbox": setup.box,
            "uids": [uid for uid in workers if uid is not None], "seconds": seconds}


def main(args) -> int:
    """``python -m course grade``: grade a class."""
    if args.submissions is None or args.out is None:
        print("usage: python -m course grade SUBMISSIONS OUT (see docs/grading.md)",
              file=sys.stderr)
        return 2
    if not args.submissions.is_dir():
        print(f"{args.submissions} is not a folder", file=sys.stderr)
        return 1
    result = grade(args.submissions, args.out, args.timeout, args.total_timeout,
                   jobs=args.jobs, roster=args.roster, assignment=args.assignment,
                   use_sandbox=not args.no_sandbox)
    print("\n".join(result["report"]))
    return 0
