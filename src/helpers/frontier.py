"""A frontier map: places coloured by year, with a few reference places marked apart.

The regional map of :mod:`helpers.maps` colours every marked place by a value. A frontier map
also needs places that have no year (a border crossing, a corridor) to stand out as reference
points: they are drawn as black-edged diamonds with their own labels and named in a legend.

>>> import pandas as pd
>>> index = pd.Index(["merv", "tashkent"], name="place_id")
>>> points = pd.DataFrame({"name": ["Merv", "Tashkent"], "lat": [37.6, 41.3],
...                        "lon": [61.8, 69.3]}, index=index)
>>> years = pd.Series([1884, 1865], index=index)
>>> marks = pd.DataFrame({"name": ["Torkham"], "lat": [34.1], "lon": [71.1]},
...                      index=pd.Index(["torkham"], name="place_id"))
>>> fig = frontier_map_figure(points, years, marks, title="Two steps")
>>> len(fig.axes)   # the map and its colour bar
2
>>> print(frontier_map_alt(points, years, marks, title="Two steps"))
Map: Two steps. Country borders of Central and South Asia with Afghanistan shaded. 2 places
coloured by year, from 1865 to 1884, in order: Tashkent (1865), Merv (1884). Reference places
marked with diamonds: Torkham.
"""

from __future__ import annotations

import pandas as pd
from matplotlib import patheffects

from .figures import show_figure
from .maps import map_figure
from .style import PALETTE, house_style

DEFAULT_EXTENT = (50.0, 30.0, 80.0, 47.0)


def frontier_map_alt(points: pd.DataFrame, years: pd.Series, marks: pd.DataFrame, *,
                     title: str) -> str:
    """Alt text listing every coloured place with its year, in order, and every reference place.

    Args:
        points, years, marks, title: as in :func:`frontier_map_figure`.

    Returns:
        One paragraph a screen reader can read out.
    """
    order = years.loc[points.index].sort_values(kind="stable")
    listed = ", ".join(f"{points.loc[i, 'name']} ({int(y)})" for i, y in order.items())
    return (f"Map: {title}. Country borders of Central and South Asia with Afghanistan shaded. "
            f"{len(points)} places coloured by year, from {int(order.min())} to "
            f"{int(order.max())}, in order: {listed}. Reference places marked with "
            f"diamonds: {', '.join(marks['name'])}.")


def frontier_map_figure(points: pd.DataFrame, years: pd.Series, marks: pd.DataFrame, *,
                        title: str, value_label: str = "Year",
                        extent: tuple = DEFAULT_EXTENT):
    """Draw the map and return the figure (nothing is shown).

    Args:
        points: rows with ``name``, ``lat``, ``lon`` (one row per place), coloured by ``years``.
        years: a number per place (same index as ``points``), shown as marker colour.
        marks: reference places (``name``, ``lat``, ``lon``) drawn as black-edged diamonds.
        title: the figure title.
        value_label: the colour bar's label.
        extent: the map window (west, south, east, north) in degrees.
    """
    fig = map_figure(points, title=title, values=years, value_label=value_label, extent=extent)
    ax = fig.axes[0]
    with house_style():
        ax.plot(marks["lon"], marks["lat"], "D", color=PALETTE["vermillion"], ms=10,
                markeredgecolor="black", zorder=6, ls="none", label="Reference places")
        for _, row in marks.iterrows():
            ax.annotate(row["name"], (row["lon"], row["lat"]), xytext=(0, -10),
                        textcoords="offset points", ha="center", va="top", fontsize=11,
                        fontweight="bold", color=PALETTE["vermillion"], zorder=6,
                        path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])
        ax.legend(loc="lower left")
    return fig


def plot_frontier_map(points: pd.DataFrame, years: pd.Series, marks: pd.DataFrame, *,
                      title: str, caption: str, source: str, value_label: str = "Year",
                      extent: tuple = DEFAULT_EXTENT, alt: str | None = None) -> None:
    """Show a map of ``points`` coloured by ``years``, with ``marks`` as reference places.

    Args:
        points: e.g. the frontier steps joined to ``load_table("places")``, indexed by place_id.
        years: the year of each step (same index as ``points``).
        marks: e.g. ``load_table("places").loc[["wakhan", "torkham"]]``.
        title, caption, source: text shown with the figure.
        value_label: the colour bar's label.
        extent: the map window (west, south, east, north).
        alt: alt text; by default every place with its year, and every reference place.
    """
    fig = frontier_map_figure(points, years, marks, title=title, value_label=value_label,
                              extent=extent)
    show_figure(fig, alt=alt or frontier_map_alt(points, years, marks, title=title),
                caption=caption, source=source)
