"""One command for the tools: `python -m course --help` lists every command from the repository
root in a plain shell (no install, no PYTHONPATH), and every make target the README names that
is not the venv's own (lab, test, pin) is an alias of one of them."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from support import ROOT

from course.cli import COMMANDS

PLAIN = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def help_text(*command: str) -> str:
    result = subprocess.run([sys.executable, "-m", "course", *command, "--help"], cwd=ROOT,
                            env=PLAIN, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_lists_every_command_and_every_command_of_a_group():
    listed = help_text()
    for name, (_, second, *_) in COMMANDS.items():
        assert re.search(rf"^    {re.escape(name)}\b", listed, re.M), name
        if isinstance(second, dict):
            group = help_text(name)
            assert all(re.search(rf"^    {sub}\b", group, re.M) for sub in second), name


def readme_targets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"(?:^|`)make ([a-z][a-z-]*)", readme, re.M)
    return sorted(set(named) - {"lab", "test", "pin"})


def test_the_readme_names_make_targets():
    assert {"execute", "grade", "site", "handouts", "student-edition"} <= set(readme_targets())


@pytest.mark.parametrize("target", readme_targets())
def test_each_make_target_the_readme_names_runs_a_course_command(target):
    printed = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    commands = re.findall(r"-m course ([a-z-]+)", printed)
    assert commands and set(commands) <= set(COMMANDS), printed
