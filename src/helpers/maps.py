"""A regional map from ``data/central_asia.geojson`` with places, values and routes marked.

>>> import pandas as pd
>>> places = pd.DataFrame({"name": ["Kabul"], "lat": [34.5553], "lon": [69.2075]},
...                       index=pd.Index(["kabul"], name="place_id"))
>>> fig = map_figure(places, title="Kabul")
>>> fig.axes[0].get_xlabel()
'Longitude (degrees east)'
>>> map_alt(places, title="Kabul")
'Map: Kabul. Country borders of Central and South Asia with 1 place marked: Kabul.'
"""

from __future__ import annotations

from math import cos, radians

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.patches import Polygon

from .data import load_borders
from .figures import show_figure
from .style import FIGSIZE, PALETTE, SERIES_COLOURS, house_style

HIGHLIGHT = "Afghanistan"
UNLABELLED = {"Siachen Glacier"}  # drawn (Natural Earth's own unit) but not named like a country


def _draw_borders(ax, extent) -> None:
    plain, highlighted, names = [], [], []
    for feature in load_borders()["features"]:
        name = feature["properties"]["name"]
        rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
        target = highlighted if name == HIGHLIGHT else plain
        target.extend(Polygon(ring, closed=True) for ring in rings)
        largest = max(rings, key=len)
        lon = sum(p[0] for p in largest) / len(largest)
        lat = sum(p[1] for p in largest) / len(largest)
        inside = extent[0] < lon < extent[2] and extent[1] < lat < extent[3]
        if inside and name not in UNLABELLED:
            names.append((lon, lat, name))
    ax.add_collection(PatchCollection(plain, facecolor="#F2F2F2", edgecolor="#8C8C8C", lw=0.7))
    ax.add_collection(PatchCollection(highlighted, facecolor=PALETTE["yellow"], alpha=0.35,
                                      edgecolor="#555555", lw=1.2))
    for lon, lat, name in names:
        ax.text(lon, lat, name.upper(), fontsize=9, color="#6E6E6E", ha="center", va="center")


def map_alt(places: pd.DataFrame, *, title: str, routes: dict | None = None) -> str:
    """Alt text naming every marked place and route."""
    text = (f"Map: {title}. Country borders of Central and South Asia with {len(places)} "
            f"place{'s' if len(places) != 1 else ''} marked: {', '.join(places['name'])}.")
    for name, points in (routes or {}).items():
        text += f" Route {name}: {' - '.join(points['name'])}."
    return text


def map_figure(places: pd.DataFrame, *, title: str, values: pd.Series | None = None,
               value_label: str = "", routes: dict | None = None,
               extent: tuple = (52.0, 27.0, 80.0, 46.0)):
    """Draw the map and return the figure (nothing is shown).

    Args:
        places: rows with ``name``, ``lat``, ``lon``.
        title: the figure title.
        values: optional numbers per place (same index), shown as marker colour with a colour bar.
        value_label: the colour bar's label.
        routes: optional {route name: DataFrame with ``lat``, ``lon``, ``name``} drawn as lines.
        extent: (west, south, east, north) in degrees.
    """
    if len(routes or {}) > len(SERIES_COLOURS) - 1:
        raise ValueError(f"at most {len(SERIES_COLOURS) - 1} routes fit the palette")
    with house_style():
        fig, ax = plt.subplots(figsize=(FIGSIZE[0], FIGSIZE[0] * 0.68))
        _draw_borders(ax, extent)
        for colour, (name, points) in zip(SERIES_COLOURS[1:], (routes or {}).items(),
                                          strict=False):
            ax.plot(points["lon"], points["lat"], "-", color=colour, lw=2.5, label=name)
        if values is None:
            ax.plot(places["lon"], places["lat"], "o", color=PALETTE["blue"], ms=7,
                    markeredgecolor="white", zorder=4)
        else:
            dots = ax.scatter(places["lon"], places["lat"], c=values.loc[places.index],
                              cmap="viridis", s=70, edgecolors="black", zorder=4)
            fig.colorbar(dots, ax=ax, shrink=0.7, label=value_label)
        for _, row in places.iterrows():
            ax.annotate(row["name"], (row["lon"], row["lat"]), xytext=(5, 4),
                        textcoords="offset points", fontsize=11, zorder=5)
        ax.set_xlim(extent[0], extent[2])
        ax.set_ylim(extent[1], extent[3])
        ax.set_aspect(1 / cos(radians((extent[1] + extent[3]) / 2)))
        ax.grid(False)
        ax.set_title(title)
        ax.set_xlabel("Longitude (degrees east)")
        ax.set_ylabel("Latitude (degrees north)")
        if routes:
            ax.legend(loc="lower left")
        fig.tight_layout()
    return fig


def plot_map(places: pd.DataFrame, *, title: str, caption: str, source: str,
             values: pd.Series | None = None, value_label: str = "",
             routes: dict | None = None, extent: tuple = (52.0, 27.0, 80.0, 46.0),
             alt: str | None = None) -> None:
    """Show the regional map with ``places`` marked, alt text and a caption.

    Args:
        places: e.g. ``load_table("places").loc[["kabul", "herat"]]``.
        title, caption, source: text shown with the figure.
        values, value_label: colour the markers by a number (e.g. the year a place fell).
        routes: {name: waypoints DataFrame} drawn as lines (e.g. a pipeline route).
        extent: the map window (west, south, east, north).
        alt: alt text; by default it names every place and route.

    >>> from helpers import load_table
    >>> plot_map(load_table("places").loc[["kabul", "herat"]], title="Two cities",
    ...          caption="Kabul and Herat.", source="Source: places.csv")
    [Figure: Kabul and Herat.]
    """
    fig = map_figure(places, title=title, values=values, value_label=value_label, routes=routes,
                     extent=extent)
    show_figure(fig, alt=alt or map_alt(places, title=title, routes=routes), caption=caption,
                source=source)
