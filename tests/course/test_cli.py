"""One command for the tools: `python -m course --help` lists every command from the repository
root in a plain shell (no install, no PYTHONPATH), and every make target the README or a page of
docs/ names that is not the venv's own (lab, test, pin) or a subset of the test suite (a11y-test,
browser-test) is an alias of one of them."""

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


def named_targets(*pages) -> list[str]:
    """The make targets named in ``pages`` (default: the README and docs/*.md)."""
    pages = pages or [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    blocks = "\n".join(re.findall(r"^```.*?^```", text, re.M | re.S))  # commands shown as code
    named = re.findall(r"`make ([a-z][a-z0-9-]*)", text) + re.findall(r"^make ([a-z][a-z0-9-]*)",
                                                                   blocks, re.M)
    return sorted(set(named) - {"lab", "test", "pin", "a11y-test", "browser-test"})


def test_the_readme_names_make_targets():
    assert {"execute", "grade", "site", "handouts", "student-edition"} <= \
        set(named_targets(ROOT / "README.md"))


@pytest.mark.parametrize("target", named_targets())
def test_each_make_target_the_readme_names_runs_a_course_command(target):
    printed = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    commands = re.findall(r"-m course ([a-z-]+)", printed)
    assert commands and set(commands) <= set(COMMANDS), printed
