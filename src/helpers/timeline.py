"""A timeline of events with the three eras shaded.

>>> import pandas as pd
>>> events = pd.DataFrame({"date": pd.to_datetime(["1885-03-30", "1893-11-12"]),
...                        "era": ["great_game"] * 2, "title": ["Panjdeh", "Durand Line"]},
...                       index=pd.Index(["a", "b"], name="event_id"))
>>> fig = timeline_figure(events, title="Two events")
>>> [t.get_text() for t in fig.axes[0].texts][:2]
['Panjdeh (1885)', 'Durand Line (1893)']
>>> timeline_alt(events)  # doctest: +NORMALIZE_WHITESPACE
'Timeline of 2 events from 1885 to 1893, on shading for the eras. Great Game (to 1921): 2
events. 1885: Panjdeh. 1893: Durand Line.'
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex, to_rgb

from . import i18n
from .figures import show_figure
from .i18n import _, n_
from .style import ERA_COLOURS, ERA_LABELS, ERA_SPANS, FIGSIZE, PALETTE, house_style

LEGEND_GAP = 6  # points between the x-axis label and the legend's band under it
_LEVELS = [1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 1.5, -1.5, 2.5, -2.5, 3.5, -3.5]


def _label(title: str, year: int, solar: str = "") -> str:
    """The chart label: the title with its year, unless the title already names a year; in the
    Dari edition with the Solar Hijri year(s) too (``solar``).

    >>> _label("Panjdeh incident", 1885), _label("Moscow meeting (May 2019)", 2019)
    ('Panjdeh incident (1885)', 'Moscow meeting (May 2019)')
    """
    if re.search(r"\b1[89]\d\d\b|\b20\d\d\b", title):
        return f"{title} ({solar})" if solar else title
    return f"{title} ({year}{' / ' + solar if solar else ''})"


def _solar_year(day, precision: str) -> str:
    """The Solar Hijri year (or the two years) of an event, in the Dari edition only; ''."""
    if i18n.language() != "fa":
        return ""
    from .calendars import solar_hijri_text

    text = solar_hijri_text(day.date(), "year" if precision == "year" else "day")
    return text if precision == "year" else text.split()[-1]


def _decimal_year(dates: pd.Series) -> pd.Series:
    return dates.dt.year + (dates.dt.day_of_year - 1) / 365.25


def era_tint(era: str, strength: float = 0.18) -> str:
    """The era's colour mixed with white: the shading and its legend swatch.

    >>> era_tint("soviet")
    '#e1f2fb'
    """
    rgb = to_rgb(ERA_COLOURS[era])
    return to_hex([1 - strength * (1 - c) for c in rgb])


def timeline_alt(events: pd.DataFrame) -> str:
    """Alt text: how many events each era holds (the chart's point), then every event in order,
    so a screen reader gets the whole timeline."""
    ordered = events.sort_values("date", kind="stable")
    years = ordered["date"].dt.year
    counts = ordered["era"].value_counts()
    eras = "; ".join(f"{_(ERA_LABELS[era]) if era in ERA_LABELS else era}: "
                     + n_("{n} event", "{n} events", int(n)) for era, n in counts.items())
    items = " ".join(f"{i18n.number(y, group=False)}: {t}."
                     for y, t in zip(years, ordered["title"], strict=True))
    return _("Timeline of {n} events from {first} to {last}, on shading for the eras. {eras}. "
             "{items}", n=i18n.number(len(ordered)), first=i18n.number(years.min(), group=False),
             last=i18n.number(years.max(), group=False), eras=eras, items=items)


def timeline_figure(events: pd.DataFrame, *, title: str, annotate: list[str] | None = None):
    """Draw the timeline and return the figure (nothing is shown).

    Args:
        events: rows with ``date`` (datetime), ``era`` and ``title``, indexed by ``event_id``.
        title: the figure title.
        annotate: the event ids whose title is written on the chart; default all when 20 or
            fewer, else none.
    """
    ordered = events.sort_values("date", kind="stable")
    if annotate is None:
        annotate = list(ordered.index) if len(ordered) <= 20 else []
    x = _decimal_year(ordered["date"])
    with house_style():
        fig, ax = plt.subplots(figsize=FIGSIZE)
        lo, hi = float(x.min()) - 2, float(x.max()) + 2
        for era, (start, end) in ERA_SPANS.items():
            if start < hi and end > lo:  # an opaque tint: the legend swatch is the same colour
                ax.axvspan(max(start, lo), min(end, hi), color=era_tint(era),
                           label=_(ERA_LABELS[era]), lw=0, zorder=0)
        # every dot in one call and every stem in another: one artist each, not two per event
        ax.plot(x, [0] * len(x), "o", color=PALETTE["blue"], ms=6, zorder=3, ls="none")
        shown = ordered.index.isin(annotate)
        levels = [_LEVELS[i % len(_LEVELS)] for i in range(int(shown.sum()))]
        ax.vlines(x[shown], 0, levels, color="#777777", lw=0.8)
        for (_row_id, row), xi, level in zip(ordered[shown].iterrows(), x[shown], levels,
                                             strict=True):
            solar = _solar_year(row["date"], row.get("date_precision", "day"))
            ax.annotate(i18n.isolate(_label(row["title"], row["date"].year, solar)), (xi, level),
                        fontsize=11,
                        ha="center", va="bottom" if level > 0 else "top",
                        xytext=(0, 3 if level > 0 else -3), textcoords="offset points")
        ax.axhline(0, color="#333333", lw=1)
        ax.set_xlim(lo, hi)
        ax.set_ylim(-4, 4)
        ax.set_yticks([])
        ax.grid(False)
        ax.set_title(title)
        ax.set_xlabel(_("Year"))
        ax.set_ylabel(_("Events"))
        _legend_band(fig, ax)
    return fig


def _legend_band(fig, ax) -> None:
    """Lay the figure out with the eras' legend in a band of its own under the axes, centred
    under them: no label, however long in any language, can reach it.

    The legend's height (pixels) is measured with the figure's renderer (it does not depend on
    where the legend goes), the axes are laid out above it (``tight_layout`` with the band left
    free), and the legend is then centred under the axes; nothing is drawn here.
    """
    # an opaque white box, so no shading shows through a swatch and changes its colour
    handles, names = ax.get_legend_handles_labels()
    legend = fig.legend(handles, names, loc="lower center", frameon=True, facecolor="white",
                        framealpha=1.0, edgecolor="#999999", ncols=3)
    renderer = fig.canvas.get_renderer()
    # tight_layout keeps its pad (1.08 font sizes) between the band and the axis label; the
    # band overlaps that pad but for LEGEND_GAP points, so the legend sits close to the label
    pad = renderer.points_to_pixels(1.08 * plt.rcParams["font.size"])
    top = legend.get_window_extent(renderer).y1 + renderer.points_to_pixels(LEGEND_GAP)
    fig.tight_layout(rect=(0, max(top - pad, 0) / fig.bbox.height, 1, 1))
    box = ax.get_position()
    legend.set_bbox_to_anchor(((box.x0 + box.x1) / 2, 0), transform=fig.transFigure)


def plot_timeline(events: pd.DataFrame, *, title: str, caption: str, source: str,
                  annotate: list[str] | None = None, alt: str | None = None,
                  label: list[str] | None = None) -> None:
    """Show a timeline of ``events`` with era shading, alt text (every event) and a caption.

    Args:
        events: e.g. ``load_table("events")`` or a selection of its rows.
        title, caption, source: text shown with the figure (``source`` from ``cite(...)``).
        annotate: event ids whose title is written on the chart (all events are listed in the
            alt text); by default all when there are 20 or fewer, else none.
        alt: alt text; by default every event, in order, with its year.
        label: deprecated, the old name of ``annotate`` (in the series ``labels`` means the
            names shown for data series); kept, without a warning, because saved notebooks
            pass it.

    Raises:
        TypeError: both ``annotate`` and ``label`` are given.
        helpers.figures.FigureError: ``title``, ``caption`` or ``source`` is empty.

    >>> from helpers import load_table
    >>> plot_timeline(load_table("events").head(3), title="First events",
    ...               caption="The first three events.", source="Source: events.csv")
    [Figure: The first three events.]
    """
    if label is not None:
        if annotate is not None:
            raise TypeError("give annotate= only (label= is its old name)")
        annotate = label
    shown = i18n.figure_texts(title=title, caption=caption, alt=alt)  # the edition's words
    title, caption, alt = shown["title"], shown["caption"], shown["alt"]
    fig = timeline_figure(events, title=title, annotate=annotate)
    with house_style():  # drawn with the style it was laid out in
        show_figure(fig, alt=alt or timeline_alt(events), caption=caption, source=source)
