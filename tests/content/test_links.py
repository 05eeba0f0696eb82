"""No dead relative links in the README, docs/ or the notebooks' Markdown (student edition too:
tests/classroom/test_student_edition.py runs the same check on it)."""

from __future__ import annotations

from support import ROOT

from course.checks import links


def test_no_dead_relative_links():
    assert links.dead_links(ROOT) == []


def test_the_check_finds_a_dead_file_and_a_dead_heading(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/glossary.md").write_text("# Glossary\n\n### Buffer state\n")
    (tmp_path / "README.md").write_text(
        "[guide](docs/teacher_guide.md), [term](docs/glossary.md#buffer-state), "
        "[gone](docs/glossary.md#no-such-term), [web](https://example.org/x), [top](#top)\n"
        "```\n[in code](nowhere.md)\n```\n")
    assert links.dead_links(tmp_path) == [
        "README.md: docs/teacher_guide.md (no such file)",
        "README.md: docs/glossary.md#no-such-term (no such heading)"]
