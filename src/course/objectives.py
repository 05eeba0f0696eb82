"""The objectives' names, from the one place they are written: each notebook's objective list.

A notebook's first cell lists its objectives as ``- **O1.2** compute great-circle distances
...;``. ``python -m course sync`` gathers them into ``src/helpers/objectives.json`` (id -> name),
which the notebook's score summary and the grader's reports read, so that an objective is named
the same way wherever a student or a teacher sees it.
"""

from __future__ import annotations

import json
import re

OBJECTIVE = re.compile(r"^- \*\*(O\d+\.\d+)\*\*\s+(.+?)(?=^- \*\*O|^\s*$|\Z)", re.M | re.S)


def listed(source: str) -> dict[str, str]:
    """The objectives listed in a Markdown cell: id -> name (one line, no closing punctuation).

    >>> listed("**Objectives.**\\n\\n- **O1.1** put the steps in order,\\n  with dates;\\n"
    ...        "- **O1.2** compute distances.\\n\\nMore text.")
    {'O1.1': 'put the steps in order, with dates', 'O1.2': 'compute distances'}
    """
    return {match.group(1): " ".join(match.group(2).split()).rstrip(";.,")
            for match in OBJECTIVE.finditer(source)}


def names(notebooks: dict[str, dict]) -> dict[str, str]:
    """Every objective of the series, in order, from ``{file name: notebook JSON}``.

    Raises:
        SystemExit: an objective id listed twice (the message names both notebooks).
    """
    found: dict[str, str] = {}
    where: dict[str, str] = {}
    for name, nb in sorted(notebooks.items()):
        first = nb["cells"][0] if nb.get("cells") else {"source": ""}
        source = "".join(first["source"])
        for objective, text in listed(source).items():
            if objective in found:
                raise SystemExit(f"{name}: objective {objective} is also listed in "
                                 f"{where[objective]}")
            found[objective], where[objective] = text, name
    return found


def as_json(found: dict[str, str]) -> str:
    """The text of ``objectives.json`` (a rebuild gives the same bytes).

    >>> print(as_json({"O0.1": "run a cell"}), end="")
    {
     "O0.1": "run a cell"
    }
    """
    return json.dumps(found, indent=1, ensure_ascii=False) + "\n"
