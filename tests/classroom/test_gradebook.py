"""Exports a gradebook reads: Canvas's and Moodle's import files, read back as each system's
documentation describes them (``course.gradebook`` cites the pages), a roster from either
system matched to the collected folders, and cells a spreadsheet never runs as formulas."""

from __future__ import annotations

import csv

import pytest

from course.gradebook import (
    CANVAS_COLUMNS,
    FORMULA_STARTS,
    export,
    match,
    read_roster,
    safe,
    write_csv,
)

GRADES = {"alice": ("Alice Martin", 20), "bob": ("Bob", 7), "c123": ("Chen", 13),
          "zed": ("=HYPERLINK(\"http://example.org\",\"x\")", 0)}
ASSIGNMENT = "Assessment 04 (checked items)"


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def canvas_roster(path):
    """A roster as Canvas's "Export Entire Gradebook" writes it (points row, test student)."""
    path.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Essay (101),Current Score\n"
        "    Points Possible,,,,,10,(read only)\n"
        "\"Martin, Alice\",1001,S-1,alice,Class 11A,8,80\n"
        "\"Brown, Bob\",1002,S-2,bob@school.example,Class 11A,,\n"
        "\"Chen, Li\",1003,c123,lchen,Class 11B,9,90\n"
        "\"Dora, Ada\",1004,S-4,dora,Class 11B,7,70\n"
        "\"Student, Test\",1099,,,Class 11A,,\n", encoding="utf-8")
    return path


def moodle_roster(path):
    """A roster as Moodle's grade export (plain text file) writes it."""
    path.write_text(
        "First name,Last name,ID number,Institution,Department,Email address,"
        "Assignment: Essay (Real),Last downloaded from this course\n"
        "Alice,Martin,A-1,School,,alice@school.example,8.00,1700000000\n"
        "Bob,Brown,B-2,School,,bob@school.example,-,1700000000\n"
        "Li,Chen,c123,School,,li.chen@school.example,9.00,1700000000\n"
        "Ada,Dora,D-4,School,,dora@school.example,7.00,1700000000\n", encoding="utf-8")
    return path


def test_safe_neutralises_every_formula_start_and_keeps_numbers():
    for start in FORMULA_STARTS:
        assert safe(start + "1+1") == "'" + start + "1+1"
    assert safe("Ada Lovelace") == "Ada Lovelace" and safe(-3) == -3 and safe(2.5) == 2.5


def test_write_csv_makes_every_text_cell_safe(tmp_path):
    write_csv(tmp_path / "x.csv", [{"name": "=1+1", "n": -1, "@k": "+x"}], ["name", "n", "@k"])
    assert rows(tmp_path / "x.csv") == [["name", "n", "'@k"], ["'=1+1", "-1", "'+x"]]


def test_canvas_file_without_a_roster(tmp_path):
    export(tmp_path, GRADES, 23, ASSIGNMENT, None)
    header, points, *students = rows(tmp_path / "canvas_grades.csv")
    assert header == [*CANVAS_COLUMNS, ASSIGNMENT]  # Student, ID, SIS User ID, SIS Login ID...
    assert points[0] == "Points Possible" and points[-1] == "23"
    assert {r[3]: int(r[-1]) for r in students} == {f: g for f, (_, g) in GRADES.items()}
    assert ["'=HYPERLINK(\"http://example.org\",\"x\")", "", "", "zed", "", "0"] in students


def test_canvas_file_from_a_canvas_roster(tmp_path):
    roster = read_roster(canvas_roster(tmp_path / "roster.csv"))
    assert roster.system == "canvas" and len(roster.rows) == 4  # no points row, no test student
    notes = export(tmp_path, GRADES, 23, ASSIGNMENT, tmp_path / "roster.csv")
    header, points, *students = rows(tmp_path / "canvas_grades.csv")
    assert header == [*CANVAS_COLUMNS, ASSIGNMENT] and points[-1] == "23"
    assert students == [["Martin, Alice", "1001", "S-1", "alice", "Class 11A", "20"],
                        ["Brown, Bob", "1002", "S-2", "bob@school.example", "Class 11A", "7"],
                        ["Chen, Li", "1003", "c123", "lchen", "Class 11B", "13"]]
    assert any("folder 'zed' matches no student" in n for n in notes)
    assert any("Dora, Ada" in n and "no collected folder" in n for n in notes)


def test_moodle_file_from_a_moodle_roster(tmp_path):
    roster = read_roster(moodle_roster(tmp_path / "roster.csv"))
    assert roster.system == "moodle"
    notes = export(tmp_path, GRADES, 23, ASSIGNMENT, tmp_path / "roster.csv")
    header, *students = rows(tmp_path / "moodle_grades.csv")
    # one column Moodle maps users by (ID number or email address), then the grade column
    assert header == ["ID number", "Email address", ASSIGNMENT]
    assert students == [["A-1", "alice@school.example", "20"],
                        ["B-2", "bob@school.example", "7"],
                        ["c123", "li.chen@school.example", "13"]]
    known = {r["Email address"] for r in roster.rows}
    assert all(s[1] in known for s in students)  # Moodle stops an import at an unknown user
    assert all(float(s[-1]) >= 0 for s in students)
    assert any("folder 'zed' matches no student" in n for n in notes)


def test_moodle_file_without_a_roster_uses_usernames(tmp_path):
    export(tmp_path, GRADES, 23, ASSIGNMENT, None)
    header, *students = rows(tmp_path / "moodle_grades.csv")
    assert header == ["Username", ASSIGNMENT]
    assert sorted(s[0] for s in students) == sorted(GRADES)


def test_ambiguous_matches_are_reported_not_exported(tmp_path):
    roster = read_roster(canvas_roster(tmp_path / "roster.csv"))
    roster.rows.append({**roster.rows[0], "Student": "Martin, Alice (2)", "ID": "2001"})
    matched, problems = match(["alice", "bob"], roster)
    assert list(matched) == ["bob"]
    assert any("folder 'alice' matches 2 students" in p for p in problems)


def test_a_roster_from_elsewhere_is_refused(tmp_path):
    (tmp_path / "r.csv").write_text("name,mark\nAda,3\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="neither a Canvas gradebook export"):
        read_roster(tmp_path / "r.csv")
