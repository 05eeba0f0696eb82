"""The public API: what the notebooks import, and that helpers work from a plain copy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from support import ROOT, answer_key

import helpers

NOTEBOOKS = [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "benchmarks/floor.ipynb"]
# exported before the API was trimmed to what notebooks use: saved notebooks may import them
EARLIER_NAMES = ["DataError", "PALETTE", "great_circle_km", "house_style", "load_borders",
                 "place_point", "route_length_km", "table_names"]


def imports(path) -> list[str]:
    """The import statements naming helpers in one notebook's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return imports_in("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))


def test_all_is_exactly_what_the_notebooks_import():
    used = set()
    for path in NOTEBOOKS:
        for statement in imports(path):
            used |= set(re.findall(r"\b[a-z_]\w*\b", statement.split(" import ", 1)[1]))
    assert sorted(used - {"noqa"}) == sorted(helpers.__all__)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_imports_helpers_once_and_each_cell_that_runs_alone_imports_its_own(path):
    """One import statement sets up the lesson; besides it, only an answer cell or a summary
    cell imports helpers, in its first line, and only what it calls (so that it runs alone in
    a fresh kernel: tests/content/test_fresh_kernel.py)."""
    cells = ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    importing = [c for c in cells if imports_in(c)]
    assert importing and [s.startswith("from helpers import ") for s in imports_in(importing[0])] \
        == [True]
    for source in importing[1:]:
        first, _, rest = source.partition("\n")
        assert imports_in(source) == [first] and not imports_in(rest), source
        assert re.search(r"^\s*(check|assess|score_summary)\(", rest, re.M), source
        for name in first.removeprefix("from helpers import ").split(", "):
            assert re.search(rf"\b{name}\(", rest) or name in ("distance_km", "load_table",
                                                              "waypoint_length_km"), source


def imports_in(code: str) -> list[str]:
    """The import statements naming helpers in some code."""
    return re.findall(r"^(?:from helpers\S* import (?:\([^)]*\)|.*)|import helpers\S*)", code,
                      re.M)


@pytest.mark.parametrize("name", EARLIER_NAMES)
def test_earlier_names_stay_importable(name):
    assert callable(getattr(helpers, name)) or isinstance(getattr(helpers, name), dict)


def test_the_frontier_module_still_draws_its_map(monkeypatch):
    """A notebook saved before plot_map took values= still gets the map its call describes:
    the points coloured by the years given, a colour bar for them, the reference place marked,
    and alt text that says so (the facts are this test's input, not recomputed)."""
    from helpers.frontier import plot_frontier_map

    shown = []
    monkeypatch.setattr("helpers.maps.show_figure", lambda fig, **kw: shown.append((fig, kw)))
    places = helpers.load_table("places")
    points, landmarks = places.loc[["merv", "tashkent"]], places.loc[["torkham"]]
    years = {"merv": 1884, "tashkent": 1865}
    plot_frontier_map(points, points.index.map(years).to_series(index=points.index),
                      landmarks, title="t", caption="c", source="s")
    (fig, kwargs), = shown
    assert [ax.get_ylabel() for ax in fig.axes][-1] == "Year"  # the colour bar
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert {"Merv", "Tashkent", "Torkham"} <= set(labels)
    assert "coloured by year, from 1865 to 1884" in kwargs["alt"]
    assert "in order: Tashkent (1865), Merv (1884)" in kwargs["alt"]
    assert "Reference places marked with diamonds: Torkham" in kwargs["alt"]
    assert (kwargs["caption"], kwargs["source"]) == ("c", "s")


def test_plot_timeline_takes_the_old_label_keyword(monkeypatch):
    shown = []
    monkeypatch.setattr("helpers.timeline.show_figure", lambda fig, **kw: shown.append(fig))
    events = helpers.load_table("events").head(3)
    helpers.plot_timeline(events, title="t", caption="c", source="s", label=[events.index[0]])
    helpers.plot_timeline(events, title="t", caption="c", source="s",
                          annotate=[events.index[0]])
    old, new = ([t.get_text() for t in fig.axes[0].texts] for fig in shown)
    assert old == new and len(old) == 1
    with pytest.raises(TypeError, match="annotate= only"):
        helpers.plot_timeline(events, title="t", caption="c", source="s", label=[], annotate=[])


def test_helpers_work_from_a_plain_copy_of_the_tree(tmp_path):
    """No editable install: a copy of src/helpers finds the data/ folder next to its src/."""
    shutil.copytree(ROOT / "src" / "helpers", tmp_path / "src" / "helpers")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    code = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('helpers', sys.argv[1],\n"
        "    submodule_search_locations=[sys.argv[1].rsplit('/', 1)[0]])\n"
        "helpers = importlib.util.module_from_spec(spec); sys.modules['helpers'] = helpers\n"
        "spec.loader.exec_module(helpers)\n"
        "from helpers.data import data_dir\n"
        "print(helpers.__file__); print(data_dir()); print(len(helpers.load_table('events')))\n")
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "src" / "helpers" / "__init__.py")],
        cwd=tmp_path, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    location, folder, rows = result.stdout.splitlines()
    assert location.startswith(str(tmp_path)) and folder == str(tmp_path / "data")
    assert int(rows) == len(helpers.load_table("events"))


def test_the_runtime_imports_no_validator_or_test_tool():
    """frictionless (0.6-0.75 s to import here), jsonschema and nbclient stay out of a kernel."""
    code = ("import sys, helpers; helpers.load_table('events'); helpers.distance_km('kabul', "
            "'herat'); print(sorted({m.split('.')[0] for m in sys.modules} & {'frictionless', "
            "'jsonschema', 'nbclient', 'nbformat', 'pytest'}))")
    # run in notebooks/ as a kernel is, so `import helpers` goes through notebooks/helpers.py
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT / "notebooks", check=True)
    assert result.stdout.strip() == "[]"


# what helpers.quiz defined before it was split into bank, answers, feedback and results
QUIZ_NAMES = ["KINDS", "MARKS", "AnswerFormError", "Feedback", "aliases", "assess", "bank",
              "check", "digest", "feedback", "normalise", "read_number", "resolve",
              "running_score", "score_summary", "seal", "summary_lines", "unseal"]


@pytest.mark.parametrize("name", QUIZ_NAMES)
def test_the_old_quiz_module_still_offers_its_names(name):
    from helpers import quiz

    assert hasattr(quiz, name)


def test_the_old_quiz_module_still_judges():
    from helpers import quiz

    assert quiz.feedback("q00_example", answer_key()["q00_example"]["answer"])[0] is True
    assert quiz.resolve("Q00_EXAMPLE") == "q00_example"
