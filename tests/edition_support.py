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


PSEUDO = {"ru": "[ru] ", "fa": "[دری] "}
"""The mark of a pseudo-translated message: ``[ru] Correct.``; plural forms add their number."""


def pseudo_locale(folder: Path, hand: dict[str, dict[str, str]] | None = None) -> Path:
    """A ``locale/`` at ``folder`` whose compiled ``helpers`` catalogs translate every message of
    the course's template: by hand where ``hand[lang]`` has the English, otherwise marked
    (:data:`PSEUDO`; plural forms ``[ru] 0: ...``, ``[ru] 1: ...``), so that a message that
    bypassed the catalog shows up in English. Point ``helpers.i18n.LOCALE`` at it (and call
    ``i18n.reload()``)."""
    import polib

    from course.translate import catalogs

    template = polib.pofile(str(ROOT / catalogs.pot_path("helpers")))
    for lang, mark in PSEUDO.items():
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                       "Plural-Forms": catalogs.PLURAL_FORMS[lang]}
        forms = 3 if lang == "ru" else 2
        for entry in template:
            out = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid,
                                msgid_plural=entry.msgid_plural)
            if entry.msgid_plural:
                out.msgstr_plural = {n: f"{mark}{n}: " + (entry.msgid if n == 0 else
                                                          entry.msgid_plural)
                                     for n in range(forms)}
            else:
                out.msgstr = (hand or {}).get(lang, {}).get(entry.msgid, mark + entry.msgid)
            po.append(out)
        (folder / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(folder / lang / "LC_MESSAGES" / "helpers.mo"))
    (folder / "columns.json").write_text((ROOT / "locale/columns.json").read_text("utf-8"),
                                         encoding="utf-8")
    return folder
