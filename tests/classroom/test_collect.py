"""`python -m course collect HOMES OUT`: each hub user's notebook 04 copied into a folder of its
own, and nothing a student put in a home folder can make the teacher's copy read elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys

from classroom import ROOT, submission

from course.collect import collect

NB = "course/notebooks/04_assessment.ipynb"


def test_collect_copies_each_users_notebook_and_skips_the_rest(tmp_path):
    homes, out = tmp_path / "home", tmp_path / "collected"
    secret = tmp_path / "teacher" / "secret.ipynb"
    secret.parent.mkdir()
    secret.write_text('{"the": "teacher\'s own file"}')
    submission(homes / "ada" / NB, "Ada")
    submission(homes / "bo" / NB, "Bo")
    (homes / "cy" / NB).parent.mkdir(parents=True)
    (homes / "cy" / NB).symlink_to(secret)  # a link to a file outside the home
    (homes / "di").mkdir()
    (homes / "di" / "course").symlink_to(secret.parent)  # a linked course folder
    (homes / "ed" / NB).parent.mkdir(parents=True)
    os.mkfifo(homes / "ed" / NB)  # would block a plain read
    (homes / "fi" / NB).parent.mkdir(parents=True)
    with (homes / "fi" / NB).open("wb") as handle:
        handle.truncate(21 * 2**20)  # larger than any notebook 04
    (homes / "gu").mkdir()
    (homes / ".hidden").mkdir()
    os.symlink(homes / "ada", homes / "link-to-ada")
    (out / "ada").mkdir(parents=True)
    os.symlink(secret, out / "ada" / "04_assessment.ipynb")  # a link left in OUT
    collected, notes = collect(homes, out)
    assert collected == ["ada", "bo"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")) == [
        "ada/04_assessment.ipynb", "bo/04_assessment.ipynb"]
    assert not (out / "ada" / "04_assessment.ipynb").is_symlink()
    assert secret.read_text() == '{"the": "teacher\'s own file"}'
    assert (out / "ada" / "04_assessment.ipynb").read_bytes() == (homes / "ada" / NB).read_bytes()
    assert "teacher's own file" not in "".join(p.read_text() for p in out.rglob("*.ipynb"))
    said = dict(note.split(": ", 1) for note in notes)
    assert set(said) == {"cy", "di", "ed", "fi", "gu", "link-to-ada"}
    assert "cannot be opened as a plain file" in said["cy"]
    assert "symbolic link" in said["di"] and "symbolic link" in said["link-to-ada"]
    assert "not a regular file" in said["ed"] and "larger than" in said["fi"]
    assert said["gu"] == "no course/notebooks/04_assessment.ipynb"


def test_collect_from_the_command_line(tmp_path):
    submission(tmp_path / "home" / "ada" / "maths" / "notebooks" / "04_assessment.ipynb", "Ada")
    (tmp_path / "home" / "bo").mkdir()
    result = subprocess.run([sys.executable, "-m", "course", "collect", str(tmp_path / "home"),
                             str(tmp_path / "out"), "--repo", "maths"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"collected 1 notebook into {tmp_path / 'out'}",
                                          "skipped bo: no maths/notebooks/04_assessment.ipynb"]
    assert (tmp_path / "out" / "ada" / "04_assessment.ipynb").is_file()


def test_an_edition_s_notebook_saved_last_is_the_one_collected(tmp_path):
    """A student of the Dari edition answers in notebooks/fa/: the copy saved last counts; the
    untouched English copy beside it does not."""
    homes, out = tmp_path / "home", tmp_path / "collected"
    english = submission(homes / "zahra" / NB, "Zahra")
    dari = submission(homes / "zahra" / "course/notebooks/fa/04_assessment.ipynb", "Zahra (fa)")
    os.utime(english, (1_700_000_000, 1_700_000_000))
    os.utime(dari, (1_700_000_600, 1_700_000_600))
    assert collect(homes, out) == (["zahra"], [])
    assert "Zahra (fa)" in (out / "zahra" / "04_assessment.ipynb").read_text(encoding="utf-8")
    os.utime(english, (1_700_001_000, 1_700_001_000))  # the English one saved later
    collect(homes, out)
    assert "Zahra (fa)" not in (out / "zahra" / "04_assessment.ipynb").read_text(
        encoding="utf-8")
