"""The exercise bank: digests of the right answers and sealed feedback, read from quiz_bank.json.

Answers are not stored in readable form. ``quiz_bank.json`` holds, per question, a SHA-256 digest
of the normalised right answer, and feedback texts encrypted with a key that only the answer they
belong to produces. ``python -m course sync`` builds the bank from the answer key in
``docs/teacher_guide.md``, the one place where the answers are written out; it uses
:func:`digest` and :func:`seal` from here, so the checker and the builder cannot disagree.

The editions' feedback is sealed the same way, each language with keys of its own (the bank
build takes it from the guide-side catalogs ``locale/<lang>/LC_MESSAGES/feedback.po``, which
never ship to students): :func:`explanation` and :func:`hint` give the text in the language the
helpers speak, and the English where a translation is missing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources

from . import i18n, prompts
from .i18n import _
from .names import UnknownNameError, resolve_name

KINDS = ("choice", "number", "order", "text")


def digest(question_id: str, normalised: str) -> str:
    """The stored digest of a normalised answer to one question.

    >>> digest("q1", "B") == digest("q1", "B") != digest("q2", "B")
    True
    """
    return hashlib.sha256(f"{question_id}|{normalised}".encode()).hexdigest()


def _keystream(question_id: str, normalised: str, length: int, language: str = "en") -> bytes:
    """The bytes feedback is XORed with: from the question, the answer and (for an edition's
    text) the language, so that no two texts share a keystream."""
    seed = f"key|{question_id}|{normalised}" if language == "en" else \
        f"key|{language}|{question_id}|{normalised}"
    key = hashlib.sha256(seed.encode()).digest()
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def seal(question_id: str, normalised: str, text: str, language: str = "en") -> str:
    """Encrypt feedback so that only the answer it belongs to can read it (an edition's
    translation with a key of its language).

    >>> unseal("q1", "B", seal("q1", "B", "Right!"))
    'Right!'
    >>> seal("q1", "B", "Right!", "ru") != seal("q1", "B", "Right!")
    True
    """
    raw = text.encode()
    stream = _keystream(question_id, normalised, len(raw), language)
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, stream, strict=True))).decode()


def unseal(question_id: str, normalised: str, sealed: str, language: str = "en") -> str:
    """Decrypt feedback sealed with :func:`seal` (in ``language``)."""
    raw = base64.b64decode(sealed)
    stream = _keystream(question_id, normalised, len(raw), language)
    return bytes(a ^ b for a, b in zip(raw, stream, strict=True)).decode()


def _edition(question: dict) -> tuple[str, dict]:
    """The current language and the question's texts in it ({} in English or untranslated)."""
    language = i18n.language()
    return language, question.get("translations", {}).get(language, {})


def explanation(question_id: str, question: dict, normalised: str) -> str | None:
    """The sealed feedback for one answer (why it is right, or why this wrong answer is wrong)
    in the language the helpers speak (English where it is not translated); None when the bank
    has none for that answer.

    >>> explanation("q00_example", bank()["q00_example"], "Z") is None
    True
    """
    key = digest(question_id, normalised)
    language, edition = _edition(question)
    if key in edition.get("feedback", {}):
        return unseal(question_id, normalised, edition["feedback"][key], language)
    if key in question["feedback"]:
        return unseal(question_id, normalised, question["feedback"][key])
    return None


def hint(question: dict, number: float | None = None) -> str:
    """The question's hint in the language the helpers speak, with the parts that apply to this
    answer only (``hint if below``: e.g. "not millions" for 1.7).

    >>> hint({"hint": "Look again.", "hints_if": [{"below": 1000, "text": "Not millions."}]}, 2)
    'Look again. Not millions.'
    """
    _language, edition = _edition(question)
    parts = [edition.get("hint") or question["hint"]]
    extras = edition.get("hints_if", [])
    for n, extra in enumerate(question.get("hints_if", [])):
        if number is not None and extra.get("below") is not None and abs(number) < extra["below"]:
            parts.append(extras[n] if n < len(extras) and extras[n] else extra["text"])
    return " ".join(parts)


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
                        _("Copy the exercise id from the notebook, in quotes."))


def place(question: dict) -> str:
    """Where the point of an exercise is taught: its notebook and section, the section named as
    the notebook's heading reads in the language the helpers speak.

    >>> place({"notebook": "01", "section": "The closing gap"})
    'notebook 01, section "The closing gap"'
    """
    where = question.get("refer") or question
    return _('notebook {notebook}, section "{section}"', notebook=where["notebook"],
             section=prompts.section(where["notebook"], where["section"]))


def pointer(question: dict) -> str:
    """Where the point of an exercise is taught, as a sentence in brackets.

    >>> pointer({"notebook": "01", "section": "The closing gap"})
    '(See notebook 01, section "The closing gap".)'
    """
    # Translators: {place} is 'notebook 01, section "..."'.
    return _("(See {place}.)", place=place(question))
