"""`make student-edition` builds a branch without the answer key that students can pull for ever.

Built in a throw-away copy of this repository (so the real branch is left alone): the branch
lacks the teacher's guide in its files and in its whole history, keeps the committed outputs,
has no dead links, grows by one commit per rebuild so nbgitpuller can merge it into a student's
copy, and its tests that need the key skip and say so. CI also runs the edition's whole test
command after pulling it from a git daemon (`python -m course student-edition-check`).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from classroom import git, publish_course, pull
from support import NO_KEY

from course import edition
from course.checks import links


def build(repo):
    return subprocess.run([sys.executable, "-m", "course", "student-edition"], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    origin = publish_course(tmp_path_factory.mktemp("edition") / "course")
    build(origin)
    return origin


def test_the_answer_key_is_in_no_file_and_no_commit(course):
    files = git("ls-tree", "-r", "--name-only", "student", cwd=course).splitlines()
    assert "docs/teacher_guide.md" not in files and "src/helpers/quiz_bank.json" in files
    assert git("rev-list", "student", "--", "docs/teacher_guide.md", cwd=course) == ""
    merge_base = subprocess.run(["git", "merge-base", "main", "student"], cwd=course)
    assert merge_base.returncode == 1, "the student branch must not descend from main"


def test_notebooks_and_their_outputs_are_main_s(course):
    for name in git("ls-tree", "-r", "--name-only", "main", "notebooks", cwd=course).split():
        assert git("rev-parse", f"main:{name}", cwd=course) == \
            git("rev-parse", f"student:{name}", cwd=course), name


def test_no_dead_links_and_the_readme_says_what_this_is(course, tmp_path):
    copy = tmp_path / "copy"
    pull(course, copy, branch="student")
    assert links.dead_links(copy) == []
    assert "**Student edition.**" in (copy / "README.md").read_text(encoding="utf-8")
    # a link to the guide left in place would be dead there: the check can fail
    with (copy / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nRead [the guide](docs/teacher_guide.md).\n")
    assert links.dead_links(copy) == ["README.md: docs/teacher_guide.md (no such file)"]


def test_rebuilds_grow_the_branch_and_reach_a_student_who_pulled(course, tmp_path):
    copy = tmp_path / "student"
    pull(course, copy, branch="student")
    first = git("rev-parse", "student", cwd=course)
    build(course)
    assert git("rev-parse", "student", cwd=course) == first, "unchanged main: no new commit"
    (course / "docs/glossary.md").write_text(
        (course / "docs/glossary.md").read_text(encoding="utf-8") + "\nA later addition.\n",
        encoding="utf-8")
    git("commit", "-qam", "Glossary: a later addition", cwd=course)
    build(course)
    assert git("rev-parse", "student~1", cwd=course) == first
    pull(course, copy, branch="student")
    assert "A later addition." in (copy / "docs/glossary.md").read_text(encoding="utf-8")


def test_the_edition_s_key_tests_skip_and_say_why(course, tmp_path):
    copy = tmp_path / "student"
    pull(course, copy, branch="student")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=-p no:cacheprovider", "-rs", "-q",
         "tests/helpers/test_feedback.py", "tests/content/test_exercise_ids.py",
         "tests/course/test_site_build.py::test_teacher_site_includes_the_teacher_guide",
         "tests/browser/test_site.py::test_teacher_guide_page_is_offline_and_accessible"],
        cwd=copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert NO_KEY in result.stdout and " passed" in result.stdout
    # skipped, not errors
    for teacher_test in ("course/test_site_build.py", "browser/test_site.py"):
        assert re.search(rf"SKIPPED \[\d+\] tests/{teacher_test}:\d+: {re.escape(NO_KEY)}",
                         result.stdout) or "axe-core is not installed" in result.stdout, \
            result.stdout[-3000:]


def test_the_edition_check_runs_the_site_build_tests_and_collects_everything():
    """The site build's tests (the teacher's site among them) run in the edition check; only the
    modules that start a browser or a server are left to the main run."""
    ignored = [a.removeprefix("--ignore=") for a in edition.CHECK_ARGS if a.startswith("--ignore")]
    assert "tests/course" not in ignored and "tests/course/test_site_build.py" not in ignored
    assert all(path.startswith("tests/browser/") or path == "tests/classroom/test_jupyterhub.py"
               for path in ignored), ignored
