"""The one command line of the course's tools: ``python -m course <command> [options]``.

One argparse parser with a subcommand per job, in the style of nbgrader's and otter-grader's
command lines; ``python -m course --help`` lists them all, ``python -m course <command> --help``
explains one. Each entry of :data:`COMMANDS` names the command, its one-line help, the function
that declares its arguments and the function that runs it; the modules that do the work are
imported only when their command runs, so ``--help`` is instant. The Makefile's targets are
aliases of these commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .paths import ROOT, notebooks


def _notebook_args(parser: argparse.ArgumentParser) -> None:
    """NOTEBOOK ...: the notebooks a command runs."""
    parser.add_argument("notebooks", nargs="*", type=Path, metavar="NOTEBOOK",
                        help="notebooks to run (default: every notebook of the series)")


def _chosen(args) -> list[Path]:
    """The notebooks named on the command line, or every notebook of the series."""
    return args.notebooks or notebooks()


def _execute(args) -> int:
    from .runner import execute_in_place

    return execute_in_place(_chosen(args))


def _sync_args(parser):
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 naming each out-of-date file")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the course folder (default: this copy)")


def _sync(args) -> int:
    from .sync import main

    return main(args.root.resolve(), args.check)


def _timings(args) -> int:
    import json

    from .timings import breakdown, estimates

    print(breakdown(estimates({p.name: json.loads(p.read_text(encoding="utf-8"))
                               for p in notebooks()})))
    return 0


def _grade_args(parser):
    parser.add_argument("submissions", type=Path, nargs="?", metavar="SUBMISSIONS",
                        help="the collected class: one folder per student (docs/grading.md)")
    parser.add_argument("out", type=Path, nargs="?", metavar="OUT",
                        help="folder for grades, feedback pages and gradebook files")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per cell (default 30)")
    parser.add_argument("--total-timeout", type=int, default=600,
                        help="seconds per notebook (default 600)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks run at once (default: the number of cores)")
    parser.add_argument("--roster", type=Path, default=None,
                        help="the gradebook's students: a CSV exported from Canvas or Moodle")
    parser.add_argument("--assignment", default="Assessment 04 (checked items)",
                        help="the gradebook column's name (default: %(default)s)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run notebooks without a sandbox, with your rights (the report's "
                             "first line says so); for systems where bubblewrap cannot run")
    parser.add_argument("--run-one", action="store_true",
                        help=argparse.SUPPRESS)  # inside a sandbox: run one notebook


def _grade(args) -> int:
    if args.run_one:  # inside a sandbox: only the runner (no need to load the grader)
        from .runner import graded_main

        return graded_main(args.timeout)
    from .grade import main

    return main(args)


def _collect_args(parser):
    parser.add_argument("homes", type=Path, metavar="HOMES",
                        help="the folder of the hub's home folders (e.g. /home)")
    parser.add_argument("out", type=Path, metavar="OUT",
                        help="the collected class: OUT/<user>/04_assessment.ipynb")
    parser.add_argument("--repo", default="course",
                        help="the course's folder name in each home (default: %(default)s)")


def _collect(args) -> int:
    from .collect import main

    return main(args.homes, args.out, args.repo)


def _edition_args(parser):
    parser.add_argument("--from", dest="ref", help="the commit to build from (default: main)")


def _edition(args) -> int:
    from .edition import main

    return main(args.ref)


def _edition_check_args(parser):
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, metavar="PYTEST_ARG",
                        help="what the pulled edition's pytest runs (default: -n 2, without "
                             "the browser, hub and accessibility tests)")


def _edition_check(args) -> int:
    from .edition import check

    return check(args.pytest_args)


def _site_args(parser):
    parser.add_argument("--teacher", action="store_true",
                        help="include the teacher's guide (into _build/html-teacher)")
    parser.add_argument("--edition", action="append", choices=["ru", "fa"], dest="editions",
                        help="build this language edition's site too (default: every edition "
                             "in the course), into _build/html/<lang>")
    parser.add_argument("--allow-placeholders", action="store_true",
                        help="build even though site/launch.yml still holds placeholders: the "
                             "pages then say that the launch links are not set up (for CI)")


def _site(args) -> int:
    from .site import main

    return main(args.teacher, args.allow_placeholders, args.editions)


def _handouts(args) -> int:
    from .handouts import main

    return main()


def _launch_links(args) -> int:
    from .launch import print_links

    return print_links()


def _data_build(args) -> int:
    from .data.rebuild import build

    return build()


def _data_check_rebuild(args) -> int:
    from .data.rebuild import check

    return check()


def _data_check_args(parser):
    parser.add_argument("--data", type=Path, default=ROOT / "data", metavar="FOLDER",
                        help="the folder holding datapackage.json (default: data/ of this copy)")


def _data_check(args) -> int:
    from .data.check import main

    return main(args.data)


def _determinism(args) -> int:
    from .checks.determinism import main

    return main([str(p) for p in _chosen(args)])


def _install_args(parser):
    parser.add_argument("target", choices=["windows", "binder"],
                        help="windows: every pin resolves for Windows; binder: requirements.txt "
                             "on Binder's base packages, then pip check")


def _install(args) -> int:
    from .checks.install import main

    return main(args.target)


def _links_args(parser):
    parser.add_argument("root", nargs="?", type=Path, default=ROOT,
                        help="the course folder (default: this copy)")


def _links(args) -> int:
    from .checks.links import main

    return main(args.root)


def _offline_args(parser):
    _notebook_args(parser)
    parser.add_argument("--require", action="store_true",
                        help="fail, instead of skipping, where no network namespace can be made")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)


def _offline(args) -> int:
    from .checks.offline import inside, main

    chosen = [str(p) for p in args.notebooks] or ["notebooks"]
    return inside(chosen) if args.inside else main(chosen, args.require)


def _translate_langs(parser):
    parser.add_argument("--lang", action="append", choices=["ru", "fa"], dest="langs",
                        help="one language (repeat for more; default: every edition)")


def _translate_extract(args) -> int:
    from .sync import Tree
    from .translate.catalogs import sync_catalogs

    tree = Tree(ROOT)
    sync_catalogs(tree)
    changed = tree.out_of_date()
    tree.save()
    print(f"rewrote {', '.join(changed)}" if changed else "the catalogs are up to date")
    return 0


def _translate_build_args(parser):
    _translate_langs(parser)
    parser.add_argument("--draft", action="store_true",
                        help="build with English where a translation is missing or fuzzy, "
                             "marked as such, into a copy of the course (--into)")
    parser.add_argument("--into", type=Path, default=ROOT / "_build" / "draft",
                        help="the copy a draft is built in (default: _build/draft)")
    parser.add_argument("--no-execute", action="store_true",
                        help="write the notebooks without running them")
    parser.add_argument("--notebook", action="append", dest="notebooks", metavar="NAME",
                        help="one English notebook's file name (repeat for more; default: all)")


def _translate_build(args) -> int:
    from .translate.editions import build, compile_draft, copy_course

    root = ROOT
    if args.draft:
        copy_course(ROOT, args.into.resolve())
        root = args.into.resolve()
        compile_draft(root)
    report = build(root, args.langs or ["ru", "fa"], args.draft, not args.no_execute,
                   args.notebooks)
    status = 0
    for lang, problems in report.items():
        kinds = {s: sum(1 for p in problems if p[3] == s) for s in ("missing", "fuzzy")}
        if problems and not args.draft:
            status = 1
            domains = sorted({p[0] for p in problems})
            print(f"{lang}: not built: translations missing or fuzzy in {', '.join(domains)} "
                  f"(python -m course translate check --lang {lang} --complete names them)")
        else:
            where = root / "notebooks" / lang
            mark = f" (draft: {kinds['missing']} missing, {kinds['fuzzy']} fuzzy)" \
                if args.draft else ""
            print(f"{lang}: built {where}{mark}")
    return status


def _translate_check_args(parser):
    _translate_langs(parser)
    parser.add_argument("--complete", action="store_true",
                        help="also fail on missing or fuzzy entries of editions not built yet")
    parser.add_argument("--quiet", action="store_true", help="do not print the warnings")


def _translate_check(args) -> int:
    from .translate.check import main

    return main(ROOT, args.complete, args.langs, args.quiet)


def _benchmark_args(parser):
    parser.add_argument("--runs", type=int, default=5, help="rounds (at least 3; default 5)")
    parser.add_argument("--profile-runs", type=int, default=3,
                        help="profiled runs per notebook for the per-figure table (default 3; "
                             "0 leaves the table out)")
    parser.add_argument("--grading", action="store_true",
                        help="measure grading only (a class of copies of notebook 04) and "
                             "rewrite only its block of RESULTS.md")


def _benchmark(args) -> int:
    from .benchmark import run

    return run(args.runs, args.grading, args.profile_runs)


Command = tuple[str, Callable | None, Callable]
# name: (one-line help, declares its arguments, runs it) -- or, for a group, its sub-table
COMMANDS: dict[str, Command | tuple[str, dict[str, Command]]] = {
    "execute": ("re-execute notebooks in place from a fresh kernel, storing their outputs",
                _notebook_args, _execute),
    "sync": ("rewrite every generated text (bank, marks, timings, links, checksums, counts)",
             _sync_args, _sync),
    "timings": ("print each notebook's time estimate and its parts", None, _timings),
    "collect": ("gather each hub user's notebook 04 into a folder per student",
                _collect_args, _collect),
    "grade": ("grade a class's copies of notebook 04 into a folder of reports",
              _grade_args, _grade),
    "student-edition": ("build the branch `student`: main without the answer key",
                        _edition_args, _edition),
    "student-edition-check": ("build the edition, pull it with nbgitpuller, run its tests",
                              _edition_check_args, _edition_check),
    "site": ("build the website into _build/html from the committed notebooks",
             _site_args, _site),
    "handouts": ("print one PDF per notebook from the website into _build/pdf",
                 None, _handouts),
    "launch-links": ("print each notebook's JupyterHub and Binder links (site/launch.yml)",
                     None, _launch_links),
    "data": ("the data package: check it; build and check-rebuild the generated files", {
        "check": ("validate the data package with frictionless: every error, with file, row "
                  "and column", _data_check_args, _data_check),
        "build": ("rebuild the borders and the UN population extract into data/", None,
                  _data_build),
        "check-rebuild": ("prove the generated data files rebuild byte for byte", None,
                          _data_check_rebuild),
    }),
    "check": ("checks outside pytest: determinism, install, links, offline", {
        "determinism": ("run notebooks twice from a fresh kernel: identical to the stored "
                        "outputs?", _notebook_args, _determinism),
        "install": ("prove requirements.txt installs on Windows or on Binder's base",
                    _install_args, _install),
        "links": ("find dead relative links in the README, docs/ and notebooks", _links_args,
                  _links),
        "offline": ("strict nbval over the notebooks with no network (needs root)",
                    _offline_args, _offline),
    }),
    "translate": ("the Russian and Dari editions: extract, build, check", {
        "extract": ("English -> locale/*.pot -> each language's catalogs (also run by sync)",
                    None, _translate_extract),
        "build": ("build notebooks/<lang>/ and docs/<lang>/ from the English and the catalogs",
                  _translate_build_args, _translate_build),
        "check": ("missing, fuzzy or broken translations, stale editions, by file",
                  _translate_check_args, _translate_check),
    }),
    "benchmark": ("time each notebook against a floor notebook; write benchmarks/RESULTS.md",
                  _benchmark_args, _benchmark),
}


def _add(subparsers, table: dict) -> None:
    """Add one parser per entry of ``table`` (a group gets a sub-table of its own)."""
    for name, (summary, second, *rest) in table.items():
        parser = subparsers.add_parser(name, help=summary, description=summary)
        if isinstance(second, dict):
            _add(parser.add_subparsers(title="commands", metavar="COMMAND", required=True),
                 second)
            continue
        if second:
            second(parser)
        parser.set_defaults(run=rest[0])


def parser() -> argparse.ArgumentParser:
    """The course's argument parser, every command in it."""
    top = argparse.ArgumentParser(
        prog="python -m course", description="The course's tools: one command per job. Run "
        "from the repository root; `make` targets are aliases.")
    _add(top.add_subparsers(title="commands", metavar="COMMAND", required=True), COMMANDS)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default: the command line) and run the command; its exit status."""
    args = parser().parse_args(argv)
    return args.run(args)
