"""Describe every excerpt in data/documents/ in data/datapackage.json, with its sha256.

Run after adding or correcting an excerpt (``python scripts/update_document_hashes.py``); the
data-package test fails until the recorded checksum matches the file, so an excerpt cannot
change without a reviewed change to the package.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def excerpt_resource(document_id: str, title: str) -> dict:
    """The data-package resource for one excerpt file."""
    path = DATA / "documents" / f"{document_id}.txt"
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


def main() -> None:
    package_path = DATA / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    with (DATA / "documents.csv").open(newline="", encoding="utf-8") as f:
        documents = list(csv.DictReader(f))
    kept = [r for r in package["resources"] if not r["path"].startswith("documents/")]
    package["resources"] = kept + [excerpt_resource(d["document_id"], d["title"])
                                   for d in documents]
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
