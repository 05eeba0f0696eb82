"""What the grader writes for the teacher and each student: pages, CSVs, the class summary.

Every name and answer a student wrote is escaped in HTML and made spreadsheet-safe in CSV
(``course.gradebook.write_csv``). Items are numbered as the notebook numbers them ("Item 9");
objectives carry their names (``helpers.prompts``); each student's summary is the notebook's own
(``helpers.results.summary_lines``), given the grader's verdicts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from .gradebook import write_csv
from .judge import NOTHING, Item, shown_answer
from .paths import helpers

VERDICT_WORDS = {True: "\u2713 right", False: "\u2717 not quite", None: "\u270e not answered"}
STYLE = ("body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
         "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em;"
         "text-align:left;vertical-align:top}th{background:#eee}code{white-space:pre-wrap}")


def _page(title: str, body: list[str]) -> str:
    return ("<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def objective_label(objective: str) -> str:
    """An objective's id with its name, as the reports show it.

    >>> objective_label("O0.3")
    "O0.3 (state the series' guiding question and name its three eras)"
    """
    name = helpers("prompts").objective_name(objective)
    return f"{objective} ({name})" if name else objective


def feedback_page(student, items: list[Item], notes: list[str],
                  written: list[tuple[str, str]]) -> str:
    """One student's page: score, notes, every item (answer, verdict, the notebook's message),
    the summary per objective, and the written answers."""
    esc = html.escape
    results = helpers("results")
    title = f"{student.display}: assessment feedback"
    score = sum(item.points for item in items)
    body = [f"<h1>{esc(title)}</h1>",
            f"<p>Folder: <code>{esc(student.folder)}</code>. Score: <strong>{score} of "
            f"{len(items)}</strong> checked items. Written answers are marked separately with "
            "the rubric.</p>"]
    if notes:
        body.append("<h2>Notes from the grader</h2><ul>" +
                    "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    body.append("<h2>Items</h2><table><tr><th scope='col'>item</th><th scope='col'>your answer"
                "</th><th scope='col'>verdict</th><th scope='col'>feedback</th>"
                "<th scope='col'>points</th></tr>")
    for item in items:
        verdict = "\u2717 slip" if item.slip else VERDICT_WORDS[item.verdict]
        body.append(f"<tr><th scope='row'>Item {item.number}</th>"
                    f"<td><code>{esc(shown_answer(item.answer) or item.typed)}</code></td>"
                    f"<td>{esc(verdict)}</td><td>{esc(item.message)}</td>"
                    f"<td>{item.points} / 1</td></tr>")
    lines = results.summary_lines("04", states(items))
    body.append("</table><h2>Summary</h2>"
                f"<p><strong>{esc(lines[0])}</strong></p><ul>"
                + "".join(f"<li>{esc(line)}</li>" for line in lines[1:]) + "</ul>")
    body.append("<h2>Written answers</h2>")
    for prompt, text in written:
        body.append(f"<h3>{esc(prompt)}</h3><p>{esc(text) or '<em>no answer</em>'}</p>")
    return _page(title, body)


def states(items: list[Item]) -> dict[str, str]:
    """Each item's state for the notebook's summary (``helpers.results.STATES``), from the
    grader's verdicts, in the notebook's order: an item with no answer is "unanswered" (the run
    went through every cell)."""
    found = {}
    for item in items:
        if item.verdict is not None:
            found[item.id] = "right" if item.verdict else "wrong"
        elif item.slip:
            found[item.id] = "slipped"
        elif item.answer is NOTHING or item.answer is ...:
            found[item.id] = "unanswered"
        else:
            found[item.id] = "unreadable"
    return found


def objective_summary(grades: list[dict]) -> list[dict]:
    """Points and share per objective over the class, weakest first, with each name."""
    totals: dict[str, list[int]] = {}
    for row in grades:
        for objective in row["objectives"].split():
            got, best = totals.setdefault(objective, [0, 0])
            totals[objective] = [got + row["points"], best + row["max_points"]]
    name = helpers("prompts").objective_name
    rows = [{"objective": o, "name": name(o), "points": p, "max_points": m,
             "percent": round(100 * p / m, 1) if m else 0.0} for o, (p, m) in totals.items()]
    return sorted(rows, key=lambda r: (r["percent"], r["objective"]))


def summary_figure(summary: list[dict], students: int, out: Path) -> str:
    """Bar chart of the class's share of points per objective; returns its alt text."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r["objective"] for r in summary]
    values = [r["percent"] for r in summary]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(labels) + 1.5))
    ax.barh(labels, values, color="#4c72b0")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of points earned by the class (%)")
    plural = "s" if students != 1 else ""
    ax.set_title(f"Where the class is weak: points per objective ({students} student{plural})")
    fig.tight_layout()
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    if not summary:
        return "No objective was graded."
    weakest, strongest = summary[0], summary[-1]
    return (f"Bar chart of the share of points the class earned per objective, {students} "
            f"student{plural}: weakest {objective_label(weakest['objective'])} "
            f"({weakest['percent']} %), strongest {objective_label(strongest['objective'])} "
            f"({strongest['percent']} %).")


def class_summary(out: Path, grades: list[dict], students: int) -> None:
    """objective_summary.csv, .png, its alt text and the page that shows it."""
    summary = objective_summary(grades)
    write_csv(out / "objective_summary.csv", summary,
              ["objective", "name", "points", "max_points", "percent"])
    alt = summary_figure(summary, students, out / "objective_summary.png")
    (out / "objective_summary_alt.txt").write_text(alt + "\n", encoding="utf-8")
    rows = "".join(f"<tr><td>{html.escape(objective_label(r['objective']))}</td>"
                   f"<td>{r['points']} / {r['max_points']}</td><td>{r['percent']} %</td></tr>"
                   for r in summary)
    (out / "objective_summary.html").write_text(_page("Class summary", [
        "<h1>Class summary per objective</h1>",
        f"<img src='objective_summary.png' alt='{html.escape(alt, quote=True)}'>",
        "<table><tr><th scope='col'>objective</th><th scope='col'>points</th>"
        f"<th scope='col'>share</th></tr>{rows}</table>"]), encoding="utf-8")


def grade_rows(student, items: list[Item]) -> list[dict]:
    """The rows of grades.csv for one student: one per item."""
    return [{"student": student.folder, "name": student.display, "item": item.number,
             "exercise": item.id, "objectives": " ".join(item.objectives),
             "points": item.points, "max_points": 1} for item in items]


GRADE_COLUMNS = ["student", "name", "item", "exercise", "objectives", "points", "max_points"]


def item_notes(items: list[Item], problems: Mapping[str, str]) -> list[str]:
    """The report's lines for one student's items: cell problems, by item number."""
    by_id = {item.id: item for item in items}
    return [f"Item {by_id[qid].number} ({qid}): {text}" for qid, text in problems.items()
            if qid in by_id]
