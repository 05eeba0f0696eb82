"""A regional map from ``data/central_asia.geojson`` with places, values, routes and reference
places marked.

Coordinate order: a place is given by ``lat`` and ``lon`` columns (as in ``places.csv``); the
borders file is GeoJSON, whose positions are (longitude, latitude), and matplotlib's x is the
longitude. Each border polygon is drawn from its outer ring only: interior rings (holes, such as
an enclave of another country) are dropped, which at this scale hides nothing in the region's
map but would fill a hole if one mattered.

Labels never cover one another. Country names are placed first, then reference places, then the
marked places; each label takes the first of a few fixed spots around its point (right and above
first) where its box, as the renderer draws it, stays inside the map and clear of the labels
already placed, every marker and the legend (:func:`_place_labels`); the same data always gives
the same map.

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
from matplotlib import patheffects
from matplotlib.collections import PatchCollection
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox

from . import i18n
from .data import load_borders
from .figures import show_figure
from .i18n import N_, _, n_
from .style import FIGSIZE, PALETTE, SERIES_COLOURS, house_style

HIGHLIGHT = "Afghanistan"
EXTENT = (52.0, 27.0, 80.0, 46.0)  # (west, south, east, north) in degrees
UNLABELLED = {"Siachen Glacier"}  # drawn (Natural Earth's own unit) but not named like a country
REFERENCE = N_("Reference places")

# Spots a label may take around its point: (x, y) offset in points, horizontal and vertical
# alignment; tried in this order.
AROUND = [((5, 4), "left", "bottom"), ((5, -4), "left", "top"), ((-5, 4), "right", "bottom"),
          ((-5, -4), "right", "top"), ((0, 8), "center", "bottom"), ((0, -8), "center", "top"),
          ((8, 0), "left", "center"), ((-8, 0), "right", "center")]
BELOW_FIRST = [((0, -10), "center", "top"), ((9, -6), "left", "top"), ((-9, -6), "right", "top"),
               ((9, 6), "left", "bottom"), ((-9, 6), "right", "bottom"),
               ((0, 10), "center", "bottom"), ((11, 0), "left", "center"),
               ((-11, 0), "right", "center")]
# A country's name sits on its centre, or is moved up, down or sideways if something is there.
CENTRED = [((dx, dy), "center", "center")
           for dx, dy in [(0, 0), (0, -14), (0, 14), (-36, 0), (36, 0), (0, -28), (0, 28),
                          (-36, -14), (36, -14), (-36, 14), (36, 14)]]
MARKER_RADIUS = 5  # points: half the width of a place's dot or diamond, kept clear of labels


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    """Area (square pixels) that ``box`` shares with the boxes ``others``."""
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        total += max(0.0, width) * max(0.0, height)
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    """Area (square pixels) of ``box`` that lies outside ``frame``."""
    inside = _overlap(box, [frame])
    return box.width * box.height - inside


def _place_labels(ax, labels: list[tuple], obstacles: list[Bbox]) -> None:
    """Write each label at the first of its spots whose box stays inside the axes and off
    ``obstacles`` (which then include it); where no spot is clear, at the spot that covers the
    least. ``labels``: (text, (x, y) in data coordinates, text style, spots)."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    for text, xy, style, spots in labels:
        best = None
        for offset, ha, va in spots:
            label = ax.annotate(text, xy, xytext=offset, textcoords="offset points", ha=ha,
                                va=va, annotation_clip=False, **style)
            box = label.get_window_extent(renderer)
            cost = _overlap(box, obstacles) + _outside(box, frame)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, label, box)
            else:
                label.remove()
            if cost == 0:
                break
        obstacles.append(best[2])


def _marker_boxes(ax, points: pd.DataFrame) -> list[Bbox]:
    """A small box (in pixels) around each point's marker."""
    r = MARKER_RADIUS * ax.figure.dpi / 72
    xy = ax.transData.transform(points[["lon", "lat"]].to_numpy(dtype=float))
    return [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in xy]


def _country_names(extent, features: list[dict]) -> list[tuple[float, float, str]]:
    """(lon, lat, name) of each country of ``features`` (GeoJSON) named on the map: the mean of
    its largest ring's points, if that lies inside ``extent``."""
    names = []
    for feature in features:
        name = feature["properties"]["name"]
        largest = max((polygon[0] for polygon in feature["geometry"]["coordinates"]), key=len)
        lon = sum(p[0] for p in largest) / len(largest)
        lat = sum(p[1] for p in largest) / len(largest)
        inside = extent[0] < lon < extent[2] and extent[1] < lat < extent[3]
        if inside and name not in UNLABELLED:
            names.append((lon, lat, name))
    return names


def _draw_borders(ax, features: list[dict]) -> None:
    """Draw every country's outer rings (GeoJSON features, (lon, lat) = (x, y)); holes are not
    drawn."""
    plain, highlighted = [], []
    for feature in features:
        rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
        target = highlighted if feature["properties"]["name"] == HIGHLIGHT else plain
        target.extend(Polygon(ring, closed=True) for ring in rings)
    ax.add_collection(PatchCollection(plain, facecolor="#F2F2F2", edgecolor="#8C8C8C", lw=0.7))
    ax.add_collection(PatchCollection(highlighted, facecolor=PALETTE["yellow"], alpha=0.35,
                                      edgecolor="#555555", lw=1.2))


def map_alt(places: pd.DataFrame, *, title: str, routes: dict | None = None,
            values: pd.Series | None = None, value_label: str = "",
            reference: pd.DataFrame | None = None) -> str:
    """Alt text naming every marked place (with its value, in order of value), route and
    reference place.

    >>> import pandas as pd
    >>> index = pd.Index(["merv", "tashkent"], name="place_id")
    >>> points = pd.DataFrame({"name": ["Merv", "Tashkent"], "lat": [37.6, 41.3],
    ...                        "lon": [61.8, 69.3]}, index=index)
    >>> torkham = pd.DataFrame({"name": ["Torkham"], "lat": [34.1], "lon": [71.1]})
    >>> print(map_alt(points, title="Two steps", values=pd.Series([1884, 1865], index=index),
    ...               value_label="Year", reference=torkham))
    Map: Two steps. Country borders of Central and South Asia with Afghanistan shaded. 2 places
    coloured by year, from 1865 to 1884, in order: Tashkent (1865), Merv (1884). Reference places
    marked with diamonds: Torkham.
    """
    comma = i18n.comma()
    if values is None:
        text = n_("Map: {title}. Country borders of Central and South Asia with {n} place "
                  "marked: {names}.",
                  "Map: {title}. Country borders of Central and South Asia with {n} places "
                  "marked: {names}.", len(places), title=title,
                  names=comma.join(places["name"]))
    else:
        order = values.loc[places.index].sort_values(kind="stable")
        listed = comma.join(f"{places.loc[i, 'name']} ({_number(v)})" for i, v in order.items())
        text = _("Map: {title}. Country borders of Central and South Asia with Afghanistan "
                 "shaded. {n} places coloured by {what}, from {low} to {high}, in order: "
                 "{listed}.", title=title, n=i18n.number(len(places)),
                 what=(value_label or _("value")).lower(), low=_number(order.min()),
                 high=_number(order.max()), listed=listed)
    for name, points in (routes or {}).items():
        text += " " + _("Route {name}: {points}.", name=name, points=" - ".join(points["name"]))
    if reference is not None:
        text += " " + _("Reference places marked with diamonds: {names}.",
                        names=comma.join(reference["name"]))
    return text


def _number(value) -> str:
    """A value on the map (often a year): no thousands separator, the language's digits."""
    return i18n.number(value, group=False)


def _draw_reference(ax, reference: pd.DataFrame) -> None:
    """Reference places (no value of their own) as black-edged diamonds (labelled later)."""
    ax.plot(reference["lon"], reference["lat"], "D", color=PALETTE["vermillion"], ms=10,
            markeredgecolor="black", zorder=6, ls="none", label=_(REFERENCE))


REFERENCE_STYLE = {"fontsize": 11, "fontweight": "bold", "color": PALETTE["vermillion"],
                   "zorder": 6,
                   "path_effects": [patheffects.withStroke(linewidth=3, foreground="white")]}
PLACE_STYLE = {"fontsize": 11, "zorder": 5}
COUNTRY_STYLE = {"fontsize": 9, "color": "#6E6E6E", "zorder": 3}


def _label_everything(ax, places: pd.DataFrame, reference: pd.DataFrame | None,
                      extent: tuple, features: list[dict]) -> None:
    """Country names, reference places and marked places, none covering another, a marker or
    the legend (the figure's layout must be final: the axes take their place and aspect here,
    without drawing the figure)."""
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    markers = [places] + ([reference] if reference is not None else [])
    obstacles = [box for points in markers for box in _marker_boxes(ax, points)]
    if ax.get_legend() is not None:
        obstacles.append(ax.get_legend().get_window_extent(renderer))
    # country names in the edition's words
    labels = [(i18n.shown_text("name", name, "central_asia").upper(), (lon, lat), COUNTRY_STYLE,
               CENTRED) for lon, lat, name in _country_names(extent, features)]
    if reference is not None:
        labels += [(row["name"], (row["lon"], row["lat"]), REFERENCE_STYLE, BELOW_FIRST)
                   for _, row in reference.iterrows()]
    labels += [(row["name"], (row["lon"], row["lat"]), PLACE_STYLE, AROUND)
               for _, row in places.iterrows()]
    _place_labels(ax, labels, obstacles)


def map_figure(places: pd.DataFrame, *, title: str, values: pd.Series | None = None,
               value_label: str = "", routes: dict | None = None,
               reference: pd.DataFrame | None = None, extent: tuple = EXTENT):
    """Draw the map and return the figure (nothing is shown).

    Args:
        places: rows with ``name``, ``lat``, ``lon`` (decimal degrees).
        title: the figure title.
        values: optional numbers per place (same index), shown as marker colour with a colour bar.
        value_label: the colour bar's label.
        routes: optional {route name: DataFrame with ``lat``, ``lon``, ``name``} drawn as lines.
        reference: optional places (``name``, ``lat``, ``lon``) drawn apart as black-edged diamonds,
            e.g. a border crossing on a map coloured by year.
        extent: (west, south, east, north) in degrees.

    Raises:
        ValueError: more routes than the palette has colours for (6).
        KeyError: ``values`` has no value for one of ``places``.
    """
    if len(routes or {}) > len(SERIES_COLOURS) - 1:
        raise ValueError(f"at most {len(SERIES_COLOURS) - 1} routes fit the palette")
    with house_style():
        fig, ax = plt.subplots(figsize=(FIGSIZE[0], FIGSIZE[0] * 0.68))
        features = load_borders()["features"]  # read once for the shapes and the names
        _draw_borders(ax, features)
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
        ax.set_xlim(extent[0], extent[2])
        ax.set_ylim(extent[1], extent[3])
        ax.set_aspect(1 / cos(radians((extent[1] + extent[3]) / 2)))
        ax.grid(False)
        ax.set_title(title)
        ax.set_xlabel(_("Longitude (degrees east)"))
        ax.set_ylabel(_("Latitude (degrees north)"))
        if reference is not None:
            _draw_reference(ax, reference)
        if routes or reference is not None:
            ax.legend(loc="lower left")
        fig.tight_layout()
        _label_everything(ax, places, reference, extent, features)
    return fig


def place_names_shown(points: pd.DataFrame | None) -> pd.DataFrame | None:
    """``points`` with each place's ``name`` as the edition shows it (the data catalog's
    ``places.name``), for the labels and the alt text; the caller's frame is not changed, so
    code keeps computing with the names it has (``route_points`` gives the English ones). In
    English, and for a name with no translation, the name is unchanged.

    >>> points = pd.DataFrame({"name": ["Khujand"], "lat": [40.3], "lon": [69.6]})
    >>> with i18n.speaking("ru"):
    ...     place_names_shown(points)["name"].tolist()
    ['Худжанд']
    >>> points["name"].tolist()
    ['Khujand']
    """
    if points is None or i18n.language() == "en" or "name" not in points:
        return points
    return points.assign(name=points["name"].map(
        lambda name: i18n.data_text("places", "name", name)))


def plot_map(places: pd.DataFrame, *, title: str, caption: str, source: str,
             values: pd.Series | None = None, value_label: str = "",
             routes: dict | None = None, reference: pd.DataFrame | None = None,
             extent: tuple = EXTENT, alt: str | None = None) -> None:
    """Show the regional map with ``places`` marked, alt text and a caption.

    Args:
        places: e.g. ``load_table("places").loc[["kabul", "herat"]]`` (``name``, ``lat``, ``lon``).
        title, caption, source: text shown with the figure.
        values, value_label: colour the markers by a number (e.g. the year a place fell).
        routes: {name: waypoints DataFrame} drawn as lines (e.g. a pipeline route).
        reference: places drawn apart as black-edged diamonds, named in the legend's group
            "Reference places" (e.g. ``load_table("places").loc[["wakhan", "torkham"]]``).
        extent: the map window (west, south, east, north) in degrees.
        alt: alt text; by default it names every place (with its value, in order), route and
            reference place.

    Raises:
        ValueError, KeyError: as :func:`map_figure`.
        helpers.figures.FigureError: ``title``, ``caption`` or ``source`` is empty.

    >>> from helpers import load_table
    >>> plot_map(load_table("places").loc[["kabul", "herat"]], title="Two cities",
    ...          caption="Kabul and Herat.", source="Source: places.csv")
    [Figure: Kabul and Herat.]
    """
    shown = i18n.figure_texts(title=title, caption=caption, value_label=value_label,
                              routes=routes, alt=alt)  # the edition's words (helpers.i18n)
    names = ("title", "caption", "value_label", "routes", "alt")
    title, caption, value_label, routes, alt = (shown[k] for k in names)
    places, reference = place_names_shown(places), place_names_shown(reference)
    routes = {name: place_names_shown(points) for name, points in (routes or {}).items()}
    fig = map_figure(places, title=title, values=values, value_label=value_label, routes=routes,
                     reference=reference, extent=extent)
    alt = alt or map_alt(places, title=title, routes=routes, values=values,
                         value_label=value_label, reference=reference)
    with house_style():  # drawn with the style it was laid out in
        show_figure(fig, alt=alt, caption=caption, source=source)
