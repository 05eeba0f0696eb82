"""Every figure of notebooks 00-04 and of their Russian and Dari editions as the notebook draws
it: its source line cites works (no build tool, package or checksum) and appears once, no two
text labels of a map overlap, no timeline label meets the legend, a chart's texts stay clear of
each other and of the title, every text a notebook gives a figure has a catalog entry, and the
editions' maps name places in the edition's language.

The figures are drawn again here by running each notebook's code cells (not its answer cells) in
this process, in the notebook's language, with the helpers' display step recording each finished
figure before it is shown: the figure is laid out and rendered once, as in the notebook, and
measured afterwards with the renderer that drew it.
"""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import re

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import pytest  # noqa: E402
from support import ROOT  # noqa: E402

from course.exercises import exercise_cells  # noqa: E402

LANGUAGES = ("en", "ru", "fa")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
# Provenance belongs in the data catalogue, not under a student's figure. "AFP via Al Arabiya
# English" is a citation (an agency's report as an outlet ran it), so "via" is refused only
# before a package name with a version.
JARGON = re.compile(r"\bsha-?\d*\b|\bnpm\b|tarball|\bPyPI\b|checksum|\bRECORD\b|"
                    r"\bvia [\w.-]+ \d+(?:\.\d+)+", re.I)
PLOTS = {"plot_map": "map", "plot_series": "series", "plot_timeline": "timeline",
         "show_figure": "figure"}
"""The figure helpers a notebook calls, and the kind of figure each draws."""
TEXT_ARGUMENTS = ("title", "caption", "alt", "xlabel", "ylabel", "value_label")


def notebook_path(lang: str, name: str):
    return ROOT / "notebooks" / ("" if lang == "en" else lang) / name


def passed_texts(kwargs: dict) -> list[str]:
    """The strings a notebook passed to a figure helper that the figure shows: text arguments,
    ``labels`` and ``marks`` (dict values), ``routes`` (dict keys), ``spans`` (each span's text);
    the ``source`` line is a citation and is never translated."""
    found = [kwargs.get(k) for k in TEXT_ARGUMENTS]
    for mapping in (kwargs.get("labels") or {}, kwargs.get("marks") or {}):
        found += list(mapping.values())
    found += list(kwargs.get("routes") or {})
    found += [x for span in kwargs.get("spans") or [] for x in span]
    return [t for t in found if isinstance(t, str) and t.strip()]


def drawn_figures(path, lang: str = "en") -> list[dict]:
    """Run the notebook's code cells (answer cells left out) in ``lang`` and return, for every
    figure the helpers show, its figure (still open), alt, caption and source, its ``kind`` (see
    :data:`PLOTS`) and the ``texts`` the notebook passed to the helper (:func:`passed_texts`)."""
    import IPython.core.inputtransformer2 as it2

    import helpers
    from helpers import figures, i18n

    nb = nbformat.read(path, as_version=4)
    answers = {e.index for e in exercise_cells(nb)}
    shown: list[dict] = []
    calls: list[dict] = []  # the helper call being drawn (a helper may call show_figure)
    original = figures.figure_html

    def record(fig, *, alt, caption, source):
        markup = original(fig, alt=alt, caption=caption, source=source)
        shown.append({"fig": fig, "alt": alt, "caption": caption, "source": source,
                      "html": markup, **calls[0]})
        return markup

    def recorded(name, helper):
        def call(*args, **kwargs):
            calls.insert(0, {"kind": PLOTS[name], "texts": passed_texts(kwargs)})
            try:
                return helper(*args, **kwargs)
            finally:
                calls.pop(0)
        return call

    from IPython.display import display

    namespace: dict = {"display": display}  # what a kernel provides without an import
    transform = it2.TransformerManager().transform_cell
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()), \
            i18n.speaking(lang):
        patch.setattr(figures, "figure_html", record)
        patch.setattr(figures.plt, "close", lambda fig=None: None)  # keep them for the checks
        for name in PLOTS:  # what the notebook's `from helpers import ...` picks up
            patch.setattr(helpers, name, recorded(name, getattr(helpers, name)))
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and index not in answers:
                exec(compile(transform(cell.source), f"{path.name} cell {index}", "exec"),
                     namespace)
    return shown


@pytest.fixture(scope="module", params=[(lang, path.name) for lang in LANGUAGES
                                        for path in NOTEBOOKS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def figures_of(request):
    import matplotlib.pyplot as plt

    lang, name = request.param
    path = notebook_path(lang, name)
    shown = drawn_figures(path, lang)
    yield path, shown
    # every figure the run opened, not only those shown: with plt.close patched out while the
    # notebook ran, a helper's own temporary figures stay open too, and more than 20 open
    # figures make matplotlib warn in whatever test this worker runs next (a doctest failed so)
    plt.close("all")


def where(path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_source_lines_cite_works_once(figures_of):
    path, shown = figures_of
    for figure in shown:
        source = figure["source"]
        assert not JARGON.search(source), f"{where(path)}: {JARGON.search(source).group(0)!r} in " \
                                          f"{source[:120]!r}"
        texts = [t.get_text() for t in figure["fig"].findobj(matplotlib.text.Text)]
        assert not any(source[:40] in t for t in texts), \
            f"{where(path)}: the source is drawn in the image as well as printed in the caption"
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", figure["html"], re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", caption)).count(source) == 1
        assert source not in figure["alt"]


def overlapping_labels(fig) -> list[tuple[str, str]]:
    """Pairs of text labels (place names, country names, reference places) of a map whose
    bounding boxes, as the renderer draws them, overlap."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts
             if t.get_visible() and t.get_text().strip()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
            if box_a.overlaps(box_b)]


def test_no_two_labels_of_a_map_overlap(figures_of):
    path, shown = figures_of
    maps = [f for f in shown if f["kind"] == "map"]
    for figure in maps:
        assert overlapping_labels(figure["fig"]) == [], f"{where(path)}: {figure['caption'][:40]}"


def test_the_overlap_check_sees_two_labels_on_one_spot():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "Torkham")
    ax.text(0.5, 0.5, "Nowshera")
    ax.text(0.1, 0.1, "Kabul")
    assert overlapping_labels(fig) == [("Torkham", "Nowshera")]
    plt.close(fig)


def _boxes(texts, renderer) -> list[tuple[str, object]]:
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts
            if t.get_visible() and t.get_text().strip()]


def labels_meeting_the_legend(fig) -> list[str]:
    """The timeline labels whose boxes meet a legend's box, measured with the renderer that drew
    the figure (no second layout: the figure must have been drawn, as ``png_bytes`` draws it)."""
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legends = [a.get_legend() for a in fig.axes if a.get_legend()] + list(fig.legends)
    assert legends, "a timeline has a legend of the eras"
    frames = [legend.get_window_extent(renderer) for legend in legends]
    return [text for text, box in _boxes(ax.texts, renderer)
            if any(box.overlaps(frame) for frame in frames)]


def test_no_timeline_label_meets_the_legend(figures_of):
    """F1: in the Russian 03 timeline the legend hid half of "Талибы берут Кабул (2021)"."""
    path, shown = figures_of
    for figure in (f for f in shown if f["kind"] == "timeline"):
        assert labels_meeting_the_legend(figure["fig"]) == [], \
            f"{where(path)}: {figure['fig'].axes[0].get_title()!r}"


def crowded_chart_texts(fig) -> list[tuple[str, str]]:
    """Pairs of a chart's texts (title, span and mark labels) whose boxes overlap, and each span
    or mark label that is not inside the axes, paired with "the axes"."""
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = _boxes(ax.texts, renderer)
    pairs = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(
        _boxes([ax.title], renderer) + labels, 2) if box_a.overlaps(box_b)]
    frame = ax.get_window_extent(renderer)
    return pairs + [(text, "the axes") for text, box in labels
                    if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                            and box.y1 <= frame.y1)]


def test_chart_labels_stay_inside_and_clear_of_the_title(figures_of):
    """F2: a span's label was drawn above the axes, where the Russian title ran into it."""
    path, shown = figures_of
    for figure in (f for f in shown if f["kind"] == "series"):
        assert crowded_chart_texts(figure["fig"]) == [], \
            f"{where(path)}: {figure['fig'].axes[0].get_title()!r}"


def test_the_legend_and_chart_checks_see_a_collision():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(loc="lower left")
    ax.annotate("Kabul falls", (0.02, 0.02), xycoords="axes fraction")
    ax.set_title("A title")
    ax.text(0.5, 1.01, "above the axes", transform=ax.transAxes, ha="center")
    fig.canvas.draw()
    assert labels_meeting_the_legend(fig) == ["Kabul falls"]
    assert crowded_chart_texts(fig) == [("A title", "above the axes"),
                                        ("above the axes", "the axes")]
    plt.close(fig)


def english_place_names() -> dict[str, dict[str, str]]:
    """{English place name: {language: its name in that edition}}, from the data catalogs."""
    import polib

    names: dict[str, dict[str, str]] = {}
    for lang in ("ru", "fa"):
        for entry in polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "data.po")):
            if entry.msgctxt == "places.name" and entry.msgstr and not entry.obsolete:
                names.setdefault(entry.msgid, {})[lang] = entry.msgstr
    return names


def test_an_editions_map_names_places_in_its_language(figures_of):
    """F3: the CASA-1000 and TAPI waypoints were labelled in English in both editions."""
    path, shown = figures_of
    lang = path.parent.name if path.parent.name in LANGUAGES else "en"
    if lang == "en":
        pytest.skip("the English edition's names are the data's own")
    english = {name for name, shown_as in english_place_names().items()
               if shown_as.get(lang, name) != name}
    for figure in (f for f in shown if f["kind"] == "map"):
        labels = {t.get_text() for t in figure["fig"].axes[0].texts}
        assert not labels & english, f"{where(path)}: {sorted(labels & english)}"
        listed = [name for name in english if re.search(rf"\b{re.escape(name)}\b",
                                                        figure["alt"])]
        assert not listed, f"{where(path)}: the alt text names {listed} in English"


def test_routes_keep_their_english_names_for_computing():
    """The route's waypoints are data: code compares their English names in every edition."""
    from helpers import i18n, route_points

    with i18n.speaking("ru"):
        assert route_points("CASA-1000")["name"].iloc[0] == "Khujand"


def catalog_texts() -> tuple[set[str], list[re.Pattern], set[str]]:
    """What the editions can translate in a figure: the ``figures`` template's literals, its
    f-string patterns (as regular expressions, as ``helpers.i18n`` matches them) and the
    ``data`` template's texts (a title taken from a table arrives translated by ``load_table``)."""
    import polib

    figures = polib.pofile(str(ROOT / "locale" / "figures.pot"))
    literals = {e.msgid for e in figures if not e.msgctxt}
    patterns = [re.compile("(.+?)".join(re.escape(part) for part in re.split(r"\{[^{}]+\}",
                                                                           e.msgid)) + r"\Z",
                           re.S) for e in figures if e.msgctxt == "pattern"]
    data = {e.msgid for e in polib.pofile(str(ROOT / "locale" / "data.pot"))}
    return literals, patterns, data


def test_every_text_a_notebook_gives_a_figure_is_in_a_catalog(figures_of):
    """F2: "Taliban in power" reached the chart through a variable (``spans=[rule]``), so it was
    never extracted and both editions drew it in English. Here the texts are the values the
    notebook passed at run time, however they were built."""
    path, shown = figures_of
    if path.parent.name in LANGUAGES:
        pytest.skip("the editions' code cells are the English ones (the parity test)")
    literals, patterns, data = catalog_texts()
    for figure in shown:
        missing = [t for t in figure["texts"] if t not in literals and t not in data
                   and not any(p.match(t) for p in patterns)]
        assert not missing, f"{where(path)}: no catalog entry for {missing}"
