"""Every figure stored in the notebooks of the three editions is whole: a margin of background
(``PAD_INCHES``) lies between each edge of its PNG and what is drawn, so nothing was cut off at
the canvas edge (R1 of the figure review: the crop of the one rendering could cut a label that
ran past the canvas without a word)."""

from __future__ import annotations

import base64
import io
import re

import nbformat
import pytest
from support import ROOT, background_margins

from helpers.figures import PAD_INCHES

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb")) + \
    sorted((ROOT / "notebooks" / "ru").glob("0*.ipynb")) + \
    sorted((ROOT / "notebooks" / "fa").glob("0*.ipynb"))
IMAGE = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')


def stored_pngs(path) -> list[tuple[str, bytes]]:
    """(cell id, PNG bytes) of every figure in a notebook's stored outputs: the ``<img>`` of an
    HTML output, or an ``image/png`` output."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                found.append((cell.id, base64.b64decode(data["image/png"])))
            for match in IMAGE.finditer(data.get("text/html", "")):
                found.append((cell.id, base64.b64decode(match.group(1))))
    return found


def short_margins(png: bytes) -> tuple[int, int, int, int] | None:
    """The PNG's background margins, if one side has less than ``PAD_INCHES`` (at the PNG's
    resolution); None when all four are whole."""
    from PIL import Image

    dpi = Image.open(io.BytesIO(png)).info.get("dpi", (100, 100))[0]
    margins = background_margins(png)
    return margins if min(margins) < round(PAD_INCHES * float(dpi)) - 1 else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_stored_figure_keeps_its_margin(path):
    pngs = stored_pngs(path)
    cut = {cell: short_margins(png) for cell, png in pngs if short_margins(png)}
    assert not cut, f"figures cut at the edge (left, top, right, bottom margins): {cut}"


def test_the_margin_check_finds_a_figure_cut_at_its_edge():
    from PIL import Image

    path = ROOT / "notebooks" / "00_start_here.ipynb"
    cell, png = stored_pngs(path)[0]
    assert short_margins(png) is None
    image = Image.open(io.BytesIO(png))
    cut = io.BytesIO()
    image.crop((0, 0, image.width - 12, image.height)).save(cut, format="png",
                                                           dpi=image.info.get("dpi"))
    assert short_margins(cut.getvalue())[2] == 0  # the right side is cut into what is drawn
