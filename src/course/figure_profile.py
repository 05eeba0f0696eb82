"""Where each figure's time goes: the benchmark's per-figure table (``python -m course benchmark``).

A profiled run is a separate run of a notebook (never one of the timed rounds): the benchmark puts
a first cell into a copy that calls :func:`install` in the kernel and a last cell that prints
:func:`records`. :func:`install` wraps the helpers' figure functions and the matplotlib and Pillow
steps a figure goes through, and adds each step's *exclusive* time (its own time, less the time of
the wrapped steps it calls) to the phase of the figure being drawn, so the phases of a figure add
up to its total. A figure is one outermost call of a ``plot_*`` helper or of ``show_figure``.

The phases (seconds; the names are the table's columns):

- ``i18n``: the editions' lookups of titles, labels, captions and names (``helpers.i18n``).
- ``alt``: the alt text, computed from the data.
- ``borders``: reading the borders file and building the map's country patches.
- ``artists``: the rest of building the figure (axes, lines, bars, markers, legend, style).
- ``layout``: ``Figure.tight_layout`` and any other layout engine work.
- ``labels``: the map's label placement, less the text measuring and layout passes it asks for.
- ``layout_pass``: ``Figure.draw`` with rendering switched off (``draw_without_rendering``, or
  ``savefig(bbox_inches="tight")``'s first pass); counted in ``layout_passes``.
- ``text``: measuring text (``Text._get_layout``) and finding fonts, wherever it happens.
- ``render``: rasterizing the figure (``FigureCanvasAgg.draw``); counted in ``renders``.
- ``encode``: writing the PNG (``matplotlib.image.imsave`` and Pillow's ``save``).
- ``other``: the rest (``show_figure``, ``savefig``'s own bookkeeping, the HTML, base64).
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import time

PHASES = ["i18n", "alt", "borders", "artists", "layout", "labels", "layout_pass", "text",
          "render", "encode", "other"]
COUNTS = ["layout_passes", "renders"]
BOUNDARIES = ["plot_map", "plot_series", "plot_timeline", "plot_frontier_map", "show_figure"]

_stack: list[list] = []  # [phase, start, time of wrapped steps inside]
_figure: dict | None = None
_records: list[dict] = []


def _blank() -> dict:
    return {"title": "", "phases": dict.fromkeys(PHASES, 0.0), "counts": dict.fromkeys(COUNTS, 0),
            "png_bytes": 0, "total": 0.0}


def _timed(phase, function, count: dict | None = None):
    """``function`` wrapped so that its exclusive time goes to ``phase`` (a name, or a callable
    giving the name at call time) of the figure being drawn, if any; ``count``: {phase: name of
    the count that a finished call in that phase adds one to}."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _figure is None:
            return function(*args, **kwargs)
        name = phase() if callable(phase) else phase
        _stack.append([name, time.perf_counter(), 0.0])
        done = False
        try:
            result = function(*args, **kwargs)
            done = True
            return result
        finally:
            name, start, inner = _stack.pop()
            elapsed = time.perf_counter() - start
            if _figure is not None:
                _figure["phases"][name] += elapsed - inner
                if done and name in (count or {}):
                    _figure["counts"][count[name]] += 1
            if _stack:
                _stack[-1][2] += elapsed

    wrapper.__profiled__ = True
    return wrapper


def _boundary(function):
    """``function`` (a ``plot_*`` helper or ``show_figure``) as the start and end of a figure."""
    inner = _timed("other", function)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        global _figure
        if _figure is not None:
            return inner(*args, **kwargs)
        _figure = _blank()
        fig = args[0] if args and hasattr(args[0], "axes") else None
        _figure["title"] = str(kwargs.get("title") or (fig.axes[0].get_title() if fig else ""))
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            _figure["total"] = time.perf_counter() - start
            _records.append(_figure)
            _figure = None

    wrapper.__profiled__ = True
    return wrapper


def _rebind(module_prefix: str, original, wrapped) -> None:
    """Replace ``original`` by ``wrapped`` wherever a loaded module under ``module_prefix`` holds
    it (``from .maps import plot_map`` binds a name in the importing module too)."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == module_prefix or name.startswith(module_prefix + ".")):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, wrapped)


def _in_render() -> str:
    return "render" if any(frame[0] == "render" for frame in _stack) else "layout_pass"


def install() -> None:
    """Wrap the figure steps of this process (run in the kernel, before the notebook's cells)."""
    import matplotlib.font_manager
    import matplotlib.image
    import matplotlib.text
    import PIL.Image
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import helpers
    from helpers import charts, figures, frontier, i18n, maps, timeline

    for cls, attribute, phase, count in [
            (Figure, "draw", _in_render, {"layout_pass": "layout_passes"}),
            (Figure, "tight_layout", "layout", None),
            (FigureCanvasAgg, "draw", "render", {"render": "renders"}),
            (matplotlib.text.Text, "_get_layout", "text", None),
            (matplotlib.font_manager.FontManager, "findfont", "text", None),
            (PIL.Image.Image, "save", "encode", None)]:
        original = getattr(cls, attribute)
        if not getattr(original, "__profiled__", False):
            setattr(cls, attribute, _timed(phase, original, count))
    matplotlib.image.imsave = _timed("encode", matplotlib.image.imsave)
    matplotlib.font_manager.get_font = _timed("text", matplotlib.font_manager.get_font)

    def png_bytes(fig, _original=figures.png_bytes):
        data = _original(fig)
        if _figure is not None:
            _figure["png_bytes"] = len(data)
        return data

    steps = [(i18n, name, "i18n") for name in ("figure_texts", "figure_text", "shown_text", "_",
                                               "number", "isolate")]
    steps += [(figures, "translate_labels", "i18n"), (figures, "png_bytes", "other"),
              (maps, "map_alt", "alt"), (charts, "series_alt", "alt"),
              (timeline, "timeline_alt", "alt"), (helpers.data, "load_borders", "borders"),
              (maps, "_draw_borders", "borders"), (maps, "map_figure", "artists"),
              (charts, "series_figure", "artists"), (timeline, "timeline_figure", "artists"),
              (maps, "_label_everything", "labels"), (maps, "_place_labels", "labels")]
    for module, name, phase in steps:
        original = getattr(module, name)
        if not getattr(original, "__profiled__", False):
            replacement = png_bytes if name == "png_bytes" else original
            _rebind("helpers", original, _timed(phase, replacement))
    for name in BOUNDARIES:
        for module in [helpers, maps, charts, timeline, figures, frontier]:
            original = getattr(module, name, None)
            if original is not None and not getattr(original, "__profiled__", False):
                _rebind("helpers", original, _boundary(original))


def records() -> str:
    """The figures drawn so far in this process, as JSON (what the profiled run's last cell
    prints)."""
    return json.dumps(_records)


# --- the benchmark's side: running notebooks with the profile and summing up ---------------

def profile_cells(src: str) -> tuple[str, str]:
    """The source of the first and last cell a profiled run adds (``src``: the folder that holds
    the ``course`` package)."""
    first = (f"import sys as _sys\n_sys.path.append({src!r})\n"
             "from course import figure_profile as _figure_profile\n_figure_profile.install()")
    return first, "print(_figure_profile.records())"


def median_figures(runs: list[list[dict]]) -> list[dict]:
    """Each figure's median phases, counts, total and PNG size over profiled ``runs`` of one
    notebook (the figures of a run in order; every run draws the same figures).

    >>> one = {**_blank(), "title": "t", "total": 1.0}
    >>> two = {**_blank(), "title": "t", "total": 3.0}
    >>> [f["total"] for f in median_figures([[one], [two], [one]])]
    [1.0]
    """
    figures = []
    for drawn in zip(*runs, strict=True):
        figures.append({
            "title": drawn[0]["title"],
            "phases": {p: statistics.median(d["phases"][p] for d in drawn) for p in PHASES},
            "counts": {c: max(d["counts"][c] for d in drawn) for c in COUNTS},
            "png_bytes": drawn[0]["png_bytes"],
            "total": statistics.median(d["total"] for d in drawn)})
    return figures


def table(profiles: dict[str, list[dict]]) -> list[str]:
    """The Markdown lines of the per-figure table from ``{notebook name: median_figures}``.

    >>> fig = {**_blank(), "title": "Kabul", "total": 0.25, "png_bytes": 2048}
    >>> fig["phases"]["render"], fig["counts"]["renders"] = 0.125, 1
    >>> print("\\n".join(table({"00.ipynb": [fig]})[2:]))
    | 00.ipynb | Kabul | 250 | 0 | 0 | 0 | 0 | 0 | 0 | 0 (0) | 0 | 125 (1) | 0 | 0 | 2 |
    """
    head = ["notebook", "figure", "total", "i18n", "alt", "borders", "artists", "layout",
            "labels", "layout passes (n)", "text", "render (n)", "PNG encode", "other",
            "PNG (KB)"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for notebook, figures in profiles.items():
        for f in figures:
            ms = {p: f"{f['phases'][p] * 1000:.0f}" for p in PHASES}
            ms["layout_pass"] += f" ({f['counts']['layout_passes']})"
            ms["render"] += f" ({f['counts']['renders']})"
            cells = [notebook, f["title"].replace("|", "/"), f"{f['total'] * 1000:.0f}",
                     *(ms[p] for p in PHASES), f"{f['png_bytes'] / 1024:.0f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return lines
