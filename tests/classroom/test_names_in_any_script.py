"""A class of the Russian and Dari editions: names in Cyrillic or Arabic script are names.

The grader compares name cells to tell when two notebooks claim the same student
(course.submissions.claims). It compared them as ASCII slugs, so every Cyrillic or Dari name was
the same empty name and a class of two such students was told to "check with both students".
"""

from __future__ import annotations

from course.submissions import Student, claims


def _claims(*pairs: tuple[str, str]) -> dict[str, list[str]]:
    students = [Student(folder=folder, notebook=object(), display=name) for folder, name in pairs]
    claims(students)
    return {s.folder: s.notes for s in students}


def test_different_names_in_cyrillic_and_dari_are_different_students():
    notes = _claims(("ivan_petrov", "Иван Петров"), ("oleg", "Олег Смирнов"),
                    ("zahra_ahmadi", "زهرا احمدی"), ("maryam", "مریم رحیمی"))
    assert notes == {"ivan_petrov": [], "oleg": [], "zahra_ahmadi": [], "maryam": []}


def test_the_same_name_in_cyrillic_or_dari_is_still_reported():
    notes = _claims(("a", "Иван Петров"), ("b", "иван петров"),
                    ("c", "زهرا احمدی"), ("d", "زهرا احمدي"))  # Arabic yeh, as some keyboards type
    assert all(len(n) == 1 and "check with both students" in n[0] for n in notes.values()), notes
    assert "'b'" in notes["a"][0] and "'d'" in notes["c"][0]
