"""The language editions as students get them: the committed editions against the English and
the catalogs, and a draft built from whatever is translated now (tests/edition_support.py):
every Dari Markdown cell and HTML output reads right to left, the Solar Hijri dates are there,
and strict nbval passes over the editions with their own helpers.py and the sanitize rules."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest
from edition_support import draft_course
from support import ROOT

from course.translate import check, editions


def rtl_problems(nb: dict) -> list[str]:
    """Markdown cells and HTML outputs of a Dari notebook that do not declare Dari, right to
    left."""
    problems = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).strip():
            if not "".join(cell["source"]).startswith('<div lang="fa-AF" dir="rtl">'):
                problems.append(f"Markdown cell {cell['id']}")
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            if not html:
                continue
            opening = re.match(r"\s*<[a-z]+[^>]*>", html)
            if not (opening and 'lang="fa-AF"' in opening.group(0)
                    and 'dir="rtl"' in opening.group(0)):
                problems.append(f"an output of cell {cell['id']}: {html[:80]}")
    return problems


@pytest.mark.parametrize("lang", editions.shipped(ROOT) or [pytest.param(
    "none", marks=pytest.mark.skip(reason="no edition is in the course yet (docs/editions.md)"))])
def test_committed_editions_mirror_the_english_and_their_catalogs(lang):
    assert check.edition_problems(ROOT, lang) == []


def test_translate_check_passes_on_the_course():
    """Catalogs in step with the English, nothing broken, and any edition in the course
    complete (an edition not built yet may be incomplete: its translators are at work)."""
    errors, _warnings, _counts = check.check(ROOT)
    assert errors == []


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    course = tmp_path_factory.mktemp("draft") / "course"
    draft_course(course, langs=("ru",), notebooks=["00_start_here.ipynb"], execute=True)
    draft_course_fa = course.parent / "course-fa"
    draft_course(draft_course_fa, langs=("fa",),
                 notebooks=["00_start_here.ipynb", "02_cold_war_motives.ipynb"], execute=True)
    for path in (draft_course_fa / "notebooks" / "fa").iterdir():
        (course / "notebooks" / "fa").mkdir(exist_ok=True)
        (course / "notebooks" / "fa" / path.name).write_bytes(path.read_bytes())
    return course


def test_dari_reads_right_to_left(draft):
    notebooks = sorted((draft / "notebooks" / "fa").glob("*.ipynb"))
    assert len(notebooks) == 2
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert rtl_problems(nb) == [], path.name
        html = " ".join("".join(o.get("data", {}).get("text/html", ""))
                        for c in nb["cells"] for o in c.get("outputs", []))
        assert "<figure" in html and "<table" in html
    document = json.loads((draft / "notebooks" / "fa" / "02_cold_war_motives.ipynb").read_text(
        encoding="utf-8"))
    shown = " ".join("".join(o.get("data", {}).get("text/html", ""))
                     for c in document["cells"] for o in c.get("outputs", []))
    assert '<section class="document" lang="fa-AF" dir="rtl"' in shown
    assert re.search(r"\(\d+ (جدی|قوس|حمل) ۱۳۵[۷۸]\)", shown)  # the Solar Hijri date of a header


def test_the_rtl_check_finds_a_cell_or_output_without_direction(draft):
    nb = json.loads((draft / "notebooks" / "fa" / "00_start_here.ipynb").read_text(
        encoding="utf-8"))
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "# a title"
    output = next(o for c in nb["cells"] for o in c.get("outputs", [])
                  if "<table" in "".join(o.get("data", {}).get("text/html", "")))
    output["data"]["text/html"] = "<table><tr><td>1</td></tr></table>"
    assert len(rtl_problems(nb)) == 2


def test_russian_cells_declare_russian(draft):
    nb = json.loads((draft / "notebooks" / "ru" / "00_start_here.ipynb").read_text(
        encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            assert "".join(cell["source"]).startswith('<div lang="ru">')
    assert nb["metadata"]["course"]["edition"]["draft"] is True


def test_strict_nbval_over_the_editions(draft):
    """The editions' stored outputs pass strict nbval with their own helpers.py (the kernel
    starts in notebooks/<lang>/) and the course's sanitize rules, as `make test` runs them."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                             "notebooks/ru", "notebooks/fa"], cwd=draft, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout)


def _lab_command(edition: str) -> list[str]:
    printed = subprocess.run(["make", "-n", "lab", f"EDITION={edition}"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in printed.splitlines() if " lab " in ln and "jupyter" in ln)
    return shlex.split(line)


def test_make_lab_opens_an_edition_and_russian_jupyterlab():
    russian = _lab_command("ru")
    assert russian[-1] == "notebooks/ru/00_start_here.ipynb"
    setting = next(a for a in russian if a.startswith("--LabApp.app_settings_dir="))
    overrides = json.loads((ROOT / setting.split("=", 1)[1] / "overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "ru_RU"
    # the run reads this folder instead of the course's own settings: it must hold them too
    course_settings = json.loads((ROOT / "lab-settings" / "overrides.json").read_text())
    assert course_settings.items() <= overrides.items()
    dari = _lab_command("fa")  # no JupyterLab language pack exists for Dari or Persian
    assert dari[-1] == "notebooks/fa/00_start_here.ipynb"
    assert not any(a.startswith("--LabApp.app_settings_dir") for a in dari)
