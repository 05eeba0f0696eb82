"""Sphinx extension of the course website: launch links on every page and accessible markup.

Loaded by Jupyter Book (``course.site`` names it in the staged configuration). On every HTML page it

* writes a "Work with this notebook" box with plain links (JupyterHub through nbgitpuller, Binder)
  built from site/launch.yml, the one place they are configured (notebook pages link to their own
  notebook, other pages to the start notebook); while that file holds placeholders (a build
  with ``--allow-placeholders``), a banner saying the links are not set up instead;
* repairs table markup that pandas writes and axe-core reports: an empty ``<th>`` (the unnamed
  index header, and the blank cells of an index-name row) becomes an empty ``<td>``, which
  screen readers do not announce as a header with no name (axe rule ``empty-table-header``);
* adds, after each figure's image, a print-only paragraph that shows the image's alt text (the
  handouts print the description a screen-reader user hears; on screen it is not shown, and it
  is ``aria-hidden`` so it is never read twice).
"""

from __future__ import annotations

import html
import re

from .launch import CONFIG, binder_url, load_config, nbgitpuller_url, placeholders

EMPTY_TH = re.compile(r"<th(\s[^>]*)?>\s*</th>")
# A written answer's Markdown cell: "*Your answer (double-click this cell to write):*" and the like
WRITTEN_ANSWER = re.compile(r"<p><em>(Your answer[^<]*?)\s*\(double-click[^<)]*\):?</em></p>")
FIGURE_IMG = re.compile(r'(<figure[^>]*>\s*<img\b[^>]*?\balt="([^"]*)"[^>]*>)')
DATAFRAME_DIV = re.compile(r'<table( border="1")? class="dataframe')


def fix_tables(body: str) -> str:
    """Empty header cells become data cells.

    >>> fix_tables('<tr><th></th><th>year</th><th style="x"> </th></tr>')
    '<tr><td></td><th>year</th><td style="x"></td></tr>'
    """
    return EMPTY_TH.sub(lambda m: f"<td{m.group(1) or ''}></td>", body)


def add_figure_descriptions(body: str) -> str:
    """A print-only copy of each figure's alt text, right after the image.

    >>> out = add_figure_descriptions('<figure><img src="a.png" alt="A &amp; B"/><figcaption>')
    >>> out.split("/>")[1]
    '<p class="print-description" aria-hidden="true">Description: A &amp; B</p><figcaption>'
    """
    return FIGURE_IMG.sub(
        lambda m: f'{m.group(1)}<p class="print-description" aria-hidden="true">'
                  f"Description: {m.group(2)}</p>", body)


def mark_written_answers(body: str) -> str:
    """A written answer's cell becomes a box to write in on paper (on screen it reads as before).

    >>> out = mark_written_answers("<p><em>Your answer (double-click to write here):</em></p>")
    >>> out.replace('<span class="screen-only">', "[").replace("</span>", "]")
    '<p class="written-answer"><em>Your answer[ (double-click to write here)]:</em></p>'
    """
    def repl(m):
        text = m.group(0)
        hint = text[text.index(" (double-click"):text.rindex(")") + 1]
        return (f'<p class="written-answer"><em>{m.group(1)}<span class="screen-only">{hint}'
                "</span>:</em></p>")
    return WRITTEN_ANSWER.sub(repl, body)


def launch_box(cfg: dict, notebook: str | None) -> str:
    """The HTML box of launch links for a page (``notebook`` repo-relative, or None)."""
    target = notebook or "notebooks/00_start_here.ipynb"
    what = "this notebook" if notebook else "the series"
    hub = html.escape(nbgitpuller_url(cfg, target), quote=True)
    binder = html.escape(binder_url(cfg, target), quote=True)
    return (
        '<nav class="course-launch" aria-label="Open in Jupyter">'
        f"<p><strong>Work with {what}:</strong> "
        f'<a href="{hub}">open it on your school\'s JupyterHub</a> (your answers are kept in your '
        f'own copy) or <a href="{binder}">open it on Binder</a> (a temporary session: download '
        "your notebook before you leave).</p></nav>")


UNCONFIGURED = (
    '<nav class="course-launch course-launch-missing" aria-label="Open in Jupyter">'
    "<p><strong>Links to open these notebooks in Jupyter are not set up on this copy of the "
    "website.</strong> Ask your teacher for the link to your school's JupyterHub or to Binder. "
    "(Teachers: fill in <code>site/launch.yml</code> and build the site again.)</p></nav>")


def _page_context(app, pagename, templatename, context, doctree):
    if "body" not in context:
        return
    cfg = app.config.course_launch or load_config(CONFIG)
    notebook = f"{pagename}.ipynb" if pagename.startswith("notebooks/") else None
    body = mark_written_answers(add_figure_descriptions(fix_tables(context["body"])))
    box = UNCONFIGURED if placeholders(cfg) else launch_box(cfg, notebook)
    context["body"] = box + body


def setup(app):
    from pygments.lexers.special import TextLexer

    # the teacher's guide writes its answer key in ```answer blocks: shown as plain text
    app.add_lexer("answer", TextLexer)
    app.add_config_value("course_launch", None, "html")
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
