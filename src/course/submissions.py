"""A class's submissions as collected: one folder per student, and who each student is.

The layout is nbgrader's ``submitted/<student>/``: ``SUBMISSIONS/<student>/04_assessment.ipynb``
(``python -m course collect`` makes it from a hub's home folders). **The folder is the student**:
its name is the identity the grades, the feedback page and the gradebook exports use. The name
cell of the notebook (``student_name = "..."``, tagged ``student-name``) is only the name shown;
a file cannot claim to be someone else's work by what it says.

Rules, each reported in words, never silently:

- a file at the top level (not in a student's folder) is not graded;
- a folder with one notebook: that notebook is graded; with several, the one named
  ``04_assessment.ipynb`` (directly in the folder) is graded and the others are listed; with
  several and none of that name, none is graded (the teacher decides which counts);
- symbolic links, hidden files (``.ipynb_checkpoints``) and files larger than
  :data:`MAX_BYTES` are skipped;
- a name cell that gives another folder's name, or the name another student's cell gives, is
  reported for each student concerned; each is graded as their own folder;
- two folder names that make the same file name for a page (``Ada Lovelace`` and
  ``Ada-Lovelace``) each get their own page, the name followed by a short code.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOK_NAME = "04_assessment.ipynb"
NAME_TAG = "student-name"
MAX_BYTES = 20 * 2**20  # a notebook 04 with outputs is well under 1 MB


@dataclass
class Student:
    """One student's folder: its name (the identity), the notebook graded (or None), the
    notebook itself once read, the name shown, the page's file name, and what was noticed."""

    folder: str
    path: Path | None = None
    notebook: object = None
    display: str = ""
    page: str = ""
    notes: list[str] = field(default_factory=list)


def slug(name: str) -> str:
    """A file name made from a name.

    >>> slug("Zoë O'Brien"), slug("=HYPERLINK(1)"), slug("..")
    ('zoe-o-brien', 'hyperlink-1', 'student')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "student"


# Arabic letters that Persian keyboards type in their Persian forms (the same name either way)
_PERSIAN_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})


def same_name(name: str) -> str:
    """The form in which two names count as the same person's: case, accents, spaces and
    punctuation ignored, in any script (a Cyrillic or a Dari name is itself, not an empty
    slug that every such name would share); Arabic ي and ك read as Persian ی and ک.

    >>> same_name(" Ada  LOVELACE") == same_name("ada-lovelace") == same_name("Ada_Lovelace")
    True
    >>> same_name("Иван Петров") == same_name("иван_петров"), same_name("Иван") == same_name("Олег")
    (True, False)
    >>> same_name("زهرا احمدی") == same_name("زهرا احمدي"), same_name("زهرا") == same_name("مریم")
    (True, False)
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("_", " ").translate(_PERSIAN_FORMS))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "-", letters).strip("-") or name.strip()


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def class_folders(submissions: Path) -> tuple[list[Student], list[str]]:
    """The students of a collected class, sorted by folder, and the notes about files that
    belong to no student.

    Each student has ``path`` set to the notebook to grade, or None with a note saying why.
    """
    students, loose = [], []
    for entry in sorted(submissions.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            loose.append(f"{entry.name}: a symbolic link, not followed: not graded")
        elif entry.is_dir():
            students.append(_student(entry, submissions))
        else:
            loose.append(f"{entry.name}: a file outside any student's folder: not graded (put "
                         "each student's notebook in a folder named after the student)")
    pages(students)
    return students, loose


def _student(folder: Path, top: Path) -> Student:
    student = Student(folder.name)
    notebooks = []
    for path in sorted(folder.rglob("*")):
        if _hidden(path, top) or path.is_dir():
            continue
        shown = path.relative_to(folder).as_posix()
        if path.is_symlink() or not path.is_file():
            student.notes.append(f"{shown}: a symbolic link or special file: skipped")
        elif path.suffix != ".ipynb":
            student.notes.append(f"{shown}: not a notebook (.ipynb): ignored")
        elif path.stat().st_size > MAX_BYTES:
            student.notes.append(f"{shown}: larger than {MAX_BYTES // 2**20} MB: not graded")
        else:
            notebooks.append(path)
    named = folder / NOTEBOOK_NAME
    if len(notebooks) == 1:
        student.path = notebooks[0]
    elif named in notebooks:
        student.path = named
        others = ", ".join(p.relative_to(folder).as_posix() for p in notebooks if p != named)
        student.notes.append(f"several notebooks: {NOTEBOOK_NAME} is graded; not graded: "
                             f"{others}")
    elif notebooks:
        listed = ", ".join(p.relative_to(folder).as_posix() for p in notebooks)
        student.notes.append(f"several notebooks and none is named {NOTEBOOK_NAME}: none is "
                             f"graded ({listed}); keep or rename the one that counts")
    else:
        student.notes.append("no notebook in this folder: nothing to grade")
    return student


def read_notebook(path: Path):
    """The notebook at ``path`` (nbformat node), or a sentence saying why it cannot be graded."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except UnicodeDecodeError:
        return "not a text file: not graded"
    except json.JSONDecodeError as exc:
        return f"broken JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}): not graded"
    except RecursionError:
        return "JSON nested too deeply: not graded"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several kinds for non-notebooks
        return f"JSON but not a valid notebook ({type(exc).__name__}): not graded"
    return nb


def name_in_cell(nb) -> str:
    """The ``student_name = "..."`` of the cell tagged ``student-name`` ("" if none usable).

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell('student_name = " Ada  Lovelace "')
    >>> cell.metadata["tags"] = ["student-name"]
    >>> name_in_cell(nbformat.v4.new_notebook(cells=[cell]))
    'Ada Lovelace'
    """
    for cell in nb.cells:
        if NAME_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            return ""
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and getattr(node.targets[0], "id", None) == "student_name"
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                name = " ".join(node.value.value.split())[:100]
                return "" if name in ("", "...") else name
    return ""


def read_all(students: list[Student]) -> None:
    """Read each student's notebook and name; note what is wrong, then who claims whom."""
    for student in students:
        if student.path is None:
            student.display = student.folder
            continue
        nb = read_notebook(student.path)
        shown = student.path.name
        if isinstance(nb, str):
            student.notes.append(f"{shown}: {nb}")
            student.path, student.display = None, student.folder
            continue
        student.notebook = nb
        student.display = name_in_cell(nb)
        if not student.display:
            student.display = student.folder
            student.notes.append(f"no name in the name cell (tagged '{NAME_TAG}'): shown as "
                                 f"the folder's name, {student.folder!r}")
    claims(students)


def claims(students: list[Student]) -> None:
    """Report each name cell that gives another folder's name or another student's name."""
    folders: dict[str, list[Student]] = {}
    for student in students:
        folders.setdefault(same_name(student.folder), []).append(student)
    written: dict[str, list[Student]] = {}
    for student in students:
        if student.notebook is not None and student.display != student.folder:
            written.setdefault(same_name(student.display), []).append(student)
    for key, group in written.items():
        for student in group:
            owners = [s for s in folders.get(key, []) if s is not student]
            for owner in owners:
                student.notes.append(
                    f"the name cell says {student.display!r}, the name of the student in folder "
                    f"{owner.folder!r}: graded as the student of folder {student.folder!r}, "
                    "whose work this is; check with both students")
                owner.notes.append(
                    f"the notebook in folder {student.folder!r} gives this student's name "
                    f"({student.display!r}) in its name cell; this student's own work is "
                    "graded here, unchanged")
            for other in group:
                if other is not student and not owners:
                    student.notes.append(
                        f"the name cell says {student.display!r}, as the one in folder "
                        f"{other.folder!r} does: each folder is graded as its own student; "
                        "check with both students")


def pages(students: list[Student]) -> None:
    """Give each student a page file name: the folder's slug, and where two folders share
    one, a short code from the folder's exact name after it (each is noted)."""
    by_slug: dict[str, list[Student]] = {}
    for student in students:
        by_slug.setdefault(slug(student.folder), []).append(student)
    for name, group in by_slug.items():
        for student in group:
            if len(group) == 1:
                student.page = f"{name}.html"
                continue
            code = hashlib.sha256(student.folder.encode()).hexdigest()[:6]
            student.page = f"{name}-{code}.html"
            others = ", ".join(repr(s.folder) for s in group if s is not student)
            student.notes.append(f"the folder name makes the same page name as {others}: this "
                                 f"student's page is feedback/{student.page}")
