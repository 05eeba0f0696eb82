"""``python -m course translate check``: what stops an edition from shipping, file by file.

Errors (exit status 1):

- a catalog out of date with the English (``locale/*.pot``, ``.po`` or ``.mo``: run
  ``python -m course sync``), or an obsolete entry whose English is in use again;
- for an edition that is in the course (``notebooks/<lang>/*.ipynb`` exist), or for every
  language with ``--complete``: each missing or fuzzy entry a built file needs, named by its
  catalog and context;
- a translation that breaks what the build or the reader relies on: a code span, a link target,
  a generated block's markers, an f-string's ``{expression}`` or a helper's ``{placeholder}``
  (``msgfmt --check-format``) that the English has and the translation lacks;
- an edition that is stale or differs from the English where nothing may (:func:`editions.parity`):
  its code cells, cell ids and metadata, or its Markdown against the catalogs.

Warnings (printed, not failing): a number of the English missing from its translation (a
reviewer compares them: a century may be written in Roman numerals), and a translated column that
a code cell matches on (``locale/columns.json`` should make it ``display``).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from .. import paths
from . import catalogs, editions

SHOWN = 8  # entries named per catalog and problem; the rest are counted
_CODE = re.compile(r"`[^`\n]+`")
_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_PLACEHOLDER = re.compile(r"\{[^{}]+\}")
_NUMBER = re.compile(r"\d+(?:[.,\u066b]\d+)?")
_SCRIPT = str.maketrans({**{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0x0660 + i): str(i) for i in range(10)}})


def _numbers(text: str) -> Counter:
    """The numbers of a text, digits of any script, grouping removed (1,000 = 1 000 = 1000).

    >>> sorted(_numbers("۱٬۰۰۰ and 1979, 12,5").elements())
    ['1000', '12.5', '1979']
    """
    text = _CODE.sub(" ", text.translate(_SCRIPT))
    text = re.sub(r"(?<=\d)[,\u00a0\u202f\u2009\u066c ](?=\d{3}(?!\d))", "", text)
    return Counter(n.replace(",", ".").replace("\u066b", ".") for n in _NUMBER.findall(text))


def _translated(entry) -> bool:
    """Whether an entry has its translation (every plural form, for a message with a count)."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def markup_problems(english: str, translation: str, domain: str, context: str | None) -> list:
    """What a translation must keep of its English: code spans, link targets, markers, and an
    f-string's replacement fields.

    >>> markup_problems("Run `x` [g](a.md)", "Запустите x [г](a.md)", "notebooks", "c")
    ['code span `x` is missing']
    """
    problems = []
    for span in sorted(set(_CODE.findall(english)) - set(_CODE.findall(translation))):
        problems.append(f"code span {span} is missing")
    for target in sorted(set(_TARGET.findall(english)) - set(_TARGET.findall(translation))):
        problems.append(f"link target ({target}) is missing")
    for marker in re.findall(r"<!-- /?course:sync [\w-]+ -->", english):
        if marker not in translation:
            problems.append(f"marker {marker} is missing")
    if domain == "figures" and context == catalogs.PATTERN:
        for field in sorted(set(_PLACEHOLDER.findall(english)) -
                            set(_PLACEHOLDER.findall(translation))):
            problems.append(f"replacement field {field} is missing")
    return problems


def needed_entries(root: Path, lang: str) -> dict[tuple, str]:
    """(domain, context, English) -> where, for every entry a built file of ``lang`` needs.

    The English passages that an original held in ``lang`` stands for are not needed: the
    edition shows that original instead of a translation (``helpers.documents.replaced``)."""
    replaced_by = paths.helpers("documents").replaced
    skip = set()
    for path in (root / "data" / "documents").glob("*.txt"):
        if "." in path.stem:
            continue
        own = root / "data" / "documents" / f"{path.stem}.{lang}.txt"
        labels = [label for label, _ in catalogs.document_sections(path)]
        held = [label for label, _ in catalogs.document_sections(own)] if own.is_file() else []
        skip |= {catalogs.document_context(path.stem, n) for n in replaced_by(labels, held, lang)}
    needed = {}
    for domain in catalogs.DOMAINS:
        for entry in catalogs.entries(domain, root):
            context = entry.msgctxt or None
            if domain == "data" and context in skip:
                continue
            where = entry.occurrences[0][0] if entry.occurrences else ""
            needed[(domain, context, entry.msgid)] = where
    return needed


def catalog_problems(root: Path, lang: str, strict: bool) -> tuple[list[str], list[str], dict]:
    """(errors, warnings, counts) of one language's catalogs: missing and fuzzy entries (errors
    when ``strict``), broken markup, numbers to compare, obsolete entries still needed."""
    import polib

    errors, warnings = [], []
    counts: dict[str, Counter] = {}
    needed = needed_entries(root, lang)
    for domain in catalogs.DOMAINS:
        path = root / catalogs.po_path(lang, domain)
        name = catalogs.po_path(lang, domain)
        po = polib.pofile(str(path)) if path.is_file() else polib.POFile()
        active = {(domain, e.msgctxt or None, e.msgid): e for e in po if not e.obsolete}
        count = counts[domain] = Counter()
        listed: dict[str, list[str]] = {"missing": [], "fuzzy": []}
        for key in [k for k in needed if k[0] == domain]:
            entry = active.get(key)
            status = ("missing" if entry is None or not _translated(entry) else
                      "fuzzy" if "fuzzy" in entry.flags else "translated")
            count[status] += 1
            if status != "translated":
                listed[status].append(key[1] or key[2][:60])
                continue
            for problem in markup_problems(entry.msgid, entry.msgstr or "", domain, key[1]):
                errors.append(f"{name}: {key[1] or entry.msgid[:50]!r}: {problem}")
            if domain != "helpers" and entry.msgstr:
                lost = _numbers(entry.msgid) - _numbers(entry.msgstr)
                if lost:
                    warnings.append(f"{name}: {key[1] or entry.msgid[:50]!r}: numbers of the "
                                    f"English not in the translation: {sorted(lost)}")
        for entry in po.obsolete_entries():
            if (domain, entry.msgctxt or None, entry.msgid) in needed and entry.msgstr:
                errors.append(f"{name}: {entry.msgctxt or entry.msgid[:50]!r} is obsolete (#~) "
                              "but its English is in use: run python -m course sync")
        if strict:
            for status, items in listed.items():
                if items:
                    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
                    errors.append(f"{name}: {len(items)} {status}: "
                                  f"{', '.join(items[:SHOWN])}{more}")
    return errors, warnings, counts


def msgfmt_problems(root: Path) -> list[str]:
    """``msgfmt --check-format`` on every catalog: placeholders a translation lost or added."""
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        return []
    problems = []
    for lang in catalogs.LANGUAGES:
        for domain in catalogs.DOMAINS:
            path = root / catalogs.po_path(lang, domain)
            if path.is_file():
                result = subprocess.run([msgfmt, "--check-format", "--check-header", "-o",
                                         "/dev/null", str(path)], capture_output=True, text=True)
                if result.returncode:
                    problems.append(f"{catalogs.po_path(lang, domain)}: msgfmt: "
                                    f"{result.stderr.strip()}")
    return problems


def stale_catalogs(root: Path) -> list[str]:
    """The files of ``locale/`` that ``python -m course sync`` would rewrite."""
    from ..sync import Tree

    tree = Tree(root)
    catalogs.sync_catalogs(tree)
    return [f"{name} is out of date with the English: run python -m course sync"
            for name in tree.out_of_date()]


def edition_problems(root: Path, lang: str) -> list[str]:
    """A shipped edition against the English and the catalogs: every notebook there, parity,
    and Markdown as the build makes it now."""
    problems = []
    cats = editions.Catalogs(lang, root)
    anchors = editions.glossary_anchors(cats, root)
    folder = root / paths.NOTEBOOKS / lang
    if not (folder / "helpers.py").is_file():
        problems.append(f"{folder.relative_to(root)}/helpers.py is missing: run python -m course "
                        f"translate build --lang {lang}")
    for path in paths.notebooks(root):
        target = folder / path.name
        where = target.relative_to(root).as_posix()
        if not target.is_file():
            problems.append(f"{where} is missing: run python -m course translate build "
                            f"--lang {lang}")
            continue
        english = json.loads(path.read_text(encoding="utf-8"))
        edition = json.loads(target.read_text(encoding="utf-8"))
        problems += [f"{where}: {p}" for p in editions.parity(english, edition)]
        if edition.get("metadata", {}).get("course", {}).get("edition", {}).get("draft"):
            problems.append(f"{where} is a draft: an edition in the course is never a draft")
        expected = editions.edition_notebook(english, path.stem, path.name, lang, cats, False,
                                             anchors)
        for mine, theirs in zip(expected["cells"], edition["cells"], strict=False):
            if mine["cell_type"] == "markdown" and \
                    "".join(mine["source"]) != "".join(theirs["source"]):
                problems.append(f"{where}: cell {mine['id']} is not its catalog's translation "
                                f"now: run python -m course translate build --lang {lang}")
    return problems


def code_warnings(root: Path) -> list[str]:
    """Code cells that match on a column the editions translate in the DataFrame ("text"):
    they would compute differently in an edition."""
    config = catalogs.columns_config(root).values()
    shown = {c for kinds in config for c, kind in kinds.items() if kind == "display"}
    # a name that is "display" in some table (opium_cultivation's note) is not flagged: the
    # cell's table is not known here
    translated = {c for kinds in config for c, kind in kinds.items() if kind == "text"} - shown
    warnings = []
    for where, cell_id, source in catalogs.code_cells(root):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            column = None
            if isinstance(node, ast.Attribute) and node.attr == "str" and \
                    isinstance(node.value, ast.Subscript):
                column = node.value.slice
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "set_index" \
                    and node.args:
                column = node.args[0]
            elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Subscript):
                column = node.left.slice
            if isinstance(column, ast.Constant) and column.value in translated:
                warnings.append(f"{where}#{cell_id}: matches on {column.value!r}, which an "
                                "edition translates: make it \"display\" in locale/columns.json")
    return warnings


def check(root: Path, complete: bool = False, langs: list[str] | None = None):
    """(errors, warnings, counts by language and domain) of the whole translation."""
    errors = stale_catalogs(root) + msgfmt_problems(root)
    warnings = code_warnings(root)
    counts = {}
    live = editions.shipped(root)
    for lang in langs or list(catalogs.LANGUAGES):
        strict = complete or lang in live
        more_errors, more_warnings, counts[lang] = catalog_problems(root, lang, strict)
        errors += more_errors
        warnings += more_warnings
        if lang in live:
            errors += edition_problems(root, lang)
    return errors, warnings, counts


def main(root: Path, complete: bool, langs: list[str] | None, quiet: bool = False) -> int:
    """Print the counts, warnings and errors; 1 if there is an error."""
    errors, warnings, counts = check(root, complete, langs)
    live = editions.shipped(root)
    for lang, by_domain in counts.items():
        state = "in the course" if lang in live else "not built yet"
        parts = [f"{d} {c['translated']}/{sum(c.values())}"
                 + (f" ({c['fuzzy']} fuzzy)" if c["fuzzy"] else "") for d, c in by_domain.items()]
        print(f"{lang} ({state}): translated {', '.join(parts)}")
    if not quiet:
        for line in warnings:
            print(f"warning: {line}")
    for line in errors:
        print(f"error: {line}")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0
