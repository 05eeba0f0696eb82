"""Every relative link in the README, docs/ (the audit ledger in docs/audit/ too) and the
notebooks' Markdown must reach a file.

``python -m course check links [ROOT]`` (exit 1 and a list of dead links if any). Used by
``tests/content/test_links.py`` on this checkout and on the student edition, where the teacher's
guide is absent. Links to a Markdown heading (``file.md#anchor``) must also name a heading of
that file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img[^>]*\ssrc=\"([^\"]+)\"")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading.

    >>> slug("Old style and new style (O.S./N.S.)")
    'old-style-and-new-style-osns'
    """
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def documents(root: Path) -> list[tuple[Path, str]]:
    """(path, Markdown text) of README.md, docs/**/*.md and each notebook's Markdown cells."""
    found = [(p, p.read_text(encoding="utf-8"))
             for p in [root / "README.md", *sorted((root / "docs").rglob("*.md"))] if p.is_file()]
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        found.append((path, text))
    return found


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"]
                         if c["cell_type"] == "markdown")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return {slug(h) for h in re.findall(r"^#{1,6} (.+?)\s*#*$", text, re.M)}


def dead_links(root: Path) -> list[str]:
    """Every relative link under ``root`` whose file (or heading) does not exist."""
    dead = []
    for path, text in documents(root):
        text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # code blocks are not links
        for groups in LINK.findall(text):
            target = groups[0] or groups[1]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # http:, mailto:, data: and same-page anchors
            name, _, anchor = unquote(target).partition("#")
            resolved = (path.parent / name).resolve()
            where = f"{path.relative_to(root)}: {target}"
            if not resolved.exists():
                dead.append(f"{where} (no such file)")
            elif anchor and resolved.suffix in (".md", ".ipynb") \
                    and anchor not in anchors(resolved):
                dead.append(f"{where} (no such heading)")
    return dead


def main(root: Path) -> int:
    """Print the dead links under ``root`` and return 1, or say there are none and return 0."""
    dead = dead_links(root.resolve())
    if dead:
        print("dead links:\n  " + "\n  ".join(dead))
        return 1
    print(f"no dead relative links under {root}")
    return 0
