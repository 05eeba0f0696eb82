"""Launch links for the series, from the one configuration file ``site/launch.yml``.

Used by the website (``course.sphinx_ext`` writes the links on every page), by
``python -m course sync`` (the ``launch-links`` block of README.md) and by
``python -m course launch-links`` (prints each notebook's links).

>>> cfg = {"hub_url": "https://hub.example.org", "repository_url": "https://github.com/o/r",
...        "branch": "main", "binder_url": "https://mybinder.org", "interface": "lab"}
>>> nbgitpuller_url(cfg, "notebooks/00_start_here.ipynb")
'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr&branch=main&urlpath=lab%2Ftree%2Fr%2Fnotebooks%2F00_start_here.ipynb'
>>> binder_url(cfg, "notebooks/00_start_here.ipynb")
'https://mybinder.org/v2/gh/o/r/main?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb'
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

from .paths import LAUNCH, ROOT, notebooks

CONFIG = ROOT / LAUNCH
BLOCK = "launch-links"  # the block of README.md
KEYS = ("hub_url", "repository_url", "branch", "binder_url", "interface")


def load_config(path: Path = CONFIG) -> dict:
    """The launch configuration as a dict with every key of ``KEYS``; ValueError names a gap."""
    import yaml

    cfg = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in KEYS if not str(cfg.get(k, "")).strip()]
    if missing:
        raise ValueError(f"{path}: missing or empty {', '.join(missing)}")
    return {k: str(cfg[k]).strip().rstrip("/") for k in KEYS}


# The template's stand-ins: a host under a domain reserved for examples (RFC 2606), and the
# repository path OWNER/REPO. A link built from either leads nowhere.
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
STAND_INS = ("OWNER", "REPO")


def placeholders(cfg: dict) -> list[str]:
    """The keys of ``cfg`` that still hold the template's placeholders.

    >>> placeholders({"hub_url": "https://HUB.EXAMPLE.ORG", "binder_url": "https://mybinder.org",
    ...               "repository_url": "https://github.com/OWNER/REPO", "branch": "student"})
    ['hub_url', 'repository_url']
    >>> placeholders({"hub_url": "https://hub.school.edu",
    ...               "repository_url": "https://github.com/NASA/x"})
    []
    """
    found = []
    for key in ("hub_url", "repository_url", "binder_url"):
        url = cfg.get(key, "")
        host = urlsplit(url).hostname or ""
        parts = urlsplit(url).path.strip("/").split("/")
        if any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS) \
                or (key == "repository_url" and any(p in STAND_INS for p in parts)):
            found.append(key)
    return found


def placeholder_message(cfg: dict, path: Path = CONFIG) -> str:
    """One sentence naming the placeholders left in ``path``."""
    shown = ", ".join(f"{k}: {cfg[k]}" for k in placeholders(cfg))
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return f"{name} still holds placeholders ({shown})"


def _repo_path(cfg: dict) -> tuple[str, str]:
    """(owner, name) of the repository URL."""
    parts = cfg["repository_url"].split("/")
    return parts[-2], parts[-1].removesuffix(".git")


def nbgitpuller_url(cfg: dict, path: str) -> str:
    """A JupyterHub link that copies (or updates) the series and opens ``path`` (repo-relative)."""
    name = _repo_path(cfg)[1]
    urlpath = f"{cfg['interface']}/tree/{name}/{path}"
    repo = quote(cfg["repository_url"], safe="")
    return (f"{cfg['hub_url']}/hub/user-redirect/git-pull?repo={repo}"
            f"&branch={quote(cfg['branch'], safe='')}&urlpath={quote(urlpath, safe='')}")


def binder_url(cfg: dict, path: str) -> str:
    """A Binder link that builds the repository and opens ``path`` (repo-relative)."""
    owner, name = _repo_path(cfg)
    urlpath = f"{cfg['interface']}/tree/{path}"
    return (f"{cfg['binder_url']}/v2/gh/{owner}/{name}/{cfg['branch']}"
            f"?urlpath={quote(urlpath, safe='')}")


def readme_links(cfg: dict, first: str = "notebooks/00_start_here.ipynb") -> str:
    """The Markdown list items README.md shows students in its ``launch-links`` block (while
    ``site/launch.yml`` holds placeholders, a line saying where the links come from instead)."""
    if placeholders(cfg):
        return ("- **On your school's JupyterHub, or on Binder:** your teacher gives you the link. "
                "(Teachers: this copy's `site/launch.yml` still holds placeholders; fill it in "
                "and run `python -m course sync`, see "
                "[docs/classroom.md](docs/classroom.md#one-place-for-the-links).)")
    return "\n".join([
        f"- **On your school's JupyterHub:** [open notebook 00]({nbgitpuller_url(cfg, first)}). "
        "It copies the course into your own folder; follow the same link again later to get the "
        "course's updates (your answers stay).",
        f"- **On Binder**, with nothing to install: [open notebook 00]({binder_url(cfg, first)}). "
        "A Binder session is temporary: download your notebooks before you close the tab."])


def print_links(config: Path = CONFIG) -> int:
    """Print both links of every notebook (for a teacher to hand out); return 0."""
    cfg = load_config(config)
    if placeholders(cfg):
        print(f"warning: {placeholder_message(cfg, config)}: these links lead nowhere until it "
              "is filled in", file=sys.stderr)
    for path in notebooks():
        target = f"notebooks/{path.name}"
        print(f"{path.name}\n  JupyterHub: {nbgitpuller_url(cfg, target)}\n"
              f"  Binder:     {binder_url(cfg, target)}")
    return 0
