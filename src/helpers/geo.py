"""Distances on the globe: great-circle distance and the length of a route.

Coordinates are decimal degrees (latitude, longitude). The Earth is taken as a sphere of mean
radius 6,371.0 km; for distances in this region the error against the ellipsoid is under 0.5 %.

>>> round(great_circle_km((0, 0), (0, 1)), 1)
111.2
>>> round(route_length_km([(0, 0), (0, 1), (0, 2)]), 1)
222.4
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

import pandas as pd

from .data import load_table
from .names import resolve_name

EARTH_RADIUS_KM = 6371.0


def _point(value, what: str) -> tuple[float, float]:
    if isinstance(value, str | bytes):
        raise ValueError(f"{what} must be a (latitude, longitude) pair, got {value!r}; "
                         "for a place by name use distance_km(place_id, place_id)")
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a (latitude, longitude) pair, got {value!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{what} is off the globe: latitude {lat}, longitude {lon}")
    return lat, lon


def great_circle_km(a, b) -> float:
    """Great-circle (shortest surface) distance in km between two (lat, lon) points.

    Args:
        a, b: (latitude, longitude) in decimal degrees.

    Returns:
        The distance in kilometres (haversine formula).

    >>> round(great_circle_km((34.5553, 69.2075), (34.0151, 71.5249)))  # Kabul to Peshawar
    221
    """
    lat1, lon1 = map(radians, _point(a, "the first point"))
    lat2, lon2 = map(radians, _point(b, "the second point"))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def route_length_km(points) -> float:
    """Length in km of a route through (lat, lon) waypoints, leg by leg along great circles.

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
    """(lat, lon) of a place in ``data/places.csv``, by its id in any capitalisation or its name.

    Raises:
        UnknownNameError: no such place; the message says which id is closest.

    >>> lat, lon = place_point("kabul")
    >>> 34 < lat < 35 and 69 < lon < 70
    True
    """
    places = load_table("places")
    row = places.loc[resolve_name("place", place_id, place_names(places),
                                  "Place ids are listed in data/places.csv.")]
    return float(row["lat"]), float(row["lon"])


def distance_km(place_a: str, place_b: str) -> float:
    """Great-circle distance in km between two places named by their ``place_id``.

    >>> distance_km("kabul", "kabul")
    0.0
    """
    return great_circle_km(place_point(place_a), place_point(place_b))
