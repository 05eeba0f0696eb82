"""Helpers for the notebook series "Russia in Afghanistan, from the Great Game to the Taliban".

A notebook needs one import line, and a student's cell stays one readable line::

    from helpers import check, load_table, plot_timeline
    events = load_table("events")
    check("q00_example", answer)

``__all__`` lists exactly what the notebooks use. Modules, one job each: ``data`` (load the data
package), ``style`` (house style), ``figures`` (alt text and captions), ``timeline``, ``maps``
and ``charts`` (figures), ``geo`` (distances), ``routes`` (the CASA-1000 and TAPI routes),
``bank``, ``answers``, ``feedback`` and ``results`` (the exercise checker: the bank, reading
answers, judging and showing feedback, answers recorded this session and the scoring rule;
``quiz`` is their older name), ``documents`` (primary sources), ``runtime`` (machine set-up,
run first), ``names`` (one answer for an unknown id, in any capitalisation), ``slips`` (a short
message instead of a traceback for a student's slip) and ``tables`` (one display for every
table); importing the package inside IPython installs the last two, outside IPython they change
nothing. ``frontier`` is an older name for ``plot_map(reference=...)``. ``i18n`` is the language
the helpers speak (an edition's ``helpers.py`` sets it) and ``calendars`` the Dari edition's
Solar Hijri dates; ``load_table`` here is ``i18n.load_table``: ``data.load_table`` with, in an
edition, its free-text columns in the edition's language.
The other names imported here (``DataError``, ``great_circle_km``, ...) stay importable from
``helpers`` because saved notebooks and earlier lessons may use them.
"""

from . import i18n, runtime  # noqa: F401  (i18n: an edition's helpers.py calls i18n.use)

runtime.prepare()  # before anything imports matplotlib: see runtime.py

# ruff: noqa: E402  (the imports below must follow runtime.prepare())

from .charts import plot_series
from .data import DataError, cite, load_borders, table_names  # noqa: F401
from .documents import document_ids, show_document  # noqa: F401
from .feedback import assess, check, score_summary
from .figures import show_figure
from .geo import distance_km, great_circle_km, place_point, route_length_km  # noqa: F401
from .i18n import load_table  # data.load_table, in the edition's language
from .maps import plot_map
from .routes import missing_waypoints, route_points, waypoint_length_km
from .style import PALETTE, house_style  # noqa: F401
from .timeline import plot_timeline

__all__ = [
    "assess", "check", "cite", "distance_km", "load_table", "missing_waypoints", "plot_map",
    "plot_series", "plot_timeline", "route_points", "score_summary", "show_document", "show_figure",
    "waypoint_length_km",
]

from .slips import install as _install_slip_handler
from .tables import install as _install_table_display

_install_slip_handler()  # in a notebook: a short message for a slip, never a traceback
_install_table_display()  # in a notebook: one display for every table (dates, wrapping)
