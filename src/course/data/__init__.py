"""The data package: its check (``check``: frictionless, ``python -m course data check``), the
generated files' builders (``borders``, ``population``), the proof that they rebuild byte for byte
(``rebuild``), and the excerpts' checksums in the package (``documents``, written by
``python -m course sync``)."""
