"""Tag every answer cell ``raises-exception`` so that "Run All" never halts at a student's slip.

An answer cell is a code cell that calls ``check(...)`` or ``assess(...)``. The slip handler
(src/helpers/slips.py) turns the slip into one short message, but the cell still ends in an
error, and JupyterLab stops "Run All" at an error unless the cell carries this tag (DECISIONS,
"Student issue"). A tagged cell that does not raise passes strict nbval.

Usage: ``python scripts/tag_answer_cells.py notebooks/*.ipynb`` (``--check``: exit 1 if a cell
lacks the tag). Only the tags of answer cells change; ids, order and outputs stay.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

TAG = "raises-exception"
ANSWER_CALL = re.compile(r"^\s*(check|assess)\(", re.M)


def answer_cells(nb) -> list:
    """The notebook's answer cells."""
    return [c for c in nb.cells if c.cell_type == "code" and ANSWER_CALL.search(c.source)]


def main(paths: list[str], check_only: bool) -> int:
    missing = []
    for name in paths:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        untagged = [c for c in answer_cells(nb) if TAG not in c.metadata.get("tags", [])]
        missing += [f"{path.name}: cell {c.id}" for c in untagged]
        if untagged and not check_only:
            for cell in untagged:
                cell.metadata["tags"] = [*cell.metadata.get("tags", []), TAG]
            nbformat.write(nb, path)
    if check_only and missing:
        print("answer cells without the raises-exception tag:\n" + "\n".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--check"]
    sys.exit(main(args, "--check" in sys.argv))
