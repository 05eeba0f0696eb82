"""Lets ``python -m course`` run from the repository root with nothing installed.

The course's tools live in ``src/course``. ``python -m course`` puts the current folder first on
the import path, so Python finds this folder first when started in the repository root; this file
loads the real package from ``src/course`` of the same copy under the name ``course`` and stands
aside (as ``notebooks/helpers.py`` does for a notebook's ``helpers``): no install, no PYTHONPATH.
Run the command from the repository root (``make`` does).
"""

import importlib.util
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent / "src" / "course"
_spec = importlib.util.spec_from_file_location(
    "course", _PACKAGE / "__init__.py", submodule_search_locations=[str(_PACKAGE)])
_module = importlib.util.module_from_spec(_spec)
# Replace this shim in sys.modules before running the package, so that `course.__main__` and
# every `import course.x` resolve inside src/course.
sys.modules["course"] = _module
_spec.loader.exec_module(_module)
