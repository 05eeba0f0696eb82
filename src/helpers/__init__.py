"""Helpers for the notebook series "Russia in Afghanistan, from the Great Game to the Taliban".

A student's cell stays one readable line::

    from helpers import load_table, plot_timeline, check
    events = load_table("events")
    check("q00_example", "B")

Modules, one job each: ``data`` (load the data package), ``style`` (house style),
``figures`` (alt text and captions), ``timeline``, ``maps`` and ``charts`` (figures),
``geo`` (distances), ``quiz`` (exercise feedback), ``names`` (one answer for an unknown id, in
any capitalisation), ``slips`` (a short message instead of a traceback for a student's slip) and
``tables`` (one display for every table). Importing the package inside IPython installs the
last two; outside IPython it changes nothing.
"""

from .charts import plot_series
from .data import DataError, cite, load_borders, load_table, table_names
from .figures import show_figure
from .geo import distance_km, great_circle_km, place_point, route_length_km
from .maps import plot_map
from .quiz import assess, check, score_summary
from .style import PALETTE, house_style
from .timeline import plot_timeline

__all__ = [
    "DataError", "PALETTE", "assess", "check", "cite", "distance_km", "great_circle_km",
    "house_style", "load_borders", "load_table", "place_point", "plot_map", "plot_series",
    "plot_timeline", "route_length_km", "score_summary", "show_figure", "table_names",
]

from .slips import install as _install_slip_handler
from .tables import install as _install_table_display

_install_slip_handler()  # in a notebook: a short message for a slip, never a traceback
_install_table_display()  # in a notebook: one display for every table (dates, wrapping)
