"""The language editions: catalogs from the English, editions from the catalogs, and their check.

    python -m course translate extract            # English -> locale/*.pot -> <lang>/*.po, .mo
    python -m course translate build [--lang ru]  # catalogs -> notebooks/<lang>/, docs/<lang>/
    python -m course translate build --draft      # the same with English where untranslated,
                                                  # into _build/draft/ (never into the course)
    python -m course translate check [--complete] # what is missing, fuzzy or broken, by file

English is the source (DECISIONS, "Editions"). Four gettext domains (:mod:`.catalogs`):
``notebooks`` (every Markdown cell), ``helpers`` (the helpers' ``_()`` messages), ``data`` (the
text columns of ``locale/columns.json``, column names, excerpts, the glossary) and ``figures``
(texts notebooks pass to the figure helpers). ``python -m course sync`` runs ``extract``, so a
changed English sentence marks its translation fuzzy (GNU ``msgmerge --previous``) in the same
commit. :mod:`.editions` builds an edition: Markdown translated cell by cell (by cell id), code
cells byte for byte, then executed. :mod:`.check` says what stops an edition from shipping.
The translators' and reviewers' side is docs/editions.md.
"""
