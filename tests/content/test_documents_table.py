"""The primary documents (data/documents.csv and data/documents/): enough of them across the three
eras, excerpts short unless in the public domain, each read in some notebook. (Their archive
references, sources and checksums are the data check's: `python -m course data check`; what
show_document shows: tests/helpers/test_documents.py.)"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import pytest
from support import DATA, ROOT

from helpers.documents import read_sections

with (DATA / "documents.csv").open(newline="", encoding="utf-8") as _f:
    DOCUMENTS = list(csv.DictReader(_f))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CALL = re.compile(r"""show_document\(\s*["']([^"']+)["']""")


def notebook_calls() -> dict[str, list[str]]:
    """document ids passed to show_document in each notebook's code cells."""
    calls = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        calls[path.name] = CALL.findall(source)
    return calls


def test_at_least_fifteen_documents_across_three_eras():
    assert len(DOCUMENTS) >= 15
    eras = Counter(d["era"] for d in DOCUMENTS)
    assert min(eras[e] for e in ("great_game", "soviet", "post_2001")) >= 3, eras


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["document_id"])
def test_excerpt_is_short_unless_public_domain(doc):
    """About 250 words per language at most (issue 11), unless the text is in the public domain."""
    sections = read_sections(doc["document_id"])
    languages = {s.language for s in sections}
    for language in languages:
        words = sum(s.words for s in sections if s.language == language)
        assert words <= 270 or doc["licence"].startswith("public domain"), (language, words)
    assert languages == set(doc["language"].split("; ")) | ({"en"} if "ru" in languages else set())


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["document_id"])
def test_every_document_is_read_in_some_notebook(doc):
    used = {i.lower() for ids in notebook_calls().values() for i in ids}
    assert doc["document_id"] in used, f"{doc['document_id']} is shown in no notebook"
