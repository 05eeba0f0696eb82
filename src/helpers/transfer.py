"""Answers as plain data: what a graded run hands to the grader, and how the grader reads it.

In a graded run (``COURSE_GRADED_RUN=1``) the student's kernel judges nothing: it records each
answer, and a last cell prints them all as JSON (:func:`export`). The grader reads that text with
:func:`read_export` in its own process and judges the rebuilt values against its own bank, so
that its verdict and message are the ones the notebook would show.

Everything the kernel prints is untrusted: :func:`read_export` parses strictly (the format
below, nothing more) within :data:`LIMITS` and raises :class:`TransferError`, whose message says
in plain words what was wrong, for anything else. Decoding builds values only (no code runs).

Each value is a JSON object ``{"t": kind, ...}``, by the value's type:

- ``none``, ``ellipsis``; ``bool`` (``v``: true/false); ``int`` (``v``: its digits as text);
  ``float`` (``v``: ``repr``, so ``nan``, ``inf`` and ``-inf`` survive); ``str`` (``v``);
- ``list``, ``tuple``, ``set``, ``dict`` (``v``: elements, or ``[key, value]`` pairs);
- ``numpy`` (a numpy scalar: ``dtype`` and ``v``), ``ndarray`` (one dimension: ``dtype``, ``v``);
- ``series``, ``index`` (``v``, ``index``, ``name``, ``dtype``) and ``dataframe`` (``v`` as rows,
  ``index``, ``columns``, ``dtypes``): pandas objects, rebuilt as pandas objects, since
  ``helpers.answers`` reads a one-value column or table differently from a longer one;
- ``timestamp`` (ISO text), ``na`` (``pd.NA``), ``nat`` (``pd.NaT``);
- ``other``: any other object, by its type name and ``repr``, with ``float`` (what ``float()``
  gave, if anything) and ``items`` (its first elements, if it can be iterated): the grader
  rebuilds a stand-in that answers ``repr``, ``float()`` and iteration as the original did.

A text longer than ``text`` characters or a container with more than ``elements`` elements is
cut, and ``length`` gives the original size: such an answer is never right (no question takes
it), and :func:`too_long` says so in words.

>>> import math
>>> back = loads(dumps([1, "B", 2.5, float("nan"), None, ..., (True, "x")]))
>>> back[:3], math.isnan(back[3]), back[4:]
([1, 'B', 2.5], True, [None, Ellipsis, (True, 'x')])
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping

from .i18n import N_, _, number

FORMAT = 1
LIMITS = {"answers": 200, "id": 100, "text": 2048, "elements": 50, "depth": 4,
          "digits": 4300, "repr": 200, "report_bytes": 1_000_000}
# 4300: Python's own limit for writing an int as text (sys.int_info.default_max_str_digits);
# a longer int cannot be shown or read as a float either way, so its size is all that counts.
_NUMPY_KINDS = "biufU"  # bool, int, unsigned, float, str: the numpy scalars rebuilt as such
_PANDAS_DTYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                  "float32", "float64", "bool", "object", "str", "string", "category",
                  "Int64", "Float64", "boolean", "datetime64[ns]", "datetime64[us]",
                  "datetime64[ms]", "datetime64[s]"}


class TransferError(ValueError):
    """The answers a graded run reported cannot be read; the message says why, in words."""


# --- encoding (in the student's kernel) ----------------------------------------------------------

def _cut(values, limit: int) -> tuple[list, int | None]:
    """The first ``limit`` elements of an iterable, and its length if it had more."""
    head = list(itertools.islice(iter(values), limit + 1))
    if len(head) <= limit:
        return head, None
    try:
        return head[:limit], len(values)
    except TypeError:
        return head[:limit], limit + 1


def _safe_repr(value) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a huge int, a broken __repr__: describe by type
        return "(too long to show)"
    return text[: LIMITS["repr"]]


def encode(value, depth: int = 0) -> dict:
    """One answer as JSON-ready data (see the module's docstring). Never raises.

    >>> encode("B"), encode(12), encode(float("inf"))
    ({'t': 'str', 'v': 'B'}, {'t': 'int', 'v': '12'}, {'t': 'float', 'v': 'inf'})
    >>> encode(list(range(60)))["length"]
    60
    """
    try:
        return _encode(value, depth)
    except Exception:  # noqa: BLE001 - an object that breaks while being read: by type only
        return {"t": "other", "type": type(value).__name__[:100], "repr": _safe_repr(value)}


def _encode(value, depth: int) -> dict:
    import sys

    limit = LIMITS["elements"]
    if value is None:
        return {"t": "none"}
    if value is ...:
        return {"t": "ellipsis"}
    kind = type(value)
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        if abs(value) >= 10 ** LIMITS["digits"]:
            return {"t": "int", "v": None, "sign": "-" if value < 0 else "",
                    "length": _digits(value)}
        return {"t": "int", "v": str(value)}
    if kind is float:
        return {"t": "float", "v": repr(value)}
    if kind is str:
        if len(value) > LIMITS["text"]:
            return {"t": "str", "v": value[: LIMITS["text"]], "length": len(value)}
        return {"t": "str", "v": value}
    deeper = depth + 1
    if deeper > LIMITS["depth"]:
        return {"t": "other", "type": kind.__name__[:100], "repr": _safe_repr(value)}
    if kind in (list, tuple, set, frozenset):
        items, length = _cut(value, limit)
        name = "set" if kind is frozenset else kind.__name__
        out = {"t": name, "v": [_encode(v, deeper) for v in items]}
        return out if length is None else {**out, "length": length}
    if kind is dict:
        pairs, length = _cut(value.items(), limit)
        out = {"t": "dict", "v": [[_encode(k, deeper), _encode(v, deeper)] for k, v in pairs]}
        return out if length is None else {**out, "length": length}
    numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
    if numpy is not None and isinstance(value, numpy.generic) \
            and value.dtype.kind in _NUMPY_KINDS:
        return {"t": "numpy", "dtype": value.dtype.str if value.dtype.kind == "U" else
                value.dtype.name, "v": _encode(value.item(), deeper)}
    if numpy is not None and isinstance(value, numpy.ndarray) and value.ndim == 1 \
            and value.dtype.kind in _NUMPY_KINDS + "O":
        items, length = value[:limit].tolist(), len(value) if len(value) > limit else None
        out = {"t": "ndarray", "dtype": value.dtype.str if value.dtype.kind == "U" else
               value.dtype.name, "v": [_encode(v, deeper) for v in items]}
        return out if length is None else {**out, "length": length}
    if pandas is not None:
        encoded = _encode_pandas(value, pandas, deeper)
        if encoded is not None:
            return encoded
    out = {"t": "other", "type": kind.__name__[:100], "repr": _safe_repr(value)}
    try:
        out["float"] = repr(float(value))
    except Exception:  # noqa: BLE001 - not a number: no float
        pass
    if hasattr(value, "__iter__") and not isinstance(value, bytes | bytearray):
        try:
            items, _length = _cut(value, limit)
            out["items"] = [_encode(v, deeper) for v in items]
        except Exception:  # noqa: BLE001 - iteration failed: no items
            pass
    return out


def _digits(value: int) -> int:
    """How many digits a (huge) int has, without converting it to text."""
    return int(abs(value).bit_length() * math.log10(2)) + 1


def _encode_pandas(value, pd, depth: int) -> dict | None:
    limit = LIMITS["elements"]
    if value is pd.NA:
        return {"t": "na"}
    if value is pd.NaT:
        return {"t": "nat"}
    if isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "v": value.isoformat()}
    if isinstance(value, pd.Index):
        out = {"t": "index", "v": [_encode(v, depth) for v in value[:limit].tolist()],
               "name": _encode(value.name, depth), "dtype": str(value.dtype)}
        return out if len(value) <= limit else {**out, "length": len(value)}
    if isinstance(value, pd.Series):
        out = {"t": "series", "v": [_encode(v, depth) for v in value.iloc[:limit].tolist()],
               "index": _encode_pandas(value.index[:limit], pd, depth),
               "name": _encode(value.name, depth), "dtype": str(value.dtype)}
        return out if len(value) <= limit else {**out, "length": len(value)}
    if isinstance(value, pd.DataFrame):
        part = value.iloc[: max(1, limit // max(1, value.shape[1])), :limit]
        out = {"t": "dataframe", "v": [[_encode(v, depth) for v in row]
                                       for row in part.itertuples(index=False)],
               "index": _encode_pandas(part.index, pd, depth),
               "columns": _encode_pandas(part.columns, pd, depth),
               "dtypes": [str(t) for t in part.dtypes]}
        return out if part.shape == value.shape else {**out, "shape": list(value.shape)}
    return None


def dumps(value) -> str:
    """One value as JSON text (a test helper: :func:`export` writes the report)."""
    return json.dumps(encode(value))


def export(answers: Mapping[str, object]) -> str:
    """The report a graded run prints: every answer recorded, by the id the cell gave, as JSON.

    Keeps at most ``LIMITS["answers"]`` answers (the grader refuses more).

    >>> export({"q04_durand": "B"})
    '{"format": 1, "answers": [["q04_durand", {"t": "str", "v": "B"}]]}'
    """
    pairs = list(answers.items())[: LIMITS["answers"]]
    return json.dumps({"format": FORMAT, "answers": [[str(qid)[: LIMITS["id"]], encode(value)]
                                                     for qid, value in pairs]})


# --- decoding (in the grader) --------------------------------------------------------------------

def _fail(what: str):
    raise TransferError(what)


def _keys(data, allowed: set[str], required: set[str]) -> None:
    if not isinstance(data, dict):
        _fail(f"a value is {type(data).__name__}, not an object")
    if not required <= data.keys() <= allowed:
        _fail(f"a value of kind {data.get('t')!r} has the fields {sorted(data)}")


def _text(data, limit: int) -> str:
    if not isinstance(data, str) or len(data) > limit:
        _fail("a text is missing or too long")
    return data


def _length(data: dict, minimum: int) -> int | None:
    length = data.get("length")
    if length is None:
        return None
    if type(length) is not int or length <= minimum:
        _fail("a length is not a whole number larger than what was kept")
    return length


def _list(data, depth: int) -> list:
    if not isinstance(data, list) or len(data) > LIMITS["elements"]:
        _fail("a list of values is missing or has too many elements")
    return [decode(v, depth + 1) for v in data]


def decode(data, depth: int = 0):
    """The value one encoded answer stands for; TransferError for anything not in the format.

    >>> decode({"t": "tuple", "v": [{"t": "int", "v": "10"}, {"t": "int", "v": "476"}]})
    (10, 476)
    >>> decode({"t": "int", "v": "1e9"})
    Traceback (most recent call last):
    ...
    helpers.transfer.TransferError: a whole number is not written as digits
    """
    if depth > LIMITS["depth"] + 1:
        _fail("values are nested too deeply")
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        _fail("a value has no kind")
    kind = data["t"]
    handler = _DECODERS.get(kind)
    if handler is None:
        _fail(f"unknown kind of value {kind[:40]!r}")
    return handler(data, depth)


def _decode_scalar(data: dict, depth: int):
    kind = data["t"]
    if kind in ("none", "ellipsis", "na", "nat"):
        _keys(data, {"t"}, {"t"})
        if kind in ("na", "nat"):
            import pandas as pd

            return pd.NA if kind == "na" else pd.NaT
        return None if kind == "none" else ...
    if kind == "bool":
        _keys(data, {"t", "v"}, {"t", "v"})
        if type(data["v"]) is not bool:
            _fail("a yes/no value is not true or false")
        return data["v"]
    if kind == "int":
        _keys(data, {"t", "v", "sign", "length"}, {"t", "v"})
        if data["v"] is None:
            length = data.get("length")
            if type(length) is not int or length < LIMITS["digits"] or \
                    data.get("sign") not in ("", "-"):
                _fail("a very large whole number is not described by its size")
            # as the original: too long to show, too large for a float (never built in full)
            return (-1 if data["sign"] else 1) * 10 ** LIMITS["digits"]
        text = _text(data["v"], LIMITS["digits"] + 1)
        if not text.lstrip("-").isdigit() or not text.lstrip("-").isascii():
            _fail("a whole number is not written as digits")
        return int(text)
    if kind == "float":
        _keys(data, {"t", "v"}, {"t", "v"})
        return _float(data["v"])
    if kind == "str":
        _keys(data, {"t", "v", "length"}, {"t", "v"})
        text = _text(data["v"], LIMITS["text"])
        length = _length(data, len(text))
        return text if length is None else CutText(text, length)
    if kind == "timestamp":
        _keys(data, {"t", "v"}, {"t", "v"})
        import pandas as pd

        try:
            return pd.Timestamp(_text(data["v"], 64))
        except (ValueError, TypeError):
            _fail("a date is not an ISO date")
    _fail(f"unknown kind {kind!r}")


def _float(text) -> float:
    text = _text(text, 40)
    if not all(c in "0123456789.e+-nainf" for c in text):
        _fail("a decimal number is not written as one")
    try:
        return float(text)
    except ValueError:
        _fail("a decimal number is not written as one")


class CutText(str):
    """A text that was longer than the limit: the part kept, and the original length."""

    length: int

    def __new__(cls, text: str, length: int):
        made = super().__new__(cls, text)
        made.length = length
        return made


class CutList(list):
    """A list, tuple, set or dict that had more elements than the limit: the ones kept."""

    length: int
    kind: str


def _decode_container(data: dict, depth: int):
    kind = data["t"]
    _keys(data, {"t", "v", "length"}, {"t", "v"})
    if kind == "dict":
        if not isinstance(data["v"], list) or len(data["v"]) > LIMITS["elements"]:
            _fail("a dictionary has too many entries")
        pairs = []
        for pair in data["v"]:
            if not isinstance(pair, list) or len(pair) != 2:
                _fail("a dictionary entry is not a pair")
            key = decode(pair[0], depth + 1)
            try:
                hash(key)
            except TypeError:
                _fail("a dictionary key cannot be a key")
            pairs.append((key, decode(pair[1], depth + 1)))
        items = pairs
        value = dict(pairs)
    else:
        items = _list(data["v"], depth)
        if kind == "set":
            try:
                value = set(items)
            except TypeError:
                _fail("a set holds values a set cannot hold")
        else:
            value = items if kind == "list" else tuple(items)
    length = _length(data, len(items))
    if length is None:
        return value
    cut = CutList(items)
    cut.length, cut.kind = length, kind
    return cut


def _dtype(name, allowed) -> str:
    name = _text(name, 40)
    if name not in allowed:
        _fail(f"the data type {name!r} is not one the grader rebuilds")
    return name


def _decode_numpy(data: dict, depth: int):
    import numpy as np

    kind = data["t"]
    if kind == "numpy":
        _keys(data, {"t", "dtype", "v"}, {"t", "dtype", "v"})
        dtype = _numpy_dtype(data["dtype"])
        value = decode(data["v"], depth + 1)
        try:
            return dtype.type(value)
        except (TypeError, ValueError, OverflowError):
            _fail("a numpy value does not fit its type")
    _keys(data, {"t", "dtype", "v", "length"}, {"t", "dtype", "v"})
    items = _list(data["v"], depth)
    name = _text(data["dtype"], 40)
    dtype = np.dtype(object) if name == "object" else _numpy_dtype(name)
    try:
        array = np.array(items, dtype=dtype)
    except (TypeError, ValueError, OverflowError):
        _fail("a numpy array does not fit its type")
    if _length(data, len(items)) is None:
        return array
    cut = CutList(items)
    cut.length, cut.kind = data["length"], "ndarray"
    return cut


def _numpy_dtype(name):
    import numpy as np

    name = _text(name, 40)
    try:
        dtype = np.dtype(name)
    except TypeError:
        _fail(f"the numpy type {name!r} is unknown")
    if dtype.kind not in _NUMPY_KINDS or dtype.itemsize > 4 * LIMITS["text"]:
        _fail(f"the numpy type {name!r} is not one the grader rebuilds")
    return dtype


def _index(data, depth: int):
    """A pandas Index from its encoding (what a column or table is labelled with)."""
    built = decode(data, depth + 1)
    import pandas as pd

    if not isinstance(built, pd.Index):
        _fail("a column's or table's labels are not labels")
    return built


def _decode_pandas(data: dict, depth: int):
    import pandas as pd

    kind = data["t"]
    fields = {"index": {"t", "v", "name", "dtype", "length"},
              "series": {"t", "v", "index", "name", "dtype", "length"},
              "dataframe": {"t", "v", "index", "columns", "dtypes", "shape"}}[kind]
    _keys(data, fields, fields - {"length", "shape"})
    try:
        if kind == "dataframe":
            index, columns = _index(data["index"], depth), _index(data["columns"], depth)
            rows = data["v"]
            if not isinstance(rows, list) or len(rows) != len(index) or \
                    len(rows) * max(1, len(columns)) > LIMITS["elements"]:
                _fail("a table's rows do not match its labels")
            cells = [_list(row, depth) for row in rows]
            if any(len(row) != len(columns) for row in cells) or \
                    not isinstance(data["dtypes"], list) or len(data["dtypes"]) != len(columns):
                _fail("a table's rows do not match its columns")
            dtypes = [_dtype(t, _PANDAS_DTYPES) for t in data["dtypes"]]
            built = pd.DataFrame(cells, index=index, columns=columns)
            for position, dtype in enumerate(dtypes):
                built.isetitem(position, built.iloc[:, position].astype(dtype))
            length, kept = data.get("shape"), built.size
            if length is not None:
                if not (isinstance(length, list) and len(length) == 2
                        and all(type(n) is int and n >= 0 for n in length)
                        and tuple(length) != built.shape):
                    _fail("a table's size is not given as rows and columns")
                length = length[0] * length[1]
        else:
            values = _list(data["v"], depth)
            name = decode(data["name"], depth + 1)
            hash(name)
            dtype = _dtype(data["dtype"], _PANDAS_DTYPES)
            if kind == "index":
                built = pd.Index(values, name=name, dtype=dtype)
            else:
                index = _index(data["index"], depth)
                if len(index) != len(values):
                    _fail("a column's labels do not match its values")
                built = pd.Series(values, index=index, name=name, dtype=dtype)
            length, kept = _length(data, len(values)), len(values)
    except TransferError:
        raise
    except Exception:  # noqa: BLE001 - pandas refuses: the report is not well formed
        _fail(f"a pandas {kind} cannot be rebuilt")
    if length is None:
        return built
    if length <= kept:
        _fail("a length is not larger than what was kept")
    cut = CutList()
    cut.length, cut.kind = length, kind
    return cut


def _decode_other(data: dict, depth: int):
    _keys(data, {"t", "type", "repr", "float", "items"}, {"t", "type", "repr"})
    name = _text(data["type"], 100)
    shown = _text(data["repr"], LIMITS["repr"])
    namespace = {"__repr__": lambda self: shown, "__module__": "student"}
    if "float" in data:
        number = _float(data["float"])
        namespace["__float__"] = lambda self: number
    if "items" in data:
        items = _list(data["items"], depth)
        namespace["__iter__"] = lambda self: iter(items)
    if not name.isidentifier():
        name = "object"
    return type(name, (), namespace)()


_DECODERS = {
    **dict.fromkeys(("none", "ellipsis", "na", "nat", "bool", "int", "float", "str",
                     "timestamp"), _decode_scalar),
    **dict.fromkeys(("list", "tuple", "set", "dict"), _decode_container),
    **dict.fromkeys(("numpy", "ndarray"), _decode_numpy),
    **dict.fromkeys(("series", "index", "dataframe"), _decode_pandas),
    "other": _decode_other,
}


def loads(text: str):
    """One value from :func:`dumps` text (a test helper)."""
    return decode(json.loads(text))


def read_export(text: str | bytes) -> list[tuple[str, object]]:
    """The (id as the cell gave it, answer) pairs of a graded run's report, in order.

    Raises:
        TransferError: the report is too large, not JSON, or not in the format, in words.

    >>> read_export('{"format": 1, "answers": [["q04_durand", {"t": "str", "v": "B"}]]}')
    [('q04_durand', 'B')]
    >>> read_export('{"format": 1, "answers": [["q04_durand", [true, "Correct"]]]}')
    Traceback (most recent call last):
    ...
    helpers.transfer.TransferError: a value has no kind
    """
    if len(text) > LIMITS["report_bytes"]:
        _fail(f"the report is larger than {LIMITS['report_bytes']} bytes")
    try:
        data = json.loads(text, parse_constant=lambda name: _fail(f"{name} is not JSON"))
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, TransferError):
            raise
        _fail("the report is not JSON")
    _keys(data, {"format", "answers"}, {"format", "answers"})
    if data["format"] != FORMAT:
        _fail(f"the report's format is {str(data['format'])[:20]!r}, not {FORMAT}")
    answers = data["answers"]
    if not isinstance(answers, list) or len(answers) > LIMITS["answers"]:
        _fail(f"the report holds more than {LIMITS['answers']} answers")
    pairs = []
    for entry in answers:
        if not isinstance(entry, list) or len(entry) != 2:
            _fail("an answer is not an id and a value")
        pairs.append((_text(entry[0], LIMITS["id"]), decode(entry[1])))
    return pairs


def too_long(value) -> str | None:
    """Words for an answer that was cut in transfer (None if it was not).

    >>> too_long(CutText("x" * 2048, 5000))
    'Your answer is a text of 5000 characters: too long to be an answer to this item.'
    """
    if isinstance(value, CutText):
        return _("Your answer is a text of {n} characters: too long to be an answer to this "
                 "item.", n=number(value.length, group=False))
    if isinstance(value, CutList):
        sentence = _CUT_LISTS.get(value.kind, _CUT_LISTS["list"])
        return _(sentence, n=number(value.length, group=False))
    return None


# An answer cut in transfer, by its kind; {n} is how many values it had
_CUT_LISTS = {
    "dataframe": N_("Your answer is a table of {n} values: too many to be an answer to this item."),
    "series": N_("Your answer is a column of {n} values: too many to be an answer to this item."),
    "index": N_("Your answer is a list of {n} values: too many to be an answer to this item."),
    "dict": N_("Your answer is a dictionary of {n} values: too many to be an answer to this "
               "item."),
    "ndarray": N_("Your answer is an array of {n} values: too many to be an answer to this "
                  "item."),
    "list": N_("Your answer is a list of {n} values: too many to be an answer to this item."),
}
