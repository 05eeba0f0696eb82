"""Checks that do not fit in one pytest run: determinism, installs, links, the notebooks offline."""
