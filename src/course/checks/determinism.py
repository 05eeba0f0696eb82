"""Run every notebook twice from a fresh kernel and check the outputs are identical, and equal to
the outputs stored in the repository (after dropping execution metadata). Exit 1 on any difference.

``python -m course check determinism [NOTEBOOK ...]`` (``make determinism``; default: every
notebook). Runs go through the one runner (``course.runner``) on copies in memory: the notebooks
in the repository are not modified.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..runner import execute, read


def coalesced(outs: list) -> list:
    """Outputs with consecutive stream chunks of one stream joined (chunking is timing, not
    content: one print can arrive as one chunk in one run and two in the next)."""
    merged: list = []
    for out in outs:
        out = {k: v for k, v in out.items() if k != "metadata"}
        if out.get("output_type") == "stream" and isinstance(out.get("text"), list):
            out["text"] = "".join(out["text"])
        previous = merged[-1] if merged else None
        if (previous and out.get("output_type") == "stream"
                and previous.get("output_type") == "stream"
                and previous.get("name") == out.get("name")):
            previous["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def outputs(nb) -> list:
    """The comparable part of a notebook: per code cell, its source, count and outputs."""
    kept = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            kept.append([cell.source, cell.execution_count, coalesced(cell.outputs)])
    return json.loads(json.dumps(kept, sort_keys=True))


def run(path: Path):
    """(stored outputs, outputs of a fresh run) of one notebook."""
    return outputs(read(path)), outputs(execute(read(path), path))


def main(paths: list[str]) -> int:
    """Check each notebook; 1 if any differs (each difference is printed), else 0."""
    failures = 0
    for name in paths:
        path = Path(name)
        stored, first = run(path)
        _, second = run(path)
        differs = False
        for label, other in (("second run", second), ("stored outputs", stored)):
            if first != other:
                differs = True
                cells = [i for i, (a, b) in enumerate(zip(first, other, strict=False)) if a != b]
                if len(first) != len(other):
                    cells.append(f"{len(first)} vs {len(other)} code cells")
                print(f"DIFFERENT {path.name}: first run vs {label}, code cells {cells}")
        failures += differs
        print(f"checked {path.name}: two fresh runs and the stored outputs "
              f"{'differ' if differs else 'are identical'}")
    return 1 if failures else 0

