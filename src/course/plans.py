"""The lesson plans of the teacher's guide: the teacher's words from ``docs/lesson_plans.yml``, the
minutes computed from the notebook.

Each row of a plan starts at a place in the notebook (the top, a heading, a line's first words, or a
cell id) and runs until the next row starts; a row that starts inside a Markdown cell takes the
words of that cell from its first line on. Its minutes are the time estimate (``course.timings``,
the same allowances) of the cells it covers, so the rows of a plan add up to the notebook's estimate
and fall inside its stated range; a two-lesson notebook's plan breaks where the notebook does, and
each lesson's rows add up to that lesson's minutes. ``python -m course sync`` writes each plan into
the guide's ``time-NN`` block (:func:`course.timings.guide_block`).

Rounding: each lesson gets its estimate rounded to whole minutes (the second lesson the rest of
the notebook's rounded total), and its rows share those minutes by largest remainder, at least
one minute each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

from . import timings

PLANS = "docs/lesson_plans.yml"


class PlanError(ValueError):
    """A plan that does not fit its notebook (an unknown place, rows out of order, no row at the
    lesson break); the message names the notebook, the row and the fix."""


def load(path: Path) -> dict[str, list[dict]]:
    """The plans by notebook number ("00".."04"), as the YAML file gives them."""
    import yaml

    return {str(k): v for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


Place = tuple[int, int]  # (cell index, line index within the cell)


def _lines(cell: Mapping) -> list[str]:
    return "".join(cell["source"]).splitlines(keepends=True)


def _position(cells: list, row: dict, number: str) -> Place:
    """Where ``row`` starts in ``cells``: at its heading's line (``section``), at the line that
    begins with ``text``, or at the top of the cell ``cell``; PlanError if the place is not found
    exactly once."""
    if "section" in row:
        pattern = re.compile(rf"#{{2,3}} {re.escape(row['section'])}\s*")
        what = f'section "{row["section"]}"'
    elif "text" in row:
        pattern = re.compile(rf"{re.escape(row['text'])}.*", re.S)
        what = f'a line beginning "{row["text"]}"'
    elif "cell" in row:
        found = [(i, 0) for i, c in enumerate(cells) if c.get("id") == row["cell"]]
        what = f'cell id {row["cell"]}'
    else:
        raise PlanError(f"{PLANS}, notebook {number}: the row \"{row['happens'][:40]}...\" needs "
                        "a `section:`, `text:` or `cell:` saying where it starts")
    if "cell" not in row:
        found = [(i, k) for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                 for k, line in enumerate(_lines(c)) if pattern.fullmatch(line)]
    if len(found) != 1:
        raise PlanError(f"{PLANS}, notebook {number}: {what} is "
                        f"{'not in' if not found else 'more than once in'} the notebook")
    return found[0]


def _part(cells: list, start: Place, end: Place) -> list:
    """The cells from ``start`` up to ``end``; a Markdown cell cut at a line gives the part of
    its text on this side (its metadata, and so its exercise mark, stays with its first part)."""
    part = []
    for i in range(start[0], min(end[0] + 1, len(cells))):
        cell = cells[i]
        first = start[1] if i == start[0] else 0
        last = end[1] if i == end[0] else None
        if first == 0 and last is None:
            part.append(cell)
        elif last != 0:
            part.append({**cell, "source": "".join(_lines(cell)[first:last]),
                         "metadata": cell.get("metadata", {}) if first == 0 else {}})
    return part


def _share(minutes: list[float], total: int) -> list[int]:
    """Whole minutes for each part, adding up to ``total``: largest remainder, at least 1 each.

    >>> _share([10.4, 20.4, 0.2], 31)
    [10, 20, 1]
    >>> sum(_share([3.3, 3.3, 3.4], 10))
    10
    """
    whole = [max(1, math.floor(m)) for m in minutes]
    order = sorted(range(len(minutes)), key=lambda i: minutes[i] - math.floor(minutes[i]),
                   reverse=True)
    k = 0
    while sum(whole) < total:
        whole[order[k % len(order)]] += 1
        k += 1
    while sum(whole) > total:  # the minimum of one minute took more than there was
        biggest = max(range(len(whole)), key=lambda i: whole[i])
        whole[biggest] -= 1
    return whole


def plan(number: str, nb: Mapping, rows: list[dict], estimate: dict) -> list[list[dict]]:
    """The notebook's plan as lessons of rows: each row is its words with ``minutes`` (whole
    minutes) added; the rows of each lesson add up to the lesson's minutes, and the lessons to
    the notebook's estimate rounded. PlanError if the rows do not fit the notebook."""
    if not rows:
        raise PlanError(f"{PLANS} has no plan for notebook {number}")
    cells = timings._lesson_cells(nb)
    positions = [(0, 0)] + [_position(cells, row, number) for row in rows[1:]]
    if positions != sorted(set(positions)):
        raise PlanError(f"{PLANS}, notebook {number}: rows must start at different places, in "
                        "notebook order")
    ends = positions[1:] + [(len(cells), 0)]
    minutes = [timings.minutes(timings.count(_part(cells, a, b)))["total"]
               for a, b in zip(positions, ends, strict=True)]
    if not math.isclose(sum(minutes), estimate["minutes"]["total"]):
        raise PlanError(f"{PLANS}, notebook {number}: its rows add up to {sum(minutes):.2f} "
                        f"minutes, the notebook to {estimate['minutes']['total']:.2f}: a row "
                        "cuts a cell whose parts the estimate counts differently (a source "
                        "list?); start the row at a cell instead")
    split = 0
    if estimate["lessons"] > 1:
        second = next((i, 0) for i, c in enumerate(cells)
                      if timings._heading(c) == estimate["break"])
        if second not in positions:
            raise PlanError(f"{PLANS}, notebook {number}: no row starts where the second lesson "
                            f"starts (section \"{estimate['break']}\"); add one")
        split = positions.index(second)
    total = round(estimate["minutes"]["total"])
    first = round(sum(minutes[:split])) if split else total
    lessons = [(0, split), (split, len(rows))] if split else [(0, len(rows))]
    budgets = [first, total - first] if split else [total]
    return [[{**rows[i], "minutes": m}
             for i, m in zip(range(a, b), _share(minutes[a:b], budget), strict=True)]
            for (a, b), budget in zip(lessons, budgets, strict=True)]


def _cell(text: str) -> str:
    """Text for a Markdown table cell (no line breaks, ``|`` escaped)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def table(lessons: list[list[dict]], estimate: dict) -> list[str]:
    """The plan as Markdown lines: a header sentence, then a table whose minutes start again at 0
    in each lesson, with the break between the lessons."""
    low, high = estimate["range"]
    sums = [sum(r["minutes"] for r in lesson) for lesson in lessons]
    if len(lessons) > 1:
        head = (f"**Lesson plan ({low}–{high} minutes, two lessons).** Minutes at the estimate's "
                f"pace: {sum(sums)} in all, {sums[0]} in the first lesson and {sums[1]} in the "
                "second.")
    else:
        head = (f"**Lesson plan ({low}–{high} minutes).** Minutes at the estimate's pace: "
                f"{sums[0]} in all.")
    lines = [timings._wrap(head), "", "| minutes | what happens | project |", "|---|---|---|"]
    for number, lesson in enumerate(lessons):
        if number:
            lines.append(f"{timings.BREAK_ROW} \"{estimate['break']}\" (marked in the notebook). "
                         "| |")
        start = 0
        for row in lesson:
            end = start + row["minutes"]
            lines.append(f"| {start}–{end} | {_cell(row['happens'])} | {_cell(row['project'])} |")
            start = end
    return lines


def plan_lines(number: str, nb: Mapping, rows: list[dict], estimate: dict) -> list[str]:
    """:func:`plan` rendered by :func:`table`."""
    return table(plan(number, nb, rows, estimate), estimate)


# --- reading a plan back from the guide (what the tests check) ----------------------------------

_ROW = re.compile(r"^\| (\d+)–(\d+) \|")
_HEAD = re.compile(r"\*\*Lesson plan \((\d+)–(\d+) minutes(, two lessons)?\)\.\*\* Minutes at the "
                   r"estimate's pace: (\d+) in all(?:, (\d+) in the first lesson and (\d+) in the "
                   r"second)?\.")


def problems(block: str) -> list[str]:
    """What is wrong with a lesson plan as the guide shows it (a ``time-NN`` block): the rows of
    each lesson must run from 0 without gaps to the lesson's stated minutes, the lessons add up
    to the stated whole, and the whole lie inside the stated range.

    >>> ok = ("**Lesson plan (10–20 minutes).** Minutes at the estimate's pace: 16 in all.\\n"
    ...       "| 0–6 | a | b |\\n| 6–16 | c | d |")
    >>> problems(ok)
    []
    >>> problems(ok.replace("6–16", "6–18"))
    ['the rows end at minute 18, not at the stated 16']
    """
    head = _HEAD.search(" ".join(block.split()))
    if not head:
        return ["no lesson plan sentence (\"**Lesson plan (A–B minutes).** Minutes at ...\")"]
    low, high, two, whole, first, second = head.groups()
    stated = [int(first), int(second)] if two else [int(whole)]
    found = []
    if two and (first is None or int(first) + int(second) != int(whole)):
        found.append(f"the lessons ({first}, {second}) do not add up to the stated {whole}")
    if not int(low) <= int(whole) <= int(high):
        found.append(f"the plan's {whole} minutes are outside the stated {low}–{high}")
    lessons: list[list[tuple[int, int]]] = [[]]
    for line in block.splitlines():
        if line.startswith(timings.BREAK_ROW):
            lessons.append([])
        elif match := _ROW.match(line):
            lessons[-1].append((int(match.group(1)), int(match.group(2))))
    if len(lessons) != len(stated):
        return [*found, f"{len(lessons)} lessons in the table, {len(stated)} stated"]
    names = ["the first lesson's rows", "the second lesson's rows"] if two else ["the rows"]
    for which, rows, minutes in zip(names, lessons, stated, strict=True):
        ends = [0] + [b for _, b in rows]
        if not rows or [a for a, _ in rows] != ends[:-1] or any(b <= a for a, b in rows):
            found.append(f"{which} do not run from 0 without gaps: {rows}")
        elif ends[-1] != minutes:
            found.append(f"{which} end at minute {ends[-1]}, not at the stated {minutes}")
    return found
