"""Structure of every notebook: what a teacher and a student rely on, checked before nbval runs."""

from __future__ import annotations

import json
import re

import pytest
from support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["00_start_here.ipynb", "01_great_game.ipynb", "02_cold_war_motives.ipynb",
            "03_post_2001_pivot.ipynb", "04_assessment.ipynb"]
MAX_CODE_LINES = 12
OBJECTIVE = re.compile(r"\*\*(O\d\.\d)\*\*")
GLOSSARY_LINK = re.compile(r"\]\(\.\./docs/glossary\.md#([a-z0-9-]+)\)")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def text(cell) -> str:
    return "".join(cell["source"])


def markdown(nb) -> list[str]:
    return [text(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def code_cells(nb) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_series_has_its_notebooks_in_order():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return load(request.param)


def test_kernel_is_python3(nb):
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_exactly_one_h1_and_it_comes_first(nb):
    h1 = [line for cell in markdown(nb) for line in cell.splitlines() if re.match(r"# \S", line)]
    assert len(h1) == 1, h1
    assert text(nb["cells"][0]).startswith("# ")


def test_opening_cell_has_objectives_time_and_prerequisites(nb):
    opening = text(nb["cells"][0])
    assert "Objectives" in opening
    assert 3 <= len(OBJECTIVE.findall(opening)) <= 5, "state 3 to 5 objectives with ids"
    assert re.search(r"Estimated time:\*?\*? *\d+", opening)
    assert "Prerequisites" in opening


def test_closing_cells_have_key_points_and_sources(nb):
    closing = "\n".join(markdown(nb)[-3:])
    assert "## Key points" in closing
    assert "## Sources" in closing


def test_headings_go_down_one_level_at_a_time(nb):
    levels = [len(m.group(1)) for cell in markdown(nb)
              for m in re.finditer(r"^(#+) ", cell, re.M)]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_code_cells_are_short_and_all_ran_in_order(nb):
    counts = []
    for cell in code_cells(nb):
        source = text(cell)
        assert source.strip(), "no empty code cells"
        assert len(source.splitlines()) <= MAX_CODE_LINES, source[:80]
        assert cell["execution_count"] is not None, source[:80]
        counts.append(cell["execution_count"])
    assert counts == list(range(1, len(counts) + 1)), "restart the kernel and run all, then save"


def test_no_errors_warnings_or_object_addresses_in_outputs(nb):
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", text(cell)[:80]
            assert output.get("name") != "stderr", text(cell)[:80]
            plain = "".join(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r" at 0x[0-9a-f]+", plain), plain[:80]


def test_every_figure_has_alt_text_and_a_caption(nb):
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            assert "image/png" not in data and "image/svg+xml" not in data, \
                "show figures through the helpers (they add alt text)"
            html = "".join(data.get("text/html", ""))
            for img in re.findall(r"<img [^>]*>", html):
                alt = re.search(r'alt="([^"]*)"', img)
                assert alt and len(alt.group(1)) > 20, "figure without useful alt text"
            if "<img" in html:
                assert "<figcaption" in html


def test_no_absolute_paths_network_reads_or_path_hacks(nb):
    for cell in nb["cells"]:
        source = text(cell)
        assert not re.search(r"(/work/|/home/|/root/|/Users/|[A-Z]:\\\\)", source), source[:80]
        if cell["cell_type"] == "code":
            assert not re.search(r"https?://|requests|urllib|socket", source), source[:80]
            assert "sys.path" not in source


def test_no_data_is_typed_into_notebooks(nb):
    for cell in code_cells(nb):
        assert not re.search(r"pd\.DataFrame\(\{|\[\s*\d+\s*,\s*\d+\s*,\s*\d+", text(cell)), \
            "numbers come from data/, not typed into a cell"


def test_the_teaching_notebooks_link_terms_to_the_glossary():
    """(That each link lands on a term is tests/content/test_links.py's check of every link.)"""
    for path in NOTEBOOKS[:4]:
        assert any(GLOSSARY_LINK.search(cell) for cell in markdown(load(path))), path.name
