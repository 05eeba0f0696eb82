"""requirements.txt is fully pinned and installable by plain pip and repo2docker."""

from __future__ import annotations

import re

from support import ROOT

LINES = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
         if line.strip() and not line.startswith("#")]


def test_every_requirement_is_pinned_with_double_equals():
    pins = [line for line in LINES if line != "-e ."]
    pattern = r"[A-Za-z0-9_.\-\[\]]+==[0-9A-Za-z.+!]+"
    bad = [line for line in pins if not re.fullmatch(pattern, line)]
    assert not bad, f"not pinned with ==: {bad}"


def test_the_helpers_package_is_installed_editable_last():
    assert LINES[-1] == "-e ."


def test_direct_dependencies_are_all_pinned():
    direct = [line.strip().split("==")[0] for line in (ROOT / "requirements.in").read_text()
              .splitlines() if line.strip() and not line.startswith("#")]
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in LINES if "==" in line}
    missing = [d for d in direct if d.lower() not in pinned]
    assert not missing, f"in requirements.in but not pinned: {missing}"


def test_nothing_repo2docker_cannot_install():
    unusual = ("--", "-f ", "-i ", "http:", "https:", "git+")
    assert not [line for line in LINES if line.startswith(unusual)]
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
