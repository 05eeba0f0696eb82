"""The data package's description of every excerpt in data/documents/, with its sha256.

``python -m course sync`` rewrites these resources of ``data/datapackage.json`` (the rest of the
package is hand-written); ``python -m course data check`` fails while a recorded checksum does not
match its file, so an excerpt cannot change without a reviewed change to the package.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path


def excerpt_resource(data: Path, document_id: str, title: str) -> dict:
    """The data-package resource for one excerpt file under ``data``."""
    path = data / "documents" / f"{document_id}.txt"
    return {
        "name": f"document-{document_id.replace('_', '-')}",
        "path": f"documents/{document_id}.txt",
        "format": "txt",
        "mediatype": "text/plain",
        "encoding": "utf-8",
        "title": f"Excerpt: {title}",
        "description": "Quoted excerpt; sections start with a [label] line naming the language "
                       "and who translated it. Header and citation: documents.csv, row "
                       f"{document_id}.",
        "licenses": [{"name": "other-at", "title": "See the licence column of documents.csv"}],
        "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def with_hashes(package_text: str, documents_csv: str, data: Path) -> str:
    """The data package's text with one resource per row of documents.csv, checksums current."""
    package = json.loads(package_text)
    documents = list(csv.DictReader(io.StringIO(documents_csv)))
    kept = [r for r in package["resources"] if not r["path"].startswith("documents/")]
    package["resources"] = kept + [excerpt_resource(data, d["document_id"], d["title"])
                                   for d in documents]
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"
