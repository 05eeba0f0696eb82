"""Helpers for the notebook series "Russia in Afghanistan, from the Great Game to the Taliban".

A student's cell stays one readable line::

    from helpers import load_table, plot_timeline, check
    events = load_table("events")
    check("q00_example", "B")

Modules, one job each: ``data`` (load the data package), ``style`` (house style),
``figures`` (alt text and captions), ``timeline``, ``maps`` and ``charts`` (figures),
``geo`` (distances), ``quiz`` (exercise feedback), ``documents`` (primary sources).
"""

from .charts import plot_series
from .data import DataError, cite, load_borders, load_table, table_names
from .documents import document_ids, show_document
from .figures import show_figure
from .geo import distance_km, great_circle_km, place_point, route_length_km
from .maps import plot_map
from .quiz import assess, check, score_summary
from .style import PALETTE, house_style
from .timeline import plot_timeline

__all__ = [
    "DataError", "PALETTE", "assess", "check", "cite", "distance_km", "document_ids",
    "great_circle_km",
    "house_style", "load_borders", "load_table", "place_point", "plot_map", "plot_series",
    "plot_timeline", "route_length_km", "score_summary", "show_document", "show_figure",
    "table_names",
]
