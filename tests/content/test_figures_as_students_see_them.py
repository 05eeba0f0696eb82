"""Every figure of notebooks 00-04 as the notebook draws it: its source line cites works (no build
tool, package or checksum) and appears once, and no two text labels of a map overlap.

The figures are drawn again here by running each notebook's code cells (not its answer cells) in
this process, with the helpers' display step recording each finished figure before it is shown.
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

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
# Provenance belongs in the data catalogue, not under a student's figure. "AFP via Al Arabiya
# English" is a citation (an agency's report as an outlet ran it), so "via" is refused only
# before a package name with a version.
JARGON = re.compile(r"\bsha-?\d*\b|\bnpm\b|tarball|\bPyPI\b|checksum|\bRECORD\b|"
                    r"\bvia [\w.-]+ \d+(?:\.\d+)+", re.I)


def drawn_figures(path) -> list[dict]:
    """Run the notebook's code cells (answer cells left out) and return, for every figure the
    helpers show, its figure (still open), alt, caption and source."""
    import IPython.core.inputtransformer2 as it2

    from helpers import figures

    nb = nbformat.read(path, as_version=4)
    answers = {e.index for e in exercise_cells(nb)}
    shown: list[dict] = []
    original = figures.figure_html

    def record(fig, *, alt, caption, source):
        markup = original(fig, alt=alt, caption=caption, source=source)
        shown.append({"fig": fig, "alt": alt, "caption": caption, "source": source,
                      "html": markup})
        return markup

    from IPython.display import display

    namespace: dict = {"display": display}  # what a kernel provides without an import
    transform = it2.TransformerManager().transform_cell
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()):
        patch.setattr(figures, "figure_html", record)
        patch.setattr(figures.plt, "close", lambda fig=None: None)  # keep them for the checks
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and index not in answers:
                exec(compile(transform(cell.source), f"{path.name} cell {index}", "exec"),
                     namespace)
    return shown


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def figures_of(request):
    import matplotlib.pyplot as plt

    shown = drawn_figures(request.param)
    yield request.param, shown
    for figure in shown:
        plt.close(figure["fig"])


def test_source_lines_cite_works_once(figures_of):
    path, shown = figures_of
    for figure in shown:
        source = figure["source"]
        assert not JARGON.search(source), f"{path.name}: {JARGON.search(source).group(0)!r} in " \
                                          f"{source[:120]!r}"
        texts = [t.get_text() for t in figure["fig"].findobj(matplotlib.text.Text)]
        assert not any(source[:40] in t for t in texts), \
            f"{path.name}: the source is drawn in the image as well as printed in the caption"
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
    maps = [f for f in shown if f["alt"].startswith("Map:")]
    for figure in maps:
        assert overlapping_labels(figure["fig"]) == [], f"{path.name}: {figure['caption'][:40]}"


def test_the_overlap_check_sees_two_labels_on_one_spot():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "Torkham")
    ax.text(0.5, 0.5, "Nowshera")
    ax.text(0.1, 0.1, "Kabul")
    assert overlapping_labels(fig) == [("Torkham", "Nowshera")]
    plt.close(fig)
