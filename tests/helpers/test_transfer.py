"""Answers as data (``helpers.transfer``): what a graded run reports is rebuilt so faithfully that
the grader's verdict and message equal the notebook's, and anything outside the format, or
beyond its limits, is refused in words."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import transfer
from helpers.bank import bank
from helpers.data import load_table
from helpers.feedback import feedback


def questions() -> dict[str, str]:
    """One item of each kind the bank has (and a whole-number item), by kind."""
    found: dict[str, str] = {}
    for qid, q in sorted(bank().items()):
        found.setdefault(q["kind"], qid)
        if q["kind"] == "number":
            found.setdefault("whole" if q.get("whole") else "decimal", qid)
    return found


def values():
    events = load_table("events")
    return [
        "B", " c) ", "b", "Kabul!", "", 10476, -3, 0, "10,476", "10 476", 10.476, 105.5,
        (10, 476), float("inf"), float("-inf"), float("nan"), None, ..., True, False,
        ["C", "A", "B"], ("C", "A", "B"), ["c", 1, None], {"a": 1, "b": [1, 2]},
        np.int64(5), np.float64(10476.0), np.bool_(True), np.str_("B"), np.uint8(7),
        np.array(["C", "A", "B"]), np.array([1.5, 2.5]), np.array([1, 2], dtype=object),
        pd.Series([10476]), pd.Series(["B"], index=["x"], name="n"),
        pd.Series([1.5, None], index=pd.Index([1990, 1995], name="year"), name="population"),
        events.columns[:6], events.iloc[:3, 0], events.iloc[:1, :1], events.head(2),
        pd.DataFrame({"a": [1]}), pd.Timestamp("1996-09-27"), pd.NA, pd.NaT,
        10**5000, -10**60, range(3), {"x": [1, [2, [3, [4, [5]]]]]}, 3 + 4j, object(),
        b"bytes", Exception("an error"),
    ]


@pytest.mark.parametrize("value", values(), ids=lambda v: type(v).__name__)
def test_the_grader_judges_a_rebuilt_answer_as_the_notebook_judges_the_answer(value):
    (_, back), = transfer.read_export(transfer.export({"q": value}))
    for kind, qid in questions().items():
        assert feedback(qid, back) == feedback(qid, value), (kind, qid)


@pytest.mark.parametrize("value", ["x" * 3000, list(range(60)), load_table("events")["date"],
                                   np.arange(100), load_table("events")],
                         ids=["text", "list", "column", "array", "table"])
def test_an_answer_beyond_the_limits_is_never_right_and_says_why(value):
    (_, back), = transfer.read_export(transfer.export({"q": value}))
    assert transfer.too_long(back).startswith("Your answer is ")
    assert all(feedback(qid, value)[0] is not True for qid in questions().values())


@pytest.mark.parametrize(("report", "why"), [
    ("not json", "not JSON"),
    ('{"format": 1, "answers": [["q", {"t": "str", "v": "B"}]], "verdicts": {}}', "fields"),
    ('{"format": 2, "answers": []}', "format"),
    ('{"format": 1, "answers": [["q", [true, "Correct"]]]}', "no kind"),
    ('{"format": 1, "answers": [["q", {"t": "str", "v": "B", "verdict": true}]]}', "fields"),
    ('{"format": 1, "answers": [["q", {"t": "eval", "v": "1"}]]}', "unknown kind"),
    ('{"format": 1, "answers": [["q", {"t": "int", "v": "1e9"}]]}', "digits"),
    ('{"format": 1, "answers": [["q", {"t": "float", "v": "__import__"}]]}', "decimal"),
    ('{"format": 1, "answers": [["q", {"t": "float", "v": NaN}]]}', "not JSON"),
    ('{"format": 1, "answers": [["q", {"t": "str", "v": "B", "length": 1}]]}', "length"),
    ('{"format": 1, "answers": [["q", {"t": "other", "type": "x", "repr": "' + "r" * 300
     + '"}]]}', "too long"),
    ('{"format": 1, "answers": [["q", {"t": "series", "v": [], "index": {"t": "none"}, '
     '"name": {"t": "none"}, "dtype": "int64"}]]}', "labels"),
    ('{"format": 1, "answers": [["q", {"t": "series", "v": [], "index": {"t": "index", "v": [],'
     ' "name": {"t": "none"}, "dtype": "object"}, "name": {"t": "none"}, "dtype": "void"}]]}',
     "data type"),
    ('{"format": 1, "answers": ' + json.dumps([["q", {"t": "str", "v": "B"}]] * 201) + "}",
     "more than 200"),
    ('{"format": 1, "answers": [["' + "q" * 101 + '", {"t": "none"}]]}', "too long"),
    ('{"format": 1, "answers": [["q", ' + '{"t": "list", "v": [' * 8 + "]}" * 8 + "]]}",
     "deeply"),
    ("[" * 100_000 + "]" * 100_000, "not JSON"),
    (" " * 1_000_001, "larger than"),
])
def test_a_report_outside_the_format_is_refused_in_words(report, why):
    with pytest.raises(transfer.TransferError, match=why):
        transfer.read_export(report)


def test_rebuilt_objects_run_no_code():
    (_, back), = transfer.read_export(json.dumps({"format": 1, "answers": [["q", {
        "t": "other", "type": "__import__('os').system('x')", "repr": "<x>", "float": "1.5",
        "items": [{"t": "str", "v": "A"}]}]]}))
    assert type(back).__name__ == "object" and repr(back) == "<x>"
    assert float(back) == 1.5 and list(back) == ["A"]
