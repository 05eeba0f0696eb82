"""`make lab` installs what students need (requirements.txt) and nothing else; `make test` adds the
maintainers' tools (requirements-dev.txt). Read from what make would run on a fresh copy (no
.venv yet), so nothing is installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from support import ROOT

FILES = ("Makefile", "requirements.txt", "requirements-dev.txt", "postBuild",
         "lab-settings/overrides.json")


def planned(copy, target: str) -> list[str]:
    """The commands `make -n target` prints in ``copy``."""
    return subprocess.run(["make", "-n", target], cwd=copy, capture_output=True, text=True,
                          check=True).stdout.splitlines()


def installed_files(commands: list[str]) -> set[str]:
    """The requirements files the ``pip install`` lines among ``commands`` name."""
    return {name for line in commands if re.search(r"\bpip install\b", line)
            for name in re.findall(r"-r\s+(\S+)", line)}


@pytest.fixture()
def fresh(tmp_path):
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_make_lab_installs_only_requirements_txt(fresh):
    commands = planned(fresh, "lab")
    assert any("-m venv .venv" in line for line in commands), commands
    assert installed_files(commands) == {"requirements.txt"}, commands
    assert any(re.search(r"jupyter lab\b", line) for line in commands), commands


def test_make_test_adds_requirements_dev_txt(fresh):
    commands = planned(fresh, "test")
    assert installed_files(commands) == {"requirements.txt", "requirements-dev.txt"}, commands


def test_a_lab_venv_gets_the_dev_tools_when_make_test_runs(fresh):
    """A venv made by `make lab` (its stamp present) still gets requirements-dev.txt from
    `make test`; one made by `make test` needs nothing more for `make lab`."""
    (fresh / ".venv").mkdir()
    (fresh / ".venv" / ".installed-lab").touch()
    assert installed_files(planned(fresh, "test")) >= {"requirements-dev.txt"}
    (fresh / ".venv" / ".installed").touch()
    assert installed_files(planned(fresh, "lab")) == set()
