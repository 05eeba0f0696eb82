"""The benchmark's per-figure profile (course.figure_profile) measures what it says: run in a
fresh Python in notebooks/ (as in a kernel), since it wraps matplotlib for the whole process."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT

SCRIPT = """
import io, json, sys
sys.path.append({src!r})
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from course import figure_profile
figure_profile.install()
import helpers
helpers.figures.display = lambda *args, **kwargs: None
frame = pd.DataFrame({{"year": [1980, 1981, 1983], "v": [1.0, 2.0, 3.0]}})
helpers.plot_series(frame, "year", "v", title="Series", xlabel="Year", ylabel="v", caption="c",
                    source="s")

def tight(title):
    fig, ax = plt.subplots()
    ax.set_title(title)
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")

figure_profile._boundary(tight)(title="Tight")
print(figure_profile.records())
"""


def profiled() -> list[dict]:
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(src=str(ROOT / "src"))],
                         cwd=ROOT / "notebooks", capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_each_figure_is_profiled_step_by_step():
    series, tight = profiled()
    assert series["title"] == "Series" and tight["title"] == "Tight"
    assert series["counts"] == {"layout_passes": 0, "renders": 1}
    assert tight["counts"] == {"layout_passes": 1, "renders": 1}  # the second pass is seen
    for figure in (series, tight):
        steps = sum(figure["phases"].values())
        assert abs(steps - figure["total"]) <= 0.02 * figure["total"], figure  # steps add up
    assert series["png_bytes"] > 1000
    assert series["phases"]["render"] > 0 and series["phases"]["encode"] > 0
    assert series["phases"]["alt"] > 0 and series["phases"]["layout"] > 0
