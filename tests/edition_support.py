"""A draft of the language editions in a temporary copy of the course, for the tests.

Until the translators have filled the catalogs, no edition is in the course (docs/editions.md);
the tests build a draft (English where a translation is missing, marked) exactly as
``python -m course translate build --draft`` does, so that the machinery is tested on whatever
English and whatever translations there are.
"""

from __future__ import annotations

from pathlib import Path

from support import ROOT


def draft_course(into: Path, langs=("ru", "fa"), notebooks=None, execute: bool = False,
                 fill: dict | None = None) -> Path:
    """A copy of the course at ``into`` with draft editions of ``langs`` built in it.

    Args:
        into: an empty or missing folder.
        notebooks: English notebook file names to build (default: all).
        execute: run the edition notebooks (their outputs are then the helpers' own).
        fill: {lang: {(domain, context, English): translation}} written into the copy's
            catalogs first (as translated, not fuzzy), then compiled as sync compiles them.
    """
    import polib

    from course.sync import Tree
    from course.translate import catalogs, editions

    editions.copy_course(ROOT, into)
    for lang, entries in (fill or {}).items():
        for domain in catalogs.DOMAINS:
            path = into / catalogs.po_path(lang, domain)
            po = polib.pofile(str(path))
            index = {(e.msgctxt or None, e.msgid): e for e in po if not e.obsolete}
            for (d, context, english), text in entries.items():
                if d == domain:
                    entry = index[(context, english)]
                    entry.msgstr = text
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
            po.save(str(path))
    tree = Tree(into)
    catalogs.sync_catalogs(tree)
    tree.save()
    editions.compile_draft(into)
    editions.build(into, list(langs), draft=True, execute=execute, notebooks=notebooks)
    return into
