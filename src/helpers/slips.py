"""A student's slips in a notebook: one short message instead of a traceback.

Importing ``helpers`` inside IPython (Jupyter) calls :func:`install`, which registers
:func:`handle_slip` with ``get_ipython().set_custom_exc``. From then on:

- the course's own errors (``CourseError``: an unknown table, place, route or document id, a
  broken data file) show their message only;
- the common beginner errors show one sentence saying what went wrong and what to type instead:
  a name that is not defined (``answer = C`` -> ``C needs quotes: answer = "C"``), a helper
  that was not imported yet, a misspelt row or column label (pandas ``KeyError``), curly quotes,
  a missing closing quote, a number written with spaces;
- every other error (and any of the above that the rules here cannot explain) shows the normal
  traceback.

A handler cannot stop "Run All" from halting at a cell that raised: answer cells carry the
``raises-exception`` tag for that (see DECISIONS, "Student issue").

Outside IPython (scripts, doctests, pytest) nothing is installed. The message for an error is
computed by :func:`slip_message`, which the tests call directly:

>>> try:
...     exec("answer = C", {})
... except NameError as exc:
...     print(slip_message(exc, source="answer = C"))
C needs quotes: answer = "C"
"""

from __future__ import annotations

import builtins
import difflib
import keyword
import linecache
import re
import sys

from .names import CourseError, unknown_name_message

MARK = "✗ "  # a visible mark, not colour alone
_CELL_FILE = re.compile(r"(ipykernel_\d+|<ipython-input|<cell line)")
_ANSWER = re.compile(r"^\s*answer\s*=\s*(?P<rhs>.+?)\s*$")
_HELPER_CELL = "the first code cell of this notebook (the one that starts `from helpers import`)"


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


def _name_error(exc: NameError, line: str, namespace: dict) -> str | None:
    name = getattr(exc, "name", None)
    if not name:
        return None
    answer = _ANSWER.match(line)
    if answer and re.fullmatch(r"[\w\s,\[\]()\-]+", answer.group("rhs")) and \
            re.search(rf"\b{re.escape(name)}\b", answer.group("rhs")):
        return f"{name} needs quotes: answer = {_quoted(answer.group('rhs'))}"
    from . import __all__ as helper_names

    if name in helper_names or name in ("pd", "plt"):
        return (f"{name} is not loaded yet: run {_HELPER_CELL}, then this cell again "
                f"(if {name} is not in that line, add it: from helpers import {name}).")
    if name == "answer":
        return ('answer has no value yet: write answer = your answer on the line above '
                'check(...), for example answer = "B", and run the cell again.')
    close = [n for n in _known_names(namespace) if n.casefold() == name.casefold()]
    close = close or difflib.get_close_matches(name, _known_names(namespace), n=1, cutoff=0.8)
    if close:
        return f"Python does not know the name {name}. Did you mean {close[0]}?"
    return (f"Python does not know the name {name}. If it is text, put it in quotes: \"{name}\". "
            "If an earlier cell makes it, run the cells above first "
            "(Run menu > Run All Above Selected Cell).")


def _lookup_index(tb):
    """The pandas Index and key of a failed lookup, and whether the Index holds column names."""
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
    return index, key, is_columns


def _key_error(exc: KeyError) -> str | None:
    found = _lookup_index(exc.__traceback__)
    if found is None:
        return None
    index, key, is_columns = found
    labels = [str(label) for label in index[:5000]]
    kind = "column" if is_columns else "row"
    if not isinstance(key, str):
        shown = ", ".join(map(str, key)) if isinstance(key, list | tuple) else str(key)
        return f"There is no {kind} {shown} in this table. Check the labels in the table above."
    text = unknown_name_message(kind, key, labels)
    exact = [label for label in labels if label.casefold() == key.casefold()]
    if exact:  # pandas labels are case-sensitive: say which spelling exists
        text = f'There is no {kind} called "{key}". Did you mean "{exact[0]}"?'
    return text


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
    return (f"{name} needs {len(needed)} value{'s' if len(needed) != 1 else ''} in the brackets "
            f"({', '.join(needed)}), separated by a comma: for example {example}")


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
    return (f'This table has no column or command called {name}. Did you mean the column '
            f'"{close[0]}"? Write it in square brackets and quotes: table["{close[0]}"]')


def _syntax_error(exc: SyntaxError, line: str) -> str | None:
    answer = _ANSWER.match(line)
    message = str(exc.msg)
    if re.search("[\u201c\u201d\u2018\u2019]", line):
        fixed = re.sub("[\u201c\u201d]", '"', re.sub("[\u2018\u2019]", "'", line.strip()))
        return f"Use straight quotes (\") not curly ones (“ ”): {fixed}"
    if "unterminated string" in message or "EOL while scanning" in message:
        fixed = line.strip()
        return f"A closing quote is missing. Text starts and ends with \": {fixed}\""
    if answer:
        rhs = answer.group("rhs")
        if re.fullmatch(r"-?\d[\d\s'.,\u00a0\u2009\u202f]*", rhs):
            plain = re.sub(r"[\s'.,\u00a0\u2009\u202f]", "", rhs)
            return (f"Write the number without spaces or separators: answer = {plain} "
                    f"(or in quotes, as you wrote it: answer = \"{rhs}\").")
        if re.fullmatch(r"[A-Za-z][\w\s\-']*", rhs) and '"' not in rhs:
            return f"Text needs quotes: answer = \"{rhs}\""
    return None


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
            return str(exc)
        if isinstance(exc, NameError):
            return _name_error(exc, line, namespace)
        if isinstance(exc, SyntaxError):
            return _syntax_error(exc, line)
        if isinstance(exc, KeyError):
            return _key_error(exc)
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
    if message is None:
        if issubclass(etype, SyntaxError):
            shell.showsyntaxerror()
            return None
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    else:
        stb = [MARK + message]
    shell._showtraceback(etype, value, stb)
    return stb


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
