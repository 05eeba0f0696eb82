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

**Editions.** Its ``editions`` part is read the same way from each language's Markdown, as the
``notebooks`` catalog translates it (translated, non-fuzzy entries only: :func:`edition_notebook`):
the options' words (lettered with Latin letters or the edition's own, Russian А Б В, Dari الف ب
ج, and read as the bank's A B C), the objectives' names, and each section heading's translation
(``sections``: notebook -> English heading -> the edition's), so that feedback points to the
section as the edition names it. Labels stay English here: the checker translates "Exercise 2"
and "Item 5" with its own words (``helpers.results.named``).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .exercises import exercise_cells
from .paths import helpers

_LABEL = re.compile(r"(?:\*\*|^#+ +)(Exercise|Item) (\d+[a-z]?)\b", re.M)
_OBJECTIVE = re.compile(r"^\s*- \*\*(O\d+\.\d+)\*\* +(.+?)(?=\n\s*- \*\*O|\n\s*\n|\Z)", re.M | re.S)
_HEADING = re.compile(r"^#+ +(.+?)\s*$", re.M)
LATIN = tuple("ABCDEF")


def _marker(letters: Sequence[str]) -> re.Pattern:
    """An option's letter (one of ``letters``): at the start of a line (after a list dash), or
    after a comma, colon or semicolon (Latin or Arabic), followed by ``.`` or ``)``."""
    alternatives = "|".join(re.escape(x) for x in sorted(letters, key=len, reverse=True))
    return re.compile(rf"(?:^[ \t]*|(?<=[,:;\u060c\u061b] ))(?:- +)?({alternatives})[.)] +",
                      re.M)


_MARKER = _marker(LATIN)


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


def options(markdown: str, letters: Sequence[str] = ()) -> dict[str, str]:
    """The lettered options a prompt lists, by the bank's letter ({} when it lists none); an
    edition's own ``letters`` (in order: the n-th is the bank's n-th) are read besides A-F.

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
    >>> options("Выберите:\\n\\nА. Герат\\nБ. Кандагар", "АБВГДЕ")
    {'A': 'Герат', 'B': 'Кандагар'}
    """
    text = re.sub(r"&nbsp;|<br\s*/?>", "\n", markdown)
    index = {letter: n for n, letter in enumerate(LATIN)}
    index.update({letter: n for n, letter in enumerate(letters[:len(LATIN)])})
    markers = list((_marker([*index]) if letters else _MARKER).finditer(text))
    runs, run = [], []
    for marker in markers:
        place = index[marker.group(1)]
        if place == 0:
            run = [marker]
        elif run and place == index[run[-1].group(1)] + 1:
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
        found[LATIN[index[here.group(1)]]] = _plain(body)
    return found


def exercise_prompts(nb: Mapping, letters: Sequence[str] = ()) -> dict[str, dict]:
    """Each checked exercise's label and options, by exercise id, read from the Markdown cells
    between the previous answer cell and its own (``letters``: an edition's option letters)."""
    found: dict[str, dict] = {}
    previous = -1
    for mark in exercise_cells(nb, "exercise"):
        prose = [_text(c) for c in nb["cells"][previous + 1:mark.index]
                 if c["cell_type"] == "markdown"]
        previous = mark.index
        labels = [f"{m.group(1)} {m.group(2)}" for text in prose for m in _LABEL.finditer(text)]
        listed = [options(text, letters) for text in prose]
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


def edition_notebook(nb: Mapping, stem: str, found: Mapping[tuple, str]) -> dict:
    """A copy of an English notebook whose Markdown cells are their translations in ``found``
    ((context, English) -> translation: ``course.translate.catalogs.translated``), and empty
    where a cell is not translated, so that nothing English is read as the edition's."""
    from .translate import catalogs

    out = copy.deepcopy(dict(nb))
    for cell in out["cells"]:
        if cell["cell_type"] == "markdown":
            english, _blocks = catalogs.split_blocks(_text(cell))
            cell["source"] = found.get((catalogs.cell_context(stem, cell["id"]), english), "")
    return out


def sections(english: Mapping, edition: Mapping) -> dict[str, str]:
    """English heading -> the edition's, for each cell whose translation has as many headings.

    >>> sections({"cells": [{"cell_type": "markdown", "source": "## The gap\\n\\nText"}]},
    ...          {"cells": [{"cell_type": "markdown", "source": "## Разрыв\\n\\nТекст"}]})
    {'The gap': 'Разрыв'}
    """
    found = {}
    for mine, theirs in zip(english["cells"], edition["cells"], strict=True):
        if mine["cell_type"] != "markdown":
            continue
        ours, translated = _HEADING.findall(_text(mine)), _HEADING.findall(_text(theirs))
        if translated and len(ours) == len(translated):
            found.update({a: _plain(b) for a, b in zip(ours, translated, strict=True)})
    return found


def edition_prompts(notebooks: Mapping[str, Mapping], found: Mapping[tuple, str],
                    letters: Sequence[str]) -> dict:
    """One edition's part of ``prompts.json``: the options and objectives its translated
    Markdown shows, and its section headings by notebook."""
    exercises: dict[str, dict] = {}
    objectives: dict[str, str] = {}
    headings: dict[str, dict[str, str]] = {}
    for name, nb in sorted(notebooks.items()):
        stem = Path(name).stem
        edition = edition_notebook(nb, stem, found)
        exercises.update({qid: {"options": entry["options"]} for qid, entry in
                          exercise_prompts(edition, letters).items() if entry.get("options")})
        objectives.update(objective_names(edition))
        shown = sections(nb, edition)
        if shown:
            headings[stem[:2]] = shown
    return {"exercises": exercises, "objectives": objectives, "sections": headings}


def build(notebooks: Mapping[str, Mapping], translations: Mapping[str, Mapping] | None = None
          ) -> str:
    """The text of ``prompts.json`` for the notebooks given (name -> notebook), in a fixed order,
    with each edition's part from ``translations`` (language -> the ``notebooks`` catalog's
    translated entries)."""
    exercises: dict[str, dict] = {}
    objectives: dict[str, str] = {}
    for _name, nb in sorted(notebooks.items()):
        exercises.update(exercise_prompts(nb))
        objectives.update(objective_names(nb))
    letters = helpers("answers").EDITION_LETTERS
    editions = {lang: edition_prompts(notebooks, found, letters[lang])
                for lang, found in sorted((translations or {}).items())}
    return json.dumps({"format": 1, "built_from": "the notebooks' Markdown (python -m course sync)",
                       "exercises": exercises, "objectives": objectives, "editions": editions},
                      indent=1, sort_keys=True, ensure_ascii=False) + "\n"
