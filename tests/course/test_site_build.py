"""The website and its generated pages: a page per notebook, glossary links, catalogue, sources,
launch links from one file, and the teacher's guide only on the teacher's site.

These tests build the site (about 10 s) and need no browser; tests/browser/test_site.py
opens the pages in Chromium.
"""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from support import ROOT

from course import data_pages, site
from course import launch as launch_links

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GLOSSARY_LINK = re.compile(r"\]\(\.\./docs/glossary\.md#([a-z0-9-]+)\)")


def first_heading(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = "".join(cells[0]["source"])
    return re.search(r"^# (.+)$", source, re.M).group(1).strip()


def page_text(path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_page_with_its_title_and_outputs(site_html, nb):
    page = site_html / "notebooks" / f"{nb.stem}.html"
    assert page.exists(), f"no page for {nb.name}"
    text = page.read_text(encoding="utf-8")
    h1 = re.search(r"<h1>(.*?)<a", text[text.index("<article"):], re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", h1)).strip() == first_heading(nb)
    stored = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    figures = sum("".join(o.get("data", {}).get("text/html", "")).count("<img")
                  for c in stored for o in c.get("outputs", []))
    assert text.count('<img src="data:image/png;base64,') == figures, "a stored figure is missing"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_glossary_links_land_on_the_term(site_html, nb):
    glossary = (site_html / "docs" / "glossary.html").read_text(encoding="utf-8")
    headings = dict(re.findall(r'<section id="([^"]+)">\s*<h3>(.*?)<a', glossary, re.S))
    wanted = GLOSSARY_LINK.findall(nb.read_text(encoding="utf-8"))
    page = (site_html / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
    for anchor in wanted:
        assert f'href="../docs/glossary.html#{anchor}"' in page, f"link to {anchor} not kept"
        assert anchor in headings, f"glossary.html has no term heading with id {anchor}"


def test_glossary_page_has_every_term(site_html):
    terms = re.findall(r"^### (.+)$", (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"),
                       re.M)
    text = page_text(site_html / "docs" / "glossary.html")
    assert terms and all(t.strip() in text for t in terms)


def test_catalogue_lists_every_table_column_and_source(site_html):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    page = (site_html / "data" / "catalogue.html").read_text(encoding="utf-8")
    text = page_text(site_html / "data" / "catalogue.html")
    for res in package["resources"]:
        anchor = "table-" + res["name"].replace("_", "-")  # docutils' id for the MyST label
        assert f'id="{anchor}"' in page, f"no section for {res['name']}"
        assert f'href="#{anchor}"' in page, f"the table list does not link {res['name']}"
        for field in (res.get("schema") or {}).get("fields", []):
            row = re.search(rf"<code[^>]*><span class=\"pre\">{re.escape(field['name'])}</span>"
                            rf"</code></p>\s*</td>\s*<td><p>([^<]*)</p>", page)
            assert row, f"{res['name']}.{field['name']} has no row in the catalogue"
            assert row.group(1) == field["type"]
            if field.get("description"):
                # Markdown in a description (`code`) is rendered: compare the text without it
                assert " ".join(field["description"].replace("`", "").split()) in text
        for src in res.get("sources", []):
            assert " ".join(src["title"].split()) in text
    sources_page = (site_html / "data" / "sources.html").read_text(encoding="utf-8")
    cited = re.findall(r'href="sources\.html#(src-[a-z0-9_]+)"', page)
    assert len(set(cited)) > 100, "the catalogue links each table to the sources its rows cite"
    missing = [c for c in set(cited) if f'id="{c}"' not in sources_page]
    assert not missing, f"catalogue links to sources that the sources page lacks: {missing}"


def test_sources_page_lists_every_source(site_html):
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    page = (site_html / "data" / "sources.html").read_text(encoding="utf-8")
    for row in rows:
        assert f'id="src-{row["source_id"]}"' in page, row["source_id"]
        assert html.escape(data_pages.citation(row).replace("*", "")) in page.replace(
            "<cite>", "").replace("</cite>", "")


def test_sources_page_uses_work_and_tier_when_the_table_has_them(tmp_path):
    path = tmp_path / "sources.csv"
    fields = ["source_id", "author", "title", "publisher", "year", "url", "accessed", "kind",
              "perspective", "note"]
    row = ["lee2018_p332", "Jonathan L. Lee", "Afghanistan", "Reaktion Books", "2018",
           "https://example.org/lee", "2026-11-25", "secondary", "", ""]
    path.write_text(",".join(fields) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    before = data_pages.sources_markdown(path)
    assert "Jonathan L. Lee, <cite>Afghanistan</cite>, Reaktion Books, 2018" in before
    assert "tier" not in before
    path.write_text(",".join(fields + ["work", "tier"]) + "\n" + ",".join(
        row + ['"Jonathan L. Lee, Afghanistan: A History from 1260 to the Present '
               '(London: Reaktion Books, 2018), p. 332"', "scholarly"]) + "\n", encoding="utf-8")
    after = data_pages.sources_markdown(path)
    assert "(London: Reaktion Books, 2018), p. 332" in after
    assert "secondary; scholarly" in after


def test_launch_links_come_from_the_one_config_file(teacher_html, launch_yml):
    site_html = teacher_html
    cfg = launch_links.load_config(launch_yml)
    assert launch_links.placeholders(cfg) == []
    for nb in NOTEBOOKS:
        page = (site_html / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "course-launch-missing" not in page
        for url in (launch_links.nbgitpuller_url(cfg, f"notebooks/{nb.name}"),
                    launch_links.binder_url(cfg, f"notebooks/{nb.name}")):
            assert f'href="{html.escape(url, quote=True)}"' in page, f"{nb.name}: {url}"
    for other in ("index.html", "docs/glossary.html", "data/catalogue.html", "data/sources.html"):
        page = (site_html / other).read_text(encoding="utf-8")
        start = launch_links.nbgitpuller_url(cfg, "notebooks/00_start_here.ipynb")
        assert html.escape(start, quote=True) in page, other


def test_placeholders_are_refused_unless_allowed(tmp_path):
    """launch.yml as shipped: no build (before any work) unless told, and then every page says
    that the links are not set up instead of linking to the placeholders."""
    shipped = launch_links.load_config()
    assert launch_links.placeholders(shipped), "site/launch.yml is filled in: test a copy"
    with pytest.raises(site.PlaceholderLinks, match="--allow-placeholders"):
        site.build(base=tmp_path)
    assert not any(tmp_path.iterdir()), "the refused build left files behind"


def test_a_site_built_with_placeholders_says_so_on_every_page(site_html):
    pages = [site_html / "index.html", *(page for folder in ("notebooks", "docs", "data")
                                         for page in sorted((site_html / folder).glob("*.html")))]
    assert len(pages) >= 9
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "course-launch-missing" in text and "are not set up" in text, page.name
        assert "EXAMPLE.ORG" not in text and "OWNER" not in text, page.name


def test_make_site_prints_one_path(tmp_path, capfd):
    """One line per site: the English one, then each edition in the course (inside it)."""
    from course.translate.editions import shipped

    assert site.main(teacher=False, allow_placeholders=True, base=tmp_path) == 0
    out, err = capfd.readouterr()
    editions = "".join(rf"{lang} edition: {re.escape(str(tmp_path / 'html' / lang / 'index.html'))}"
                       r"\n" for lang in shipped(ROOT))
    assert re.fullmatch(rf"website: {re.escape(str(tmp_path / 'html' / 'index.html'))} "
                        r"\(\d+ s\)\n" + editions, out), out
    assert "_build" not in out + err.replace(str(tmp_path), ""), out + err
    assert "not set up" in err  # the warning


def test_launch_config_with_a_gap_is_refused(tmp_path):
    bad = tmp_path / "launch.yml"
    bad.write_text("hub_url: https://hub.example.org\nbranch: main\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repository_url"):
        launch_links.load_config(bad)


def test_student_site_leaves_out_the_teacher_guide(site_html):
    leaked = [p for p in site_html.rglob("*") if "teacher" in p.name]
    assert not leaked
    answer_marker = "```answer"
    assert not any(answer_marker in p.read_text(encoding="utf-8", errors="ignore")
                   for p in site_html.rglob("*") if p.is_file() and p.suffix in (".html", ".js",
                                                                               ".md", ".txt"))


def test_teacher_site_includes_the_teacher_guide(teacher_html):
    guide = teacher_html / "docs" / "teacher_guide.html"
    assert guide.exists()
    assert "Teacher" in page_text(guide)
    assert "docs/teacher_guide.html" in (teacher_html / "index.html").read_text(encoding="utf-8")


def test_no_page_names_an_outside_script_style_or_font(site_html):
    pattern = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="(https?:)?//',
                         re.I)
    for page in site_html.rglob("*.html"):
        found = [m.group(0) for m in pattern.finditer(page.read_text(encoding="utf-8"))
                 if "rel=\"next\"" not in m.group(0) and "rel=\"prev\"" not in m.group(0)]
        assert not found, f"{page.relative_to(site_html)}: {found[:3]}"
    for css in site_html.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?(https?:)?//[^)]*\)", css.read_text(encoding="utf-8"))
        assert not urls, f"{css.name} loads {urls[:3]}"

