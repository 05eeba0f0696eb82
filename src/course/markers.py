"""The one convention for generated text inside hand-written Markdown: a named pair of markers.

``<!-- course:sync NAME -->`` and ``<!-- /course:sync NAME -->`` enclose text that
``python -m course sync`` writes, in Markdown files and in notebooks' Markdown cells. They are
HTML comments, so nothing shows where the text is read (GitHub, JupyterLab, the website). The
markers stand on lines of their own around a paragraph or a cell, or inline within a line (a
table cell, the rest of a list item), where a line of their own would break the Markdown.
Whatever reads the prose (the timing estimate) skips the blocks by construction.

>>> text = "Time: <!-- course:sync t -->5 min<!-- /course:sync t -->."
>>> block(text, "t")
'5 min'
>>> replace(text, "t", "10 min")
'Time: <!-- course:sync t -->10 min<!-- /course:sync t -->.'
>>> without_blocks(text)
'Time: .'
"""

from __future__ import annotations

import re

_ANY = re.compile(r"<!-- course:sync ([\w-]+) -->(.*?)<!-- /course:sync \1 -->", re.S)


def start(name: str) -> str:
    """The opening marker of block ``name``."""
    return f"<!-- course:sync {name} -->"


def end(name: str) -> str:
    """The closing marker of block ``name``."""
    return f"<!-- /course:sync {name} -->"


def wrapped(name: str, inner: str) -> str:
    """``inner`` between the markers of ``name``, each marker on a line of its own.

    >>> wrapped("x", "Text.")
    '<!-- course:sync x -->\\nText.\\n<!-- /course:sync x -->'
    """
    return f"{start(name)}\n{inner}\n{end(name)}"


def _pattern(name: str) -> re.Pattern:
    return re.compile(re.escape(start(name)) + r"(.*?)" + re.escape(end(name)), re.S)


def block(text: str, name: str) -> str | None:
    """The text between the markers of ``name`` (None if ``text`` has no such block)."""
    match = _pattern(name).search(text)
    return match.group(1) if match else None


def replace(text: str, name: str, inner: str) -> str:
    """``text`` with block ``name`` holding ``inner``; ValueError names a missing block."""
    if block(text, name) is None:
        raise ValueError(f"no block {start(name)} ... {end(name)}")
    return _pattern(name).sub(lambda _: start(name) + inner + end(name), text, count=1)


def replace_lines(text: str, name: str, inner: str) -> str:
    """Like :func:`replace`, for a block whose markers stand on lines of their own."""
    return replace(text, name, f"\n{inner}\n")


def without_blocks(text: str) -> str:
    """``text`` without its generated blocks (markers included): the hand-written part."""
    return _ANY.sub("", text)
