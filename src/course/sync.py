"""``python -m course sync``: rewrite every generated text from its source; ``--check``: is it?

Generated text lives between named markers (``course.markers``) in hand-written Markdown, in
metadata, or in files that are wholly generated. Each step below reads its sources and writes its
targets through one :class:`Tree`, in memory; ``sync`` then saves what changed, and
``sync --check`` names each out-of-date file and changes nothing. The steps, in order:

1. **exercise marks** (notebooks): each answer cell's ``course.exercise`` mark from its own
   ``check``/``assess`` call, and its ``raises-exception`` tag (``course.exercises``);
2. **timings** (each notebook's ``estimated-time`` block and ``lesson-break`` cell, the README's
   ``lessons`` sentence, the ``time-NN`` cells of ``docs/notebooks.md``, the guide's ``time-NN``
   blocks with the lesson plans, whose words are in ``docs/lesson_plans.yml``;
   ``course.timings``, ``course.plans``);
3. **launch links** (the README's ``launch-links`` block, under "For students") from
   ``site/launch.yml``, and each language edition's (the ``edition-links`` block of
   docs/editions.md);
4. **document checksums** (the excerpts' resources in ``data/datapackage.json``);
5. **benchmark cell counts** (the ``cell-counts`` block of ``benchmarks/RESULTS.md``);
6. **translation catalogs** (``locale/``: the templates from the English, each language's
   catalogs merged with them and compiled; ``course.translate.catalogs``);
7. **exercise prompts** (``src/helpers/prompts.json``, wholly generated): each exercise's label
   and options and each objective's name, as the notebooks show them, and the editions' from
   the merged ``notebooks`` catalogs (``course.prompts``);
8. **exercise bank** (``src/helpers/quiz_bank.json``, wholly generated, and the guide's
   ``answers-at-a-glance`` block) from the guide's answer blocks, with the editions' feedback
   from the merged ``feedback`` catalogs (``course.bank``).

Prompts and bank come last because they read the catalogs step 6 merges: a translation whose
English changed is fuzzy by then, and neither shown nor sealed.

In the student edition (no teacher's guide) the steps that read or write the guide are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from . import bank, benchmark, launch, markers, paths, plans, prompts, timings
from .data import documents
from .exercises import sync_marks


class Tree:
    """The course's files as sync sees them: read from ``root``, changed in memory until saved."""

    def __init__(self, root: Path):
        self.root = root
        self.texts: dict[str, str] = {}
        self.blobs: dict[str, bytes] = {}  # binary files (compiled catalogs), written whole

    def exists(self, name: str) -> bool:
        """Whether the file ``name`` (relative to the root) exists, in memory or on disk."""
        return name in self.texts or (self.root / name).is_file()

    def write_bytes(self, name: str, data: bytes) -> None:
        """Replace the bytes of the binary file ``name`` in memory."""
        self.blobs[name] = data

    def read(self, name: str) -> str:
        """The text of ``name`` as the steps so far left it."""
        if name not in self.texts:
            self.texts[name] = (self.root / name).read_text(encoding="utf-8")
        return self.texts[name]

    def write(self, name: str, text: str) -> None:
        """Replace the text of ``name`` in memory."""
        self.texts[name] = text

    def notebook_names(self) -> list[str]:
        """The series' notebooks, as names relative to the root."""
        return [f"{paths.NOTEBOOKS}/{p.name}" for p in paths.notebooks(self.root)]

    def out_of_date(self) -> list[str]:
        """The files whose text (or bytes) in memory differ from the file on disk, or that are
        not on disk yet."""
        def differs(name: str, data) -> bool:
            path = self.root / name
            if not path.is_file():
                return True
            return data != (path.read_bytes() if isinstance(data, bytes)
                            else path.read_text(encoding="utf-8"))
        return sorted(name for name, data in [*self.texts.items(), *self.blobs.items()]
                      if differs(name, data))

    def save(self) -> None:
        """Write every changed file to disk."""
        for name in self.out_of_date():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if name in self.blobs:
                path.write_bytes(self.blobs[name])
            else:
                path.write_text(self.texts[name], encoding="utf-8")


def _read_nb(text: str):
    """A notebook node from its JSON text."""
    import nbformat

    return nbformat.reads(text, as_version=4)


def _write_nb(nb) -> str:
    """A notebook's JSON text, exactly as nbformat.write stores it."""
    import nbformat

    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def exercise_marks(tree: Tree) -> None:
    """Step 1: the marks and tags of the answer cells."""
    for name in tree.notebook_names():
        nb = _read_nb(tree.read(name))
        if sync_marks(nb):
            tree.write(name, _write_nb(nb))


def exercise_prompts(tree: Tree) -> None:
    """Step 7: what each exercise's prompt shows, for the checker's messages, in English and in
    each edition (its ``notebooks`` catalog as step 6 merged it)."""
    from .translate import catalogs

    translations = {}
    for lang in catalogs.LANGUAGES:
        po = catalogs.po_path(lang, "notebooks")
        translations[lang] = catalogs.translated(tree.read(po)) if tree.exists(po) else {}
    tree.write(paths.PROMPTS, prompts.build({n: _read_nb(tree.read(n))
                                             for n in tree.notebook_names()}, translations))


def exercise_bank(tree: Tree) -> None:
    """Step 8: the bank (with the editions' feedback, from the ``feedback`` catalogs as step 6
    merged them) and the guide's answers at a glance."""
    guide = tree.read(paths.GUIDE)
    tree.write(paths.BANK, bank.build(guide, data=tree.root / "data",
                                      translations=bank.feedback_translations(tree.root,
                                                                              tree.read)))
    tree.write(paths.GUIDE, bank.with_glance(guide))


def timing_texts(tree: Tree) -> None:
    """Step 2: the estimate in the notebooks, the README, the notebooks table and the guide."""
    names = tree.notebook_names()
    for name in names:  # header blocks and break cells first: the break cells take no time
        nb = _read_nb(tree.read(name))
        timings.sync_notebook(nb, timings.estimate(Path(name).name, nb))
        tree.write(name, _write_nb(nb))
    notebooks = {Path(n).name: json.loads(tree.read(n)) for n in names}
    estimates = timings.estimates(notebooks)
    tree.write(paths.README, timings.sync_readme(tree.read(paths.README), estimates))
    tree.write(paths.NOTEBOOK_TABLE, timings.sync_table(tree.read(paths.NOTEBOOK_TABLE), estimates))
    if tree.exists(paths.GUIDE):
        by_number = {name[:2]: nb for name, nb in notebooks.items()}
        tree.write(paths.GUIDE, timings.sync_guide(tree.read(paths.GUIDE), estimates, by_number,
                                                   plans.load(tree.root / plans.PLANS)))


def launch_links(tree: Tree) -> None:
    """Step 3: the README's launch links."""
    cfg = launch.load_config(tree.root / paths.LAUNCH)
    tree.write(paths.README, markers.replace_lines(tree.read(paths.README), launch.BLOCK,
                                                   launch.readme_links(cfg)))


def document_checksums(tree: Tree) -> None:
    """Step 4: the excerpts' resources (with checksums) in the data package."""
    tree.write(paths.PACKAGE, documents.with_hashes(
        tree.read(paths.PACKAGE), tree.read("data/documents.csv"), tree.root / "data"))


def cell_counts(tree: Tree) -> None:
    """Step 5: the benchmark's cell counts."""
    names = [paths.FLOOR, *tree.notebook_names()]
    line = benchmark.cell_counts({Path(n).name: json.loads(tree.read(n)) for n in names})
    tree.write(paths.RESULTS, markers.replace_lines(tree.read(paths.RESULTS), benchmark.CELLS,
                                                    line))


def edition_links(tree: Tree) -> None:
    """Step 3b: each edition's launch links, in docs/editions.md and in any file of
    ``EDITION_LINKS`` that has the block."""
    cfg = launch.load_config(tree.root / paths.LAUNCH)
    for name in EDITION_LINKS:
        if tree.exists(name) and markers.block(tree.read(name), launch.EDITION_BLOCK) is not None:
            tree.write(name, markers.replace_lines(tree.read(name), launch.EDITION_BLOCK,
                                                   launch.edition_links(cfg, tree.root)))


EDITION_LINKS = ("docs/editions.md", paths.README)


def translation_catalogs(tree: Tree) -> None:
    """Step 6: the language editions' catalogs, merged with the English (locale/)."""
    from .translate.catalogs import sync_catalogs

    sync_catalogs(tree)


STEPS: list[tuple[str, Callable[[Tree], None], bool]] = [
    # (what, step, needs the teacher's guide)
    ("exercise marks and answer-cell tags", exercise_marks, False),
    ("timings", timing_texts, False),
    ("launch links", launch_links, False),
    ("edition launch links", edition_links, False),
    ("document checksums", document_checksums, False),
    ("benchmark cell counts", cell_counts, False),
    ("translation catalogs", translation_catalogs, False),
    ("exercise prompts", exercise_prompts, False),
    ("exercise bank and answers at a glance", exercise_bank, True),
]


def sync(root: Path = paths.ROOT, check: bool = False) -> list[str]:
    """Run every step on the course at ``root``; return the files that were (or, with ``check``,
    would be) rewritten. With ``check`` nothing is written."""
    tree = Tree(root)
    for _what, step, needs_guide in STEPS:
        if needs_guide and not tree.exists(paths.GUIDE):
            continue
        step(tree)
    changed = tree.out_of_date()
    if not check:
        tree.save()
    return changed


def main(root: Path, check: bool) -> int:
    """``python -m course sync [--check]``: 1 if ``--check`` finds a file out of date."""
    changed = sync(root, check)
    if not (root / paths.GUIDE).is_file():
        print("no teacher's guide here (student edition): the bank and the guide are left as "
              "they are")
    if check and changed:
        print("out of date (run `python -m course sync`):\n  " + "\n  ".join(changed))
        return 1
    print(f"rewrote {', '.join(changed)}" if changed else "everything is up to date")
    return 0
