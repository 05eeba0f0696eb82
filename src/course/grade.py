"""Grade a class's copies of notebook 04: ``python -m course grade SUBMISSIONS OUT``.

``make grade SUBMISSIONS=folder OUT=folder`` runs the same. Each student's notebook is run
from the top in a fresh kernel (``course.runner``), so the score is recomputed from the answers
in its cells (a kernel restart on the student's side loses nothing), and is judged with the
*teacher's* copy of the helpers, data and exercise bank, copied into a temporary folder that
holds no answer key (``docs/`` is not copied). The item and written-answer cells are found by
their exercise marks (``course.exercises``). Writes into OUT:

- ``grades.csv``: one row per student and checked item: student, item, objective (the item's
  objectives, space-separated), points, max_points;
- ``objective_summary.csv`` and ``objective_summary.png`` (with its alt text in
  ``objective_summary.html`` and ``objective_summary_alt.txt``): the class's share of points
  per objective, weakest first: where is the class weak?
- ``feedback/<student>.html``: one page per student, each item's verdict and feedback;
- ``written_answers.csv``: the written answers of every student (by written-answer id), for
  rubric marking;
- ``report.txt``: every problem met, per file, and how the network was shut off.

It reports and survives: a cell that raises (the run goes on, as Run All does with the answer
cells' ``raises-exception`` tag), an endless loop (each cell is interrupted after ``--timeout``
seconds; the whole run is stopped after ``--total-timeout``), a deleted or edited item cell, a
file that is not a notebook, broken JSON, and two files from one student (the newer counts,
by modification time; the other is reported). The student's name is the ``student_name = "..."``
of the cell tagged ``student-name``; without one, the file name stands in and this is reported.

No network: each notebook runs under ``unshare --net`` (as root) or ``unshare --net
--map-root-user`` (an unprivileged user namespace) where the system allows; the kernel then talks
to the grader over Unix sockets (the ``ipc`` transport), since the namespace has no usable
loopback. Where neither works the report says the network was *not* shut off.

Why nbclient and not nbgrader: nbgrader grades cells it generated itself (autograder test
cells with checksums, a course directory and a database) and pins ``notebook``/JupyterLab
versions of its own; our items are judged by the exercise bank, so a fresh nbclient run and
the bank's own verdicts are all grading needs.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .exercises import exercise_cells, written_text
from .paths import ROOT

NOTEBOOK = "notebooks/04_assessment.ipynb"
NAME_TAG = "student-name"
MARKER = "GRADER-RESULT "
# Run after the student's last cell: the verdict on each item as the results API recorded it
# (under the item's current id, whichever way the student's cell called the checker).
EPILOGUE = f"""\
import json as _grader_json
import helpers.results as _grader_results
print({MARKER!r} + _grader_json.dumps({{r.id: [r.verdict, r.message]
                                        for r in _grader_results.recorded().values()}}))
"""


# --- reading submissions ---------------------------------------------------------------------

@dataclass
class Submission:
    path: Path
    student: str = ""
    notebook: dict | None = None
    problems: list[str] = field(default_factory=list)


def read_submission(path: Path) -> Submission:
    """Parse one file; a file that is not a usable notebook gets a problem and no notebook."""
    import nbformat

    sub = Submission(path)
    if path.suffix != ".ipynb":
        sub.problems.append("not a notebook (.ipynb): ignored")
        return sub
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        sub.problems.append("not a text file: ignored")
        return sub
    except json.JSONDecodeError as exc:
        sub.problems.append(f"broken JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}): "
                            "ignored")
        return sub
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds for a non-notebook JSON file
        sub.problems.append(f"JSON but not a valid notebook ({type(exc).__name__}): ignored")
        return sub
    sub.notebook = nb
    sub.student = student_name(nb)
    if not sub.student:
        sub.student = path.stem
        sub.problems.append(f"no name in the cell tagged '{NAME_TAG}': graded as {path.stem!r}")
    return sub


def student_name(nb) -> str:
    """The ``student_name = "..."`` of the cell tagged ``student-name`` ("" if none usable).

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell('student_name = " Ada  Lovelace "')
    >>> cell.metadata["tags"] = ["student-name"]
    >>> student_name(nbformat.v4.new_notebook(cells=[cell]))
    'Ada Lovelace'
    """
    for cell in nb.cells:
        if NAME_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            return ""
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and getattr(node.targets[0], "id", None) == "student_name"
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                name = " ".join(node.value.value.split())
                return "" if name in ("", "...") else name
    return ""


def newest_per_student(subs: list[Submission]) -> list[Submission]:
    """One submission per student (name compared without case): the most recently modified."""
    by_name: dict[str, list[Submission]] = {}
    for sub in subs:
        by_name.setdefault(sub.student.casefold(), []).append(sub)
    kept = []
    for group in by_name.values():
        group.sort(key=lambda s: (s.path.stat().st_mtime, s.path.name), reverse=True)
        kept.append(group[0])
        for older in group[1:]:
            older.problems.append(f"an older file of {group[0].student!r}: not graded; "
                                  f"{group[0].path.name} (newer) counts")
            group[0].problems.append(f"also submitted {older.path.name} (older, not graded)")
    return sorted(kept, key=lambda s: s.student.casefold())


# --- running one notebook ----------------------------------------------------------------------

def network_isolation() -> tuple[list[str], str]:
    """The command prefix that runs a process without network, and a sentence saying how."""
    for prefix in (["unshare", "--net"], ["unshare", "--net", "--map-root-user"]):
        try:
            ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return prefix, f"each notebook ran without network ({' '.join(prefix)})"
    return [], "the network was NOT shut off (unshare is not available or not permitted here)"


def course_copy(target: Path, course: Path = ROOT) -> Path:
    """The teacher's helpers, data and bank in ``target``, without docs/ (the answer key), and
    the ``course`` shim that lets ``python -m course`` run there."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(course / "src", target / "src", ignore=ignore)
    shutil.copytree(course / "course", target / "course", ignore=ignore)
    shutil.copytree(course / "data", target / "data")
    (target / "notebooks").mkdir()
    for shim in (course / "notebooks").glob("*.py"):  # how notebooks find their copy's helpers
        shutil.copy2(shim, target / "notebooks" / shim.name)
    leaked = [p for p in target.rglob("teacher_guide.md")]
    assert not leaked, f"the answer key was copied: {leaked}"
    return target


def run_one(notebook: Path, result: Path, timeout: int) -> None:
    """Run one notebook (student's cells + epilogue) and write what happened as JSON.

    Runs in its own process, which the grader starts inside the network namespace. The kernel
    finds the helpers of the course copy through the copy's ``notebooks/helpers.py``.
    """
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import DeadKernelError

    from .runner import execute

    nb = nbformat.read(notebook, as_version=4)
    student_cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(EPILOGUE))
    # nbclient needs the async manager: with a blocking one its timeout never fires
    km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                            ip=str(notebook.resolve().parent / "kernel-ipc"))
    outcome: dict = {"verdicts": {}, "cell_errors": [], "died": None}
    try:
        execute(nb, notebook, timeout=timeout, km=km, allow_errors=True,
                interrupt_on_timeout=True,
                error_on_timeout={"ename": "Timeout", "evalue": f"stopped after {timeout} s"})
    except DeadKernelError as exc:
        outcome["died"] = f"the kernel died ({exc}); answers after that point were not judged"
    except Exception as exc:  # anything else nbclient raises: report, never crash the class
        outcome["died"] = f"the run stopped: {type(exc).__name__}: {exc}"
    for number, cell in enumerate(nb.cells[:student_cells], start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                what = ("did not finish in time (endless loop?) and was interrupted"
                        if out["ename"] in ("KeyboardInterrupt", "Timeout")
                        else f"raised {out['ename']}: {out['evalue'][:200]}")
                outcome["cell_errors"].append(f"cell {number} {what}")
    for out in nb.cells[-1].get("outputs", []):
        text = out.get("text", "")
        if text.startswith(MARKER):
            outcome["verdicts"] = json.loads(text[len(MARKER):])
    result.write_text(json.dumps(outcome), encoding="utf-8")


def run_submission(sub: Submission, work: Path, prefix: list[str], timeout: int,
                   total_timeout: int) -> dict:
    """Run a submission in the course copy ``work``, in a child process; never raises."""
    import nbformat

    notebook = work / "notebooks" / "submission.ipynb"
    result = work / "result.json"
    result.unlink(missing_ok=True)
    nbformat.write(sub.notebook, notebook)
    command = [*prefix, sys.executable, "-m", "course", "grade", "--run-one", str(notebook),
               str(result), "--timeout", str(timeout)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=work, start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=total_timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the runner and its kernel, nothing else
        proc.communicate()
        return {"verdicts": {}, "cell_errors": [],
                "died": f"the whole run took longer than {total_timeout} s and was stopped"}
    if not result.is_file():
        return {"verdicts": {}, "cell_errors": [],
                "died": f"the run failed: {stderr.strip()[-500:]}"}
    return json.loads(result.read_text(encoding="utf-8"))


# --- judging -----------------------------------------------------------------------------------

def items_of(course: Path = ROOT) -> dict[str, dict]:
    """The assessment's items from the teacher's bank: id -> question (objectives, section)."""
    bank = json.loads((course / "src/helpers/quiz_bank.json").read_text(encoding="utf-8"))
    return {qid: q for qid, q in bank["questions"].items() if q["notebook"] == "04"}


def item_cells(nb, reference, known: dict[str, str]) -> dict[str, str]:
    """Current item id -> source of the cell marked as that item's answer cell in ``nb``.

    A copy pulled before the marks existed has none: there the cell with the id of the
    reference's marked cell stands in.
    """
    by_id = {cell.get("id"): cell for cell in nb.cells}
    found = {}
    for mark in exercise_cells(reference, "exercise"):
        cell = by_id.get(mark.cell.get("id"))
        if mark.id in known and cell is not None:
            found[known[mark.id]] = cell.source
    for mark in exercise_cells(nb, "exercise"):
        if mark.id in known:
            found[known[mark.id]] = mark.cell.source
    return found


def _fixed_lines(source: str) -> list[str]:
    """An item cell's lines a student is not meant to change: not the answer line, and not the
    ``from helpers import`` line (a copy pulled before item cells imported what they call has
    none)."""
    return [line for line in source.splitlines()
            if not line.startswith(("answer", "from helpers import"))]


def cell_problems(nb, reference, items: dict, aliases: dict[str, str]) -> list[str]:
    """Item cells the student deleted or edited beyond the answer line (reported, then graded)."""
    known = {**{q: q for q in items}, **aliases}
    theirs, ours = item_cells(nb, reference, known), item_cells(reference, reference, known)
    problems = []
    for qid in sorted(ours):
        if qid not in theirs:
            problems.append(f"{qid}: item cell deleted (or its checker call removed): 0 points")
            continue
        if _fixed_lines(theirs[qid]) != _fixed_lines(ours[qid]):
            problems.append(f"{qid}: item cell edited beyond the answer line (graded as run)")
    return problems


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
        answers.append((mark.id, text))
    return answers


# --- writing results ---------------------------------------------------------------------------

def slug(name: str) -> str:
    """A file name for a student's page.

    >>> slug("Zoë O'Brien")
    'zoe-o-brien'
    """
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "student"


def feedback_page(student: str, rows: list[dict], verdicts: dict, items: dict,
                  problems: list[str], written: list[tuple[str, str]]) -> str:
    """One student's HTML page: total, each item's verdict and feedback, problems met."""
    esc = html.escape
    score = sum(r["points"] for r in rows)
    out = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{esc(student)}: "
           f"assessment feedback</title><body><h1>{esc(student)}: assessment feedback</h1>",
           f"<p>Score: <strong>{score} of {len(rows)}</strong> checked items. Written answers "
           "are marked separately with the rubric.</p>"]
    if problems:
        out.append("<h2>Notes from the grader</h2><ul>" +
                   "".join(f"<li>{esc(p)}</li>" for p in problems) + "</ul>")
    out.append("<h2>Items</h2><table><tr><th>item</th><th>objectives</th><th>points</th>"
               "<th>feedback</th></tr>")
    for row in rows:
        verdict = verdicts.get(row["item"])
        message = verdict[1] if verdict else "No answer was checked for this item."
        out.append(f"<tr><td>{esc(row['item'])}</td><td>{esc(row['objective'])}</td>"
                   f"<td>{row['points']} / {row['max_points']}</td><td>{esc(message)}</td></tr>")
    out.append("</table><h2>Written answers</h2>")
    for prompt, text in written:
        out.append(f"<h3>{esc(prompt)}</h3><p>{esc(text) or '<em>no answer</em>'}</p>")
    return "\n".join(out) + "\n</body></html>\n"


def objective_summary(grades: list[dict]) -> list[dict]:
    """Points and share per objective over the class, weakest first."""
    totals: dict[str, list[int]] = {}
    for row in grades:
        for objective in row["objective"].split():
            got, best = totals.setdefault(objective, [0, 0])
            totals[objective] = [got + row["points"], best + row["max_points"]]
    rows = [{"objective": o, "points": p, "max_points": m,
             "percent": round(100 * p / m, 1) if m else 0.0} for o, (p, m) in totals.items()]
    return sorted(rows, key=lambda r: (r["percent"], r["objective"]))


def summary_figure(summary: list[dict], students: int, out: Path) -> str:
    """Bar chart of the class's share of points per objective; returns its alt text."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r["objective"] for r in summary]
    values = [r["percent"] for r in summary]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(labels) + 1.5))
    ax.barh(labels, values, color="#4c72b0")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of points earned by the class (%)")
    ax.set_title(f"Where the class is weak: points per objective ({students} "
                 f"student{'s' if students != 1 else ''})")
    fig.tight_layout()
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    if not summary:
        return "No objective was graded."
    weakest, strongest = summary[0], summary[-1]
    plural = "s" if students != 1 else ""
    return (f"Bar chart of the share of points the class earned per objective, {students} "
            f"student{plural}: weakest {weakest['objective']} ({weakest['percent']} %), "
            f"strongest {strongest['objective']} ({strongest['percent']} %).")


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


# --- the whole class ---------------------------------------------------------------------------

def grade(submissions: Path, out: Path, timeout: int = 30, total_timeout: int = 600,
          course: Path = ROOT) -> dict:
    """Grade every file under ``submissions`` into ``out``; return a summary (also in report)."""
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    reference = nbformat.read(course / NOTEBOOK, as_version=4)
    bank = json.loads((course / "src/helpers/quiz_bank.json").read_text(encoding="utf-8"))
    aliases = bank.get("aliases", {})
    items = items_of(course)
    prefix, network = network_isolation()
    files = sorted(p for p in submissions.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(submissions).parts))
    subs = [read_submission(p) for p in files]
    graded = newest_per_student([s for s in subs if s.notebook is not None])
    grades, written_rows, report = [], [], [f"Network: {network}."]
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        work = course_copy(Path(tmp) / "course", course)
        for sub in graded:
            outcome = run_submission(sub, work, prefix, timeout, total_timeout)
            problems = cell_problems(sub.notebook, reference, items, aliases)
            problems += outcome["cell_errors"] + ([outcome["died"]] if outcome["died"] else [])
            sub.problems.extend(problems)
            verdicts = outcome["verdicts"]
            rows = [{"student": sub.student, "item": qid,
                     "objective": " ".join(q["objectives"]),
                     "points": int(bool(verdicts.get(qid, [None])[0] is True)), "max_points": 1}
                    for qid, q in sorted(items.items())]
            grades.extend(rows)
            written = written_answers(sub.notebook, reference)
            written_rows += [{"student": sub.student, "prompt": p, "words": len(t.split()),
                              "answer": t} for p, t in written]
            page = feedback_page(sub.student, rows, verdicts, items, sub.problems, written)
            (out / "feedback" / f"{slug(sub.student)}.html").write_text(page, encoding="utf-8")
    write_csv(out / "grades.csv", grades, ["student", "item", "objective", "points",
                                           "max_points"])
    write_csv(out / "written_answers.csv", written_rows, ["student", "prompt", "words", "answer"])
    summary = objective_summary(grades)
    write_csv(out / "objective_summary.csv", summary,
              ["objective", "points", "max_points", "percent"])
    alt = summary_figure(summary, len(graded), out / "objective_summary.png")
    (out / "objective_summary_alt.txt").write_text(alt + "\n", encoding="utf-8")
    (out / "objective_summary.html").write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Class summary</title>"
        f"<body><h1>Class summary per objective</h1><img src='objective_summary.png' "
        f"alt='{html.escape(alt, quote=True)}'></body></html>\n", encoding="utf-8")
    for sub in subs:
        for problem in sub.problems:
            report.append(f"{sub.path.relative_to(submissions)}: {problem}")
    report.append(f"Graded {len(graded)} students from {len(files)} files; "
                  f"results in {out}.")
    (out / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    return {"students": [s.student for s in graded], "report": report}


def main(submissions: Path | None, out: Path | None, timeout: int = 30,
         total_timeout: int = 600, run_one_paths: list[Path] | None = None) -> int:
    """``python -m course grade``: grade a class (or, inside the grader, run one notebook)."""
    if run_one_paths:
        run_one(*run_one_paths, timeout=timeout)
        return 0
    if submissions is None or out is None:
        print("usage: python -m course grade SUBMISSIONS OUT", file=sys.stderr)
        return 2
    if not submissions.is_dir():
        print(f"{submissions} is not a folder", file=sys.stderr)
        return 1
    result = grade(submissions, out, timeout, total_timeout)
    print("\n".join(result["report"]))
    return 0
