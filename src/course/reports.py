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


def N_(message: str) -> str:
    """Mark a constant for the ``helpers`` catalog (``helpers.i18n.N_``)."""
    return message


def _(message: str, **values) -> str:
    """Words of a student's feedback page in the language the helpers speak now (the grader
    speaks the language of the notebook's edition: ``course.grade``)."""
    return helpers("i18n")._(message, **values)


VERDICT_WORDS = {True: N_("✓ right"), False: N_("✗ not quite"), None: N_("✎ not answered")}
SLIP_WORDS = N_("✗ slip")
STYLE = ("body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
         "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em;"
         "text-align:left;vertical-align:top}th{background:#eee}code{white-space:pre-wrap}")


def _page(title: str, body: list[str], lang: str = "lang='en'") -> str:
    return (f"<!doctype html>\n<html {lang}><head><meta charset='utf-8'>"
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
    results, i18n = helpers("results"), helpers("i18n")
    title = _("{name}: assessment feedback", name=student.display)
    score = sum(item.points for item in items)
    score = "<strong>" + esc(_("{right} of {total}", right=i18n.number(score),
                               total=i18n.number(len(items)))) + "</strong>"
    # Translators: {folder} and {score} are HTML ("<code>ada</code>", "<strong>3 of 12</strong>").
    lead = _("Folder: {folder}. Score: {score} checked items. Written answers are marked "
             "separately with the rubric.", folder=f"<code>{esc(student.folder)}</code>",
             score=score)
    body = [f"<h1>{esc(title)}</h1>", f"<p>{lead}</p>"]
    notes_h, items_h, summary_h, written_h = (esc(_(w)) for w in (
        N_("Notes from the grader"), N_("Items"), N_("Summary"), N_("Written answers")))
    english = "" if i18n.language() == "en" else " lang='en' dir='ltr'"
    if notes:  # the grader's notes on the run, for the teacher as well: in English
        body.append(f"<h2>{notes_h}</h2><ul{english}>" +
                    "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    headers = [_("item"), _("your answer"), _("verdict"), _("feedback"), _("points")]
    body.append(f"<h2>{items_h}</h2><table><tr>" +
                "".join(f"<th scope='col'>{esc(h)}</th>" for h in headers) + "</tr>")
    for item in items:
        verdict = _(SLIP_WORDS) if item.slip else _(VERDICT_WORDS[item.verdict])
        row = _("Item {n}", n=i18n.digits(str(item.number)))  # as the notebook's prompts
        # the answer as typed, in its own direction (Dari letters "ج ه ب" read right to left)
        body.append(f"<tr><th scope='row'>{esc(row)}</th>"
                    f"<td><code dir='auto'>{esc(shown_answer(item.answer) or item.typed)}</code>"
                    f"</td><td>{esc(verdict)}</td><td>{esc(item.message)}</td>"
                    f"<td>{i18n.digits(f'{item.points} / 1')}</td></tr>")
    lines = results.summary_lines("04", states(items))
    body.append(f"</table><h2>{summary_h}</h2>"
                f"<p><strong>{esc(lines[0])}</strong></p><ul>"
                + "".join(f"<li>{esc(line)}</li>" for line in lines[1:]) + "</ul>")
    body.append(f"<h2>{written_h}</h2>")
    nothing = "<em>" + esc(_("no answer")) + "</em>"
    for prompt, text in written:
        body.append(f"<h3>{esc(prompt)}</h3><p>{esc(text) or nothing}</p>")
    language = i18n.current()
    lang = f"lang='{language.tag}'" + (" dir='rtl'" if language.direction == "rtl" else "")
    return _page(title, body, lang)


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
