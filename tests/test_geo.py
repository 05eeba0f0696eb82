"""Great-circle distances against values that do not depend on our code."""

from __future__ import annotations

from math import pi

import pytest

from helpers import distance_km, great_circle_km, route_length_km
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
    with pytest.raises(KeyError, match="not a place_id"):
        distance_km("kabul", "atlantis")
