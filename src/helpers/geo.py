"""Distances on the globe: great-circle distance and the length of a route.

Coordinates are decimal degrees in the order (latitude, longitude), as in ``places.csv``; note
that GeoJSON (``data/central_asia.geojson``, :func:`helpers.load_borders`) and matplotlib's x, y
use the opposite order, (longitude, latitude).

The Earth is taken as a sphere of mean radius 6,371.0 km (the haversine formula). Between any two
places in ``places.csv`` this is within 0.3 % of the distance along the WGS84 ellipsoid (Vincenty's
formula), e.g. at most 3 km on 1,000 km; ``tests/helpers/test_geo.py`` measures it on every pair
of places.

>>> round(great_circle_km((0, 0), (0, 1)), 1)
111.2
>>> round(route_length_km([(0, 0), (0, 1), (0, 2)]), 1)
222.4
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

import pandas as pd

from . import i18n
from .data import load_table
from .i18n import _
from .names import resolve_name

EARTH_RADIUS_KM = 6371.0


def _point(value, what: str) -> tuple[float, float]:
    if isinstance(value, str | bytes):
        raise ValueError(_("{what} must be a (latitude, longitude) pair, got {value}; for a "
                           "place by name use {call}", what=what, value=i18n.code(repr(value)),
                           call=i18n.code("distance_km(place_id, place_id)")))
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(_("{what} must be a (latitude, longitude) pair, got {value}", what=what,
                           value=i18n.code(repr(value)))) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(_("{what} is off the globe: latitude {lat}, longitude {lon}", what=what,
                           lat=lat, lon=lon))
    return lat, lon


def great_circle_km(a, b) -> float:
    """Great-circle (shortest surface) distance in km between two (lat, lon) points.

    Args:
        a, b: (latitude, longitude) in decimal degrees (not GeoJSON's (longitude, latitude)).

    Returns:
        The distance in kilometres (haversine formula on a sphere of radius 6,371.0 km).

    Raises:
        ValueError: a point is not two numbers, or is off the globe (latitude outside -90..90,
        longitude outside -180..180).

    >>> round(great_circle_km((34.5553, 69.2075), (34.0151, 71.5249)))  # Kabul to Peshawar
    221
    """
    # Translators: "the first point" and "the second point" start the sentences about a point.
    lat1, lon1 = map(radians, _point(a, _("the first point")))
    lat2, lon2 = map(radians, _point(b, _("the second point")))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def route_length_km(points) -> float:
    """Length in km of a route through (lat, lon) waypoints, leg by leg along great circles.

    Raises:
        ValueError: as :func:`great_circle_km`, for the first bad waypoint.

    >>> route_length_km([(34.5, 69.2)])
    0.0
    """
    points = list(points)
    return float(sum(great_circle_km(a, b) for a, b in zip(points, points[1:], strict=False)))


def place_names(places) -> dict[str, str]:
    """Every accepted name of a place (its id, its name, its spelling variants) -> its id.

    >>> place_names(load_table("places"))["Ashkhabad"]
    'ashgabat'
    """
    names = {}
    for place_id, row in places.iterrows():
        variants = [] if pd.isna(row["name_variants"]) else row["name_variants"].split(";")
        for name in [row["name"], *variants]:
            names.setdefault(name.strip(), place_id)
    names.update({place_id: place_id for place_id in places.index})  # ids win over variants
    return names


def place_point(place_id: str) -> tuple[float, float]:
    """(latitude, longitude) of a place in ``data/places.csv``, in decimal degrees.

    Args:
        place_id: the place's id in any capitalisation (``"Kushka"``), or its name or one of its
            spelling variants (``"Ashkhabad"``).

    Raises:
        helpers.names.UnknownNameError (a KeyError): no such place; the message names the
            closest id ("Did you mean ...?").
        helpers.data.DataError: ``places.csv`` is missing or broken.

    >>> lat, lon = place_point("kabul")
    >>> 34 < lat < 35 and 69 < lon < 70
    True
    """
    places = load_table("places")
    if not (isinstance(place_id, str) and place_id in places.index):  # the fast path: an id
        place_id = resolve_name("place", place_id, place_names(places),
                                _("Place ids are listed in {file}.",
                                  file=i18n.code("data/places.csv")))
    row = places.loc[place_id]
    return float(row["lat"]), float(row["lon"])


def distance_km(place_a: str, place_b: str) -> float:
    """Great-circle distance in km between two places named by their ``place_id``.

    ``places.csv`` is read once and kept while the file is unchanged, so calling this for every
    row of a table costs a fraction of a millisecond per call.

    Raises:
        KeyError: a ``place_id`` is not in ``places.csv``.

    >>> distance_km("kabul", "kabul")
    0.0
    """
    return great_circle_km(place_point(place_a), place_point(place_b))
