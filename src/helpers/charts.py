"""Charts of yearly series: lines or bars, with marked years, shaded spans and gaps kept as gaps.

>>> import pandas as pd
>>> frame = pd.DataFrame({"year": [2000, 2001, 2003], "hectares": [82171, 7606, 80000]})
>>> print(series_alt(frame, "year", ["hectares"], {"hectares": "Hectares"}))
Chart of Hectares by year, 2000 to 2003 (3 values). Hectares: 82,171 in 2000 (the highest),
falling to a low of 7,606 in 2001, and 80,000 in 2003. Largest fall: from 82,171 in 2000 to
7,606 in 2001 (-91%).
>>> fig = series_figure(frame, "year", ["hectares"], title="t", xlabel="Year", ylabel="ha")
>>> len(fig.axes[0].lines[0].get_xdata())   # a gap is inserted for the missing 2002
4
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import i18n
from .figures import show_figure
from .i18n import N_, _
from .style import FIGSIZE, PALETTE, SERIES_COLOURS, house_style

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))

LABEL_SIZE = 11  # points: the labels of marks and spans
LABEL_PAD = 3  # points between a span's label and the top of the axes, and what is under it
MARK_TOP = 0.97  # where a mark's label starts, as a share of the axes' height


def _with_gaps(x: pd.Series, y: pd.Series, step: float | None):
    """Insert NaN where consecutive x values are more than ``step`` apart (the line breaks)."""
    xs, ys = [], []
    for xi, yi in zip(x, y, strict=True):
        if step and xs and xi - xs[-1] > step:
            xs.append((xs[-1] + xi) / 2)
            ys.append(np.nan)
        xs.append(xi)
        ys.append(yi)
    return xs, ys


def _fmt(value) -> str:
    value = float(value)
    return i18n.number(value, 0 if value.is_integer() else 2)


def _fx(value) -> str:
    """An x value (a year) without a thousands separator."""
    value = float(value)
    return i18n.number(value, 0 if value.is_integer() else 2, group=False)


def _when(value: float) -> str:
    """A decimal year as text: 2021 -> '2021', 2021 + 8/12 -> 'August 2021'.

    >>> _when(2021 + 8 / 12), _when(2024)
    ('August 2021', '2024')
    """
    year, month = int(value), round((value - int(value)) * 12)
    shown = i18n.number(year, group=False)
    return shown if month == 0 else _("{month} {year}", month=_(MONTHS[month - 1]), year=shown)


def _trend(column: pd.DataFrame, x: str, y: str, name: str) -> str:
    """One sentence on a series: where it starts, peaks, bottoms out and ends (its point)."""
    top, low = column[y].idxmax(), column[y].idxmin()
    first, last = column.index[0], column.index[-1]

    def point(label):
        value, when = _fmt(column.loc[label, y]), _fx(column.loc[label, x])
        if label == top:
            return _("{value} in {when} (the highest)", value=value, when=when)
        if label == low:
            return _("{value} in {when} (the lowest)", value=value, when=when)
        return _("{value} in {when}", value=value, when=when)

    middle = []
    for label in sorted({top, low} - {first, last}, key=lambda i: column.loc[i, x]):
        value, when = _fmt(column.loc[label, y]), _fx(column.loc[label, x])
        middle.append(_("rising to a peak of {value} in {when}", value=value, when=when)
                      if label == top else
                      _("falling to a low of {value} in {when}", value=value, when=when))
    comma = i18n.comma()
    text = f" {name}: {point(first)}{comma}" + "".join(m + comma for m in middle)
    text += _("and {last}.", last=point(last)) if last != first else ""
    steps = column[y].diff()
    if len(column) > 2 and steps.min() < 0:
        i = int(np.argmin(steps.to_numpy()[1:])) + 1
        before, after = column.iloc[i - 1], column.iloc[i]
        change = (" (" + i18n.digits(f"{(after[y] / before[y] - 1) * 100:+.0f}%") + ")"
                  if before[y] else "")
        text += " " + _("Largest fall: from {a} in {a_when} to {b} in {b_when}{change}.",
                        a=_fmt(before[y]), a_when=_fx(before[x]), b=_fmt(after[y]),
                        b_when=_fx(after[x]), change=change)
    return text


def series_alt(frame: pd.DataFrame, x: str, ys: list[str], labels: dict,
               marks: dict | None = None, spans: list | None = None) -> str:
    """Alt text that states each series' point: start, peak, low, end and its largest fall,
    computed from the data, and what the marked years and shaded spans are.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"year": [1979, 1984, 1989], "deaths": [86, 2343, 53]})
    >>> print(series_alt(frame, "year", ["deaths"], {"deaths": "Deaths"}, marks={1986: "Stinger"}))
    Chart of Deaths by year, 1979 to 1989 (3 values). Deaths: 86 in 1979, rising to a peak of
    2,343 in 1984, and 53 in 1989 (the lowest). Largest fall: from 2,343 in 1984 to 53 in 1989
    (-98%). Dashed lines mark: Stinger (1986).
    """
    text = _("Chart of {names} by {x}, {first} to {last} ({n} values).",
             names=i18n.comma().join(labels.get(y, i18n.header(y)) for y in ys),
             x=i18n.header(x), first=_fx(frame[x].min()), last=_fx(frame[x].max()),
             n=i18n.number(len(frame)))
    for y in ys:
        column = frame[[x, y]].dropna().sort_values(x, kind="stable").reset_index(drop=True)
        if len(column):
            text += _trend(column, x, y, labels.get(y, i18n.header(y)))
    if marks:
        text += " " + _("Dashed lines mark: {marks}.", marks="; ".join(
            f"{label} ({_fx(value)})" for value, label in marks.items()))
    for start, end, label in spans or []:
        text += " " + _("Shaded: {label}, from {start} to {end}.", label=label,
                        start=_when(start), end=_when(end))
    return text


def series_figure(frame: pd.DataFrame, x: str, ys: list[str], *, title: str, xlabel: str,
                  ylabel: str, kind: str = "line", labels: dict | None = None,
                  marks: dict | None = None, spans: list | None = None, gap_step: float = 1):
    """Draw yearly series and return the figure (nothing is shown).

    Args:
        frame: the data; ``x`` is a numeric column (usually the year).
        ys: columns to draw; ``kind`` is "line" or "bar".
        labels: legend names per column.
        marks: {x value: text} drawn as dashed vertical lines with a label.
        spans: [(start, end, text)] drawn as shaded bands.
        gap_step: lines break where consecutive x values are further apart than this.

    Raises:
        ValueError: more series than the palette has colours for (7).
    """
    labels = labels or {}
    if len(ys) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series fit the palette")
    frame = frame.sort_values(x, kind="stable")
    with house_style():
        fig, ax = plt.subplots(figsize=FIGSIZE)
        named = []  # the spans' labels
        for start, end, text in spans or []:
            ax.axvspan(start, end, color=PALETTE["sky_blue"], alpha=0.2, lw=0)
            if text:  # inside the axes at the top (above the axes it met a long title)
                named.append(ax.annotate(text, ((start + end) / 2, 1),
                                         xycoords=("data", "axes fraction"),
                                         xytext=(0, -LABEL_PAD), textcoords="offset points",
                                         ha="center", va="top", fontsize=LABEL_SIZE))
        width = 0.8 / len(ys)
        for i, (y, colour) in enumerate(zip(ys, SERIES_COLOURS, strict=False)):
            data = frame[[x, y]].dropna()
            if kind == "bar":
                ax.bar(data[x] + (i - (len(ys) - 1) / 2) * width, data[y], width=width,
                       color=colour, label=labels.get(y, y))
            else:
                xs, vals = _with_gaps(data[x], data[y], gap_step)
                ax.plot(xs, vals, "-o", color=colour, ms=5, lw=2, label=labels.get(y, y))
        marked = []  # each mark's line and label
        for value, text in (marks or {}).items():
            marked.append((ax.axvline(value, color=PALETTE["vermillion"], ls="--", lw=1.5),
                           ax.annotate(text, (value, MARK_TOP), xycoords=("data", "axes fraction"),
                                       rotation=90, ha="right", va="top", fontsize=LABEL_SIZE,
                                       color=PALETTE["vermillion"])))
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: i18n.number(v, 0)))
        handles, names = ax.get_legend_handles_labels()
        if len(names) > 1:
            ax.legend(handles, names, loc="best", frameon=False)
        fig.tight_layout()
        if named:
            _clear_span_labels(ax, named, marked)
    return fig


def _clear_span_labels(ax, named: list, marked: list) -> None:
    """Keep the band of the spans' labels (``named``) at the top of the laid-out axes clear: the
    y axis grows upwards so the data (with the autoscale's margin) stay under it, and a mark
    (``marked``: its line and label) that meets a span's label stops under it (its line) or
    starts under it (its label). Measured with the renderer (text boxes only); nothing drawn."""
    renderer = ax.figure.canvas.get_renderer()
    frame, pad = ax.bbox, renderer.points_to_pixels(LABEL_PAD)
    boxes = [label.get_window_extent(renderer) for label in named]
    share = (frame.y1 - min(box.y0 for box in boxes) + pad) / frame.height  # of the axes
    low, high = ax.get_ylim()
    ax.set_ylim(low, low + (high - low) / (1 - share))
    for line, label in marked:
        x = ax.transData.transform((line.get_xdata()[0], 0))[0]
        if any(box.x0 <= x <= box.x1 for box in boxes):
            line.set_ydata([0, 1 - share])
        if any(label.get_window_extent(renderer).overlaps(box) for box in boxes):
            label.xy = label.xyann = (label.xy[0], 1 - share)  # the text is drawn at xyann


def plot_series(frame: pd.DataFrame, x: str, ys, *, title: str, xlabel: str, ylabel: str,
                caption: str, source: str, alt: str | None = None, **options) -> None:
    """Show a chart of one or more yearly series with alt text and a caption.

    Args:
        frame, x, ys: the data, its x column and the column(s) to draw (str or list).
        title, xlabel, ylabel, caption, source: text shown with the figure.
        alt: alt text; by default the range and the highest and lowest value of each series.
        options: ``kind``, ``labels`` (legend name per column), ``marks`` ({x: text}, dashed
            lines), ``spans``, ``gap_step`` as in :func:`series_figure`.

    Raises:
        ValueError: as :func:`series_figure`; TypeError: an unknown option.
        helpers.figures.FigureError: a title, axis label, caption or source is empty.

    >>> import pandas as pd
    >>> deaths = pd.DataFrame({"year": [1980, 1981], "deaths": [1484, 1298]})
    >>> plot_series(deaths, "year", "deaths", title="Deaths", xlabel="Year", ylabel="Deaths",
    ...             caption="Two years.", source="Source: a test")
    [Figure: Two years.]
    """
    ys = [ys] if isinstance(ys, str) else list(ys)
    shown = i18n.figure_texts(title=title, xlabel=xlabel, ylabel=ylabel, caption=caption, alt=alt,
                              **{k: v for k, v in options.items()
                                 if k in ("labels", "marks", "spans")})
    title, xlabel, ylabel, caption, alt = (shown.pop(k) for k in
                                           ("title", "xlabel", "ylabel", "caption", "alt"))
    options = {**options, **shown}  # labels, marks and spans in the edition's words
    fig = series_figure(frame, x, ys, title=title, xlabel=xlabel, ylabel=ylabel, **options)
    alt = alt or series_alt(frame, x, ys, options.get("labels") or {}, options.get("marks"),
                            options.get("spans"))
    with house_style():  # drawn with the style it was laid out in
        show_figure(fig, alt=alt, caption=caption, source=source)
