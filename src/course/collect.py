"""Gather a class's notebook 04 from a hub's home folders: ``python -m course collect HOMES OUT``.

On a JupyterHub each student's copy of the course sits in their home folder
(``HOMES/<user>/<repo>/notebooks/04_assessment.ipynb``, ``<repo>`` being the folder the
nbgitpuller link made, ``--repo``). ``collect`` copies each one to
``OUT/<user>/04_assessment.ipynb``: one folder per student, named after the hub user, the layout
``python -m course grade`` reads (``course.submissions``).

A home folder belongs to its student, so nothing in it is trusted: every step from HOMES down
is opened without following symbolic links (a link placed in a home cannot make the teacher's
copy read a file outside it), only a regular file of at most
``course.submissions.MAX_BYTES`` is copied (its bytes, never a link), and a home without the
notebook, or one that cannot be read, is skipped and listed. Collecting again replaces each
student's copy with the current one.

A student of the Russian or Dari edition works in ``notebooks/ru/`` or ``notebooks/fa/`` (the
student edition carries all three): of the copies of notebook 04 a home holds, the one saved
last is collected, and the grader reads its edition from its metadata (``course.grade``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .submissions import MAX_BYTES, NOTEBOOK_NAME

EDITION_FOLDERS = ((), ("ru",), ("fa",))  # notebooks/, then the editions' folders in it


class Skipped(Exception):
    """A home's notebook was not collected; the message says why."""


def _read_inside(homes: int, parts: list[str]) -> tuple[bytes, float]:
    """The bytes and modification time of ``homes/parts...``, opened one step at a time with
    no symbolic link followed; Skipped (saying why) for anything else."""
    fds = []
    try:
        folder = homes
        for part in parts[:-1]:
            try:
                folder = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                                 dir_fd=folder)
            except FileNotFoundError:
                raise Skipped(f"no {'/'.join(parts[1:])}") from None
            except PermissionError:
                raise Skipped(f"{part} cannot be read (permission denied)") from None
            except OSError:  # ELOOP or ENOTDIR: a symbolic link, or a file
                raise Skipped(f"{part} is a symbolic link or not a folder: not followed") from None
            fds.append(folder)
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
        except FileNotFoundError:
            raise Skipped(f"no {'/'.join(parts[1:])}") from None
        except OSError as exc:  # ELOOP: a symbolic link; EACCES; ...
            raise Skipped(f"{'/'.join(parts[1:])} cannot be opened as a plain file "
                          f"({exc.strerror})") from None
        fds.append(fd)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Skipped(f"{'/'.join(parts[1:])} is not a regular file")
        if info.st_size > MAX_BYTES:
            raise Skipped(f"{'/'.join(parts[1:])} is larger than {MAX_BYTES // 2**20} MB")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise Skipped(f"{'/'.join(parts[1:])} is larger than {MAX_BYTES // 2**20} MB")
        return data, info.st_mtime
    finally:
        for fd in fds:
            os.close(fd)


def collect(homes: Path, out: Path, repo: str = "course") -> tuple[list[str], list[str]]:
    """Copy each user's notebook 04 into ``out/<user>/``; (users collected, notes on the rest).

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "homes/ada/course/notebooks").mkdir(parents=True)
    >>> _ = (top / "homes/ada/course/notebooks/04_assessment.ipynb").write_text("{}")
    >>> (top / "homes/bob").mkdir()
    >>> collect(top / "homes", top / "out")
    (['ada'], ['bob: no course/notebooks/04_assessment.ipynb'])
    """
    if not homes.is_dir():
        raise SystemExit(f"{homes} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    collected, notes = [], []
    top = os.open(homes, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for user in sorted(os.listdir(top)):
            if user.startswith("."):
                continue
            copies, reasons = [], []
            for folder in EDITION_FOLDERS:
                try:
                    copies.append(_read_inside(top, [user, repo, "notebooks", *folder,
                                                     NOTEBOOK_NAME]))
                except Skipped as why:
                    reasons.append(str(why))
            if not copies:
                notes.append(f"{user}: {reasons[0]}")
                continue
            data, mtime = max(copies, key=lambda found: found[1])  # the one saved last
            folder = out / user
            folder.mkdir(exist_ok=True)
            target = folder / NOTEBOOK_NAME
            target.unlink(missing_ok=True)  # never write through a link left in OUT
            target.write_bytes(data)
            os.utime(target, (mtime, mtime))
            collected.append(user)
    finally:
        os.close(top)
    return collected, notes


def main(homes: Path, out: Path, repo: str) -> int:
    """``python -m course collect HOMES OUT [--repo NAME]``: copy, then list what was skipped."""
    collected, notes = collect(homes, out, repo)
    print(f"collected {len(collected)} notebook{'' if len(collected) == 1 else 's'} into {out}")
    for note in notes:
        print(f"skipped {note}")
    return 0
