"""Grades for a school's gradebook: Canvas and Moodle import files, a roster, safe CSV cells.

**Spreadsheet-safe cells.** Every CSV the grader writes goes through :func:`write_csv`: a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (what Excel,
LibreOffice and Google Sheets read as the start of a formula) gets a ``'`` in front, so a name
cell such as ``=HYPERLINK(...)`` is shown as text and never run. Numbers stay numbers.

**Canvas** (``canvas_grades.csv``): the Gradebook's CSV import takes the columns ``Student``,
``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment headed by
the assignment's name (a new name makes a new assignment); Canvas matches each row to a student
by these identifiers, and a second row whose ``Student`` cell is ``Points Possible`` gives the
assignment's maximum (Instructure, "How do I import grades in the Gradebook?",
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807;
Ohio State's Canvas guide lists the same required columns:
https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades).

**Moodle** (``moodle_grades.csv``): "Import > CSV file" maps one column ("Map from") to a user
field ("Map to": user id, username, ID number or email address) and each other column to a grade
item or a new one; an empty cell or ``-`` is no grade, and a row whose user is not found stops
the whole import (Moodle's importer, ``grade/import/csv/classes/load_data.php``,
``map_user_data_with_value``; https://docs.moodle.org/en/Grade_import). So the Moodle file holds
only students the roster identifies (or, without a roster, the folders' names as usernames).

**Roster** (``--roster FILE``): the CSV a teacher exports from the gradebook, recognised by its
header: Canvas's export has ``Student``, ``ID``, ``SIS Login ID``; Moodle's ("Export > Plain text
file") has ``Email address`` and ``ID number`` (and ``Username`` where the site adds it). **The
matching rule:** a collected folder is a roster's student when the folder's name equals, ignoring
case and surrounding spaces, one of the row's identifiers: for Canvas the SIS Login ID, the SIS
User ID or the ID; for Moodle the Username, the ID number or the email address; or, for either,
the part of an email-like login or address before ``@`` (a hub username is often that part). A
folder that matches no row, or several, and a row that no folder matches, are reported, and only
one-to-one matches are exported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_KEYS = ("SIS Login ID", "SIS User ID", "ID")
MOODLE_KEYS = ("Username", "ID number", "Email address")


def safe(value):
    """A cell as a spreadsheet shows it, never as a formula (numbers unchanged).

    >>> safe("=HYPERLINK(\\"http://x\\")"), safe("-5 points"), safe("Ada"), safe(-5)
    ('\\'=HYPERLINK("http://x")', "'-5 points", 'Ada', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, rows: list[dict], columns: list[str], *,
              first_rows: list[dict] | None = None) -> None:
    """Write ``rows`` (dicts keyed by ``columns``) as UTF-8 CSV, every text cell made safe;
    ``first_rows`` go right under the header (e.g. Canvas's Points Possible row)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[safe(c) for c in columns])
        writer.writeheader()
        for row in [*(first_rows or []), *rows]:
            writer.writerow({safe(c): safe(row.get(c, "")) for c in columns})


# --- the roster ----------------------------------------------------------------------------------

@dataclass
class Roster:
    """A gradebook's students: which system (``canvas`` or ``moodle``), the header, the rows."""

    system: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)

    def keys(self, row: dict[str, str]) -> set[str]:
        """The identifiers a folder name may equal (case-folded), per the matching rule."""
        names = CANVAS_KEYS if self.system == "canvas" else MOODLE_KEYS
        found = set()
        for name in names:
            value = (row.get(name) or "").strip().casefold()
            if value:
                found.add(value)
                if "@" in value:
                    found.add(value.split("@", 1)[0])
        return found


def read_roster(path: Path) -> Roster:
    """A roster from a Canvas or Moodle export (which one, by its header).

    Raises:
        SystemExit: not a CSV with either header (the message names what was expected).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(f"the roster {path} cannot be read as UTF-8 text ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    if {"Student", "ID", "SIS Login ID"} <= set(columns):
        system = "canvas"
    elif {"Email address", "ID number"} <= set(columns) or "Username" in columns:
        system = "moodle"
    else:
        raise SystemExit(f"the roster {path} is neither a Canvas gradebook export (columns "
                         "Student, ID, SIS Login ID, ...) nor a Moodle grade export (columns "
                         f"Email address, ID number, ...); its header is {columns[:8]}")
    roster = Roster(system, columns)
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        student = row.get("Student", "")
        if system == "canvas" and (student == "Points Possible" or student == "Student, Test"
                                   or not any(row.get(k) for k in CANVAS_KEYS)):
            continue  # Canvas's points row and its test student
        roster.rows.append(row)
    return roster


def match(folders: list[str], roster: Roster) -> tuple[dict[str, dict], list[str]]:
    """Folder -> its roster row (one-to-one matches only), and the problems in words."""
    by_folder: dict[str, list[int]] = {}
    for folder in folders:
        key = folder.strip().casefold()
        by_folder[folder] = [i for i, row in enumerate(roster.rows) if key in roster.keys(row)]
    by_row: dict[int, list[str]] = {}
    for folder, rows in by_folder.items():
        for i in rows:
            by_row.setdefault(i, []).append(folder)
    matched, problems = {}, []
    for folder, rows in by_folder.items():
        if not rows:
            problems.append(f"folder {folder!r} matches no student of the {roster.system} roster:"
                            " left out of its import file")
        elif len(rows) > 1:
            problems.append(f"folder {folder!r} matches {len(rows)} students of the roster: left "
                            "out of its import file")
        elif len(by_row[rows[0]]) > 1:
            problems.append(f"folders {sorted(by_row[rows[0]])} match the same student of the "
                            "roster: left out of its import file")
        else:
            matched[folder] = roster.rows[rows[0]]
    for i, row in enumerate(roster.rows):
        if i not in by_row:
            who = row.get("Student") or " ".join(filter(None, (row.get("First name"),
                                                              row.get("Last name"))))
            ids = ", ".join(sorted(roster.keys(row)))
            problems.append(f"roster student {who or '(no name)'} ({ids}) has no collected "
                            "folder: no grade exported")
    return matched, problems


# --- the import files ---------------------------------------------------------------------------

def canvas_rows(grades: dict[str, tuple[str, int]], assignment: str, maximum: int,
                matched: dict[str, dict] | None) -> tuple[list[dict], list[dict]]:
    """Canvas import rows (and the Points Possible row) from folder -> (display name, points).

    With a roster, each matched folder gets its student's Canvas identifiers; without one, the
    folder's name is the SIS Login ID (a hub username is usually the school login).
    """
    rows = []
    for folder, (name, points) in sorted(grades.items()):
        if matched is None:
            rows.append({"Student": name, "ID": "", "SIS User ID": "", "SIS Login ID": folder,
                         "Section": "", assignment: points})
        elif folder in matched:
            row = matched[folder]
            rows.append({**{c: row.get(c, "") for c in CANVAS_COLUMNS}, assignment: points})
    points_row = {"Student": "Points Possible", "ID": "", "SIS User ID": "", "SIS Login ID": "",
                  "Section": "", assignment: maximum}
    return rows, [points_row]


def moodle_rows(grades: dict[str, tuple[str, int]], assignment: str,
                matched: dict[str, dict] | None) -> tuple[list[dict], list[str]]:
    """Moodle import rows and columns: the roster's identifying columns (or ``Username`` = the
    folder without a roster), then the grade."""
    if matched is None:
        return ([{"Username": folder, assignment: points}
                 for folder, (_, points) in sorted(grades.items())], ["Username", assignment])
    keys = [k for k in MOODLE_KEYS if any(row.get(k) for row in matched.values())]
    rows = [{**{k: matched[folder].get(k, "") for k in keys}, assignment: points}
            for folder, (_, points) in sorted(grades.items()) if folder in matched]
    return rows, [*keys, assignment]


def export(out: Path, grades: dict[str, tuple[str, int]], maximum: int, assignment: str,
           roster_path: Path | None) -> list[str]:
    """Write ``canvas_grades.csv`` and ``moodle_grades.csv`` into ``out``; the notes for the
    report (unmatched folders and roster students, how rows were identified)."""
    notes: list[str] = []
    matched = None
    if roster_path is not None:
        roster = read_roster(roster_path)
        matched, problems = match(sorted(grades), roster)
        notes.append(f"roster: a {roster.system} export with {len(roster.rows)} students; "
                     f"{len(matched)} of {len(grades)} folders matched")
        notes += problems
    else:
        notes.append("no roster given (--roster): the Canvas file identifies students by SIS "
                     "Login ID and the Moodle file by username, both the folder's name")
    rows, first = canvas_rows(grades, assignment, maximum, matched)
    write_csv(out / "canvas_grades.csv", rows, [*CANVAS_COLUMNS, assignment], first_rows=first)
    rows, columns = moodle_rows(grades, assignment, matched)
    write_csv(out / "moodle_grades.csv", rows, columns)
    return notes
