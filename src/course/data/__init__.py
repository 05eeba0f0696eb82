"""The generated data files: their builders (``borders``, ``population``), the proof that they
rebuild byte for byte (``rebuild``), and the excerpts' checksums in the data package
(``documents``, written by ``python -m course sync``)."""
