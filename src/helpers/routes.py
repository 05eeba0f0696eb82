"""The CASA-1000 and TAPI routes: their sourced waypoints, with coordinates, and their length.

``data/route_waypoints.csv`` lists each route's waypoints in order; ``data/places.csv`` holds the
coordinates. A waypoint with no row in ``places.csv`` cannot be drawn or measured: the functions
here leave it out and say so in the message of :func:`missing_waypoints`.

>>> tapi = route_points("TAPI")
>>> tapi["name"].tolist()[0], tapi["name"].tolist()[-1]
('Galkynysh gas field', 'Fazilka')
>>> round(waypoint_length_km("TAPI"))
1653
"""

from __future__ import annotations

import pandas as pd

from . import i18n
from .data import load_table
from .geo import route_length_km
from .i18n import _
from .names import resolve_name


def _project(project, waypoints: pd.DataFrame) -> str:
    known = sorted(waypoints["project"].unique())
    return resolve_name("route", project, known,
                        _("The routes are: {routes}.", routes=", ".join(map(i18n.code, known))))


def route_points(project: str) -> pd.DataFrame:
    """The waypoints of one project's route, in order, with name, latitude and longitude.

    Args:
        project: ``"CASA-1000"`` or ``"TAPI"`` (as in ``data/route_waypoints.csv``).

    Returns:
        A DataFrame indexed by ``place_id`` with columns ``seq``, ``name``, ``lat``, ``lon``
        (decimal degrees) and
        ``source_id`` (the source of the waypoint row). Waypoints that have no coordinates in
        ``places.csv`` are left out.

    Raises:
        UnknownNameError (a ValueError): ``project`` is not a project in the table.

    >>> route_points("casa-1000")["name"].tolist()[:2]
    ['Khujand', 'Sangtuda']
    >>> route_points("Nabucco")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    helpers.names.UnknownNameError: There is no route called "Nabucco".
        The routes are: CASA-1000, TAPI.
    """
    waypoints = load_table("route_waypoints")
    project = _project(project, waypoints)
    route = waypoints[waypoints["project"] == project].sort_values("seq")
    places = load_table("places")[["name", "lat", "lon"]]
    route = route.join(places, on="place_id", how="inner")
    return route.set_index("place_id")[["seq", "name", "lat", "lon", "source_id"]]


def waypoint_length_km(project: str) -> float:
    """Length in km of a route drawn as straight (great-circle) legs between its waypoints.

    This is a lower bound on the real length: a line or pipe bends between waypoints, and a
    waypoint missing from ``places.csv`` shortens the route further.

    Raises:
        ValueError: ``project`` is not a project in the table.

    >>> waypoint_length_km("CASA-1000") < waypoint_length_km("TAPI")
    True
    """
    points = route_points(project)
    return route_length_km(zip(points["lat"], points["lon"], strict=True))


def missing_waypoints(project: str) -> str:
    """Say whether any stop of a route is left out for lack of coordinates.

    Raises:
        ValueError: ``project`` is not a project in the table.

    >>> missing_waypoints("TAPI")
    'TAPI: every waypoint has coordinates (6 drawn).'
    """
    project = _project(project, load_table("route_waypoints"))
    drawn = route_points(project)
    sequence = load_table("route_waypoints").query("project == @project")["seq"]
    gaps = sorted(set(range(1, int(sequence.max()) + 1)) - set(drawn["seq"].astype(int)))
    if not gaps:
        return _("{route}: every waypoint has coordinates ({drawn} drawn).",
                 route=i18n.code(project), drawn=i18n.number(len(drawn)))
    return _("{route}: {drawn} waypoints drawn; stop number(s) {stops} have no row with "
             "coordinates, so the route starts or breaks there.", route=i18n.code(project),
             drawn=i18n.number(len(drawn)), stops=", ".join(i18n.number(g) for g in gaps))
