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
import numpy as np
from IPython.display import HTML, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from PIL import Image

from . import i18n
from .i18n import _
from .names import CourseError
from .style import PALETTE


class FigureError(CourseError, ValueError):
    """A figure is missing something every figure of the series must have."""


PAD_INCHES = 0.1  # the margin kept around what is drawn (matplotlib's savefig.pad_inches)
# zlib's level: over the series' figures, 3 writes the PNGs in 0.7 of the time of Pillow's
# default (6), and they come out 3 % larger
COMPRESS_LEVEL = 3


def drawn_box(pixels: np.ndarray, background: tuple, pad: int) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the pixels that differ from ``background``, widened by
    ``pad`` pixels on every side and kept inside the image; the whole image if nothing is drawn.

    Args:
        pixels: an RGBA image, an array of shape (height, width, 4) of bytes, e.g. a canvas's
            ``buffer_rgba()``; each pixel is compared as one 32-bit word.
        background: the background colour, (red, green, blue, alpha), each 0-255.
        pad: pixels added on each side.

    >>> image = np.full((6, 8, 4), 255, dtype=np.uint8)
    >>> image[2, 3] = (0, 0, 0, 255)
    >>> drawn_box(image, (255, 255, 255, 255), 1)
    (2, 1, 5, 4)
    >>> drawn_box(np.full((6, 8, 4), 255, dtype=np.uint8), (255, 255, 255, 255), 1)
    (0, 0, 8, 6)
    """
    words = np.ascontiguousarray(pixels, dtype=np.uint8).view(np.uint32)[..., 0]
    drawn = words != np.frombuffer(bytes(background), dtype=np.uint32)[0]
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    height, width = drawn.shape
    if not len(rows):
        return 0, 0, width, height
    return (max(int(columns[0]) - pad, 0), max(int(rows[0]) - pad, 0),
            min(int(columns[-1]) + 1 + pad, width), min(int(rows[-1]) + 1 + pad, height))


def _spills(fig, inner: tuple[int, int, int, int], size: tuple[int, int], renderer) -> bool:
    """Whether the drawing may run past the canvas: what is drawn (``inner``, its box in
    pixels, see :func:`drawn_box`) touches the edge of the canvas of ``size`` (width, height),
    or a text (a label, a title, a legend entry) lies partly or wholly outside it (wholly
    outside, it leaves no pixel to see)."""
    left, top, right, bottom = inner
    if left == 0 or top == 0 or right == size[0] or bottom == size[1]:
        return True
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
    for legend in [ax.get_legend() for ax in fig.axes] + list(fig.legends):
        texts += legend.get_texts() if legend else []
    canvas = fig.bbox
    for text in texts:
        if not (text.get_visible() and text.get_text().strip()):
            continue
        # a text anchored on the canvas that runs past it touches the edge (seen above); only
        # one anchored off the canvas is measured (its transform is the one it was drawn with)
        if canvas.contains(*text.get_transform().transform(text.get_unitless_position())):
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < canvas.x0 or box.y0 < canvas.y0 or box.x1 > canvas.x1 or \
                box.y1 > canvas.y1:
            return True
    return False


def _encoded(image: Image.Image, dpi: float) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=COMPRESS_LEVEL, dpi=(dpi, dpi))
    return buffer.getvalue()


def png_bytes(fig) -> bytes:
    """The figure as PNG bytes, drawn once and cropped to what is drawn plus ``PAD_INCHES``.

    The figure is rendered a single time at its own size (its layout, e.g. ``tight_layout``,
    is done by whoever drew it); the margin of empty background around the drawing is then cut
    off the pixels, which gives the picture ``savefig(bbox_inches="tight")`` gives without its
    second drawing pass. Where the drawing comes within ``PAD_INCHES`` of the canvas edge, the
    margin is made up with background. Where it may run past the edge (:func:`_spills`), the
    crop would cut it off, so the figure is written with ``savefig(bbox_inches="tight")``
    instead, which grows the canvas to take it all in (a second drawing pass, only then). The
    PNG is RGB where the background is opaque (RGBA if not) and holds no timestamp, software
    name or version, so the same figure gives the same bytes every run.
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    background = tuple(round(c * 255) for c in to_rgba(fig.get_facecolor()))
    pad = round(PAD_INCHES * fig.dpi)
    inner = drawn_box(pixels, background, 0)
    if _spills(fig, inner, (width, height), canvas.get_renderer()):
        tight = io.BytesIO()
        fig.savefig(tight, format="png", dpi=fig.dpi, bbox_inches="tight", pad_inches=PAD_INCHES,
                    facecolor=fig.get_facecolor(), metadata={"Software": None})
        image = Image.open(tight)
        image.load()
    else:
        left, top = max(inner[0] - pad, 0), max(inner[1] - pad, 0)
        right, bottom = min(inner[2] + pad, width), min(inner[3] + pad, height)
        image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1).crop(
            (left, top, right, bottom))
        # the margin the canvas edge left short on each side, made up with background
        short = (pad - (inner[0] - left), pad - (inner[1] - top), pad - (right - inner[2]),
                 pad - (bottom - inner[3]))
        if any(short):
            grown = Image.new("RGBA", (image.width + short[0] + short[2],
                                       image.height + short[1] + short[3]), background)
            grown.paste(image, (short[0], short[1]))
            image = grown
    if background[3] == 255:
        image = image.convert("RGB")
    return _encoded(image, fig.dpi)


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


def translate_labels(fig) -> None:
    """In a language edition, each axes' title, axis labels and legend entries (the axes' and
    the figure's) that a notebook set itself (``ax.set_title("...")``), in the edition's words
    (the ``figures`` catalog); unchanged where there is no translation, and in English."""
    if i18n.language() == "en":
        return
    for ax in fig.axes:
        for text in [ax.title, ax.xaxis.label, ax.yaxis.label]:
            text.set_text(i18n.figure_text(text.get_text()))
    for legend in [ax.get_legend() for ax in fig.axes] + list(fig.legends):
        for text in legend.get_texts() if legend else []:
            text.set_text(i18n.figure_text(text.get_text()))


def figure_html(fig, *, alt: str, caption: str, source: str) -> str:
    """The HTML that shows ``fig`` with its alt text, and its caption followed by the source line
    (the figure is not closed)."""
    _require(alt, caption, source, fig)
    translate_labels(fig)
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    alt, caption = i18n.figure_text(alt), i18n.figure_text(caption)
    return (
        f'<figure{i18n.html_attributes()} style="margin:0 0 1em 0">'
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
    display(_FigureOutput(markup, _("[Figure: {caption}]", caption=i18n.figure_text(caption))))
