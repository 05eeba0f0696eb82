"""One answer for every unknown name: tables, places, exercises, documents, routes.

Every helper that takes an id (``load_table("events")``, ``distance_km("kushka", "herat")``,
``check("q01_panjdeh", ...)``, ``show_document(...)``) looks it up with :func:`resolve_name`, so
that any capitalisation is accepted and an unknown id is answered the same way everywhere: one
sentence naming what was asked for, with a "Did you mean ...?" when a known id is close.

>>> resolve_name("table", "Events", ["events", "places"])
'events'
>>> resolve_name("place", "Mazar-i-Sharif", ["mazar_i_sharif"])
'mazar_i_sharif'
>>> resolve_name("table", "evnts", ["events", "places"])
Traceback (most recent call last):
...
helpers.names.UnknownNameError: There is no table called "evnts". Did you mean "events"?
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from . import i18n
from .i18n import N_, _

# The sentence for each kind of id, whole, so that a language can inflect the kind (Russian
# «Нет таблицы», «Нет места»); {name} is what the student typed.
UNKNOWN = {
    "table": N_('There is no table called "{name}".'),
    "place": N_('There is no place called "{name}".'),
    "exercise": N_('There is no exercise called "{name}".'),
    "document": N_('There is no document called "{name}".'),
    "route": N_('There is no route called "{name}".'),
    "column": N_('There is no column called "{name}".'),
    "row": N_('There is no row called "{name}".'),
}


class CourseError(Exception):
    """Base of the course's own errors; in a notebook they show as one short message."""


class UnknownNameError(CourseError, KeyError, ValueError):
    """An id that names no table, place, exercise, document or route.

    A ``KeyError`` (a lookup failed) and a ``ValueError`` (as the older ``DataError`` was), so
    code written against either keeps working.
    """

    __str__ = BaseException.__str__  # KeyError would wrap the sentence in quotes


def name_key(name: str) -> str:
    """The form in which two ids count as the same: case, spaces, hyphens and dots ignored.

    >>> name_key(" Mazar-i-Sharif ") == name_key("mazar_i_sharif")
    True
    """
    return re.sub(r"[\s\-_.]+", "_", name.strip().casefold()).strip("_")


def _shown(name) -> str:
    """A short, safe description of anything typed (never raises)."""
    try:
        text = name if isinstance(name, str) else repr(name)
    except Exception:  # 10**5000, a broken __repr__
        return _("(too long to show)")
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "..."


def unknown_name_message(kind: str, name, known: Iterable[str], where: str = "") -> str:
    """The one sentence every helper gives for an unknown id.

    Args:
        kind: what was looked up, in the singular ("table", "place", "exercise").
        name: what the student typed (any type).
        known: the valid ids.
        where: optional sentence saying where to find the valid ids.

    >>> unknown_name_message("place", "Kuska", ["kushka", "herat"])
    'There is no place called "Kuska". Did you mean "kushka"?'
    >>> unknown_name_message("place", 42, ["kushka"], "Place ids are in data/places.csv.")
    'There is no place called "42". Place ids are in data/places.csv.'
    """
    known = list(known)
    keys = {name_key(k): k for k in known}
    close = []
    if isinstance(name, str) and name.strip():
        close = difflib.get_close_matches(name_key(name)[:100], list(keys), n=1, cutoff=0.6)
    shown = i18n.code(_shown(name))
    if kind in UNKNOWN:
        text = _(UNKNOWN[kind], name=shown)
    else:
        # Translators: {kind} is an English word (a kind of id the course has no sentence for).
        text = _('There is no {kind} called "{name}".', kind=kind, name=shown)
    if close:
        text += " " + _('Did you mean "{name}"?', name=i18n.code(keys[close[0]]))
    elif where:
        text += f" {where}"
    return text


def resolve_name(kind: str, name, known: Iterable[str] | Mapping[str, str], where: str = "") -> str:
    """The id that ``name`` stands for, in any capitalisation; else raise UnknownNameError.

    Args:
        kind: what is looked up, in the singular ("table", "place", "exercise", "document").
        name: what the student typed.
        known: the valid ids, or a mapping from other accepted names (e.g. a place's spelling
            variants) to ids.
        where: sentence saying where the valid ids are listed, used when nothing is close.

    Returns:
        The id exactly as it is stored.

    Raises:
        UnknownNameError: no id matches; the message has a "Did you mean" when one is close.

    >>> resolve_name("place", "Ashkhabad", {"ashgabat": "ashgabat", "Ashkhabad": "ashgabat"})
    'ashgabat'
    """
    aliases = dict(known) if isinstance(known, Mapping) else {k: k for k in known}
    if isinstance(name, str):
        if name in aliases:
            return aliases[name]
        wanted = name_key(name)
        for alias, target in aliases.items():
            if name_key(alias) == wanted:
                return target
    ids = list(dict.fromkeys(aliases.values()))
    raise UnknownNameError(unknown_name_message(kind, name, ids, where))
