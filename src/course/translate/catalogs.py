"""The catalogs: every translatable English string, extracted into one template per domain
(``locale/<domain>.pot``), merged into each language's catalog (``locale/<lang>/LC_MESSAGES/
<domain>.po``) with GNU ``msgmerge --previous``, and compiled to the ``.mo`` the helpers read.

Each entry has a stable context, so the same English sentence in two places can be translated
twice, and an edited sentence is found again:

- ``notebooks``: ``msgctxt "<notebook stem>#<cell id>"``, the whole Markdown cell; a generated
  block inside it (``<!-- course:sync NAME -->``) is an entry of its own,
  ``"<stem>#<cell id>@<NAME>"``, and the cell's entry keeps the markers with nothing between;
- ``data``: ``"<table>.<column>"`` for a cell's text (``locale/columns.json`` lists the
  columns), ``"columns"`` for a column's name, ``"documents/<id>.txt#<n>"`` for the n-th
  English passage of an excerpt, ``"docs/glossary.md#<heading slug>/<n>"`` for the glossary;
- ``figures``: no context for a literal, ``"pattern"`` for an f-string, whose ``{expression}``
  parts are matched at run time (:func:`helpers.i18n.figure_text`);
- ``helpers``: what ``xgettext`` finds in ``src/helpers`` (``_``, ``n_``, ``p_``, ``N_``) and in
  the grader's modules that word a student's feedback page (:data:`HELPER_SOURCES`);
- ``feedback``: the bank's feedback, from the teacher's guide's answer blocks (``explain``,
  ``wrong X``, ``hint``, ``hint if below N``), ``msgctxt "<exercise id>|<field>"``. Part of the
  answer key: the bank build seals its translations into ``quiz_bank.json`` per language
  (``course.bank``), no ``.mo`` is compiled, and the student edition leaves the template and the
  catalogs out (``course.edition.DROPPED``); without the guide (the student edition) the domain
  is skipped.

Templates carry a fixed header (no creation date) and file references without line numbers, so
they change only when the English does.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import markers, paths

DOMAINS = ("notebooks", "helpers", "data", "figures", "feedback")
COMPILED = ("notebooks", "helpers", "data", "figures")
"""The domains compiled to ``.mo`` and read by the helpers at display time."""
GUIDE_DOMAINS = ("feedback",)
"""The domains taken from the teacher's guide: inputs of the bank build, never shipped."""
LANGUAGES = ("ru", "fa")
HELPER_SOURCES = ("src/course/judge.py", "src/course/reports.py", "src/course/sphinx_ext.py",
                  "src/course/site.py", "src/course/handouts.py")
"""The tools' modules whose ``_()`` words a student reads: the grader's feedback page, and the
website's and the handouts' own words (an edition's site and handouts say them in its
language)."""
LOCALE = "locale"
COLUMNS = "locale/columns.json"
GLOSSARY = "docs/glossary.md"
PATTERN = "pattern"
FIGURE_CALLS = {"plot_map", "plot_series", "plot_timeline", "show_figure"}
FIGURE_TEXTS = {"title", "caption", "alt", "xlabel", "ylabel", "value_label"}
PLURAL_FORMS = {
    # CLDR / GNU gettext's rules for each language
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "fa": "nplurals=2; plural=(n > 1);",
}
LANGUAGE_NAMES = {"ru": "Russian", "fa": "Dari (fa-AF)"}
HEADER = {
    "Project-Id-Version": "russia-afghanistan-course",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2026-01-01 00:00+0000",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "",
    "Language-Team": "",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


class CatalogError(SystemExit):
    """A catalog cannot be made (no GNU gettext, unreadable source); the message says why."""


@dataclass
class Entry:
    """One translatable string: its context, English text, where it is and a note for the
    translator."""

    context: str | None
    text: str
    where: str
    note: str = ""
    flags: list[str] = field(default_factory=list)


def pot_path(domain: str) -> str:
    return f"{LOCALE}/{domain}.pot"


def po_path(lang: str, domain: str) -> str:
    return f"{LOCALE}/{lang}/LC_MESSAGES/{domain}.po"


def mo_path(lang: str, domain: str) -> str:
    return f"{LOCALE}/{lang}/LC_MESSAGES/{domain}.mo"


# --- notebooks ---------------------------------------------------------------------------------

def split_blocks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A Markdown cell without its generated blocks' content, and each block (name, content).

    >>> split_blocks("A\\n<!-- course:sync t -->\\n5 min\\n<!-- /course:sync t -->\\nB")
    ('A\\n<!-- course:sync t --><!-- /course:sync t -->\\nB', [('t', '5 min')])
    """
    blocks = []

    def empty(match: re.Match) -> str:
        blocks.append((match.group(1), match.group(2).strip("\n")))
        return markers.start(match.group(1)) + markers.end(match.group(1))
    return markers._ANY.sub(empty, text), blocks


def fill_blocks(text: str, blocks: dict[str, str]) -> str:
    """Put each block's content back between its (empty) markers, on lines of their own when
    the markers stand on lines of their own.

    >>> fill_blocks("A\\n<!-- course:sync t --><!-- /course:sync t -->\\nB", {"t": "5"})
    'A\\n<!-- course:sync t -->\\n5\\n<!-- /course:sync t -->\\nB'
    """
    for name, inner in blocks.items():
        empty = markers.start(name) + markers.end(name)
        index = text.find(empty)
        if index < 0:
            continue
        alone = (index == 0 or text[index - 1] == "\n") and \
            text[index + len(empty):index + len(empty) + 1] in ("", "\n")
        filled = markers.wrapped(name, inner) if alone else markers.start(name) + inner + \
            markers.end(name)
        text = text[:index] + filled + text[index + len(empty):]
    return text


def cell_context(stem: str, cell_id: str, block: str | None = None) -> str:
    return f"{stem}#{cell_id}" + (f"@{block}" if block else "")


def _notebook_text(root: Path, path: Path, read=None) -> str:
    """A notebook's text: from ``read`` (sync's in-memory tree, where earlier steps may have
    changed it) or from disk."""
    if read is not None:
        return read(f"{paths.NOTEBOOKS}/{path.name}")
    return path.read_text(encoding="utf-8")


def notebook_entries(root: Path, read=None) -> Iterator[Entry]:
    """Every Markdown cell of the English notebooks, and each generated block in them."""
    for path in paths.notebooks(root):
        nb = json.loads(_notebook_text(root, path, read))
        where = f"{paths.NOTEBOOKS}/{path.name}"
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            if not source.strip():
                continue
            text, blocks = split_blocks(source)
            yield Entry(cell_context(path.stem, cell["id"]), text, where)
            for name, inner in blocks:
                if inner.strip():
                    yield Entry(cell_context(path.stem, cell["id"], name), inner, where,
                                "Generated by python -m course sync: translate the numbers as "
                                "they are.")


# --- figures -----------------------------------------------------------------------------------

def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(
        func, ast.Attribute) else ""


def pattern_text(node: ast.JoinedStr) -> str:
    """An f-string as a pattern: its text with ``{expression}`` for each replacement field.

    >>> pattern_text(ast.parse('f"The {len(x)} events"').body[0].value)
    'The {len(x)} events'
    """
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        else:
            parts.append("{" + ast.unparse(value.value) + "}")
    return "".join(parts)


def _strings(node: ast.AST, keyword: str, lookup=lambda n: n) -> Iterator[ast.AST]:
    """The string nodes of one keyword argument that are shown (see helpers.i18n.figure_texts),
    by the argument's shape: ``labels`` and ``marks`` dict values, ``routes`` dict keys, the text
    of each ``spans`` tuple, or the text itself. ``lookup`` turns a variable's name into the
    value the notebook gave it (:func:`bindings`), at any of these places.

    >>> [n.value for n in _strings(ast.parse('[(1, 2, "Shaded"), (3, 4)]').body[0].value,
    ...                            "spans")]
    ['Shaded']
    """
    node = lookup(node)
    if keyword in ("labels", "marks") and isinstance(node, ast.Dict):
        yield from (lookup(v) for v in node.values if v is not None)
    elif keyword == "routes" and isinstance(node, ast.Dict):
        yield from (lookup(k) for k in node.keys if k is not None)
    elif keyword == "spans" and isinstance(node, ast.List | ast.Tuple):
        for span in map(lookup, node.elts):
            if isinstance(span, ast.List | ast.Tuple):
                yield from (x for x in map(lookup, span.elts) if isinstance(x, ast.JoinedStr)
                            or isinstance(x, ast.Constant) and isinstance(x.value, str))
    elif keyword in FIGURE_TEXTS:
        yield node


def code_cells(root: Path, read=None) -> Iterator[tuple[str, str, str]]:
    """(notebook file, cell id, source) of every code cell of the English notebooks."""
    for path in paths.notebooks(root):
        nb = json.loads(_notebook_text(root, path, read))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                yield f"{paths.NOTEBOOKS}/{path.name}", cell["id"], "".join(cell["source"])


def _parsed_notebooks(root: Path, read=None) -> dict[str, list[tuple[str, ast.Module]]]:
    """{notebook file: [(cell id, parsed source)]}: the code cells that parse, in order."""
    out: dict[str, list[tuple[str, ast.Module]]] = {}
    for where, cell_id, source in code_cells(root, read):
        try:
            out.setdefault(where, []).append((cell_id, ast.parse(source)))
        except SyntaxError:
            continue
    return out


def bindings(cells: list[ast.Module]) -> dict[str, list[tuple[tuple[int, int], ast.AST]]]:
    """{name: [((cell number, line), value)]}: each plain assignment ``name = value`` of a
    notebook's code cells (in order), so that a figure call's ``spans=[rule]`` finds the text of
    ``rule = (start, end, "Taliban in power")`` defined in the same notebook.

    >>> found = bindings([ast.parse('rule = (1, 2, "Shaded")'), ast.parse("rule = None")])
    >>> [(place, type(value).__name__) for place, value in found["rule"]]
    [((0, 1), 'Tuple'), ((1, 1), 'Constant')]
    """
    found: dict[str, list] = {}
    for number, tree in enumerate(cells):
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(((number, node.lineno),
                                                                node.value))
    for values in found.values():
        values.sort(key=lambda item: item[0])
    return found


def _lookup(bound: dict, before: tuple[int, int]):
    """A ``lookup`` for :func:`_strings`: a name becomes the last value it was given before the
    place ``before`` (cell number, line); anything else, or a name never given a value there
    (a loop variable, a function's parameter), stays as it is."""
    def lookup(node: ast.AST, depth: int = 0) -> ast.AST:
        if not isinstance(node, ast.Name) or depth > 8:
            return node
        earlier = [value for place, value in bound.get(node.id, []) if place < before]
        return lookup(earlier[-1], depth + 1) if earlier else node
    return lookup


def figure_entries(root: Path, read=None) -> Iterator[Entry]:
    """The titles, labels, captions and alt texts passed to the figure helpers, as literals
    (no context) or f-strings (context ``pattern``); a text passed through a variable is found
    where the notebook gave the variable its value (:func:`bindings`)."""
    for where, cells in _parsed_notebooks(root, read).items():
        bound = bindings([tree for _cell_id, tree in cells])
        for number, (cell_id, tree) in enumerate(cells):
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and _call_name(node) in FIGURE_CALLS):
                    continue
                lookup = _lookup(bound, (number, node.lineno))
                for keyword in node.keywords:
                    for item in _strings(keyword.value, keyword.arg or "", lookup):
                        yield from _figure_entry(item, f"{where}#{cell_id}")


def _figure_entry(item: ast.AST, where: str) -> Iterator[Entry]:
    if isinstance(item, ast.Constant) and isinstance(item.value, str):
        if item.value.strip():
            yield Entry(None, item.value, where)
    elif isinstance(item, ast.JoinedStr):
        yield Entry(PATTERN, pattern_text(item), where,
                    "An f-string: keep each {expression} exactly as it is; the notebook fills "
                    "it in.")


# --- data --------------------------------------------------------------------------------------

# Calls whose keyword names are the columns they make (``.agg(total=("n", "sum"))``), calls
# whose ``name=``-like keyword or first argument names the column (``reset_index(name="n")``,
# ``to_frame("n")``, ``crosstab(..., margins_name="total")``), and the name pandas itself gives
# a call's result (``value_counts()`` is a Series called ``count``, pandas >= 2.0)
_KEYWORD_COLUMNS = {"agg", "aggregate", "assign"}
_NAMING_CALLS = {"reset_index": ("name",), "to_frame": ("name",),
                 "crosstab": ("margins_name",), "pivot_table": ("margins_name",),
                 "value_counts": ("name",)}
_PANDAS_NAMES = {"value_counts": "count"}


def _names_made(tree: ast.AST) -> Iterator[str]:
    """The column names a code cell gives: assigned (``frame["km"] = ...``,
    ``frame[["a", "b"]] = ...``), made by keyword (``.agg(total=...)``, ``.assign(km=...)``),
    named by a call (``reset_index(name="n")``, ``to_frame("n")``, ``margins_name="total"``,
    ``rename(columns={"a": "b"})``) or by pandas (``value_counts()`` gives ``count``).

    >>> sorted(_names_made(ast.parse('f["km"] = 1\\nf.agg(total=("n", "sum")).to_frame("x")')))
    ['km', 'total', 'x']
    >>> sorted(_names_made(ast.parse('s.value_counts()\\nf.rename(columns={"a": "b"})')))
    ['b', 'count']
    """
    def constants(node):
        items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
        return [x.value for x in items if isinstance(x, ast.Constant) and isinstance(x.value, str)]

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Tuple):
                    yield from constants(target.slice)
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in _KEYWORD_COLUMNS:
                yield from (kw.arg for kw in node.keywords if kw.arg)
            if name in _NAMING_CALLS:
                if name == "to_frame" and node.args:
                    yield from constants(node.args[0])
                for kw in node.keywords:
                    if kw.arg in _NAMING_CALLS[name]:
                        yield from constants(kw.value)
            if name == "rename":
                for kw in node.keywords:
                    if kw.arg == "columns" and isinstance(kw.value, ast.Dict):
                        yield from constants(ast.List(elts=kw.value.values))
            if name in _PANDAS_NAMES and not any(
                    kw.arg in ("name", "normalize") for kw in node.keywords):
                yield _PANDAS_NAMES[name]


def computed_columns(root: Path, read=None) -> Iterator[tuple[str, str]]:
    """(notebook file, column name) for each column the English notebooks' code cells make: a
    table shows it with a header like the data's own columns, so the ``columns`` context needs
    it too (the DataFrame keeps the English name, which code uses)."""
    for where, cells in _parsed_notebooks(root, read).items():
        for _cell_id, tree in cells:
            for name in _names_made(tree):
                yield where, name


def columns_config(root: Path) -> dict[str, dict[str, str]]:
    """``locale/columns.json`` without its comment keys."""
    data = json.loads((root / COLUMNS).read_text(encoding="utf-8"))
    return {t: c for t, c in data.items() if not t.startswith("_")}


def slug(heading: str) -> str:
    """A heading's anchor, as myst-parser and GitHub make it.

    >>> slug("Intervention or invasion"), slug("Ввод войск: термины")
    ('intervention-or-invasion', 'ввод-войск-термины')
    """
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """A Markdown file as (section slug, block) pairs: blocks are separated by blank lines, and
    each block belongs to the last heading above it (its own, for a heading)."""
    section = ""
    out = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        heading = re.match(r"#+\s+(.*)", block)
        if heading:
            section = slug(heading.group(1))
        out.append((section, block))
    return out


def glossary_entries(root: Path) -> Iterator[Entry]:
    counts: dict[str, int] = {}
    for section, block in markdown_blocks((root / GLOSSARY).read_text(encoding="utf-8")):
        n = counts[section] = counts.get(section, -1) + 1
        yield Entry(f"{GLOSSARY}#{section}/{n}", block, GLOSSARY)


def _resources(root: Path) -> dict[str, dict]:
    package = json.loads((root / paths.PACKAGE).read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


def document_sections(path: Path) -> list[tuple[str, str]]:
    """(label, text) of each passage of an excerpt file (``[label]`` lines start passages)."""
    sections: list[list] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\[(?P<label>[^\]]*[A-Za-z][^\]]*)\]\s*$", line)
        if match:
            sections.append([match["label"], []])
        elif sections:
            sections[-1][1].append(line)
    return [(label, "\n".join(lines).strip()) for label, lines in sections]


def passage_language(label: str) -> str:
    """The language of an excerpt's passage, from its label (as helpers.documents reads it).

    >>> passage_language("Russian original"), passage_language("English translation")
    ('ru', 'en')
    """
    lowered = label.lower()
    if "russian" in lowered:
        return "ru"
    if "persian" in lowered or "dari" in lowered:
        return "fa"
    return "en"


def document_context(document_id: str, n: int) -> str:
    return f"documents/{document_id}.txt#{n}"


def data_entries(root: Path, read=None) -> Iterator[Entry]:
    """Text cells of the columns in ``locale/columns.json``, column names, the excerpts'
    English passages and the glossary."""
    resources = _resources(root)
    seen_columns: dict[str, list[str]] = {}
    for name, resource in resources.items():
        for fl in resource.get("schema", {}).get("fields", []):
            seen_columns.setdefault(fl["name"], []).append(
                f"{name}: {fl.get('description', '')}".strip())
    for column, notes in seen_columns.items():
        yield Entry("columns", column, paths.PACKAGE,
                    "A column's name as a table header shows it (code keeps the English name, "
                    "shown below it). " + " | ".join(notes[:3]))
    for where, column in computed_columns(root, read):
        if column not in seen_columns:
            yield Entry("columns", column, where,
                        "A column that the notebook's code computes, as a table header shows it "
                        "(code keeps the English name, shown below it).")
    for table, kinds in columns_config(root).items():
        resource = resources.get(table)
        if resource is None:
            raise CatalogError(f"{COLUMNS}: no resource {table!r} in {paths.PACKAGE}")
        file = root / "data" / resource["path"]
        if resource.get("format") == "csv":
            with file.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
            fields = {fl["name"]: fl for fl in resource["schema"]["fields"]}
            for column in kinds:
                if column not in fields:
                    raise CatalogError(f"{COLUMNS}: table {table!r} has no column {column!r}")
                values = dict.fromkeys(r[column] for r in rows if r[column].strip())
                for value in values:
                    yield Entry(f"{table}.{column}", value, f"data/{resource['path']}",
                                fields[column].get("description", ""))
        else:  # GeoJSON: the features' properties (country names on the map)
            features = json.loads(file.read_text(encoding="utf-8"))["features"]
            for column in kinds:
                values = dict.fromkeys(f["properties"].get(column) for f in features)
                for value in values:
                    if isinstance(value, str) and value:
                        yield Entry(f"{table}.{column}", value, f"data/{resource['path']}")
    for path in sorted((root / "data" / "documents").glob("*.txt")):
        for label, _text in document_sections(path):
            label = re.sub(r"\s*\|\s*replaces\s+[\d,\s]+$", "", label)
            yield Entry("documents/labels", label, f"data/documents/{path.name}",
                        "The label over a passage of a document: language, translator, part.")
        if "." in path.stem:  # <id>.<lang>.txt: an original, shown in its own language
            continue
        for n, (label, text) in enumerate(document_sections(path)):
            if passage_language(label) == "en" and text and label != "…":
                yield Entry(document_context(path.stem, n), text,
                            f"data/documents/{path.name}",
                            f"Passage [{label}]. The edition labels your translation as the "
                            "course's translation of this English text, never as the original.")
    yield from glossary_entries(root)


# --- helpers -----------------------------------------------------------------------------------

def helper_entries(root: Path) -> list:
    """The ``_()``, ``n_()`` and ``N_()`` messages of src/helpers, by GNU xgettext, as polib
    entries (plural entries keep their plural)."""
    import polib

    xgettext = shutil.which("xgettext")
    if not xgettext:
        raise CatalogError("GNU gettext is needed for the catalogs (xgettext, msgmerge): "
                           "apt-get install gettext, or brew install gettext")
    sources = sorted(p.relative_to(root).as_posix() for p in (root / "src" / "helpers").glob(
        "*.py")) + [s for s in HELPER_SOURCES if (root / s).is_file()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "helpers.pot"
        subprocess.run([xgettext, "--language=Python", "--from-code=UTF-8", "--keyword=_",
                        "--keyword=n_:1,2", "--keyword=N_", "--keyword=p_:1c,2",
                        "--keyword=NP_:1c,2",
                        "--add-comments=Translators:", "--add-location=file", "--sort-by-file",
                        "--no-wrap", "-o", str(out),
                        *sources], cwd=root, check=True, capture_output=True, text=True)
        if not out.is_file():  # no message marked yet
            return []
        return list(polib.pofile(str(out)))


# --- feedback (the guide's answer blocks) --------------------------------------------------------

FEEDBACK_FIELDS = ("explain", "hint")


def feedback_context(question_id: str, field: str) -> str:
    """The context of one feedback text: ``"q01_panjdeh|wrong B"``."""
    return f"{question_id}|{field}"


def feedback_entries(root: Path, read=None) -> Iterator[Entry]:
    """The texts of the guide's answer blocks that a student reads as feedback (none without
    the guide, as in the student edition)."""
    from .. import bank

    if read is None and not (root / paths.GUIDE).is_file():
        return
    if read is not None:
        try:
            text = read(paths.GUIDE)
        except FileNotFoundError:
            return
    else:
        text = (root / paths.GUIDE).read_text(encoding="utf-8")
    for block in bank.parse_blocks(text):
        qid, kind = block["id"], block["kind"]
        where = f"{paths.GUIDE}#{qid}"
        about = (f"{kind} item of notebook {block['notebook']}, section \"{block['section']}\". "
                 "Part of the answer key: sealed into the bank per language, never shipped.")
        yield Entry(feedback_context(qid, "explain"), block["explain"], where,
                    f"{about} Shown to a student who answers right.")
        for value, text in block["wrong"].items():
            letter = " (the edition's own letter: Б, ب for B ...)" if kind in (
                "choice", "order") else ""
            yield Entry(feedback_context(qid, f"wrong {value}"), text, where,
                        f"{about} Shown only to a student who answers {value}{letter}.")
        yield Entry(feedback_context(qid, "hint"), block["hint"], where,
                    f"{about} Shown for any other wrong answer; must not give the answer away.")
        for key in sorted(k for k in block if k.startswith("hint if below ")):
            yield Entry(feedback_context(qid, key), block[key], where,
                        f"{about} Added to the hint for answers {key[len('hint if '):]}.")


# --- templates and catalogs ----------------------------------------------------------------------

def entries(domain: str, root: Path, read=None) -> list:
    """The template's entries of ``domain`` as polib entries, in source order, one per
    (context, text): a repeat adds its place to the first one's references. ``read`` reads a
    notebook by name (sync passes its in-memory tree)."""
    import polib

    if domain == "helpers":
        return helper_entries(root)
    found = {"notebooks": notebook_entries, "data": data_entries,
             "figures": figure_entries, "feedback": feedback_entries}[domain](root, read)
    out: dict[tuple, polib.POEntry] = {}
    for e in found:
        key = (e.context, e.text)
        if key in out:
            if (e.where, "") not in out[key].occurrences:
                out[key].occurrences.append((e.where, ""))
            continue
        out[key] = polib.POEntry(msgctxt=e.context, msgid=e.text, msgstr="",
                                 occurrences=[(e.where, "")], comment=e.note, flags=e.flags)
    return list(out.values())


def template(domain: str, root: Path, read=None) -> str:
    """The text of ``locale/<domain>.pot``."""
    import polib

    pot = polib.POFile(wrapwidth=100)
    pot.metadata = dict(HEADER)
    pot.header = (f"Template of the course's {domain!r} messages. Generated by "
                  "python -m course translate extract (run by python -m course sync) from the "
                  "English; do not edit.")
    for entry in entries(domain, root, read):
        entry.obsolete = False
        pot.append(entry)
    return str(pot) + ("" if str(pot).endswith("\n") else "\n")


def new_catalog(lang: str, domain: str, pot_text: str) -> str:
    """A language's first catalog of ``domain``: the template with the language's header."""
    import polib

    po = polib.pofile(pot_text, wrapwidth=100)
    po.header = (f"{LANGUAGE_NAMES[lang]} translation of the course's {domain!r} messages. "
                 "Translators: see docs/editions.md.")
    po.metadata.update({"Language": lang, "Plural-Forms": PLURAL_FORMS[lang]})
    return str(po) + "\n"


def merged(po_text: str, pot_text: str) -> str:
    """``msgmerge --previous`` of a catalog with the template: a changed English string keeps
    its old translation marked fuzzy, with the old English beside it (``#| msgid``)."""
    msgmerge = shutil.which("msgmerge")
    if not msgmerge:
        raise CatalogError("GNU gettext is needed for the catalogs (msgmerge): "
                           "apt-get install gettext, or brew install gettext")
    with tempfile.TemporaryDirectory() as tmp:
        po, pot, out = Path(tmp) / "in.po", Path(tmp) / "in.pot", Path(tmp) / "out.po"
        po.write_text(po_text, encoding="utf-8")
        pot.write_text(pot_text, encoding="utf-8")
        result = subprocess.run([msgmerge, "--previous", "--quiet", "--no-wrap", "--force-po",
                                 "-o", str(out), str(po), str(pot)], capture_output=True,
                                text=True)
        if result.returncode:
            raise CatalogError(f"msgmerge failed: {result.stderr.strip()}")
        return out.read_text(encoding="utf-8")


def compiled(po_text: str) -> bytes:
    """The ``.mo`` bytes of a catalog (translated, non-fuzzy entries only)."""
    import polib

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.mo"
        polib.pofile(po_text).save_as_mofile(str(path))
        return path.read_bytes()


def sync_catalogs(tree) -> None:
    """The sync step: templates from the English, each language's catalogs merged with them,
    and compiled (``tree`` is :class:`course.sync.Tree`); the guide's domains only where the
    guide is (not in the student edition), and never compiled."""
    for domain in DOMAINS:
        if domain in GUIDE_DOMAINS and not tree.exists(paths.GUIDE):
            continue
        pot_text = template(domain, tree.root, tree.read)
        tree.write(pot_path(domain), pot_text)
        for lang in LANGUAGES:
            po = po_path(lang, domain)
            old = tree.read(po) if tree.exists(po) else new_catalog(lang, domain, pot_text)
            new = merged(old, pot_text)
            tree.write(po, new)
            if domain in COMPILED:
                tree.write_bytes(mo_path(lang, domain), compiled(new))


def translated(po_text: str) -> dict[tuple[str | None, str], str]:
    """(context, English) -> translation, for the entries of a catalog that are translated and
    not fuzzy (what a build may use)."""
    import polib

    return {(e.msgctxt or None, e.msgid): e.msgstr for e in polib.pofile(po_text)
            if not e.obsolete and e.msgstr and "fuzzy" not in e.flags and not e.msgid_plural}
