"""The exercise bank: digests of the right answers and sealed feedback, read from quiz_bank.json.

Answers are not stored in readable form. ``quiz_bank.json`` holds, per question, a SHA-256 digest
of the normalised right answer, and feedback texts encrypted with a key that only the answer they
belong to produces. ``python -m course sync`` builds the bank from the answer key in
``docs/teacher_guide.md``, the one place where the answers are written out; it uses
:func:`digest` and :func:`seal` from here, so the checker and the builder cannot disagree.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources

from .names import UnknownNameError, resolve_name

KINDS = ("choice", "number", "order", "text")


def digest(question_id: str, normalised: str) -> str:
    """The stored digest of a normalised answer to one question.

    >>> digest("q1", "B") == digest("q1", "B") != digest("q2", "B")
    True
    """
    return hashlib.sha256(f"{question_id}|{normalised}".encode()).hexdigest()


def _keystream(question_id: str, normalised: str, length: int) -> bytes:
    key = hashlib.sha256(f"key|{question_id}|{normalised}".encode()).digest()
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def seal(question_id: str, normalised: str, text: str) -> str:
    """Encrypt feedback so that only the answer it belongs to can read it.

    >>> unseal("q1", "B", seal("q1", "B", "Right!"))
    'Right!'
    """
    raw = text.encode()
    stream = _keystream(question_id, normalised, len(raw))
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, stream, strict=True))).decode()


def unseal(question_id: str, normalised: str, sealed: str) -> str:
    """Decrypt feedback sealed with :func:`seal`."""
    raw = base64.b64decode(sealed)
    stream = _keystream(question_id, normalised, len(raw))
    return bytes(a ^ b for a, b in zip(raw, stream, strict=True)).decode()


@cache
def _bank_file() -> dict:
    text = (resources.files("helpers") / "quiz_bank.json").read_text(encoding="utf-8")
    return json.loads(text)


def bank() -> dict:
    """All questions, keyed by id (digests and sealed feedback only).

    >>> bank()["q00_example"]["kind"]
    'choice'
    """
    return _bank_file()["questions"]


def aliases() -> dict[str, str]:
    """Old exercise id -> current id, for exercises renamed after they were published.

    An id, once published, works for ever: a student's saved cell may still use the old one.

    >>> all(new in bank() for new in aliases().values())
    True
    """
    return _bank_file().get("aliases", {})


def resolve(question_id) -> str | None:
    """The current id of an exercise (following an alias, in any capitalisation), or None.

    >>> resolve("q00_example"), resolve("Q00_Example")
    ('q00_example', 'q00_example')
    >>> resolve("no_such_exercise") is None
    True
    """
    try:
        return current_id(question_id)
    except UnknownNameError:
        return None



def current_id(question_id) -> str:
    """The current exercise id, in any capitalisation, following an old id's alias;
    UnknownNameError (with a "did you mean") when there is none.

    >>> current_id("Q00_Example")
    'q00_example'
    """
    known = {**{qid: qid for qid in bank()}, **aliases()}
    return resolve_name("exercise", question_id, known,
                        "Copy the exercise id from the notebook, in quotes.")


def pointer(question: dict) -> str:
    """Where the point of an exercise is taught, as a sentence in brackets.

    >>> pointer({"notebook": "01", "section": "The closing gap"})
    '(See notebook 01, section "The closing gap".)'
    """
    where = question.get("refer") or question
    return f"(See notebook {where['notebook']}, section \"{where['section']}\".)"
