"""Build the student edition: a local branch ``student`` with ``main``'s files minus the answer key.

Usage (from the repository root; ``make student-edition`` runs it)::

    python scripts/build_student_edition.py              # from main (or HEAD if there is no main)
    python scripts/build_student_edition.py --from REF   # from another commit

What it does, without touching the working tree or the index:

- takes the tree of ``main``, drops ``docs/teacher_guide.md`` (the one file with the answers
  written out; the notebooks' bank holds only digests and sealed feedback), turns every Markdown
  link to a dropped file into plain text (README, docs/ and the notebooks' Markdown cells), and
  says at the top of the README that this is the student edition;
- commits that tree on top of the previous ``student`` commit (or as the first one), so the
  branch only grows and nbgitpuller can merge each new edition into a student's copy. The
  branch's history never contains the answer key: it does not descend from ``main``.

Committed notebook outputs are kept unchanged. Nothing is committed when the edition is
unchanged. Prints the commit of the edition.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "student"
DROPPED = ("docs/teacher_guide.md",)
NOTICE = ("> **Student edition.** This copy of the course has no teacher's guide (it holds the "
          "answer key); your teacher has it.\n")


def git(*args: str, env: dict | None = None, stdin: str | None = None, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          input=stdin, env={**os.environ, **(env or {})}).stdout.strip()


def show(ref: str, path: str) -> str:
    """A file's text at ``ref``, exactly (``git`` above strips its output)."""
    return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def unlink_dropped(text: str, source: str) -> str:
    """Turn Markdown links to a dropped file into their plain label.

    >>> unlink_dropped("Read [the guide](docs/teacher_guide.md) first.", "README.md")
    'Read the guide first.'
    >>> unlink_dropped("[x](../docs/teacher_guide.md#a) and [y](../docs/glossary.md)", "docs/a.md")
    'x and [y](../docs/glossary.md)'
    """
    def plain(match: re.Match) -> str:
        target = match.group(2).split("#")[0]
        resolved = os.path.normpath(os.path.join(os.path.dirname(source), target))
        return match.group(1) if resolved in DROPPED else match.group(0)
    return re.sub(r"(?<!\!)\[([^\]]*)\]\(([^)\s]+)\)", plain, text)


def edited_files(ref: str) -> dict[str, str]:
    """New contents of the Markdown files and notebooks whose links to dropped files change."""
    changed = {}
    for path in git("ls-tree", "-r", "--name-only", ref).splitlines():
        if not (path.endswith(".md") or path.endswith(".ipynb")) or path in DROPPED:
            continue
        text = new_text = show(ref, path)
        if path.endswith(".ipynb"):
            nb = json.loads(text)
            for cell in nb["cells"]:
                if cell["cell_type"] == "markdown":
                    source = "".join(cell["source"])
                    new = unlink_dropped(source, path)
                    if new != source:
                        cell["source"] = new.splitlines(keepends=True)
            if nb != json.loads(text):  # rewritten as nbformat writes it
                new_text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        else:
            new_text = unlink_dropped(text, path)
        if path == "README.md":
            title, _, rest = new_text.partition("\n")
            new_text = f"{title}\n\n{NOTICE}{rest}"
        if new_text != text:
            changed[path] = new_text
    return changed


def build(ref: str) -> str:
    """Commit the student edition of ``ref`` on the student branch; return the commit id."""
    source = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git("read-tree", source, env=env)
        for path in DROPPED:
            git("rm", "--cached", "--quiet", "--ignore-unmatch", "--", path, env=env)
        for path, text in edited_files(source).items():
            blob = git("hash-object", "-w", "--stdin", stdin=text)
            git("update-index", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = git("write-tree", env=env)
    previous = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"],
                              cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if previous and git("rev-parse", f"{previous}^{{tree}}") == tree:
        return previous
    subject = git("log", "-1", "--format=%s", source)
    message = (f"Student edition of {source[:12]}: {subject}\n\nBuilt by "
               f"scripts/build_student_edition.py; without {', '.join(DROPPED)}.")
    parents = ["-p", previous] if previous else []
    commit = git("commit-tree", tree, *parents, "-m", message)
    git("update-ref", f"refs/heads/{BRANCH}", commit, *([previous] if previous else []))
    return commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    has_main = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/main"],
                              cwd=ROOT, capture_output=True).returncode == 0
    parser.add_argument("--from", dest="ref", default="main" if has_main else "HEAD")
    args = parser.parse_args()
    commit = build(args.ref)
    print(f"branch '{BRANCH}' is at {commit[:12]}: the student edition of {args.ref}. "
          f"Push it with: git push origin {BRANCH}")


if __name__ == "__main__":
    main()
