"""Estimate how long each notebook takes a class of 16-18-year-olds, from the notebook itself.

``python -m course timings`` prints the breakdown per notebook (words, code cells, tables,
figures, exercises) and the stated range. ``python -m course sync`` writes the ranges between
markers (``course.markers``) into each notebook's header, the README, ``docs/notebooks.md`` and
the teacher's guide, and
marks the break of a two-lesson notebook; the estimate skips those generated blocks when it
counts words, so it never reads its own output.

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
  second try); **per written answer or discussion question: 5 minutes**. Exercises are counted
  from their marks in cell metadata (``course.exercises``): a checked answer cell, a
  written-answer cell; a question announced "(no automatic check)" in prose (a discussion
  question, an argued answer's prompt) counts as one more written answer.
- **Source lists** ("## Sources ...") are skimmed and not counted; nor is the teacher's opening.

Calibration: the allowances were set so that notebooks 02 and 03 come out at the times a tester
of this age took (55-65 and 60-70 minutes, against the 45 and 50 then stated; issue "A student's
slips never break the lesson"), measured on those notebooks before their "Reading the documents"
sections were added (61.6 and 64.5 minutes); the other notebooks and sections follow from the same
allowances. A notebook
whose range ends above ``LESSON`` minutes is taught over two lessons, with the break point
marked in the notebook and in the guide. Correct the allowances here after timing a real class,
then run ``python -m course sync``.

Reference: Brysbaert, M. (2019). How many words do we read per minute? A review and
meta-analysis of reading rate. Journal of Memory and Language, 109, 104047.
https://doi.org/10.1016/j.jml.2019.104047
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping

from . import markers
from .exercises import exercise_cells

WORDS_PER_MINUTE = 150
PER_CODE_CELL = 0.25
PER_TABLE = 0.75
PER_FIGURE = 1.5
PER_CHECKED_EXERCISE = 2.5
PER_WRITTEN_ANSWER = 5.0
LESSON = 60  # minutes of student work in one lesson; a longer notebook is split in two

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w'\u2019\u2013-]*")
_PROMPT = re.compile(r"no automatic check", re.I)  # a discussion question or an argued prompt
_SKIMMED = re.compile(r"^## Sources", re.M)  # source lists are skimmed, not read

HEADER = "estimated-time"  # the block in each notebook's first cell
BREAK = "lesson-break"  # the block that is the whole of a two-lesson notebook's break cell
BREAK_MARK = "**End of the first lesson.**"
DECLARED_BREAK = re.compile(r"second lesson starts here", re.I)
HEADER_BREAK = re.compile(r"break (?:is marked )?before \"([^\"]+)\"")


def _text(cell: Mapping) -> str:
    """A cell's source as one string (a notebook's JSON may hold it as a list of lines)."""
    return "".join(cell["source"])


def _words(text: str) -> int:
    """Words a student reads in Markdown: no link targets, tags, addresses or code.

    >>> _words("See [the map](../docs/glossary.md#map) and `plot_map()` at https://x.org.")
    5
    """
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not read
    text = re.sub(r"<[^>]+>|https?://\S+|`[^`]*`", " ", text)
    return len(_WORD.findall(text))


def is_break_cell(cell: Mapping) -> bool:
    """True for the generated cell that marks a two-lesson notebook's break."""
    return markers.block(_text(cell), BREAK) is not None


def _lesson_cells(nb: Mapping) -> list:
    """The notebook's cells without its generated break cell (which takes no time)."""
    return [c for c in nb["cells"] if not is_break_cell(c)]


def count(cells: list) -> dict:
    """What a student reads and does in these cells: words, code cells, tables, figures,
    checked exercises and written answers (generated blocks are not read: they are skipped)."""
    counts = {"words": 0, "code_cells": 0, "tables": 0, "figures": 0, "checked": 0,
              "written": 0}
    marked = {e.index: e.kind for e in exercise_cells({"cells": cells})}
    for index, cell in enumerate(cells):
        counts["checked"] += marked.get(index) == "exercise"
        counts["written"] += marked.get(index) == "written"
        if cell["cell_type"] == "markdown":
            source = markers.without_blocks(_text(cell))
            counts["words"] += 0 if _SKIMMED.search(source) else _words(source)
            counts["written"] += index not in marked and bool(_PROMPT.search(source))
            continue
        counts["code_cells"] += 1
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


def _heading(cell: Mapping) -> str | None:
    """The title of a cell that opens a ``## `` section, else None."""
    source = _text(cell)
    return source.splitlines()[0][3:].strip() if source.startswith("## ") else None


def break_point(nb: Mapping) -> str | None:
    """The section heading where a two-lesson notebook's second lesson starts.

    A break the authors chose (a section saying "second lesson starts here", or the one the
    header names), if each lesson then fits one lesson; else the ``## `` heading at which the time
    spent so far is closest to half the total.
    """
    cells = _lesson_cells(nb)
    headings = [h for h in map(_heading, cells) if h]
    total = minutes(count(cells))["total"]
    chosen = [_heading(c) for c in cells if _heading(c) and DECLARED_BREAK.search(_text(c))]
    named = HEADER_BREAK.search(" ".join(_text(cells[0]).split()))
    chosen += [named.group(1)] if named and named.group(1) in headings else []
    for heading in chosen:
        position = next(i for i, c in enumerate(cells) if _heading(c) == heading)
        first = minutes(count(cells[:position]))["total"]
        if stated_range(first)[1] <= LESSON and stated_range(total - first)[1] <= LESSON:
            return heading
    best, best_gap = None, total
    for position, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and _heading(cell) and position:
            gap = abs(minutes(count(cells[:position]))["total"] - total / 2)
            if gap < best_gap:
                best, best_gap = _heading(cell), gap
    return best


def share_before(nb: Mapping, heading: str) -> float:
    """The share (0-1) of the notebook's time spent before the section ``heading``."""
    cells = _lesson_cells(nb)
    position = next(i for i, c in enumerate(cells) if _text(c).startswith(f"## {heading}"))
    return minutes(count(cells[:position]))["total"] / minutes(count(cells))["total"]


def estimate(name: str, nb: Mapping) -> dict:
    """One notebook's counts, minutes, stated range, lessons and break."""
    counts = count(_lesson_cells(nb))
    parts = minutes(counts)
    split = lessons(parts["total"]) > 1
    heading = break_point(nb) if split else None
    return {"file": name, "counts": counts, "minutes": parts,
            "range": stated_range(parts["total"]), "lessons": lessons(parts["total"]),
            "break": heading, "break_share": share_before(nb, heading) if split else None}


def estimates(notebooks: Mapping[str, Mapping]) -> dict[str, dict]:
    """Per notebook number ("00".."04"): its :func:`estimate`, from ``{file name: notebook}``."""
    return {name[:2]: estimate(name, nb) for name, nb in sorted(notebooks.items())
            if name[:1] == "0"}


def range_text(estimate: dict) -> str:
    """The stated range in words, e.g. "55–65 minutes"."""
    low, high = estimate["range"]
    return f"{low}–{high} minutes"


def breakdown(all_estimates: dict) -> str:
    """The table ``python -m course timings`` prints."""
    lines = [f"{'nb':3} {'words':>6} {'cells':>5} {'tables':>6} {'figs':>4} {'checked':>7} "
             f"{'written':>7} {'read':>5} {'run':>4} {'look':>5} {'ex':>5} {'total':>6}  stated"]
    for number, e in all_estimates.items():
        c, m = e["counts"], e["minutes"]
        split = "" if e["lessons"] == 1 else f" (2 lessons, break before \"{e['break']}\")"
        lines.append(
            f"{number:3} {c['words']:6} {c['code_cells']:5} {c['tables']:6} {c['figures']:4} "
            f"{c['checked']:7} {c['written']:7} {m['reading']:5.1f} {m['running cells']:4.1f} "
            f"{m['tables and figures']:5.1f} {m['exercises']:5.1f} {m['total']:6.1f}  "
            f"{range_text(e)}{split}")
    return "\n".join(lines)


# --- the sentences that state the estimate ----------------------------------------------------

def header_sentence(e: dict) -> str:
    """The notebook header's "Estimated time" paragraph (rounded, so small edits leave it)."""
    split = (f", taught over two lessons (the break is marked before \"{e['break']}\")"
             if e["lessons"] > 1 else "")
    return (f"**Estimated time:** {range_text(e)}{split}: about {e['minutes']['reading']:.0f} "
            f"minutes of reading at {WORDS_PER_MINUTE} words a minute, the rest for running the "
            "cells, studying the tables and figures, and the exercises. The teacher's guide "
            "(\"Timings\") gives the method.")


def readme_cell(e: dict) -> str:
    """One notebook's time as the notebooks table (``docs/notebooks.md``) and the README state it.

    >>> readme_cell({"range": (85, 95), "lessons": 2})
    '85–95 min, 2 lessons'
    """
    low, high = e["range"]
    return f"{low}–{high} min" + (", 2 lessons" if e["lessons"] > 1 else "")


def guide_sentence(e: dict) -> str:
    """The guide's "Time" paragraph for one notebook."""
    m = e["minutes"]
    split = (f" Teach it over two lessons, breaking before \"{e['break']}\" (the notebook marks "
             "the break)." if e["lessons"] > 1 else "")
    return (f"**Time: {range_text(e)}** (computed by `python -m course timings`, method under "
            f"\"Timings\"): reading {m['reading']:.0f}, running cells {m['running cells']:.0f}, "
            f"tables and figures {m['tables and figures']:.0f}, exercises {m['exercises']:.0f} "
            f"minutes.{split}")


BREAK_CELL = (BREAK_MARK + " If the lesson is over, stop here. Next lesson: open this notebook, "
              "click in the first cell below this one, and choose **Run → Run All Above Selected "
              "Cell**: every cell above runs again (with your answers, and your score counts "
              "them), then carry on from here.")


# --- writing the estimate where teachers and students read it (python -m course sync) ---------

BREAK_ROW = "| break | **End of the first lesson.** The second lesson starts at"


def _wrap(text: str, width: int = 100) -> str:
    """``text`` wrapped at ``width`` without breaking words or hyphens."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def guide_block(e: dict, plan_lines: list[str]) -> str:
    """A notebook's ``time-NN`` block of the guide: the "Time" paragraph, then its lesson plan
    (``plan_lines``, from ``course.plans``)."""
    return "\n".join([_wrap(guide_sentence(e)), "", *plan_lines])


def sync_guide(text: str, all_estimates: dict, notebooks: Mapping[str, Mapping],
               plans: Mapping[str, list]) -> str:
    """The guide with each notebook's ``time-NN`` block rewritten from the estimate and its lesson
    plan (``notebooks`` and ``plans`` by notebook number; ``course.plans``)."""
    from . import plans as lesson_plans

    for number, e in all_estimates.items():
        name = f"time-{number}"
        if markers.block(text, name) is None:
            raise ValueError(f"the guide has no block {markers.start(name)}")
        lines = lesson_plans.plan_lines(number, notebooks[number], plans.get(number, []), e)
        text = markers.replace_lines(text, name, guide_block(e, lines))
    return text


# Where the README states the lesson count: a list item whose first line holds this lead (the
# marker included) before the generated text, continued with an indent of two spaces.
README_LESSONS_LEAD = "- **Time:** plan about <!-- course:sync lessons -->"


def lessons_text(all_estimates: dict, used: int = len(README_LESSONS_LEAD),
                 indent: int = 2) -> str:
    """The README's lesson count, per-notebook times and hours in all, wrapped at 100 columns
    (the first line shortened by the ``used`` characters before it, continuation lines indented
    by ``indent`` spaces).

    >>> e = {"range": (10, 20), "lessons": 1}
    >>> lessons_text({"00": e, "01": e}, used=0)
    '2 lessons: 00 (10–20 min), 01 (10–20 min); about 0.3–0.7 hours of student work in all.'
    """
    total = sum(e["lessons"] for e in all_estimates.values())
    plan = ", ".join(f"{n} ({readme_cell(e)})" for n, e in all_estimates.items())
    low = sum(e["range"][0] for e in all_estimates.values())
    high = sum(e["range"][1] for e in all_estimates.values())
    sentence = (f"{total} lessons: {plan}; about {low / 60:.1f}–{high / 60:.1f} hours of student "
                "work in all.")
    lines = textwrap.wrap(sentence, 100, initial_indent=" " * used,
                          subsequent_indent=" " * indent, break_long_words=False,
                          break_on_hyphens=False)
    return "\n".join(lines).lstrip()


def sync_readme(text: str, all_estimates: dict) -> str:
    """The README with its ``lessons`` sentence rewritten."""
    return markers.replace(text, "lessons", lessons_text(all_estimates))


def sync_table(text: str, all_estimates: dict) -> str:
    """``docs/notebooks.md`` with the time column (its ``time-NN`` cells) rewritten."""
    for number, e in all_estimates.items():
        text = markers.replace(text, f"time-{number}", readme_cell(e))
    return text


def sync_notebook(nb, e: dict) -> None:
    """Write the estimate into a notebook's header block and put its break cell (if it is
    taught over two lessons) before the computed section; changes ``nb`` in place."""
    import nbformat

    header = nb.cells[0]
    header.source = markers.replace_lines(header.source, HEADER, _wrap(header_sentence(e)))
    breaks = [c for c in nb.cells if is_break_cell(c)]
    keep = None
    if e["lessons"] > 1:
        target = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                      and c.source.startswith(f"## {e['break']}"))
        source = markers.wrapped(BREAK, _wrap(BREAK_CELL))
        if nb.cells[target - 1] in breaks:
            keep = nb.cells[target - 1]
            keep.source = source
        else:
            keep = nbformat.v4.new_markdown_cell(source, id=BREAK)
            nb.cells.insert(target, keep)
    nb.cells = [c for c in nb.cells if c is keep or c not in breaks]
