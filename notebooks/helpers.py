"""Use the helpers, data and exercise bank of the copy of the course this notebook sits in.

(Students: this file is part of how the course runs. You never need to open or change it.)

A notebook's first cell says ``from helpers import ...``. Jupyter starts every kernel in the
notebook's folder and puts that folder first on the import path, so this file is found before any
``helpers`` package installed in the environment (an older course version in a hub image, or
another course's package of the same name). It then loads the real package from ``../src/helpers``
of this same copy and stands aside: ``helpers`` in the notebook *is* ``src/helpers``, which finds
``data/`` and ``quiz_bank.json`` beside itself.

Why a file and not ``pip install -e .``: an editable install points at one folder per environment,
so on a shared hub every student would run one (old) copy; a path edit in a student cell breaks on
the first copy-paste. This needs nothing installed and works the same on Linux, macOS and Windows.
The mechanism is described in docs/install.md ("How a notebook finds its helpers").

Raises ``ImportError`` (with the folder it looked in) when ``../src/helpers`` is missing, for
example when a notebook was copied out of the course folder on its own.
"""

import importlib.util
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent / "src" / "helpers"

if not (_PACKAGE / "__init__.py").is_file():
    raise ImportError(
        f"The course's helpers are not at {_PACKAGE}. Open the notebook from inside the course "
        "folder (the one with notebooks/, data/ and src/), not a copy of the notebook on its own.")

_spec = importlib.util.spec_from_file_location(
    "helpers", _PACKAGE / "__init__.py", submodule_search_locations=[str(_PACKAGE)])
_module = importlib.util.module_from_spec(_spec)
# Replace this shim in sys.modules before running the package, so that the package's own
# `from .data import ...` and every later `import helpers.x` resolve inside src/helpers.
sys.modules["helpers"] = _module
_spec.loader.exec_module(_module)
