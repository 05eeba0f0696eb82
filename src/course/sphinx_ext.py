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
  is ``aria-hidden`` so it is never read twice);
* on a site with language editions (``course_editions``), links each notebook page to the same
  notebook in the other editions, each link named in its own language;
* on an edition's site (``course_edition``), says all of its own words in the edition's language
  (the ``helpers`` catalogs, as the helpers do): the launch box, the figures' "Description:", the
  landmarks' names, and the labels the print stylesheet writes over the boxes to write in.

The written answers' boxes are made when the site is staged, from the exercise marks
(``course.handouts.written_boxes``), not here.
"""

from __future__ import annotations

import html
import re

from .launch import CONFIG, binder_url, load_config, nbgitpuller_url, placeholders
from .paths import helpers


def N_(message: str) -> str:
    """A message marked for the catalogs (``xgettext --keyword=N_``), translated where shown."""
    return message


# Translators: printed under a figure in the handouts; {description} is the figure's alt text.
DESCRIPTION = N_("Description: {description}")
# Translators: the name of the box of links that open a notebook in JupyterLab (for screen readers).
LAUNCH_LANDMARK = N_("Open in Jupyter")
# Translators: the name of the links to the same notebook in the other languages (screen readers).
EDITIONS_LANDMARK = N_("Editions")
# The labels the print stylesheet writes over the boxes of a handout (site/_static/course.css),
# as CSS custom properties: {property: message}
PRINT_LABELS = {
    # Translators: printed over the box under an exercise, where a student writes the answer.
    "--course-answer-label": N_("Your answer:"),
    # Translators: printed over the line where a student writes their name (the assessment).
    "--course-name-label": N_("Your name:"),
}
EMPTY_TH = re.compile(r"<th(\s[^>]*)?>\s*</th>")
FIGURE_IMG = re.compile(r'(<figure[^>]*>\s*<img\b[^>]*?\balt="([^"]*)"[^>]*>)')
DATAFRAME_DIV = re.compile(r'<table( border="1")? class="dataframe')


def _(message: str, **values) -> str:
    """The site's words in the language the helpers speak (set per page by
    :func:`_page_context`)."""
    return helpers("i18n")._(message, **values)


def _html(message: str, **markup) -> str:
    """``message`` translated and escaped for HTML, its placeholders filled with ``markup``
    (HTML already).

    >>> _html("{link} & more", link='<a href="x">here</a>')
    '<a href="x">here</a> &amp; more'
    """
    return html.escape(helpers("i18n").translate("helpers", message), quote=False).format(**markup)


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
                  + _html(DESCRIPTION, description=m.group(2)) + "</p>", body)


def launch_box(cfg: dict, notebook: str | None) -> str:
    """The HTML box of launch links for a page (``notebook`` repo-relative, or None), in the
    language the helpers speak."""
    target = notebook or "notebooks/00_start_here.ipynb"
    hub = html.escape(nbgitpuller_url(cfg, target), quote=True)
    binder = html.escape(binder_url(cfg, target), quote=True)
    what = _html(N_("Work with this notebook:") if notebook else N_("Work with the series:"))
    hub_words = _html(N_("open it on your school's JupyterHub"))
    binder_words = _html(N_("open it on Binder"))
    # Translators: {hub} and {binder} are links; their words are "open it on your school's
    # JupyterHub" and "open it on Binder".
    links = _html(N_("{hub} (your answers are kept in your own copy) or {binder} (a temporary "
                     "session: download your notebook before you leave)."),
                  hub=f'<a href="{hub}">{hub_words}</a>',
                  binder=f'<a href="{binder}">{binder_words}</a>')
    return (f'<nav class="course-launch" aria-label="{html.escape(_(LAUNCH_LANDMARK))}">'
            f"<p><strong>{what}</strong> {links}</p></nav>")


def unconfigured() -> str:
    """The banner a site built with placeholder links shows instead of the launch box."""
    landmark = html.escape(_(LAUNCH_LANDMARK))
    missing = _html(N_("Links to open these notebooks in Jupyter are not set up on this copy of "
                       "the website."))
    ask = _html(N_("Ask your teacher for the link to your school's JupyterHub or to Binder."))
    teachers = _html(N_("(Teachers: fill in {file} and build the site again.)"),
                     file="<code>site/launch.yml</code>")
    return (f'<nav class="course-launch course-launch-missing" aria-label="{landmark}"><p>'
            f"<strong>{missing}</strong> {ask} {teachers}</p></nav>")


def print_labels() -> str:
    """A ``<style>`` giving the print stylesheet the labels of the boxes to write in, in the
    language the helpers speak ('' in English: the stylesheet holds the English).

    >>> print_labels()
    ''
    """
    i18n = helpers("i18n")
    if i18n.language() == "en":
        return ""
    values = ";".join(f"{name}:{_css_string(_(message))}" for name, message in PRINT_LABELS.items())
    return f"<style>:root{{{values}}}</style>"


def _css_string(text: str) -> str:
    r"""``text`` as a CSS string.

    >>> print(_css_string('a "b" \\ <c>'))
    "a \"b\" \\ \3c c>"
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'


LANGUAGE_NAMES = {"en": ("English", "en"), "ru": ("Русский", "ru"), "fa": ("دری", "fa-AF")}


def switcher(pagename: str, edition: str, editions: list[str]) -> str:
    """Links from a notebook page to the same notebook in the other editions (the English site
    is the root; an edition's site is its folder ``<lang>/`` inside it).

    >>> import re
    >>> re.findall(r'href="([^"]+)"', switcher("notebooks/00_start_here", "en", ["ru"]))
    ['../ru/notebooks/ru/00_start_here.html']
    >>> re.findall(r'href="([^"]+)"', switcher("notebooks/ru/00_start_here", "ru", ["ru", "fa"]))
    ['../../../notebooks/00_start_here.html', '../../../fa/notebooks/fa/00_start_here.html']
    """
    stem = pagename.rsplit("/", 1)[-1]
    depth = pagename.count("/") + (1 if edition != "en" else 0)  # up to the English root
    up = "../" * depth
    links = []
    for lang in ["en", *editions]:
        if lang == edition:
            continue
        target = (f"notebooks/{stem}.html" if lang == "en"
                  else f"{lang}/notebooks/{lang}/{stem}.html")
        name, tag = LANGUAGE_NAMES[lang]
        links.append(f'<a href="{up}{target}" lang="{tag}" hreflang="{tag}">{name}</a>')
    label = html.escape(_(EDITIONS_LANDMARK))
    return (f'<nav class="course-editions" aria-label="{label}"><p>' + " · ".join(links)
            + "</p></nav>") if links else ""


def _page_context(app, pagename, templatename, context, doctree):
    if "body" not in context:
        return
    cfg = app.config.course_launch or load_config(CONFIG)
    notebook = f"{pagename}.ipynb" if pagename.startswith("notebooks/") else None
    editions = app.config.course_editions or []
    edition = app.config.course_edition or "en"
    with helpers("i18n").speaking(edition):  # the edition's words (English: as written)
        body = add_figure_descriptions(fix_tables(context["body"]))
        box = unconfigured() if placeholders(cfg) else launch_box(cfg, notebook)
        links = switcher(pagename, edition, editions) if notebook and editions else ""
        context["metatags"] = context.get("metatags", "") + print_labels()
    context["body"] = box + links + body


def setup(app):
    from pygments.lexers.special import TextLexer

    # the teacher's guide writes its answer key in ```answer blocks: shown as plain text
    app.add_lexer("answer", TextLexer)
    app.add_config_value("course_launch", None, "html")
    app.add_config_value("course_edition", None, "html")  # "ru", "fa" on an edition's site
    app.add_config_value("course_editions", [], "html")  # the editions the course has
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
