"""Where things are in a copy of the course, and the student runtime of that same copy.

Every tool takes the course's root folder (default: the copy this package sits in), so that a
check can run on a temporary copy of the course as well as on this one.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = "notebooks"
GUIDE = "docs/teacher_guide.md"
BANK = "src/helpers/quiz_bank.json"
PROMPTS = "src/helpers/prompts.json"
README = "README.md"
NOTEBOOK_TABLE = "docs/notebooks.md"  # what students do in each notebook, and its time
LAUNCH = "site/launch.yml"
PACKAGE = "data/datapackage.json"
RESULTS = "benchmarks/RESULTS.md"
FLOOR = "benchmarks/floor.ipynb"


def notebooks(root: Path = ROOT) -> list[Path]:
    """The series' notebooks, in order."""
    return sorted((root / NOTEBOOKS).glob("*.ipynb"))


def helpers(module: str) -> ModuleType:
    """``helpers.<module>`` from ``src/helpers`` of this copy (loaded once, as a notebook does).

    >>> helpers("bank").digest("q1", "B") == helpers("bank").digest("q1", "B")
    True
    """
    if "helpers" not in sys.modules:
        package = ROOT / "src" / "helpers"
        spec = importlib.util.spec_from_file_location(
            "helpers", package / "__init__.py", submodule_search_locations=[str(package)])
        loaded = importlib.util.module_from_spec(spec)
        sys.modules["helpers"] = loaded
        spec.loader.exec_module(loaded)
    return importlib.import_module(f"helpers.{module}")
