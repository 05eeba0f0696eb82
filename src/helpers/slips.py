"""A student's slips in a notebook: one short message instead of a traceback.

Importing ``helpers`` inside IPython (Jupyter) calls :func:`install`, which registers
:func:`handle_slip` with ``get_ipython().set_custom_exc``. From then on:

- the course's own errors (``CourseError``: an unknown table, place, route or document id, a
  broken data file) show their message only;
- the common beginner errors show one sentence saying what went wrong and what to type instead:
  an id or label typed without quotes, as an answer or inside a call (``answer = C`` ->
  ``C needs quotes: answer = "C"``; ``distance_km(kushka, herat)`` -> ``distance_km("kushka",
  "herat")``), a table made by a cell above that has not run, a helper that was not imported,
  a misspelt row or column label (pandas ``KeyError``), a year looked up as a row label where it
  is a column, curly quotes, a missing closing quote, a number written with spaces (or in
  Persian digits, ``answer = ۱۹۰٫۳``, which Python cannot read);
- every other error (and any of the above that the rules here cannot explain) shows the normal
  traceback.

When the cell that stopped is an answer cell (it calls ``check``/``assess``), the handler also
notes the slip in :mod:`helpers.results`, so the summary can say which items stopped on a slip.

A handler cannot stop "Run All" from halting at a cell that raised: answer cells carry the
``raises-exception`` tag for that (see DECISIONS, "Student path"). Every answer cell starts with
``from helpers import check`` (or ``assess``), so the handler is installed even when the cell is
the first one run in a fresh kernel. Only a *syntax* slip in that very first cell escapes it:
Python reads the whole cell before running its first line, and shows its own short
``SyntaxError`` (no traceback); from the next cell on, every slip gets its one line.

Outside IPython (scripts, doctests, pytest) nothing is installed. The message for an error is
computed by :func:`slip_message`, which the tests call directly:

>>> try:
...     exec("answer = C", {})
... except NameError as exc:
...     print(slip_message(exc, source="answer = C"))
C needs quotes: answer = "C"
"""

from __future__ import annotations

import ast
import builtins
import difflib
import keyword
import linecache
import re
import sys

from . import i18n
from .i18n import N_, _, n_
from .names import UNKNOWN, CourseError, unknown_name_message

MARK = "✗ "  # a visible mark, not colour alone
_CELL_FILE = re.compile(r"(ipykernel_\d+|<ipython-input|<cell line)")
_ANSWER = re.compile(r"^\s*answer\s*=\s*(?P<rhs>.+?)\s*$")
# Translators: JupyterLab's menu, as its language pack words it (the Russian pack: «Запуск >
# Запустить все ячейки выше»).
_RUN_ABOVE = N_("Run menu > Run All Above Selected Cell")
code = i18n.code  # code quoted in a message reads left to right inside a Dari sentence


# --- finding the line the student wrote ---------------------------------------------------------

def _cell_frames(tb):
    """The traceback's frames that belong to a notebook cell, outermost first."""
    frames = []
    while tb is not None:
        if _CELL_FILE.search(tb.tb_frame.f_code.co_filename):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _cell_line(exc: BaseException) -> str:
    """The line of the cell where ``exc`` happened ('' when it cannot be found)."""
    if isinstance(exc, SyntaxError):
        return (exc.text or "").rstrip("\n")
    frames = _cell_frames(exc.__traceback__)
    if not frames:
        return ""
    frame, lineno = frames[-1]
    return linecache.getline(frame.f_code.co_filename, lineno).rstrip("\n")


# --- the rules, one per kind of slip -------------------------------------------------------------

def _quoted(rhs: str) -> str:
    """How an unquoted answer should be written: one text in quotes, or a list of them."""
    parts = [p for p in re.split(r"[\s,]+", rhs.strip("[]() ")) if p]
    if len(parts) > 1:
        return "[" + ", ".join(f'"{p}"' for p in parts) + "]"
    return f'"{rhs}"'


def _known_names(namespace: dict) -> list[str]:
    from . import __all__ as helper_names

    names = [n for n in namespace if not n.startswith("_")]
    return sorted({*names, *helper_names, *dir(builtins)} - set(keyword.kwlist))


def _is_words(node: ast.AST) -> bool:
    """A bare name, or names and numbers joined by hyphens (``CASA-1000``, ``mazar-i-sharif``):
    what an id typed without quotes parses as."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        number = isinstance(node.right, ast.Constant) and isinstance(node.right.value, int)
        return _is_words(node.left) and (number or _is_words(node.right))
    return False


def _undefined(node: ast.AST, defined) -> bool:
    return any(isinstance(n, ast.Name) and not defined(n.id) for n in ast.walk(node))


def _id_positions(tree: ast.AST) -> list[ast.AST]:
    """The places in a line where an id or label belongs: the arguments of a course helper's
    call, what stands in a table's square brackets (``.loc[...]``, ``table[...]``), the values
    compared inside those brackets, and an answer's right-hand side; lists and tuples there
    count element by element."""
    from . import __all__ as helper_names

    spots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in helper_names:
            spots += [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Subscript):
            spots.append(node.slice)
        elif isinstance(node, ast.Compare):
            spots += [node.left, *node.comparators]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "answer"
                                                  for t in node.targets):
            spots.append(node.value)
    found = []
    for spot in spots:
        if isinstance(spot, ast.List | ast.Tuple):
            found += [e for e in spot.elts if _is_words(e)]
        elif _is_words(spot):
            found.append(spot)
    return found


def _with_quotes(line: str, namespace: dict) -> tuple[list[str], str] | None:
    """The words of ``line`` that are ids typed without quotes, and the line with them quoted;
    None when the line does not parse on its own or has no such word.

    >>> _with_quotes('answer = distance_km(kushka, herat)', {})
    (['kushka', 'herat'], 'answer = distance_km("kushka", "herat")')
    >>> _with_quotes('waypoint_length_km(CASA-1000)', {})
    (['CASA-1000'], 'waypoint_length_km("CASA-1000")')
    >>> _with_quotes('opium.loc[2022, hectares]', {"opium": 1})
    (['hectares'], 'opium.loc[2022, "hectares"]')
    >>> _with_quotes('print(frontier)', {}) is None
    True
    """
    from . import __all__ as helper_names

    text = line.strip()
    indent = line[: len(line) - len(line.lstrip())]
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None

    def defined(name: str) -> bool:
        return name in namespace or name in helper_names or hasattr(builtins, name)

    spots = sorted({(n.col_offset, n.end_col_offset) for n in _id_positions(tree)
                    if _undefined(n, defined)})
    if not spots:
        return None
    words = [text[start:end] for start, end in spots]
    for start, end in reversed(spots):
        text = f'{text[:start]}"{text[start:end]}"{text[end:]}'
    return words, indent + text


def _value_names(line: str) -> set[str]:
    """Names used as a table or value in ``line`` (``claims.loc[...]``, ``events["era"]``)."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return set()
    return {node.value.id for node in ast.walk(tree)
            if isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.value, ast.Name)}


def _current_cell() -> str:
    """The source of the cell being run in IPython ('' outside it)."""
    ipython = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    history = getattr(getattr(ipython, "history_manager", None), "input_hist_raw", None)
    return history[-1] if history else ""


def _name_error(exc: NameError, line: str, namespace: dict) -> str | None:
    name = getattr(exc, "name", None)
    if not name:
        return None
    answer = _ANSWER.match(line)
    if answer and re.fullmatch(r"[\w\s,\-]+", answer.group("rhs")) and \
            re.search(rf"\b{re.escape(name)}\b", answer.group("rhs")):
        return _("{name} needs quotes: {code}", name=code(name),
                 code=code(f"answer = {_quoted(answer.group('rhs'))}"))
    from . import __all__ as helper_names

    if name in helper_names or name in ("pd", "plt"):
        imported = re.search(r"^from helpers import ([\w, ]+)$", _current_cell(), re.M)
        add = (f"from helpers import {imported.group(1).strip()}, {name}" if imported
               else f"from helpers import {name}")
        return _("{name} is not loaded yet: add it to this cell's first line ({add}) or run the "
                 "first code cell of this notebook (the one that starts {start}), then run this "
                 "cell again.", name=code(name), add=code(add),
                 start=code("`from helpers import`"))
    if name == "answer":
        return _("{answer} has no value yet: write {line} on the line above {check}, for example "
                 "{example}, and run the cell again.", answer=code("answer"),
                 # Translators: what a student writes: answer = (their answer, in words).
                 line=code("answer = ") + _("your answer"), check=code("check(...)"),
                 example=code('answer = "B"'))
    close = [n for n in _known_names(namespace) if n.casefold() == name.casefold()]
    close = close or difflib.get_close_matches(name, _known_names(namespace), n=1, cutoff=0.8)
    if close:
        return _("Python does not know the name {name}. Did you mean {close}?", name=code(name),
                 close=code(close[0]))
    quoted = _with_quotes(line, namespace)
    if quoted and name in {w.split("-")[0] for w in quoted[0]}:
        # Translators: {words} is "kushka and herat" (one word: the singular).
        return n_("{words} needs quotes: {code}", "{words} need quotes: {code}", len(quoted[0]),
                  words=i18n.listed(map(code, quoted[0])), code=code(quoted[1].strip()))
    if name in _value_names(line):
        return _("{name} is made by a cell above, which has not run since the kernel started: "
                 "run the cells above first ({menu}), then this cell again.", name=code(name),
                 menu=_(_RUN_ABOVE))
    return _('Python does not know the name {name}. If it is text, put it in quotes: {quoted}. '
             'If an earlier cell makes it, run the cells above first ({menu}).',
             name=code(name), quoted=code(f'"{name}"'), menu=_(_RUN_ABOVE))


def _lookup_index(tb):
    """The pandas Index and key of a failed lookup, and the table whose rows or columns that
    Index labels (None when it cannot be told)."""
    import pandas as pd

    index = key = None
    objects = []
    while tb is not None:
        local = tb.tb_frame.f_locals
        for value in (local.get("self"), local.get("obj")):
            if isinstance(value, pd.DataFrame | pd.Series):
                objects.append(value)
            if isinstance(value, pd.Index) and "key" in local:
                index, key = value, local["key"]
        tb = tb.tb_next
    if index is None:
        return None
    is_columns = any(isinstance(o, pd.DataFrame) and o.columns is index for o in objects)
    owner = next((o for o in objects if o.index is index), None)
    return index, key, is_columns, owner


def _table_name(line: str) -> str:
    """The name of the table a line looks something up in (``opium`` in ``opium.loc[...]``)."""
    match = re.search(r"(\w+)\s*(?:\.loc|\.at)?\s*\[", line)
    return match.group(1) if match else "table"


def _column_holding(frame, key) -> str | None:
    """The column of ``frame`` whose values include ``key`` (the year a student looked up as a
    row label), or None."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        return None
    for column in frame.columns:
        try:
            if (frame[column] == key).any():
                return str(column)
        except (TypeError, ValueError):
            continue
    return None


def _labels_shown(index) -> str:
    """The row labels of a table, in a few words ('0 to 33', 'kabul, herat, merv, ...').

    >>> import pandas as pd
    >>> _labels_shown(pd.RangeIndex(34)), _labels_shown(pd.Index(["a", "b", "c", "d"]))
    ('0 to 33', 'a, b, c, ...')
    """
    import pandas as pd

    numeric = pd.api.types.is_numeric_dtype(index) and not pd.api.types.is_bool_dtype(index)
    if numeric and len(index) > 3 and index.is_monotonic_increasing:
        return _("{first} to {last}", first=code(index[0]), last=code(index[-1]))
    return code(", ".join(str(v) for v in index[:3]) + (", ..." if len(index) > 3 else ""))


def _key_error(exc: KeyError, line: str) -> str | None:
    found = _lookup_index(exc.__traceback__)
    if found is None:
        return None
    index, key, is_columns, owner = found
    labels = [str(label) for label in index[:5000]]
    kind = "column" if is_columns else "row"
    if not is_columns and not isinstance(key, list | tuple | slice):
        column = _column_holding(owner, key)
        if column is not None and key not in index:
            table = _table_name(line)
            value = f'"{key}"' if isinstance(key, str) else str(key)
            fixed = line.strip().replace(f"{table}.loc[", f'{table}.set_index("{column}").loc[')
            if fixed == line.strip():
                fixed = f'{table}.set_index("{column}").loc[{value}]'
            return _('The rows of {table} are labelled {labels}; {value} is in its "{column}" '
                     'column, so pick the row by {column}: {fixed}', table=code(table),
                     labels=_labels_shown(index), value=code(value), column=code(column),
                     fixed=code(fixed))
    if not isinstance(key, str):
        shown = ", ".join(map(str, key)) if isinstance(key, list | tuple) else str(key)
        if is_columns:
            return _("There is no column {key} in this table: its columns are {columns}.",
                     key=code(shown), columns=", ".join(map(code, labels)))
        return _("There is no row {key} in this table: its rows are labelled {labels}.",
                 key=code(shown), labels=_labels_shown(index).removesuffix("."))
    text = unknown_name_message(kind, key, labels)
    exact = [label for label in labels if label.casefold() == key.casefold()]
    if exact:  # pandas labels are case-sensitive: say which spelling exists
        text = _(UNKNOWN[kind], name=code(key)) + " " + _('Did you mean "{name}"?',
                                                          name=code(exact[0]))
    return text


def _course_error(exc: Exception, line: str, namespace: dict) -> str:
    """A course error's own message; when a helper was given a table or number where an id in
    quotes belongs (``load_table(events)``), the line with the quotes."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return str(exc)
    from . import __all__ as helper_names

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in helper_names:
            for arg in node.args:
                if isinstance(arg, ast.Name) and arg.id in namespace and \
                        not isinstance(namespace[arg.id], str):
                    fixed = re.sub(rf"\b{node.func.id}\(\s*{arg.id}\b",
                                   f'{node.func.id}("{arg.id}"', line.strip(), count=1)
                    if fixed != line.strip():
                        return _("{helper} wants a name in quotes, and {name} is not text: "
                                 "{fixed}", helper=code(node.func.id), name=code(arg.id),
                                 fixed=code(fixed))
    return str(exc)


_EXAMPLES = {"check": 'check("q00_example", answer)', "assess": 'assess("q04_durand", answer)',
             "load_table": 'load_table("events")', "distance_km": 'distance_km("kabul", "herat")',
             "score_summary": 'score_summary("01")'}


def _type_error(exc: TypeError) -> str | None:
    """A course helper called with too few or too many values: say what it needs."""
    import inspect

    from . import __all__ as helper_names

    match = re.match(r"(\w+)\(\) (missing \d+ required|takes \d+ positional|got an unexpected)",
                     str(exc))
    if not match or match.group(1) not in helper_names:
        return None
    name = match.group(1)
    import helpers

    function = getattr(helpers, name)
    needed = [p.name for p in inspect.signature(function).parameters.values()
              if p.default is inspect.Parameter.empty and p.kind in
              (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    example = _EXAMPLES.get(name, f"{name}({', '.join(needed)})")
    return n_("{helper} needs {n} value in the brackets ({names}), separated by a comma: for "
              "example {example}", "{helper} needs {n} values in the brackets ({names}), "
              "separated by a comma: for example {example}", len(needed), helper=code(name),
              names=", ".join(map(code, needed)), example=code(example))


def _attribute_error(exc: AttributeError) -> str | None:
    """``events.Date`` or ``events.titel``: a table has no such column (or method)."""
    import pandas as pd

    match = re.fullmatch(r"'(DataFrame|Series)' object has no attribute '(\w+)'", str(exc))
    if not match:
        return None
    name = match.group(2)
    tb, frame = exc.__traceback__, None
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        if isinstance(candidate, pd.DataFrame):
            frame = candidate
        tb = tb.tb_next
    if frame is None:
        return None
    columns = [str(c) for c in frame.columns]
    close = [c for c in columns if c.casefold() == name.casefold()]
    close = close or difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
    if not close:
        return None
    return _('This table has no column or command called {name}. Did you mean the column '
             '"{column}"? Write it in square brackets and quotes: {code}', name=code(name),
             column=code(close[0]), code=code(f'table["{close[0]}"]'))


def _syntax_error(exc: SyntaxError, line: str) -> str | None:
    answer = _ANSWER.match(line)
    message = str(exc.msg)
    if answer and re.fullmatch(r"-?\d[\d\s'.,\u00a0\u2009\u202f]*", answer.group("rhs")) and \
            re.search(r"\d[\s'\u00a0\u2009\u202f]\d", answer.group("rhs")):
        rhs = answer.group("rhs")  # 10 476, 10'476, 1 234,5: a number with spaces or apostrophes
        return _("Write the number without spaces or separators, with a dot for decimals: "
                 "{plain} (or in quotes, as you wrote it: {quoted}).",
                 plain=code(f"answer = {_plain_number(rhs)}"), quoted=code(f'answer = "{rhs}"'))
    if re.search("[\u201c\u201d\u2018\u2019]", line):
        fixed = re.sub("[\u201c\u201d]", '"', re.sub("[\u2018\u2019]", "'", line.strip()))
        return _('Use straight quotes (") not curly ones (“ ”): {fixed}', fixed=code(fixed))
    if "unterminated string" in message or "EOL while scanning" in message:
        return _('A closing quote is missing. Text starts and ends with ": {fixed}',
                 fixed=code(line.strip() + '"'))
    words = _words_in_brackets(line)
    if words:
        return words
    if answer:
        rhs = answer.group("rhs")
        # 105,05 (Python refuses leading zeros); Persian digits with their decimal and
        # thousands marks, ۱۹۰٫۳ and ۱۰٬۴۷۶ (U+066B, U+066C): Python reads no digit but ASCII
        if re.fullmatch(r"-?\d[\d.,\u066b\u066c]*", rhs):
            return _("Write the number without separators, with a dot for decimals: {plain} (or "
                     "in quotes: {quoted}).", plain=code(f"answer = {_plain_number(rhs)}"),
                     quoted=code(f'answer = "{rhs}"'))
        if re.fullmatch(r"[A-Za-z][\w\s\-']*", rhs) and '"' not in rhs:
            return _("Text needs quotes: {code}", code=code(f'answer = "{rhs}"'))
    return None


def _words_in_brackets(line: str) -> str | None:
    """The message for a helper's call with words where ids in quotes belong: each word of
    ``distance_km(kushka herat)`` quoted and separated by commas, a keyword's words
    (``title=Great Game``) quoted together. None when the line has no such call.

    >>> _words_in_brackets("answer = distance_km(kushka herat)")
    'Each id needs quotes, and a comma between them: answer = distance_km("kushka", "herat")'
    >>> _words_in_brackets("plot_timeline(events, title=Great Game)")
    'Text needs quotes: plot_timeline(events, title="Great Game")'
    >>> _words_in_brackets("answer = C A") is None
    True
    """
    from . import __all__ as helper_names

    text = line.strip()
    call = re.search(r"\b(\w+)\(([A-Za-z_][\w\- ]*\s[\w\- ]*)\)", text)
    if call and call.group(1) in helper_names:
        quoted = ", ".join(f'"{w}"' for w in call.group(2).split())
        return _("Each id needs quotes, and a comma between them: {code}",
                 code=code(text[:call.start(2)] + quoted + text[call.end(2):]))
    keyword = re.search(r"\b(\w+)=([A-Za-z][\w\-']*(?: [\w\-']+)+)(?=\s*[,)])", text)
    if keyword:
        return _("Text needs quotes: {code}", code=code(
            text[:keyword.start(2)] + f'"{keyword.group(2)}"' + text[keyword.end(2):]))
    return None


def _plain_number(typed: str) -> str:
    """The number a student typed with separators, as Python writes it, read by the checker's
    one rule (``helpers.answers.read_number``) for the exercise of the cell being run.

    >>> _plain_number("10 476"), _plain_number("1 234,5")
    ('10476', '1234.5')
    """
    from .answers import AnswerFormError, read_number
    from .bank import bank, resolve
    from .results import called_id

    qid = resolve(called_id(_current_cell()) or "")
    whole = bank()[qid].get("whole", True) if qid else True
    try:
        return f"{read_number(typed, whole)[0]:.15g}"
    except AnswerFormError:
        return re.sub(r"[\s'.,\u00a0\u2009\u202f]", "", typed)


def slip_message(exc: BaseException, *, source: str | None = None,
                 namespace: dict | None = None) -> str | None:
    """The one-sentence message for a slip, or None when it is not a slip we can explain.

    Args:
        exc: the exception raised by a cell.
        source: the line that raised it (found from the traceback when not given).
        namespace: the notebook's variables, to suggest a close name.

    >>> slip_message(KeyError("x")) is None
    True
    """
    line = _cell_line(exc) if source is None else source
    namespace = {} if namespace is None else namespace
    try:
        if isinstance(exc, CourseError):
            return _course_error(exc, line, namespace)
        if isinstance(exc, NameError):
            return _name_error(exc, line, namespace)
        if isinstance(exc, SyntaxError):
            return _syntax_error(exc, line)
        if isinstance(exc, KeyError):
            return _key_error(exc, line)
        if isinstance(exc, TypeError):
            return _type_error(exc)
        if isinstance(exc, AttributeError):
            return _attribute_error(exc)
    except Exception:  # noqa: BLE001 - a failing rule must never hide the real error
        return None
    return None


def handle_slip(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: a short message for a slip, else the normal traceback.

    It shows the output itself (IPython ignores what a handler returns) through the shell's
    ``_showtraceback``, so the cell still ends in an error (status, ``ename``) and Run All
    stops there unless the cell is tagged ``raises-exception``.
    """
    message = slip_message(value, namespace=shell.user_ns)
    _note_answer_cell(message or f"{etype.__name__}: {value}")
    if message is None:
        if issubclass(etype, SyntaxError):
            shell.showsyntaxerror()
            return None
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    else:
        stb = [MARK + i18n.line(message)]
    shell._showtraceback(etype, value, stb)
    return stb


def _note_answer_cell(message: str) -> None:
    """If the cell that stopped is an answer cell, note the slip for the summary."""
    from . import results

    qid = results.called_id(_current_cell())
    if qid:
        results.slip(qid, message)


def install() -> bool:
    """Register the handler in the running IPython shell; False when not inside IPython.

    >>> install()  # doctests run outside IPython
    False
    """
    ipython = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if ipython is None:
        return False
    ipython.set_custom_exc((CourseError, NameError, KeyError, SyntaxError, TypeError,
                            AttributeError), handle_slip)
    return True
