"""The two requirements files: fully pinned, split by who installs them, installable anywhere.

requirements.txt is what students, hubs and Binder install (the notebooks' runtime and the test
command); requirements-dev.txt adds the maintainers' tools and is constrained by the first. Both
are written by uv's universal resolver (`make pin`), so one file serves Linux, macOS and Windows.
What these tests cannot do offline (resolve against PyPI for Windows and for Python 3.11.2,
install on top of Binder's base image) is done by `python -m course check install` in .ci/run.
"""

from __future__ import annotations

import re

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from support import ROOT

PIN = re.compile(r"^(?P<req>[A-Za-z0-9_.\-\[\]]+==[0-9A-Za-z.+!]+(?: ; [^#]+?)?)\s*(?:#.*)?$")


def requirement_lines(name: str) -> list[str]:
    return [line.strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def pins(name: str) -> dict[str, list[Requirement]]:
    found: dict[str, list[Requirement]] = {}
    for line in requirement_lines(name):
        match = PIN.match(line)
        assert match, f"{name}: not a `name==version [; marker]` pin: {line!r}"
        req = Requirement(match["req"])
        found.setdefault(req.name.lower().replace("_", "-"), []).append(req)
    return found


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_line_is_an_exact_pin_and_nothing_a_hub_cannot_install(name):
    unusual = ("-e", "--", "-f ", "-i ", "http:", "https:", "git+", "file:", "./", "../")
    assert not [line for line in requirement_lines(name) if line.startswith(unusual)]
    assert pins(name)


def test_the_course_itself_is_not_installed():
    """Notebooks load src/helpers of their own copy (notebooks/helpers.py); an installed copy of
    the course would go stale on a hub after the first update."""
    text = (ROOT / "requirements.txt").read_text() + (ROOT / "requirements-dev.txt").read_text()
    assert "-e ." not in text and "russia-afghanistan" not in text


@pytest.mark.parametrize("source, target", [("requirements.in", "requirements.txt"),
                                            ("requirements-dev.in", "requirements-dev.txt")])
def test_direct_dependencies_are_all_pinned(source, target):
    direct = [Requirement(line.split("#")[0]).name.lower().replace("_", "-")
              for line in requirement_lines(source) if not line.startswith("-")]
    missing = [d for d in direct if d not in pins(target)]
    assert not missing, f"in {source} but not pinned in {target}: {missing}"


def test_students_do_not_install_the_maintainers_tools():
    """(coverage stays: nbval, the notebooks' test command, depends on it.)"""
    runtime = pins("requirements.txt")
    for tool in ("playwright", "ruff", "frictionless", "pytest-xdist", "uv", "bokeh-sampledata"):
        assert tool not in runtime, f"{tool} is a maintainer's tool: requirements-dev.in"


def test_dev_pins_agree_with_runtime_pins():
    """A package in both files has the same version: the dev tools never change what renders."""
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for name in runtime.keys() & dev.keys():
        assert {str(r.specifier) for r in runtime[name]} >= {str(r.specifier) for r in dev[name]}, \
            name


def test_notebook_agrees_with_jupyterlab():
    """Binder's base image brings `notebook`; ours is pinned to one that accepts our JupyterLab
    (notebook 7.4 needs jupyterlab<4.5: that was the Binder failure)."""
    runtime = pins("requirements.txt")
    lab = runtime["jupyterlab"][0].specifier
    notebook = runtime["notebook"][0].specifier
    lab_version = next(iter(lab)).version
    notebook_version = next(iter(notebook)).version
    # notebook 7.N works with jupyterlab 4.N (the notebook project's own rule)
    assert notebook_version.split(".")[1] == lab_version.split(".")[1], (notebook, lab)


PLATFORMS = {
    "Linux": {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux"},
    "macOS": {"os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin"},
    "Windows": {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows"},
}
PYTHONS = ["3.11.2", "3.11.9", "3.12.1", "3.13.0"]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("python", PYTHONS)
def test_one_version_of_each_package_per_platform_and_python(platform, python):
    """The markers leave exactly one pin per package for every supported platform and Python:
    pip then never picks a version of its own (that was pywinpty and colorama on Windows)."""
    env = {**PLATFORMS[platform], "python_version": python[:4].rstrip("."),
           "python_full_version": python, "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "platform_machine": "x86_64"}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for package, reqs in pins(name).items():
            active = [r for r in reqs if r.marker is None or Marker(str(r.marker)).evaluate(env)]
            assert len(active) <= 1, f"{name}: {package} has {len(active)} pins on {platform}"


def test_windows_only_packages_are_pinned_for_windows():
    runtime = pins("requirements.txt")
    for package in ("pywinpty", "colorama"):
        assert package in runtime and runtime[package][0].marker is not None, package
