"""Every figure has title, axis labels, a source line, a caption and escaped alt text."""

from __future__ import annotations

import io
import struct

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import load_table, plot_map, plot_series, plot_timeline  # noqa: E402
from helpers.figures import FigureError, figure_html, png_bytes  # noqa: E402


def labelled_figure():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title("T")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig


@pytest.mark.parametrize("missing", ["alt", "caption", "source"])
def test_text_is_required(missing):
    kwargs = {"alt": "a", "caption": "c", "source": "s", missing: "  "}
    with pytest.raises(FigureError, match=missing):
        figure_html(labelled_figure(), **kwargs)


def test_title_and_labels_are_required():
    fig, ax = plt.subplots()
    with pytest.raises(FigureError, match="title"):
        figure_html(fig, alt="a", caption="c", source="s")
    ax.set_title("T")
    with pytest.raises(FigureError, match="axis labels"):
        figure_html(fig, alt="a", caption="c", source="s")


def test_alt_text_is_escaped_and_the_source_printed_once_under_the_figure():
    fig = labelled_figure()
    html = figure_html(fig, alt='He said "go" <now>', caption="c & d", source="Source: X")
    assert 'alt="He said &quot;go&quot; &lt;now&gt;"' in html
    assert "c &amp; d <em>Source: X</em></figcaption>" in html
    assert html.count("Source: X") == 1
    assert not any("Source: X" in t.get_text() for t in fig.texts), "drawn in the image too"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, content) of every chunk of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        chunks.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def test_png_records_no_software_version_or_time():
    """Stored outputs must not change when matplotlib is upgraded or the clock moves on."""
    chunks = png_chunks(png_bytes(labelled_figure()))
    text = b" ".join(content for kind, content in chunks if kind in (b"tEXt", b"iTXt", b"zTXt"))
    assert b"Software" not in text and b"matplotlib" not in text.lower()
    assert b"tIME" not in [kind for kind, _ in chunks]
    plain = io.BytesIO()
    labelled_figure().savefig(plain, format="png")  # without the switch the version is there
    assert b"matplotlib" in b" ".join(c for k, c in png_chunks(plain.getvalue()) if k == b"tEXt")


def test_plot_helpers_display_one_figure_each(monkeypatch):
    outputs = []
    open_before = len(plt.get_fignums())
    monkeypatch.setattr("helpers.figures.display", outputs.append)
    events = load_table("events").head(8)
    plot_timeline(events, title="t", caption="c", source="s")
    places = load_table("places").head(3)
    plot_map(places, title="m", caption="c", source="s")
    frame = pd.DataFrame({"year": [1980, 1981, 1983], "v": [1.0, 2.0, 3.0]})
    plot_series(frame, "year", "v", title="s", xlabel="Year", ylabel="v", caption="c", source="s")
    assert len(outputs) == 3
    for output in outputs:
        assert "<img" in output.data and 'alt="' in output.data and "<figcaption" in output.data
        assert repr(output).startswith("[Figure: ")
    # the helpers close their figures, so the inline backend shows nothing a second time
    assert len(plt.get_fignums()) == open_before


def test_timeline_legend_swatches_are_the_colours_of_the_shading():
    from matplotlib.colors import to_hex

    from helpers.timeline import timeline_figure

    fig = timeline_figure(load_table("events"), title="All")
    ax, [legend] = fig.axes[0], fig.legends  # the legend has a band of its own under the axes
    assert legend.get_frame().get_alpha() in (None, 1.0)  # no shading shows through a swatch
    shading = {p.get_label(): to_hex(p.get_facecolor(), keep_alpha=True) for p in ax.patches
               if not p.get_label().startswith("_")}
    swatches = {t.get_text(): to_hex(h.get_facecolor(), keep_alpha=True)
                for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert shading and swatches == shading


def test_chart_alt_text_states_the_point_computed_from_the_data():
    from helpers.charts import series_alt

    deaths = load_table("soviet_war_by_year").reset_index()
    peak = deaths.loc[deaths["soviet_deaths"].idxmax()]
    alt = series_alt(deaths, "year", ["soviet_deaths"], {"soviet_deaths": "Deaths"},
                     marks={1986: "First Stinger"})
    assert f"a peak of {int(peak['soviet_deaths']):,} in {int(peak['year'])}" in alt
    assert "First Stinger (1986)" in alt


def count_draws(monkeypatch) -> list[str]:
    """Record every ``Figure.draw`` from now on: "render" when the canvas rasterizes, "layout"
    when drawing is switched off (``draw_without_rendering``, ``savefig``'s tight-bounds pass);
    ``calls.hinting`` lists the text hinting in force at each render."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    class Calls(list):
        hinting: list = []

    calls, rendering = Calls(), []
    figure_draw, canvas_draw = Figure.draw, FigureCanvasAgg.draw

    def draw(self, renderer):
        calls.append("render" if rendering else "layout")
        return figure_draw(self, renderer)

    def render(self):
        calls.hinting.append(matplotlib.rcParams["text.hinting"])
        rendering.append(True)
        try:
            return canvas_draw(self)
        finally:
            rendering.pop()

    monkeypatch.setattr(Figure, "draw", draw)
    monkeypatch.setattr(FigureCanvasAgg, "draw", render)
    return calls


def test_each_figure_is_drawn_once(monkeypatch):
    """Issue 25: no second pass for tight bounds, and no layout pass for the map's labels."""
    monkeypatch.setattr("helpers.figures.display", lambda *args, **kwargs: None)
    calls = count_draws(monkeypatch)
    places = load_table("places")
    plot_map(places.head(4), title="m", caption="c", source="s")
    steps = places.iloc[4:8]  # coloured by a value, with a colour bar and reference places
    plot_map(steps, values=pd.Series([1860, 1870, 1880, 1885], index=steps.index),
             value_label="Year", reference=places.head(2), title="m", caption="c", source="s")
    assert calls == ["render", "render"]
    plot_timeline(load_table("events").head(8), title="t", caption="c", source="s")
    frame = pd.DataFrame({"year": [1980, 1981, 1983], "v": [1.0, 2.0, 3.0]})
    plot_series(frame, "year", "v", title="s", xlabel="Year", ylabel="v", caption="c", source="s",
                marks={1981: "a mark"}, spans=[(1980, 1981, "a span")])
    assert calls == ["render"] * 4
    # rendered in the house style they were laid out in (its text hinting among the rest)
    from helpers.style import RC

    assert calls.hinting == [RC["text.hinting"]] * 4


def test_the_count_sees_a_tight_bounds_pass(monkeypatch):
    calls = count_draws(monkeypatch)
    labelled_figure().savefig(io.BytesIO(), format="png", bbox_inches="tight")
    assert calls == ["layout", "render"]


@pytest.mark.parametrize("text_at", [(0.5, 0.5), (0.02, 0.95)])
def test_the_png_is_cut_as_tight_bounds_cut_it(text_at):
    """The crop of the drawn pixels gives the picture savefig(bbox_inches="tight") gave, to a
    couple of pixels (tight bounds measure text boxes, the crop the ink)."""
    from PIL import Image

    def figure():
        fig = labelled_figure()
        fig.set_size_inches(9, 6)  # room around what is drawn
        fig.axes[0].set_position([0.3, 0.3, 0.3, 0.3])
        fig.text(*text_at, "A note far from the axes", fontsize=12)
        return fig

    tight = io.BytesIO()
    figure().savefig(tight, format="png", bbox_inches="tight")
    ours, theirs = Image.open(io.BytesIO(png_bytes(figure()))), Image.open(tight)
    assert ours.mode == "RGB"
    assert all(abs(a - b) <= 4 for a, b in zip(ours.size, theirs.size, strict=True)), \
        (ours.size, theirs.size)
    assert ours.size[0] < 900 - 100 and ours.size[1] < 600 - 100  # the empty margin is gone


@pytest.mark.parametrize("x", [0.9, 1.02], ids=["runs past the edge", "wholly past the edge"])
def test_a_label_past_the_canvas_edge_is_kept_whole(x):
    """R1 of the figure review: the crop of the one rendering cannot grow the canvas, so a label
    drawn past its edge was cut off without a word; now the figure is written with tight bounds
    (a second pass, only then) and keeps its margin."""
    from PIL import Image
    from support import background_margins

    from helpers.figures import PAD_INCHES

    fig = labelled_figure()
    fig.text(x, 0.5, "A label that runs past the edge of the canvas", fontsize=12)
    png = png_bytes(fig)
    assert min(background_margins(png)) >= round(PAD_INCHES * fig.dpi) - 1
    assert Image.open(io.BytesIO(png)).size[0] > fig.bbox.width + 100  # the label is in it
    assert Image.open(io.BytesIO(png)).mode == "RGB" and png == png_bytes(fig)
    chunks = png_chunks(png)
    assert not [kind for kind, _ in chunks if kind in (b"tEXt", b"iTXt", b"zTXt", b"tIME")]
    plt.close(fig)


def test_drawing_near_the_edge_keeps_the_margin_without_a_second_pass(monkeypatch):
    """Drawing that comes near the canvas edge but stays on it is whole: the margin is filled
    with background, and the figure is still drawn once."""
    from support import background_margins

    from helpers.figures import PAD_INCHES

    calls = count_draws(monkeypatch)
    fig = labelled_figure()
    fig.text(0.5, 0.003, "Close to the bottom edge", ha="center", va="bottom")
    png = png_bytes(fig)
    assert calls == ["render"]
    assert min(background_margins(png)) >= round(PAD_INCHES * fig.dpi) - 1
    plt.close(fig)
