"""What the notebooks show around each exercise, for the checker's messages: ``prompts.json``.

The checker in the student's kernel cannot see the notebook's Markdown, yet its messages should
speak the notebook's language: "Exercise 2" or "Item 5" rather than an id, ``"post_2001" is
option C`` rather than "use a letter", and each objective's name rather than its code.
``python -m course sync`` therefore reads, from each notebook (:func:`build`):

- each checked exercise's **label** as its prompt shows it in bold or as a heading ("Exercise 6b",
  "Item 12"; none for the worked example of notebook 00);
- the **text of its options** ("A. the Great Game &nbsp; B. ..."), for choice and order
  exercises, from the last Markdown cell before the answer cell that lists them;
- the **objectives' names** from each notebook's first cell (``- **O1.2** compute ...``).

The result, ``src/helpers/prompts.json``, holds only what the notebooks print for every student to
read: no answer. :mod:`helpers.prompts` reads it. It needs no teacher's guide, so the student
edition rebuilds it too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from .exercises import exercise_cells

_LABEL = re.compile(r"(?:\*\*|^#+ +)(Exercise|Item) (\d+[a-z]?)\b", re.M)
_OBJECTIVE = re.compile(r"^\s*- \*\*(O\d+\.\d+)\*\* +(.+?)(?=\n\s*- \*\*O|\n\s*\n|\Z)", re.M | re.S)
# an option's letter: at the start of a line (after a list dash), or after a comma or colon
_MARKER = re.compile(r"(?:^[ \t]*|(?<=[,:;] ))(?:- +)?([A-F])[.)] +", re.M)


def _text(cell: Mapping) -> str:
    return "".join(cell["source"])


def _plain(text: str) -> str:
    """Markdown and HTML of an option reduced to its words.

    >>> _plain("[source criticism](../docs/glossary.md#x) and *unverified* `x`.")
    'source criticism and unverified x'
    """
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>|[*`\\]", "", text)
    return " ".join(text.split()).rstrip(" ,;.")


def options(markdown: str) -> dict[str, str]:
    """The lettered options a prompt lists, by letter ({} when it lists none).

    Options stand one to a line (``A. text<br>``, ``- A. text``), on one line separated by
    ``&nbsp;``, or in a sentence separated by commas (``A. supported, B. contradicted``). The
    last run of letters from A on, in order, is taken; the last option ends at a blank line.

    >>> options("Judge it:\\n\\nA. supported &nbsp; B. contradicted &nbsp; C. imprecise")
    {'A': 'supported', 'B': 'contradicted', 'C': 'imprecise'}
    >>> options("judge it:\\nA. supported, B. contradicted, C. imprecise, D. unverified.")
    {'A': 'supported', 'B': 'contradicted', 'C': 'imprecise', 'D': 'unverified'}
    >>> options("- A. Herat\\n- B. Kandahar\\n\\nMore prose.")
    {'A': 'Herat', 'B': 'Kandahar'}
    >>> options("No options here. A. H. Grant signed it.")
    {}
    """
    text = re.sub(r"&nbsp;|<br\s*/?>", "\n", markdown)
    markers = list(_MARKER.finditer(text))
    runs, run = [], []
    for marker in markers:
        letter = marker.group(1)
        if letter == "A":
            run = [marker]
        elif run and ord(letter) == ord(run[-1].group(1)) + 1:
            run.append(marker)
        else:
            continue
        if len(run) >= 2:
            runs.append(list(run))
    if not runs:
        return {}
    run = runs[-1]
    found = {}
    for here, after in zip(run, [*run[1:], None], strict=True):
        later = [m.start() for m in markers if m.start() > here.start()]  # even out of order
        end = after.start() if after else min(later, default=len(text))
        body = text[here.end():end]
        if after is None:
            body = re.split(r"\n\s*\n", body)[0]
        found[here.group(1)] = _plain(body)
    return found


def exercise_prompts(nb: Mapping) -> dict[str, dict]:
    """Each checked exercise's label and options, by exercise id, read from the Markdown cells
    between the previous answer cell and its own."""
    found: dict[str, dict] = {}
    previous = -1
    for mark in exercise_cells(nb, "exercise"):
        prose = [_text(c) for c in nb["cells"][previous + 1:mark.index]
                 if c["cell_type"] == "markdown"]
        previous = mark.index
        labels = [f"{m.group(1)} {m.group(2)}" for text in prose for m in _LABEL.finditer(text)]
        listed = [options(text) for text in prose]
        entry: dict = {"label": labels[-1] if labels else ""}
        choices = [o for o in listed if o]
        if choices:
            entry["options"] = choices[-1]
        found[mark.id] = entry
    return found


def objective_names(nb: Mapping) -> dict[str, str]:
    """The objectives listed in a notebook's first cell, by code.

    >>> objective_names({"cells": [{"cell_type": "markdown", "source":
    ...     "**Objectives.**\\n\\n- **O1.1** put the steps in order,\\n  with dates;\\n"
    ...     "- **O1.2** compute distances.\\n\\nMore."}]})
    {'O1.1': 'put the steps in order, with dates', 'O1.2': 'compute distances'}
    """
    first = _text(nb["cells"][0]) if nb["cells"] else ""
    return {m.group(1): _plain(m.group(2)).rstrip(".;") for m in _OBJECTIVE.finditer(first)}


def build(notebooks: Mapping[str, Mapping]) -> str:
    """The text of ``prompts.json`` for the notebooks given (name -> notebook), in a fixed order."""
    exercises: dict[str, dict] = {}
    objectives: dict[str, str] = {}
    for _name, nb in sorted(notebooks.items()):
        exercises.update(exercise_prompts(nb))
        objectives.update(objective_names(nb))
    return json.dumps({"format": 1, "built_from": "the notebooks' Markdown (python -m course sync)",
                       "exercises": exercises, "objectives": objectives},
                      indent=1, sort_keys=True, ensure_ascii=False) + "\n"
