"""Great-circle distances against values that do not depend on our code."""

from __future__ import annotations

from math import atan, atan2, copysign, cos, pi, radians, sin, sqrt, tan

import pytest

from helpers import distance_km, great_circle_km, load_table, route_length_km
from helpers.geo import EARTH_RADIUS_KM


def test_quarter_meridian_is_a_quarter_of_the_circumference():
    assert great_circle_km((0, 0), (90, 0)) == pytest.approx(pi * EARTH_RADIUS_KM / 2)


def test_antipodes_are_half_the_circumference_apart():
    assert great_circle_km((10, 20), (-10, -160)) == pytest.approx(pi * EARTH_RADIUS_KM)


def test_distance_is_symmetric_and_crosses_the_date_line():
    assert great_circle_km((0, 179.5), (0, -179.5)) == pytest.approx(2 * pi * EARTH_RADIUS_KM / 360)
    assert great_circle_km((34, 69), (40, 60)) == pytest.approx(great_circle_km((40, 60), (34, 69)))


def test_route_length_adds_the_legs():
    legs = [(0, 0), (0, 1), (1, 1)]
    expected = great_circle_km((0, 0), (0, 1)) + great_circle_km((0, 1), (1, 1))
    assert route_length_km(legs) == pytest.approx(expected)
    assert route_length_km([]) == 0


def test_bad_points_are_explained():
    with pytest.raises(ValueError, match="must be a \\(latitude, longitude\\) pair"):
        great_circle_km("Kabul", (0, 0))
    with pytest.raises(ValueError, match="use distance_km"):
        great_circle_km("12", "34")  # two characters must not pass for two coordinates
    with pytest.raises(ValueError, match="off the globe"):
        great_circle_km((95, 0), (0, 0))


def test_places_by_id_and_unknown_place():
    assert distance_km("kabul", "herat") == pytest.approx(distance_km("herat", "kabul"))
    with pytest.raises(KeyError, match='There is no place called "atlantis"'):
        distance_km("kabul", "atlantis")


# --- accuracy against the ellipsoid ------------------------------------------------------------
# Vincenty's inverse formula on the WGS84 ellipsoid (T. Vincenty, "Direct and inverse solutions
# of geodesics on the ellipsoid", Survey Review 23 (176), 1975, pp. 88-93), written out here so
# the claim in helpers.geo is checked against an independent method, not against itself.

WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563  # metres; flattening


def vincenty_km(p, q) -> float:
    (lat1, lon1), (lat2, lon2) = p, q
    b = WGS84_A * (1 - WGS84_F)
    u1, u2 = atan((1 - WGS84_F) * tan(radians(lat1))), atan((1 - WGS84_F) * tan(radians(lat2)))
    lon = radians(lon2 - lon1)
    lam = lon
    for _ in range(200):
        sin_sigma = sqrt((cos(u2) * sin(lam)) ** 2
                         + (cos(u1) * sin(u2) - sin(u1) * cos(u2) * cos(lam)) ** 2)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin(u1) * sin(u2) + cos(u1) * cos(u2) * cos(lam)
        sigma = atan2(sin_sigma, cos_sigma)
        sin_alpha = cos(u1) * cos(u2) * sin(lam) / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * sin(u1) * sin(u2) / cos2_alpha if cos2_alpha else 0.0
        c = WGS84_F / 16 * cos2_alpha * (4 + WGS84_F * (4 - 3 * cos2_alpha))
        previous, lam = lam, lon + (1 - c) * WGS84_F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - previous) < 1e-12:
            break
    u_sq = cos2_alpha * (WGS84_A ** 2 - b ** 2) / b ** 2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = big_b * sin_sigma * (cos_2sm + big_b / 4 * (
        cos_sigma * (-1 + 2 * cos_2sm ** 2)
        - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
    return b * big_a * (sigma - delta) / 1000


def dms(degrees: float, minutes: float, seconds: float) -> float:
    return copysign(abs(degrees) + minutes / 60 + seconds / 3600, degrees)


def test_the_reference_geodesic_reproduces_published_values():
    # the WGS84 quarter meridian, 10,001,965.729 m; one degree along the equator is a * pi / 180
    assert vincenty_km((0, 0), (90, 0)) == pytest.approx(10001.965729, abs=1e-6)
    assert vincenty_km((0, 0), (0, 1)) == pytest.approx(WGS84_A * pi / 180 / 1000, abs=1e-9)
    # Vincenty's own test line as Geoscience Australia publishes it: Flinders Peak to Buninyong,
    # 54,972.271 m (on GRS80, whose flattening differs from WGS84's by 2e-11: under a micrometre)
    flinders = (dms(-37, 57, 3.72030), dms(144, 25, 29.52440))
    buninyong = (dms(-37, 39, 10.15610), dms(143, 55, 35.38390))
    assert vincenty_km(flinders, buninyong) == pytest.approx(54.972271, abs=1e-6)


def test_distances_between_our_places_are_within_0_3_percent_of_the_ellipsoid():
    """The accuracy stated in helpers.geo's docstring, on every pair of places we have."""
    places = load_table("places")
    points = list(zip(places["lat"], places["lon"], strict=True))
    errors = [abs(great_circle_km(p, q) / vincenty_km(p, q) - 1)
              for i, p in enumerate(points) for q in points[i + 1:] if p != q]
    assert len(errors) >= 400
    assert max(errors) < 0.003
