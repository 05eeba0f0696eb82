"""The student edition: a local branch ``student`` with ``main``'s files minus the answer key.

``python -m course student-edition [--from REF]`` (``make student-edition``) builds it from
``main`` (or HEAD if there is no main); ``python -m course student-edition-check``
(``make student-edition-check``) proves it as students get it (:func:`check`).

What the build does, without touching the working tree or the index:

- takes the tree of ``main``, drops ``docs/teacher_guide.md`` (the one file with the answers
  written out; the notebooks' bank holds only digests and sealed feedback), the claims file
  that quotes it and the editions' feedback catalogs taken from it (``locale/feedback.pot``,
  ``locale/<lang>/LC_MESSAGES/feedback.po``: the explanations of every option, in each
  language; the bank holds them sealed), turns every Markdown
  link to a dropped file into plain text (README, docs/ and the notebooks' Markdown cells), and
  says at the top of the README that this is the student edition;
- commits that tree on top of the previous ``student`` commit (or as the first one), so the
  branch only grows and nbgitpuller can merge each new edition into a student's copy. The
  branch's history never contains the answer key: it does not descend from ``main``.

Committed notebook outputs are kept unchanged. Nothing is committed when the edition is
unchanged. Prints the commit of the edition.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from .paths import ROOT
from .translate.catalogs import GUIDE_DOMAINS, LANGUAGES

BRANCH = "student"
# the answer key, the claims file that quotes it (tests/content/prose_claims_guide.md) and the
# editions' feedback catalogs extracted from it (course.translate.catalogs.GUIDE_DOMAINS)
DROPPED = ("docs/teacher_guide.md", "tests/content/prose_claims_guide.md",
           *(f"locale/{domain}.pot" for domain in GUIDE_DOMAINS),
           *(f"locale/{lang}/LC_MESSAGES/{domain}.{ext}" for lang in LANGUAGES
             for domain in GUIDE_DOMAINS for ext in ("po", "mo")))
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
               f"python -m course student-edition; without {', '.join(DROPPED)}.")
    parents = ["-p", previous] if previous else []
    commit = git("commit-tree", tree, *parents, "-m", message)
    git("update-ref", f"refs/heads/{BRANCH}", commit, *([previous] if previous else []))
    return commit


def default_ref() -> str:
    """``main`` if the repository has that branch, else ``HEAD``."""
    has_main = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/main"],
                              cwd=ROOT, capture_output=True).returncode == 0
    return "main" if has_main else "HEAD"


def main(ref: str | None) -> int:
    """Build the edition of ``ref`` (default :func:`default_ref`) and say where it is."""
    ref = ref or default_ref()
    commit = build(ref)
    print(f"branch '{BRANCH}' is at {commit[:12]}: the student edition of {ref}. "
          f"Push it with: git push origin {BRANCH}")
    return 0


# Left to the main run: they start JupyterLab, JupyterHub or the website in Chromium. The site
# build tests (tests/course/test_site_build.py) do run: the teacher's site among them must skip
# (make lab's test runs in the edition too: it is what a student starts).
# The pulled copy has no npm packages (axe-core): the browser tests that open Chromium through
# the shared fixture, which needs them, run in the course's own CI instead.
CHECK_ARGS = ["-n", "2", "--ignore=tests/browser/test_jupyterlab.py",
              "--ignore=tests/browser/test_jupyterlab_outputs.py",
              "--ignore=tests/browser/test_site.py",
              "--ignore=tests/browser/test_handouts_on_paper.py",
              "--ignore=tests/classroom/test_jupyterhub.py"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(pytest_args: list[str]) -> int:
    """The edition as students get it: build it, serve the branch with ``git daemon`` on
    127.0.0.1, pull it with nbgitpuller (its GitPuller, as the hub link does) into a fresh folder,
    collect every test of the edition (none may fail to import for want of the key), and run
    its own test command there (``python -m pytest``, as its README says; the tests that need
    the key skip and say why) with this environment's packages but the pulled copy's helpers,
    data and bank. Returns pytest's exit status (``pytest_args`` replace :data:`CHECK_ARGS`)."""
    from nbgitpuller.pull import GitPuller

    main(None)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        port = _free_port()
        subprocess.run(["git", "clone", "-q", "--bare", "--branch", BRANCH, str(ROOT),
                        str(work / "course.git")], check=True)
        daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                                   f"--port={port}", f"--base-path={work}", "--export-all",
                                   str(work)])
        try:
            url = f"git://127.0.0.1:{port}/course.git"
            for _ in range(50):
                if not subprocess.run(["git", "ls-remote", url], capture_output=True).returncode:
                    break
                time.sleep(0.1)
            with warnings.catch_warnings():  # nbgitpuller's git pipes are freed, not closed
                warnings.simplefilter("ignore", ResourceWarning)
                for line in GitPuller(url, str(work / "pulled"), branch=BRANCH).pull():
                    print(line, end="")
        finally:
            daemon.terminate()
            daemon.wait()
        pulled = work / "pulled"
        if (pulled / "docs/teacher_guide.md").exists():
            print("the answer key is in the edition")
            return 1
        print(f"student edition pulled from {url}; collecting all its tests")
        collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q"],
                                   cwd=pulled, capture_output=True, text=True)
        if collected.returncode:  # a module that needs the key must still import and skip
            print(collected.stdout[-3000:], collected.stderr[-2000:])
            return collected.returncode
        print("running its tests")
        return subprocess.run([sys.executable, "-m", "pytest", "-rs",
                               *(pytest_args or CHECK_ARGS)], cwd=pulled).returncode
