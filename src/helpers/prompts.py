"""What the notebooks show around each exercise: its label, its options and the objectives' names.

``prompts.json`` beside this module is written by ``python -m course sync`` from the notebooks'
Markdown (``course.prompts``); it holds only what every student can read in the notebook, no
answer. The checker uses it to speak the notebook's language: "Item 5" rather than an exercise
id, ``"post_2001" is option C`` rather than "use a letter", an objective's name beside its code.
Its ``editions`` part holds the same read from each edition's Markdown (the ``notebooks``
catalogs): the options' and objectives' words and the section headings in that language, used
while the helpers speak it, so that a Russian or Dari student may name an option in their words.

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

from . import i18n
from .i18n import N_

_STOP = frozenset("a an and as at by for from in is it its of on or the to was with".split())
_STOP_IN = {  # the editions' words that carry no meaning of an option on their own
    "ru": frozenset("а в во и из к ко на не о об от по с со у что это как или для до за".split()),
    "fa": frozenset("و در به از با که را این آن یا تا بر برای است".split()),
}
_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc",
                       "\u200c": " ", "\u0640": None, "ё": "е"})


@cache
def _prompts() -> dict:
    try:
        text = (resources.files("helpers") / "prompts.json").read_text(encoding="utf-8")
    except FileNotFoundError:  # a copy older than the file: messages fall back to ids and codes
        return {"exercises": {}, "objectives": {}}
    return json.loads(text)


def _edition() -> dict:
    """What the current edition's notebooks show ({} in English or for an edition not read)."""
    return _prompts().get("editions", {}).get(i18n.language(), {})


def label(question_id: str) -> str:
    """How the notebook names an exercise ("Exercise 2", "Item 5"); for an exercise without a
    numbered label, "the worked exercise" (notebook 00) or its id."""
    entry = _prompts()["exercises"].get(question_id)
    if entry is None:
        return question_id
    return entry["label"] or WORKED


WORKED = N_("the worked exercise")
"""The label of notebook 00's worked exercise, which its prompt does not number (translated
where it is shown: ``helpers.results.named``)."""


def options(question_id: str) -> dict[str, str]:
    """The text of each option of a choice or order exercise, by the bank's letter ({} if none),
    as the notebook of the current edition words them (the English where it does not)."""
    shown = _edition().get("exercises", {}).get(question_id, {}).get("options")
    return dict(shown or _prompts()["exercises"].get(question_id, {}).get("options", {}))


def objective_name(code: str) -> str:
    """An objective's name as its notebook states it in the current edition ('' for an unknown
    code).

    >>> objective_name("O1.2").startswith("compute great-circle distances")
    True
    """
    return _edition().get("objectives", {}).get(code) or _prompts()["objectives"].get(code, "")


def section(notebook: str, heading: str) -> str:
    """A section's heading as the current edition's notebook writes it (the English heading
    where it is not translated).

    >>> section("01", "The closing gap")
    'The closing gap'
    """
    return _edition().get("sections", {}).get(notebook, {}).get(heading, heading)


def _words(text: str) -> list[str]:
    """The words that carry meaning: no case, no punctuation, ``_`` and ``-`` as spaces.

    >>> _words("The post_2001 era!")
    ['post', '2001', 'era']
    """
    text = str(text)
    text = (text if text.isascii() else text.translate(_FOLD)).casefold()
    found = re.findall(r"[^\W_]+", text)
    stop = _STOP | _STOP_IN.get(i18n.language(), frozenset())
    return [w for w in found if w not in stop]


def _close(word: str, words: list[str]) -> bool:
    return bool(difflib.get_close_matches(word, words, n=1, cutoff=0.8))


def option_for(question_id: str, text) -> str | None:
    """The letter of the one option that ``text`` names (an option's words, a data label such as
    ``"post_2001"``, a misspelt one), or None when it names none or several.

    Tried in turn, each only if exactly one option fits: the same words; words all found in one
    option (allowing small misspellings); at least half of the words shared with one option
    more than with any other. In an edition, the options as its notebook words them are tried
    first, then the English ones.

    >>> option_for("q04_nearest_city", "kandahar"), option_for("q04_motive_fewest", "curb drug")
    ('B', 'D')
    >>> option_for("q00_example", "Russia") is None
    True
    """
    if not isinstance(text, str):
        return None
    english = _prompts()["exercises"].get(question_id, {}).get("options", {})
    shown = options(question_id)
    return _option_in(text, shown) or (_option_in(text, english) if shown != english else None)


def _option_in(text: str, shown: dict[str, str]) -> str | None:
    """The letter of the one option of ``shown`` that ``text`` names (see :func:`option_for`)."""
    said = _words(text)
    listed = {letter: _words(option) for letter, option in shown.items()}
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
