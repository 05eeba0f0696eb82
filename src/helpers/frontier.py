"""The frontier map, kept under its old name for notebooks saved before it joined ``plot_map``.

New code calls :func:`helpers.plot_map` with ``values=`` and ``reference=``; these names stay
callable (DECISIONS: anything a saved notebook may call stays callable) and draw the same figure.

>>> import pandas as pd
>>> index = pd.Index(["merv", "tashkent"], name="place_id")
>>> points = pd.DataFrame({"name": ["Merv", "Tashkent"], "lat": [37.6, 41.3],
...                        "lon": [61.8, 69.3]}, index=index)
>>> torkham = pd.DataFrame({"name": ["Torkham"], "lat": [34.1], "lon": [71.1]})
>>> fig = frontier_map_figure(points, pd.Series([1884, 1865], index=index), torkham, title="t")
>>> len(fig.axes)   # the map and its colour bar
2
"""

from __future__ import annotations

import pandas as pd

from .maps import map_alt, map_figure, plot_map

DEFAULT_EXTENT = (50.0, 30.0, 80.0, 47.0)


def frontier_map_alt(points: pd.DataFrame, years: pd.Series, reference: pd.DataFrame, *,
                     title: str) -> str:
    """Alt text: ``map_alt(points, values=years, value_label="Year", reference=...)``."""
    return map_alt(points, title=title, values=years, value_label="Year", reference=reference)


def frontier_map_figure(points: pd.DataFrame, years: pd.Series, reference: pd.DataFrame, *,
                        title: str, value_label: str = "Year", extent: tuple = DEFAULT_EXTENT):
    """The figure of :func:`plot_frontier_map` (nothing is shown)."""
    return map_figure(points, title=title, values=years, value_label=value_label,
                      reference=reference, extent=extent)


def plot_frontier_map(points: pd.DataFrame, years: pd.Series, reference: pd.DataFrame, *,
                      title: str, caption: str, source: str, value_label: str = "Year",
                      extent: tuple = DEFAULT_EXTENT, alt: str | None = None) -> None:
    """``plot_map(points, values=years, reference=reference, ...)`` under its old name."""
    plot_map(points, title=title, caption=caption, source=source, values=years,
             value_label=value_label, reference=reference, extent=extent,
             alt=alt or frontier_map_alt(points, years, reference, title=title))
