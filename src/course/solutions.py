"""Answers computed from the data: one Python expression over the course's tables, evaluated here.

A key the data decide carries its solution as code in its answer block (``solution:``), a
``wrong N = ...`` line the computation that gives N, and a number in the prose a claim with the
expression that yields it (``course.claims``). All of them are one expression that a teacher can
paste into a notebook cell and run, over the names a notebook has:

- ``load_table``, ``distance_km`` and ``waypoint_length_km``: the notebooks' own helpers;
- ``pd``: pandas;
- a few builtins: ``abs all any bool dict enumerate float int len list max min range round set
  sorted str sum tuple zip``.

Nothing else: no import, no ``open``, no name or attribute that starts with ``_``. That keeps an
expression offline and about the data; it is a guard against mistakes, not a sandbox (the guide
is the teacher's own text). :func:`evaluate` reads the tables of the ``data/`` folder it is
given, so a check can run on a changed copy of the data.

>>> round(evaluate('distance_km("kushka", "herat")'), 1)
104.4
>>> evaluate('len(load_table("events").query("era == \\'soviet\\'")) > 0')
True
>>> evaluate('open("README.md")')
Traceback (most recent call last):
...
course.solutions.SolutionError: 'open' is not available in a solution; use load_table, \
distance_km, waypoint_length_km, pd and plain Python
"""

from __future__ import annotations

import ast
import builtins
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .paths import ROOT, helpers

BUILTINS = ("abs all any bool dict enumerate float int len list max min range round set sorted "
            "str sum tuple zip").split()
HELPERS = ("load_table", "distance_km", "waypoint_length_km")
ALLOWED = (*HELPERS, "pd", *BUILTINS)


class SolutionError(ValueError):
    """An expression that cannot be read or run; the message says which and why."""


def check_syntax(expr: str) -> ast.Expression:
    """The parsed expression, or :class:`SolutionError` saying what is wrong with it.

    >>> check_syntax('distance_km("a", "b")').body.func.id
    'distance_km'
    >>> check_syntax("x = 1")
    Traceback (most recent call last):
    ...
    course.solutions.SolutionError: not one Python expression: x = 1
    """
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        raise SolutionError(f"not one Python expression: {expr}") from None
    bound = {a.arg for node in ast.walk(tree) if isinstance(node, ast.Lambda)
             for a in node.args.args}
    bound |= {n.id for node in ast.walk(tree) if isinstance(node, ast.comprehension)
              for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    for node in ast.walk(tree):
        name = (node.id if isinstance(node, ast.Name) else
                node.attr if isinstance(node, ast.Attribute) else None)
        if name is None:
            continue
        if name.startswith("_"):
            raise SolutionError(f"{name!r} is not available in a solution (names starting "
                                f"with _ are not)")
        if isinstance(node, ast.Name) and name not in ALLOWED and name not in bound:
            raise SolutionError(f"{name!r} is not available in a solution; use load_table, "
                                "distance_km, waypoint_length_km, pd and plain Python")
    return tree


def namespace() -> dict:
    """The names an expression may use (a fresh dict each time)."""
    import pandas as pd

    data, geo, routes = helpers("data"), helpers("geo"), helpers("routes")
    allowed = {name: getattr(builtins, name) for name in BUILTINS}
    # compiled libraries (pandas' date parser) import through the caller's builtins; an
    # expression itself cannot name __import__ (check_syntax refuses names starting with _)
    allowed["__import__"] = builtins.__import__
    return {"__builtins__": allowed, "pd": pd, "load_table": data.load_table,
            "distance_km": geo.distance_km, "waypoint_length_km": routes.waypoint_length_km}


@contextmanager
def data_folder(folder: Path | None) -> Iterator[None]:
    """Within the block, ``load_table`` reads ``folder`` (None: the copy's own ``data/``)."""
    name = helpers("data").DATA_ENV
    before = os.environ.get(name)
    if folder is not None:
        os.environ[name] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def evaluate(expr: str, data: Path | None = None):
    """The value of one expression over the tables in ``data`` (default: this copy's ``data/``).

    Raises:
        SolutionError: the expression is not allowed, or fails when run (the message keeps
            Python's own words: a misspelt column names the column).
    """
    tree = check_syntax(expr)
    if data is not None and Path(data).resolve() == (ROOT / "data").resolve():
        data = None
    with data_folder(data):
        try:
            return eval(compile(tree, "<solution>", "eval"), namespace())  # noqa: S307
        except Exception as exc:  # any failure of the teacher's expression, named
            raise SolutionError(f"{type(exc).__name__}: {exc}") from None


def plain(value):
    """A value as plain Python for messages and comparisons: numpy scalars, Series and
    Timestamps become int/float/list/str.

    >>> import numpy as np
    >>> plain(np.int64(6)), plain(np.float64(2.5)), plain(np.bool_(True))
    (6, 2.5, True)
    """
    import numpy as np
    import pandas as pd

    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def shown(value) -> str:
    """A value as a message shows it: floats with at most 4 decimals.

    >>> shown(104.43220), shown([1, 2.0]), shown("C")
    ('104.4322', '[1, 2]', "'C'")
    """
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return repr(value)
