"""What the notebooks show around each exercise: its label, its options and the objectives' names.

``prompts.json`` beside this module is written by ``python -m course sync`` from the notebooks'
Markdown (``course.prompts``); it holds only what every student can read in the notebook, no
answer. The checker uses it to speak the notebook's language: "Item 5" rather than an exercise
id, ``"post_2001" is option C`` rather than "use a letter", an objective's name beside its code.

>>> label("q04_merv_herat"), label("q00_example")
('Item 5', 'the worked exercise')
>>> option_for("q00_example", "post_2001"), option_for("q04_claim_security", "Imprecise")
('C', 'C')
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources

_STOP = frozenset("a an and as at by for from in is it its of on or the to was with".split())


@cache
def _prompts() -> dict:
    try:
        text = (resources.files("helpers") / "prompts.json").read_text(encoding="utf-8")
    except FileNotFoundError:  # a copy older than the file: messages fall back to ids and codes
        return {"exercises": {}, "objectives": {}}
    return json.loads(text)


def label(question_id: str) -> str:
    """How the notebook names an exercise ("Exercise 2", "Item 5"); for an exercise without a
    numbered label, "the worked exercise" (notebook 00) or its id."""
    entry = _prompts()["exercises"].get(question_id)
    if entry is None:
        return question_id
    return entry["label"] or "the worked exercise"


def options(question_id: str) -> dict[str, str]:
    """The text of each option of a choice or order exercise, by letter ({} if none)."""
    return dict(_prompts()["exercises"].get(question_id, {}).get("options", {}))


def objective_name(code: str) -> str:
    """An objective's name as its notebook states it ('' for an unknown code).

    >>> objective_name("O1.2").startswith("compute great-circle distances")
    True
    """
    return _prompts()["objectives"].get(code, "")


def _words(text: str) -> list[str]:
    """The words that carry meaning: no case, no punctuation, ``_`` and ``-`` as spaces.

    >>> _words("The post_2001 era!")
    ['post', '2001', 'era']
    """
    found = re.findall(r"[^\W_]+", str(text).casefold())
    return [w for w in found if w not in _STOP]


def _close(word: str, words: list[str]) -> bool:
    return bool(difflib.get_close_matches(word, words, n=1, cutoff=0.8))


def option_for(question_id: str, text) -> str | None:
    """The letter of the one option that ``text`` names (an option's words, a data label such as
    ``"post_2001"``, a misspelt one), or None when it names none or several.

    Tried in turn, each only if exactly one option fits: the same words; words all found in one
    option (allowing small misspellings); at least half of the words shared with one option
    more than with any other.

    >>> option_for("q04_nearest_city", "kandahar"), option_for("q04_motive_fewest", "curb drug")
    ('B', 'D')
    >>> option_for("q00_example", "Russia") is None
    True
    """
    if not isinstance(text, str):
        return None
    said = _words(text)
    listed = {letter: _words(option) for letter, option in options(question_id).items()}
    if not said or not listed:
        return None
    tests = [lambda words: words == said,
             lambda words: all(_close(w, words) for w in said)]
    for test in tests:
        fits = [letter for letter, words in listed.items() if test(words)]
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    shared = {letter: sum(w in words for w in set(said)) for letter, words in listed.items()}
    best = max(shared.values())
    winners = [letter for letter, n in shared.items() if n == best]
    if len(winners) == 1 and 2 * best >= len(set(said)):
        return winners[0]
    return None
