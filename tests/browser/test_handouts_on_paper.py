"""A handout can be answered without a computer. For every exercise of every notebook, the part of
the printed page that leads to its answer box (everything after the previous exercise) is read as
Chromium prints it (print media: what the print stylesheet hides is not there), and must:

- carry no instruction that only makes sense on a screen ("run the cell", "press B",
  "double-click", Shift+Enter, a new cell, a menu);
- hold every option of the question and what the notebook's cells printed for it (a claim, the
  evidence, a table's values), but not the on-screen feedback;
- say what to do on paper ("On paper: ...") where the question asks for a computation with the
  course's tools.

The paper wordings come from site/handouts.yml (course.handouts.for_paper).
"""

from __future__ import annotations

import json
import re

import pytest

from course.exercises import exercise_cells

from .audit import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
SCREEN_ONLY = re.compile(
    r"\brun (?:the|this|that|each|every|a) (?:code )?cells?\b|\brun it\b|"
    r"\bpress (?:B\b|Shift|Enter)|double-click|\bclick (?:in|on|the)\b|shift\s*\+\s*enter|"
    r"\bin a new cell\b|"
    r"\btype (?:the|its|your|a)\b|replace \.\.\.|\bRun\s*[→>]|Run All|Restart Kernel", re.I)
COMPUTING = re.compile(r"distance_km|waypoint_length_km|load_table\(|\bcompute\b", re.I)
FEEDBACK = "Not answered yet"
MARK = "\u27e6exercise\u27e7"  # written into each answer box of the page before reading it


def plain(markdown: str) -> str:
    """Markdown as its words print: no markup, one space between words."""
    text = re.sub(r"<br>|&nbsp;", " ", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[`*_\\]", "", text)
    return " ".join(text.split())


def regions(nb: dict) -> list[tuple[str, list[dict]]]:
    """(exercise id, the cells from after the previous exercise up to and including its own)."""
    found, start = [], 0
    for mark in exercise_cells(nb):
        found.append((mark.id, nb["cells"][start:mark.index + 1]))
        start = mark.index + 1
    return found


def question(cells: list[dict]) -> str:
    """The Markdown that asks the question: the cells just before the answer cell, back to the
    last code cell."""
    asked = []
    for cell in reversed(cells[:-1]):
        if cell["cell_type"] != "markdown":
            break
        asked.insert(0, "".join(cell["source"]))
    return "\n".join(asked)


def options(cells: list[dict]) -> list[str]:
    """The first words of each lettered option (A., B., ...) in the Markdown of ``cells``."""
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    found = re.findall(r"(?:^|<br>\s*|&nbsp;\s*|- )([A-F])\. ([^\n<&]+)", text, re.M)
    return [" ".join(plain(words).split()[:4]) for _, words in found]


def printed(cells: list[dict]) -> list[str]:
    """The first line of each thing the code cells printed (not the exercise feedback)."""
    lines = []
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = "".join(output.get("text", ""))
            else:
                continue
            first = next((ln for ln in text.splitlines() if ln.strip()), "")
            if first:
                lines.append(" ".join(first.split())[:50])
    return lines


@pytest.fixture(scope="module")
def printed_regions(site_html, chromium):
    """By notebook: the printed text of each exercise's region, in order."""
    page = chromium.new_page()
    page.emulate_media(media="print")
    found = {}
    for path in NOTEBOOKS:
        page.goto((site_html / "notebooks" / f"{path.stem}.html").as_uri(), wait_until="load")
        text = page.evaluate("""(mark) => {
            const article = document.querySelector('article');
            for (const cell of article.querySelectorAll('.cell.tag_exercise, .written-answer')) {
                const span = document.createElement('span');
                span.textContent = mark;
                span.style.display = 'inline';
                cell.appendChild(span);
            }
            return article.innerText; }""", MARK)
        found[path.name] = text
    page.close()
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_can_be_answered_on_paper(printed_regions, path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    marks = exercise_cells(nb)
    pieces = printed_regions[path.name].split(MARK)
    assert len(pieces) == len(marks) + 1, "every exercise has its box on the printed page"
    regions_by_order = regions(nb)
    written = 0
    problems = []
    for piece, (exercise, cells) in zip(pieces, regions_by_order, strict=False):
        region = " ".join(piece.split())
        if SCREEN_ONLY.search(region):
            problems.append(f"{exercise}: says {SCREEN_ONLY.search(region).group(0)!r}")
        if FEEDBACK in region:
            problems.append(f"{exercise}: the on-screen feedback is printed")
        problems += [f"{exercise}: option missing: {o!r}" for o in options(cells)
                     if o not in plain(region)]
        problems += [f"{exercise}: printed output missing: {line!r}" for line in printed(cells)
                     if line not in region]
        if COMPUTING.search(question(cells)) and "On paper" not in region:
            problems.append(f"{exercise}: asks to compute but says nothing of paper")
        written += 1
    assert written == len(marks)
    assert problems == []


def test_the_check_sees_a_screen_instruction_and_a_missing_option():
    assert SCREEN_ONLY.search("Run the cell to read the claim")
    assert SCREEN_ONLY.search("insert a new cell (press B outside a cell)")
    assert not SCREEN_ONLY.search("Associated Press, 2010; Clarendon Press")
    cells = [{"cell_type": "markdown", "source": "Which?\n\nA. one thing<br>\nB. another thing"}]
    assert options(cells) == ["one thing", "another thing"]
    printed_cells = [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "stream", "text": "The essay: claim\nThe evidence: more\n"}]}]
    assert printed(printed_cells) == ["The essay: claim"]
