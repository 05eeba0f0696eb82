"""Make a kernel ready for the course on any machine, before matplotlib is first imported.

One job: the machine-dependent set-up that would otherwise print a warning under a student's
first cell (and fail strict nbval). ``helpers/__init__.py`` calls :func:`prepare` first.

- **Config or cache folder not writable** (a hub image whose ``~/.config`` belongs to root, a
  read-only home, ``MPLCONFIGDIR`` pointing at a file): matplotlib would make a temporary folder
  and warn. We point ``MPLCONFIGDIR`` at a private folder in the system's temporary directory
  instead, which also keeps matplotlib's font cache between kernels.
- **No font cache yet** (a fresh machine or image): matplotlib warns "building the font cache"
  when that takes over 5 s. The cache is built either way; the message is not shown.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path


def _writable_folder(path: Path) -> bool:
    """Whether ``path`` is (or can be made) a folder this user can write into.

    >>> _writable_folder(Path(tempfile.gettempdir()))
    True
    >>> _writable_folder(Path(__file__))   # a file, not a folder
    False
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def matplotlib_folders() -> list[Path]:
    """The config and cache folders matplotlib will use, by its own rules (matplotlib 3.x,
    ``matplotlib._get_config_or_cache_dir``): ``MPLCONFIGDIR`` if set, else the XDG folders on
    Linux and ``~/.matplotlib`` elsewhere.

    >>> all(isinstance(p, Path) for p in matplotlib_folders())
    True
    """
    if os.environ.get("MPLCONFIGDIR"):
        return [Path(os.environ["MPLCONFIGDIR"])]
    home = Path.home()
    if sys.platform.startswith(("linux", "freebsd")):
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
        return [config / "matplotlib", cache / "matplotlib"]
    return [home / ".matplotlib"]


def private_matplotlib_folder() -> Path:
    """A folder for matplotlib in the temporary directory, one per user (kept between kernels).

    >>> _writable_folder(private_matplotlib_folder())
    True
    """
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(getattr(os, "getuid",
                                                                               lambda: 0)())
    return Path(tempfile.gettempdir()) / f"matplotlib-{user}"


def prepare() -> None:
    """Give matplotlib writable folders and import it quietly; does nothing if it is imported.

    Sets ``MPLCONFIGDIR`` only when a folder matplotlib would use is not writable. Raises nothing:
    if even the temporary directory is not writable, matplotlib's own fallback and warning apply.
    """
    if "matplotlib" in sys.modules:
        return
    if not all(_writable_folder(p) for p in matplotlib_folders()):
        fallback = private_matplotlib_folder()
        if _writable_folder(fallback):
            os.environ["MPLCONFIGDIR"] = str(fallback)
    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)
    try:
        import matplotlib.font_manager  # noqa: F401  (builds the font cache if there is none)
    finally:
        font_log.setLevel(level)
