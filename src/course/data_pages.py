"""Markdown pages of the website generated from the data package: the catalogue and the sources.

``catalogue_markdown`` lists every resource of ``data/datapackage.json`` with its description, its
columns (name, Table Schema type, meaning) and its sources. ``sources_markdown`` lists every row of
``data/sources.csv``: the printable citation from the ``work`` column where the table has it, else
author, title, publisher and year; then kind, tier (when present) and where the copy was read.
Every source gets an anchor ``src-<source_id>`` so other pages can link to it.

>>> _cell("a|b\\nc")
'a\\\\|b c'
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from urllib.parse import urlsplit


def _cell(text) -> str:
    """Text made safe for one cell of a Markdown pipe table."""
    return " ".join(str(text or "").split()).replace("|", "\\|")


def catalogue_markdown(package_path: Path) -> str:
    """The data catalogue page (MyST Markdown) for the data package at ``package_path``."""
    package = json.loads(package_path.read_text(encoding="utf-8"))
    lines = [
        "# Data catalogue", "",
        f"{package.get('description', '')}", "",
        "Every table lives in the course's `data/` folder as a CSV file, described in "
        "`data/datapackage.json` (a "
        "[Frictionless Data Package](https://specs.frictionlessdata.io/)). "
        "This page is generated from that file. Licence of the package: "
        + ", ".join(lic.get("title") or lic.get("name", "") for lic in package.get("licenses", []))
        + ".", "",
        "Tables: " + ", ".join(f"[{r['name']}](#table-{r['name']})" for r in package["resources"])
        + ".", "",
    ]
    for res in package["resources"]:
        lines += [f"(table-{res['name']})=", f"## {res.get('title') or res['name']}", "",
                  f"File `data/{res['path']}` (name `{res['name']}`). "
                  f"{res.get('description', '')}", ""]
        schema = res.get("schema")
        if isinstance(schema, dict) and schema.get("fields"):
            lines += ["| Column | Type | Meaning |", "| --- | --- | --- |"]
            for field in schema["fields"]:
                lines.append(f"| `{field['name']}` | {_cell(field.get('type', 'any'))} | "
                             f"{_cell(field.get('description', ''))} |")
            lines.append("")
            if schema.get("primaryKey"):
                key = schema["primaryKey"]
                key = ", ".join(key) if isinstance(key, list) else key
                lines += [f"Each row is identified by `{key}`.", ""]
        sources = res.get("sources") or []
        if sources:
            lines += ["Sources of the table:", ""]
            for src in sources:
                text = _cell(src.get("title", ""))
                if src.get("path"):
                    text += f" ({src['path']})"
                lines.append(f"- {text}")
            lines.append("")
        cited = cited_sources(package_path.parent, res)
        if cited:
            links = ", ".join(f'<a href="sources.html#src-{html.escape(s)}">{html.escape(s)}</a>'
                              for s in cited)
            lines += [f"<p>Its rows cite {len(cited)} source{'s' if len(cited) > 1 else ''} "
                      f"of the <a href=\"sources.html\">sources list</a>: {links}.</p>", ""]
        licences = ", ".join(lic.get("title") or lic.get("name", "")
                             for lic in res.get("licenses", []))
        if licences:
            lines += [f"Licence: {licences}.", ""]
    return "\n".join(lines)


def cited_sources(folder: Path, resource: dict) -> list[str]:
    """The distinct source ids that the rows of a CSV resource cite, sorted.

    The citing columns are those whose foreign key points at the ``sources`` resource.
    """
    schema = resource.get("schema")
    if not isinstance(schema, dict) or resource.get("name") == "sources":
        return []
    columns = []
    for key in schema.get("foreignKeys", []):
        if key.get("reference", {}).get("resource") == "sources":
            fields = key["fields"]
            columns += [fields] if isinstance(fields, str) else fields
    if not columns:
        return []
    with (folder / resource["path"]).open(encoding="utf-8", newline="") as f:
        ids = {row[c].strip() for row in csv.DictReader(f) for c in columns if row.get(c)}
    return sorted(i for i in ids if i)


def citation(row: dict) -> str:
    """The printable citation of one sources.csv row: ``work`` when present, else built.

    >>> citation({"work": "J. L. Lee, Afghanistan (2018), p. 332", "title": "x"})
    'J. L. Lee, Afghanistan (2018), p. 332'
    >>> citation({"author": "A. B.", "title": "T", "publisher": "P", "year": "2001"})
    'A. B., *T*, P, 2001'
    """
    if (row.get("work") or "").strip():
        return row["work"].strip()
    parts = [row.get("author"), f"*{row['title']}*" if row.get("title") else "",
             row.get("publisher"), row.get("year")]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def sources_markdown(sources_path: Path) -> str:
    """The sources page (MyST Markdown) for ``sources.csv``."""
    with sources_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    has_work = bool(rows) and "work" in rows[0]
    has_tier = bool(rows) and "tier" in rows[0]
    lines = [
        "# Sources", "",
        f"Every row of every table in the course names one of these {len(rows)} sources in its "
        "`source_id` column. This page is generated from `data/sources.csv`. "
        + ("Each entry gives the original work as it is cited, " if has_work else
           "Each entry gives author, title, publisher and year of the original work, ")
        + "its kind (primary, secondary or data)"
        + (", its tier (archive, official, scholarly, reference, press, state media or aggregator)"
           if has_tier else "")
        + " and the address of the copy that was read.", "",
    ]
    for row in sorted(rows, key=lambda r: r["source_id"]):
        sid = row["source_id"]
        facts = [row.get("kind", "")]
        if has_tier:
            facts.append(row.get("tier", ""))
        if row.get("perspective"):
            facts.append(f"perspective: {row['perspective']}")
        facts = "; ".join(_cell(f) for f in facts if f)
        read = ""
        if row.get("url"):
            # the copy that was read, named by its site (publisher names the original work)
            host = urlsplit(row["url"]).netloc.removeprefix("www.") or row["url"]
            read = (f" Copy read at <a href=\"{html.escape(row['url'], quote=True)}\">"
                    f"{html.escape(host)}</a>"
                    + (f" on {row['accessed']}" if row.get("accessed") else "") + ".")
        lines += [f"<p id=\"src-{sid}\"><code>{sid}</code>: "
                  f"{_inline(citation(row).rstrip('.'))}. "
                  f"<em>{html.escape(facts)}</em>.{read}</p>", ""]
    return "\n".join(lines)


def _inline(text: str) -> str:
    """A citation as HTML: escaped, with *emphasis* turned into <cite>."""
    out = html.escape(text)
    parts = out.split("*")
    if len(parts) % 2 == 1 and len(parts) > 1:
        out = "".join(p if i % 2 == 0 else f"<cite>{p}</cite>" for i, p in enumerate(parts))
    return out
