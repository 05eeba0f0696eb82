"""The course's maintainer tools, behind one command: ``python -m course <command>``.

Everything that builds, checks, grades or publishes the course lives here (``src/helpers`` is
what notebooks import; no notebook imports ``course``). ``python -m course --help`` lists the
commands; ``docs/architecture.md`` maps each concept to its module.

How the command is found with nothing installed: started in the repository root, ``python -m``
puts the current folder first on the import path, where ``course/__init__.py`` (a small shim,
like ``notebooks/helpers.py``) loads this package from ``src/course`` of the same copy. pytest
finds it through ``pythonpath = ["src", ...]``. The tools that need the student runtime load
``src/helpers`` of the same copy through :func:`course.paths.helpers`.
"""
