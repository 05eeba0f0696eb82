"""Show a finished matplotlib figure with alt text, a visible caption and a source line.

JupyterLab ignores the ``alt`` metadata of image outputs and nbconvert's HTML export replaces it,
so figures are shown as an HTML ``<figure>``: a PNG ``<img>`` carrying the alt text, and a
``<figcaption>`` with the caption and, once, the source line (text that wraps, prints and is read
aloud; it is not drawn into the image as well). A short plain-text fallback names the figure for
text-only front ends.

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.set(title="Empty", xlabel="x", ylabel="y")
>>> html = figure_html(fig, alt="An empty chart.", caption="A test.", source="Source: none")
>>> 'alt="An empty chart."' in html and "<figcaption" in html
True
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt
from IPython.display import HTML, display

from .names import CourseError
from .style import PALETTE


class FigureError(CourseError, ValueError):
    """A figure is missing something every figure of the series must have."""


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes, with no timestamp or version in the file (same bytes every run)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _require(alt: str, caption: str, source: str, fig) -> None:
    for name, value in (("alt", alt), ("caption", caption), ("source", source)):
        if not isinstance(value, str) or not value.strip():
            raise FigureError(f"Every figure needs {name} text; {name}={value!r} was given.")
    if not fig.axes:
        raise FigureError("The figure has no axes to show.")
    main = fig.axes[0]  # twin axes and colour bars come later and carry their own labels
    if not main.get_title():
        raise FigureError("Every figure needs a title (ax.set_title).")
    if not (main.get_xlabel() and main.get_ylabel()):
        raise FigureError(f"The figure {main.get_title()!r} needs both axis labels.")


def figure_html(fig, *, alt: str, caption: str, source: str) -> str:
    """The HTML that shows ``fig`` with its alt text, and its caption followed by the source line
    (the figure is not closed)."""
    _require(alt, caption, source, fig)
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return (
        '<figure style="margin:0 0 1em 0">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto"/>'
        f'<figcaption style="color:{PALETTE["black"]};font-size:0.95em">'
        f"{html.escape(caption)} <em>{html.escape(source)}</em></figcaption></figure>"
    )


class _FigureOutput(HTML):
    """HTML output whose plain-text form is the caption, not an object address."""

    def __init__(self, markup: str, text: str):
        super().__init__(markup)
        self._text = text

    def __repr__(self) -> str:
        return self._text


def show_figure(fig, *, alt: str, caption: str, source: str) -> None:
    """Display ``fig`` with alt text, caption and source line, then close it.

    Args:
        fig: a finished matplotlib figure (title and axis labels set).
        alt: what a screen-reader user needs to know the figure shows.
        caption: one visible sentence under the figure.
        source: the source line, from ``helpers.cite(...)``: the works cited, printed once,
            after the caption.

    Raises:
        FigureError: ``alt``, ``caption`` or ``source`` is empty, or the figure has no title or
        lacks an axis label (the figure is closed all the same).

    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(title="Empty", xlabel="x", ylabel="y")
    >>> show_figure(fig, alt="An empty chart.", caption="Nothing yet.", source="Source: none")
    [Figure: Nothing yet.]
    """
    try:
        markup = figure_html(fig, alt=alt, caption=caption, source=source)
    finally:
        plt.close(fig)
    display(_FigureOutput(markup, f"[Figure: {caption}]"))
