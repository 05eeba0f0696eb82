"""Estimate how long each notebook takes a class of 16-18-year-olds, from the notebook itself.

Usage: ``python scripts/estimate_timings.py`` prints the breakdown per notebook (words, code
cells, tables, figures, exercises) and the stated range; ``--write`` puts the ranges into each
notebook's header (and marks the break of a two-lesson notebook), the README and the guide;
tests/test_timings.py checks that the README, each notebook's header and the teacher's guide
state exactly these ranges, so the estimate cannot drift from the notebooks.

The method (also in the teacher's guide, "Timings"):

- **Reading: 150 words a minute.** Brysbaert (2019), a meta-analysis of 190 studies, puts adult
  silent reading of English non-fiction at 238 words a minute (most adults 175-300) and finds
  lower rates for younger readers. Our prose is denser than the texts in those studies:
  unfamiliar names and places, quoted documents and numbers to hold in mind while answering
  questions, read on screen between code and tables. We therefore take 150, below the adult
  range, for students of 16-18. Words are counted in the markdown cells and in printed sentences
  (claims, evidence), not in code or tables.
- **Per code cell: a quarter of a minute** to find it, run it and see what it did.
- **Per table shown: 45 seconds**, and **per figure: 1.5 minutes**, to read it for the point the
  next question needs (the old 20 seconds a table was too short for this age).
- **Per checked exercise: 2.5 minutes** (read, decide or compute, type, read the feedback, often a
  second try); **per written answer or discussion question: 5 minutes**.
- **Source lists** ("## Sources ...") are skimmed and not counted; nor is the teacher's opening.

Calibration: the allowances were set so that notebooks 02 and 03 come out at the times a tester
of this age took (55-65 and 60-70 minutes, against the 45 and 50 then stated; issue "A student's
slips never break the lesson"), measured on those notebooks before their "Reading the documents"
sections were added (61.6 and 64.5 minutes); the other notebooks and sections follow from the same
allowances. A notebook
whose range ends above ``LESSON`` minutes is taught over two lessons, with the break point
marked in the notebook and in the guide. Correct the allowances here after timing a real class:
the README, notebook headers and guide must then be updated (the test says where).

Reference: Brysbaert, M. (2019). How many words do we read per minute? A review and
meta-analysis of reading rate. Journal of Memory and Language, 109, 104047.
https://doi.org/10.1016/j.jml.2019.104047
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))

WORDS_PER_MINUTE = 150
PER_CODE_CELL = 0.25
PER_TABLE = 0.75
PER_FIGURE = 1.5
PER_CHECKED_EXERCISE = 2.5
PER_WRITTEN_ANSWER = 5.0
LESSON = 60  # minutes of student work in one lesson; a longer notebook is split in two

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w'\u2019\u2013-]*")
_CHECKED = re.compile(r"^\s*(check|assess)\(", re.M)
_WRITTEN = re.compile(r"no automatic check|^\*Your answer", re.I | re.M)
_SKIMMED = re.compile(r"^## Sources", re.M)  # source lists are skimmed, not read


def _words(text: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not read
    text = re.sub(r"<[^>]+>|https?://\S+|`[^`]*`", " ", text)
    return len(_WORD.findall(text))


def measure(path: Path) -> dict:
    """What a student reads and does in one notebook."""
    return _count(json.loads(path.read_text(encoding="utf-8"))["cells"])


BREAK_MARK = "**End of the first lesson.**"
DECLARED_BREAK = re.compile(r"second lesson starts here", re.I)
HEADER_BREAK = re.compile(r"break (?:is marked )?before \"([^\"]+)\"")


def break_point(path: Path) -> str | None:
    """The section heading where a two-lesson notebook's second lesson starts.

    The ``## `` heading at which the time spent so far is closest to half the total, found from
    the notebook's own cells (an existing break cell is ignored when measuring).
    """
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if BREAK_MARK not in "".join(c["source"])]
    headings = ["".join(c["source"]).splitlines()[0][3:].strip() for c in cells
                if "".join(c["source"]).startswith("## ")]
    total = minutes(_count(cells))["total"]
    chosen = [source.splitlines()[0][3:].strip() for source in ("".join(c["source"]) for c in cells)
              if source.startswith("## ") and DECLARED_BREAK.search(source)]
    named = HEADER_BREAK.search(" ".join("".join(cells[0]["source"]).split()))
    chosen += [named.group(1)] if named and named.group(1) in headings else []
    for heading in chosen:  # a break the authors chose, if each lesson then fits one lesson
        position = next(i for i, c in enumerate(cells)
                        if "".join(c["source"]).startswith(f"## {heading}"))
        first = minutes(_count(cells[:position]))["total"]
        if stated_range(first)[1] <= LESSON and stated_range(total - first)[1] <= LESSON:
            return heading
    best, best_gap = None, total
    for position, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## ") and position:
            gap = abs(minutes(_count(cells[:position]))["total"] - total / 2)
            if gap < best_gap:
                best, best_gap = source.splitlines()[0][3:].strip(), gap
    return best


def share_before(path: Path, heading: str) -> float:
    """The share (0-1) of the notebook's time spent before the section ``heading``."""
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if BREAK_MARK not in "".join(c["source"])]
    position = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith(
        f"## {heading}"))
    return minutes(_count(cells[:position]))["total"] / minutes(_count(cells))["total"]


def _count(cells: list) -> dict:
    counts = {"words": 0, "code_cells": 0, "tables": 0, "figures": 0, "checked": 0,
              "written": 0}
    for cell in cells:
        source = "".join(cell["source"])
        if BREAK_MARK in source:
            continue
        if cell["cell_type"] == "markdown":
            source = re.sub(r"\*\*Estimated time:\*\*.*?(?=\n\n|\Z)", "", source, flags=re.S)
            counts["words"] += 0 if _SKIMMED.search(source) else _words(source)
            counts["written"] += 1 if _WRITTEN.search(source) else 0
            continue
        counts["code_cells"] += 1
        counts["checked"] += 1 if _CHECKED.search(source) else 0
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            counts["figures"] += html.count("<img")
            counts["tables"] += 1 if "<table" in html else 0
            if output.get("output_type") == "stream":
                counts["words"] += _words("".join(output.get("text", "")))
    return counts


def minutes(counts: dict) -> dict:
    """The estimate's parts, in minutes."""
    parts = {
        "reading": counts["words"] / WORDS_PER_MINUTE,
        "running cells": counts["code_cells"] * PER_CODE_CELL,
        "tables and figures": counts["tables"] * PER_TABLE + counts["figures"] * PER_FIGURE,
        "exercises": (counts["checked"] * PER_CHECKED_EXERCISE
                      + counts["written"] * PER_WRITTEN_ANSWER),
    }
    parts["total"] = sum(parts.values())
    return parts


def stated_range(total: float) -> tuple[int, int]:
    """The range stated to teachers: from 5 minutes under to 5 over, on multiples of 5.

    >>> stated_range(61.3)
    (55, 65)
    """
    middle = 5 * round(total / 5)
    return max(5, middle - 5), middle + 5


def lessons(total: float) -> int:
    """How many lessons of ``LESSON`` minutes the notebook needs (its slower students too)."""
    return max(1, math.ceil(stated_range(total)[1] / LESSON))


def estimates() -> dict[str, dict]:
    """Per notebook number ("00".."04"): counts, minutes, range and lessons."""
    result = {}
    for path in NOTEBOOKS:
        counts = measure(path)
        parts = minutes(counts)
        split = lessons(parts["total"]) > 1
        heading = break_point(path) if split else None
        result[path.name[:2]] = {"file": path.name, "counts": counts, "minutes": parts,
                                 "range": stated_range(parts["total"]),
                                 "lessons": lessons(parts["total"]), "break": heading,
                                 "break_share": share_before(path, heading) if split else None}
    return result


def range_text(estimate: dict) -> str:
    low, high = estimate["range"]
    return f"{low}–{high} minutes"


def main() -> None:
    header = (f"{'nb':3} {'words':>6} {'cells':>5} {'tables':>6} {'figs':>4} {'checked':>7} "
              f"{'written':>7} {'read':>5} {'run':>4} {'look':>5} {'ex':>5} {'total':>6}  stated")
    print(header)
    for number, e in estimates().items():
        c, m = e["counts"], e["minutes"]
        split = "" if e["lessons"] == 1 else f" (2 lessons, break before \"{e['break']}\")"
        print(f"{number:3} {c['words']:6} {c['code_cells']:5} {c['tables']:6} {c['figures']:4} "
              f"{c['checked']:7} {c['written']:7} {m['reading']:5.1f} {m['running cells']:4.1f} "
              f"{m['tables and figures']:5.1f} {m['exercises']:5.1f} {m['total']:6.1f}  "
              f"{range_text(e)}{split}")




# --- the sentences that state the estimate (tests/test_timings.py checks they are in place) ----

def header_sentence(e: dict) -> str:
    """The notebook header's "Estimated time" paragraph (rounded, so small edits leave it)."""
    split = (f", taught over two lessons (the break is marked before \"{e['break']}\")"
             if e["lessons"] > 1 else "")
    return (f"**Estimated time:** {range_text(e)}{split}: about {e['minutes']['reading']:.0f} "
            f"minutes of reading at {WORDS_PER_MINUTE} words a minute, the rest for running the "
            "cells, studying the tables and figures, and the exercises. The teacher's guide "
            "(\"Timings\") gives the method.")


def readme_cell(e: dict) -> str:
    """The README table's time column."""
    low, high = e["range"]
    return f"{low}–{high} min" + (", 2 lessons" if e["lessons"] > 1 else "")


def guide_sentence(e: dict) -> str:
    """The guide's "Time" paragraph for one notebook."""
    m = e["minutes"]
    split = (f" Teach it over two lessons, breaking before \"{e['break']}\" (the notebook marks "
             "the break)." if e["lessons"] > 1 else "")
    return (f"**Time: {range_text(e)}** (computed by `scripts/estimate_timings.py`, method under "
            f"\"Timings\"): reading {m['reading']:.0f}, running cells {m['running cells']:.0f}, "
            f"tables and figures {m['tables and figures']:.0f}, exercises {m['exercises']:.0f} "
            f"minutes.{split}")


BREAK_CELL = (BREAK_MARK + " If the lesson is over, stop here. Next lesson: open this notebook, "
              "click in the first cell below this one, and choose **Run → Run All Above Selected "
              "Cell**: every cell above runs again (with your answers, and your score counts "
              "them), then carry on from here.")


# --- writing the estimate where teachers and students read it (--write) ------------------------

_TIME_PARAGRAPH = re.compile(r"^(\*\*Time:|\*\*Estimated time\.\*\*|\*How the time was estimated)")
_PLAN = re.compile(r"^\*\*Lesson plan \([^)]*\)\.?\*\*\.?$")
_ROW = re.compile(r"^\| (\d+)–(\d+) \|")
BREAK_ROW = "| break | **End of the first lesson.** The second lesson starts at"


def _wrap(text: str, width: int = 100) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _paragraphs(lines: list[str]) -> list[list[str]]:
    blocks, block = [], []
    for line in lines:
        if line.strip():
            block.append(line)
        else:
            if block:
                blocks.append(block)
            blocks.append([line])
            block = []
    if block:
        blocks.append(block)
    return blocks


def _rescale_plan(rows: list[str], e: dict, first_lesson_only: bool = False) -> list[str]:
    """Scale the lesson plan's minute column to the estimate and mark the break.

    ``first_lesson_only``: the guide plans the second lesson in a table of its own (as for the
    documents sections), so this table is scaled to the first lesson and the break ends it.
    """
    rows = [r for r in rows if not r.startswith(BREAK_ROW)]
    spans = [(i, _ROW.match(r)) for i, r in enumerate(rows)]
    spans = [(i, m) for i, m in spans if m]
    if not spans:
        return rows
    target = e["range"][1]
    if first_lesson_only and e["lessons"] > 1:
        target = max(5, round(e["break_share"] * e["range"][1]))
    factor = target / int(spans[-1][1].group(2))
    out = list(rows)
    for i, m in spans:
        a, b = round(int(m.group(1)) * factor), round(int(m.group(2)) * factor)
        out[i] = f"| {a}–{b} |" + rows[i][m.end():]
    if e["lessons"] > 1:  # before the row that starts nearest the break's minute
        minute = e["break_share"] * e["range"][1]
        row = min(spans, key=lambda span: abs(int(span[1].group(1)) * factor - minute))[0]
        words = [w for w in re.findall(r"[A-Za-z][\w-]{3,}", e["break"])
                 if w.lower() not in ("after", "with", "from", "their", "this")]
        first_two = " ".join(re.findall(r"[\w'-]+", e["break"])[:2])
        for key in [first_two, *words]:  # the row that names the section
            named = [i for i, _ in spans
                     if re.search(rf"\b{re.escape(key)}\b", rows[i], re.I)]
            if named:
                row = named[0]
                break
        if first_lesson_only:
            row = spans[-1][0] + 1
        out.insert(row, f"{BREAK_ROW} \"{e['break']}\" (marked in the notebook). | |")
    return out


def write_guide(text: str, all_estimates: dict) -> str:
    lines = text.split("\n")
    out: list[str] = []
    number = None
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = re.match(r"^## Notebook (\d\d)", line)
        if heading:
            number = heading.group(1)
        elif line.startswith("## "):
            number = None
        e = all_estimates.get(number) if number else None
        if e and _TIME_PARAGRAPH.match(line):
            while i < len(lines) and lines[i].strip():  # drop the old paragraph
                i += 1
            while i < len(lines) and not lines[i].strip() and out and not out[-1].strip():
                i += 1
            continue
        if e and _PLAN.match(line.strip()):
            section_end = next((j for j in range(i + 1, len(lines))
                                if re.match(r"^## Notebook \d\d", lines[j])), len(lines))
            separate = any(x.startswith("### Reading the documents") for x in
                           lines[i:section_end]) and e.get("break") == "Reading the documents"
            split = ", two lessons" if e["lessons"] > 1 else ""
            out += [_wrap(guide_sentence(e)), "",
                    f"**Lesson plan ({range_text(e)}{split}).**"]
            i += 1
            table = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("|")) and \
                    not (table and not lines[i].strip()):
                table.append(lines[i])
                i += 1
            out += _rescale_plan(table, e, first_lesson_only=separate)
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def write_readme(text: str, all_estimates: dict) -> str:
    for number, e in all_estimates.items():
        text = re.sub(rf"^(\| {number} \|.*\| )[^|]*( \|)$", lambda m, e=e: m.group(1) +
                      readme_cell(e) + m.group(2), text, flags=re.M)
    lessons_total = sum(e["lessons"] for e in all_estimates.values())
    plan = ", ".join(f"{n} ({readme_cell(e)})" for n, e in all_estimates.items())
    low = sum(e["range"][0] for e in all_estimates.values())
    high = sum(e["range"][1] for e in all_estimates.values())
    sentence = (f"2. Plan about {lessons_total} lessons: {plan}; about {low / 60:.1f}–"
                f"{high / 60:.1f} hours of student work in all.")
    return re.sub(r"^2\. Plan about .*?(?=^3\. )", _wrap(sentence).replace("\n", "\n   ") + "\n",
                  text, flags=re.M | re.S)


def write_notebook(path: Path, e: dict) -> None:
    import uuid

    import nbformat

    nb = nbformat.read(path, as_version=4)
    header = nb.cells[0]
    header.source = re.sub(r"\*\*Estimated time:\*\*.*?(?=\n\n|\Z)", lambda _: _wrap(
        header_sentence(e)), header.source, count=1, flags=re.S)
    breaks = [c for c in nb.cells if BREAK_MARK in c.source]
    keep = None
    if e["lessons"] > 1:
        target = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                      and c.source.startswith(f"## {e['break']}"))
        if target and nb.cells[target - 1] in breaks:
            keep = nb.cells[target - 1]
            keep.source = _wrap(BREAK_CELL)
        else:
            keep = nbformat.v4.new_markdown_cell(_wrap(BREAK_CELL), id=uuid.uuid4().hex[:8])
            nb.cells.insert(target, keep)
    nb.cells = [c for c in nb.cells if c is keep or c not in breaks]
    nbformat.write(nb, path)


def write_all() -> None:
    """Put the estimate into the notebooks' headers, the README and the teacher's guide."""
    all_estimates = estimates()
    for e in all_estimates.values():
        write_notebook(ROOT / "notebooks" / e["file"], e)
    all_estimates = estimates()  # the break cells are not counted, so nothing moves
    for name, writer in (("README.md", write_readme), ("docs/teacher_guide.md", write_guide)):
        path = ROOT / name
        path.write_text(writer(path.read_text(encoding="utf-8"), all_estimates),
                        encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_all()
    sys.exit(main())
