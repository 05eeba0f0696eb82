"""Every message of the helpers that reaches a student goes through the i18n API (``_``, ``n_``,
``p_``, ``N_``), so that an edition shows it in its language: an AST check over ``src/helpers``
and the grader's student-facing modules, with a short allowlist of text no student reads
(regular expressions, code, errors for the notebooks' authors, the grader's notes to the
teacher)."""

from __future__ import annotations

import ast
import re

import pytest
from support import ROOT

MARKERS = {"_", "n_", "p_", "N_"}
SHOWN_BY = {"print", "show", "Feedback", "display", "warn"}  # calls that put text on screen
_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r"`[^`]*`")
_WORD = re.compile(r"[^\W\d_]{2,}")

CHECKED = sorted([*(ROOT / "src" / "helpers").glob("*.py"),
                  ROOT / "src" / "course" / "judge.py", ROOT / "src" / "course" / "reports.py"])
ALLOWED = {  # (file, function or "<module>", the text's start) -> why no student reads it
    ("calendars.py", "solar_hijri_text", "precision must be"): "a programming error",
    ("charts.py", "series_figure", "at most"): "an error for the notebooks' authors",
    ("maps.py", "map_figure", "at most"): "an error for the notebooks' authors",
    ("timeline.py", "plot_timeline", "give annotate="): "an error for the notebooks' authors",
    ("figures.py", "_require", ""): "errors for the notebooks' authors: a figure without a "
                                    "title, labels or alt text never reaches a student",
    ("data.py", "<module>", "python -m course"): "a command (code)",
    ("data.py", "_kind", ""): "a schema the reader cannot read: for the maintainers",
    ("data.py", "_parser_problem", "Expected \\d+ fields"): "pandas' own message, matched",
    ("data.py", "_parser_problem", "EOF inside string"): "pandas' own message, matched",
    ("i18n.py", "use", "no language"): "a language code no edition has: for the maintainers",
    ("prompts.py", "<module>", "a an and"): "stop words",
    ("results.py", "state", "not answered yet"): "a state's code, not shown",
    ("slips.py", "<module>", "(ipykernel_"): "a regular expression",
    ("slips.py", "_name_error", "^from helpers import"): "a regular expression",
    ("slips.py", "_name_error", "from helpers import"): "code (an import line)",
    ("slips.py", "_type_error", "(\\w+)"): "Python's own message, matched",
    ("slips.py", "_attribute_error", "'(DataFrame|Series)'"): "Python's own message, matched",
    ("slips.py", "_syntax_error", "EOL while scanning"): "Python's own message, matched",
    ("judge.py", "<module>", ""): "regular expressions",
    ("judge.py", "items_in_order", ""): "an error for the maintainers (sync not run)",
    ("judge.py", "read_run", ""): "the grader's notes on a run, for the teacher (in English)",
}
ALLOWED_FILES = {  # whole files, but for their one student-facing function
    "transfer.py": ("too_long", "the graded run's report, read by the grader: its problems are "
                                "notes to the teacher"),
    "reports.py": ("feedback_page", "the teacher's reports"),
}


def _text(node: ast.AST) -> str:
    """A literal's text; an f-string's without its replacement fields."""
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value for v in node.values if isinstance(v, ast.Constant))


def _sentence(text: str) -> bool:
    """Three words or more of prose (tags, code spans and placeholders aside)."""
    text = _CODE.sub(" ", _TAG.sub(" ", text))
    return len(_WORD.findall(text)) >= 3 and bool(re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text))


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(
        func, ast.Attribute) else ""


def unmarked(source: str, file: str = "module.py") -> list[tuple[int, str, str]]:
    """(line, enclosing function, text) of each message in ``source`` that bypasses the i18n
    API: prose (three words or more) anywhere but in a docstring, and any words given to an
    error, to a call that shows text, or returned, unless inside ``_()`` and the like."""
    tree = ast.parse(source)
    parents = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    quiet = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)
             and isinstance(n.value, ast.Constant)}  # docstrings and attribute docstrings
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS:
            quiet |= {id(sub) for sub in ast.walk(node)}

    def where(node) -> tuple[str, list[ast.AST]]:
        chain = []
        while id(node) in parents:
            node = parents[id(node)]
            chain.append(node)
        functions = [n.name for n in chain if isinstance(n, ast.FunctionDef)]
        return (functions[0] if functions else "<module>"), chain

    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and
                                                    isinstance(node.value, str))):
            continue
        if id(node) in quiet or isinstance(parents.get(id(node)), ast.JoinedStr):
            continue
        function, chain = where(node)
        text = _text(node)
        checked = ALLOWED_FILES.get(file, (function, ""))[0]
        if checked and function != checked:
            continue
        if any(file == f and function == g and text.startswith(start)
               for f, g, start in ALLOWED):
            continue
        shown = any(isinstance(n, ast.Raise) or isinstance(n, ast.Return) or (
            isinstance(n, ast.Call) and _name(n.func) in SHOWN_BY | {"AnswerFormError",
                                                                     "DataError"})
            for n in chain)
        plain = _CODE.sub(" ", _TAG.sub(" ", text))
        words = re.search(r"[^\W\d_]{2,}(\s+\S*[^\W\d_]{2,}|[.!?])", plain)
        if _sentence(text) or (shown and words):
            found.append((node.lineno, function, text[:80]))
    return sorted(found)


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: p.name)
def test_no_student_message_bypasses_the_i18n_api(path):
    assert unmarked(path.read_text(encoding="utf-8"), path.name) == []


def test_the_check_finds_messages_without_the_api():
    source = '''
def read(x):
    """A docstring is not a message."""
    if x is None:
        raise CourseError(f"There is no table called {x}.")
    if x == 1:
        return "Not quite."
    print("Your score is", x)
    return _("Correct.") + _(f"fine {x}")
TEXT = "Showing the first rows of the table"
'''
    found = [(line, function) for line, function, _text in unmarked(source)]
    assert found == [(5, "read"), (7, "read"), (8, "read"), (10, "<module>")]


def marked(source: str) -> set[str]:
    """The English of every ``_()``, ``n_()``, ``p_()`` and ``N_()`` call with a literal."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS and node.args:
            first = node.args[1] if _name(node.func) == "p_" else node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def test_every_marked_message_is_in_the_template_translators_get():
    """xgettext reads the marks (not one inside an f-string, where it sees no call): each
    message is in locale/helpers.pot, so a translator gets it."""
    import polib

    template = {e.msgid for e in polib.pofile(str(ROOT / "locale" / "helpers.pot"))}
    template |= {e.msgid_plural for e in polib.pofile(str(ROOT / "locale" / "helpers.pot"))}
    for path in CHECKED:
        missing = marked(path.read_text(encoding="utf-8")) - template
        assert not missing, f"{path.name}: not in locale/helpers.pot: {sorted(missing)[:3]}"


# Code written into a message's English (an assignment, a call, a notebook file, a command)
# instead of a placeholder filled with i18n.code(...)
_CODE_IN_ENGLISH = re.compile(r"\w+ = |\w+\(\)|\.ipynb\b|python -m ")


def code_in_messages(template) -> list[str]:
    """The messages of ``template`` (a polib file) whose English writes code itself."""
    return [m for e in template for m in (e.msgid, e.msgid_plural)
            if m and _CODE_IN_ENGLISH.search(_PLACEHOLDER.sub(" ", m))]


_PLACEHOLDER = re.compile(r"\{\w+\}")


def test_code_in_a_message_is_a_placeholder_filled_with_i18n_code():
    """A message quotes code through a placeholder (``{code}``, filled with ``i18n.code(...)``),
    so that the Dari edition isolates it left to right and no translation can alter it."""
    import polib

    template = polib.pofile(str(ROOT / "locale" / "helpers.pot"))
    assert code_in_messages(template) == []
    broken = polib.POFile()
    broken.append(polib.POEntry(msgid="Not answered (the cell says answer = ...): {items}."))
    assert code_in_messages(broken)  # the check can fail
