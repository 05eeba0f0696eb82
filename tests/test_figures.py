"""Every figure has title, axis labels, a source line, a caption and escaped alt text."""

from __future__ import annotations

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


def test_alt_text_is_escaped_and_source_drawn():
    fig = labelled_figure()
    html = figure_html(fig, alt='He said "go" <now>', caption="c & d", source="Source: X")
    assert 'alt="He said &quot;go&quot; &lt;now&gt;"' in html
    assert "c &amp; d" in html
    assert any(t.get_text() == "Source: X" for t in fig.texts)


def test_png_is_the_same_bytes_every_time():
    assert png_bytes(labelled_figure()) == png_bytes(labelled_figure())


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
