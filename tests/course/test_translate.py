"""The editions' tools on temporary copies of the course: catalogs follow the English (a changed
sentence goes fuzzy), the build refuses a missing translation, a complete edition mirrors the
English cell by cell, and `translate check` names what is wrong, by file and entry."""

from __future__ import annotations

import json

import polib
import pytest
from classroom import publish_course
from support import GUIDE, ROOT, answer_key

from course import paths
from course.sync import Tree, sync
from course.translate import catalogs, check, editions

NB00 = "notebooks/00_start_here.ipynb"


def _copy(tmp_path):
    root = tmp_path / "course"
    editions.copy_course(ROOT, root)
    return root


def _sync(root):
    tree = Tree(root)
    catalogs.sync_catalogs(tree)
    tree.save()


def _fill(root, lang, choose=lambda entry: entry.msgid, domains=catalogs.DOMAINS):
    """Translate every entry of ``lang`` (by default with its English, markup intact)."""
    for domain in domains:
        path = root / catalogs.po_path(lang, domain)
        if not path.is_file():  # the student edition has no feedback catalog (the answer key)
            continue
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural,
                                       2: entry.msgid_plural}
            else:
                entry.msgstr = choose(entry)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
    _sync(root)


def _cell(root, cell_id, path=NB00):
    nb = json.loads((root / path).read_text(encoding="utf-8"))
    return nb, next(c for c in nb["cells"] if c["id"] == cell_id)


def test_the_catalogs_are_in_step_with_the_english():
    assert check.stale_catalogs(ROOT) == []


def test_a_changed_english_sentence_makes_its_translation_fuzzy(tmp_path):
    root = _copy(tmp_path)
    nb, cell = _cell(root, "c01")
    old = "".join(cell["source"])
    path = root / catalogs.po_path("ru", "notebooks")
    po = polib.pofile(str(path))
    entry = po.find(old, msgctxt="00_start_here#c01")
    entry.msgstr = "## Как устроена серия\n\nПеревод."
    entry.flags = []
    po.save(str(path))
    _sync(root)
    assert "00_start_here#c01" not in [p[1] for p in editions.Catalogs("ru", root).problems]
    cell["source"] = old.replace("Run it now.", "Run it now, please.")
    (root / NB00).write_text(json.dumps(nb), encoding="utf-8")
    assert check.stale_catalogs(root), "an English change must leave the catalogs out of date"
    _sync(root)
    entry = polib.pofile(str(path)).find(cell["source"], msgctxt="00_start_here#c01")
    assert "fuzzy" in entry.flags and entry.previous_msgid == old
    assert entry.msgstr.startswith("## Как устроена серия")
    errors, _warnings, counts = check.catalog_problems(root, "ru", strict=True)
    assert counts["notebooks"]["fuzzy"] >= 1
    assert any("notebooks.po" in e and "fuzzy" in e and "00_start_here#c01" in e for e in errors)


def test_the_build_refuses_what_is_not_translated(tmp_path):
    root = _copy(tmp_path)
    path = root / catalogs.po_path("fa", "notebooks")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgstr).msgstr = ""  # one translation missing
    po.save(str(path))
    _sync(root)
    built = {p.name: p.read_bytes() for p in (root / "notebooks" / "fa").glob("*.ipynb")}
    report = editions.build(root, ["fa"], execute=False)
    assert report["fa"], "nothing reported missing"
    after = {p.name: p.read_bytes() for p in (root / "notebooks" / "fa").glob("*.ipynb")}
    assert after == built, "an incomplete edition was written over the shipped one"


def test_check_names_a_translation_that_drops_code_or_a_link(tmp_path):
    root = _copy(tmp_path)
    _fill(root, "ru", choose=lambda e: e.msgid.replace("`data/`", "data").replace(
        "(../docs/glossary.md#buffer-state)", "(glossary.md)"), domains=["notebooks"])
    errors, _warnings, _counts = check.catalog_problems(root, "ru", strict=False)
    assert any("code span `data/` is missing" in e and "00_start_here#c04" in e for e in errors)
    assert any("link target (../docs/glossary.md#buffer-state) is missing" in e for e in errors)


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """A copy with a complete (identity) Russian catalog and its edition built, not executed."""
    root = _copy(tmp_path_factory.mktemp("complete"))
    _fill(root, "ru")
    report = editions.build(root, ["ru"], execute=False)
    assert report["ru"] == []
    return root


def test_a_complete_edition_mirrors_the_english(complete):
    root = complete
    assert editions.shipped(root) == ["ru"]
    assert check.edition_problems(root, "ru") == []
    for english in sorted((root / "notebooks").glob("*.ipynb")):
        mine = json.loads(english.read_text(encoding="utf-8"))
        theirs = json.loads((root / "notebooks" / "ru" / english.name).read_text(encoding="utf-8"))
        assert [c["id"] for c in theirs["cells"]] == [c["id"] for c in mine["cells"]]
        for a, b in zip(mine["cells"], theirs["cells"], strict=True):
            if a["cell_type"] == "code":
                assert a["source"] == b["source"] and a["metadata"] == b["metadata"]
            elif "".join(a["source"]).strip():
                text = "".join(b["source"])
                assert text.startswith('<div lang="ru">\n\n') and text.endswith("\n\n</div>")
        assert theirs["metadata"]["course"]["edition"] == {
            "language": "ru", "tag": "ru", "source": f"notebooks/{english.name}"}
    _nb, cell = _cell(root, "c03", "notebooks/ru/00_start_here.ipynb")
    assert "(../../docs/ru/glossary.md#buffer-state)" in "".join(cell["source"])
    assert (root / "docs" / "ru" / "glossary.md").is_file()
    shim = (root / "notebooks" / "ru" / "helpers.py").read_text(encoding="utf-8")
    assert '_module.i18n.use("ru")' in shim


def test_check_holds_a_shipped_edition_to_the_english_and_its_catalogs(complete, tmp_path):
    import shutil

    root = tmp_path / "course"
    shutil.copytree(complete, root)
    path = root / "notebooks" / "ru" / "00_start_here.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["source"] = "from helpers import check  # changed"
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "<div lang=\"ru\">\n\nedited by hand\n\n</div>"
    path.write_text(json.dumps(nb), encoding="utf-8")
    problems = check.edition_problems(root, "ru")
    assert any("the code differs from the English" in p for p in problems)
    assert any("is not its catalog's translation now" in p for p in problems)
    # a shipped edition must be complete: one entry less is an error naming it
    po_path = root / catalogs.po_path("ru", "figures")
    po = polib.pofile(str(po_path))
    po[0].msgstr = ""
    po.save(str(po_path))
    _sync(root)
    errors, _warnings, _counts = check.check(root, langs=["ru"])
    assert any("figures.po: 1 missing" in e for e in errors)


def test_the_bank_seals_each_edition_s_feedback_and_drops_a_stale_one(tmp_path):
    """The guide's feedback is a catalog of its own (context: item and field); sync seals a
    translation into the bank, never in readable form, and the edition's options into
    prompts.json; when the English changes, the translation goes fuzzy and is sealed no more."""
    key = answer_key()  # skips in the student edition: no guide, no feedback catalog
    root = publish_course(tmp_path / "course")
    explain = key["q00_example"]["explain"]
    path = root / catalogs.po_path("ru", "feedback")
    po = polib.pofile(str(path))
    right = key["q00_example"]["answer"]  # the data decide it; never typed here
    assert {e.msgctxt for e in po if e.msgctxt.startswith("q00_example|")} == {
        "q00_example|explain", "q00_example|hint",
        *(f"q00_example|wrong {letter}" for letter in key["q00_example"]["wrong"])}
    assert f"q00_example|wrong {right}" not in {e.msgctxt for e in po}
    po.find(explain, msgctxt="q00_example|explain").msgstr = "Верный ответ объяснён."
    po.save(str(path))
    nb_po = root / catalogs.po_path("ru", "notebooks")
    po = polib.pofile(str(nb_po))
    worked = po.find("00_start_here#c14", by="msgctxt")
    worked.msgstr = ("## Разобранное упражнение\n\nА. Большая игра &nbsp; Б. советская эпоха "
                     "&nbsp; В. после 2001 года &nbsp; Г. во всех трёх поровну")
    worked.flags = [f for f in worked.flags if f != "fuzzy"]  # a reviewed translation
    po.save(str(nb_po))
    sync(root)
    text = (root / paths.BANK).read_text(encoding="utf-8")
    assert "Верный ответ" not in text
    question = json.loads(text)["questions"]["q00_example"]
    sealed = question["translations"]["ru"]["feedback"]
    bank = paths.helpers("bank")
    right_digest = bank.digest("q00_example", right)
    assert bank.unseal("q00_example", right, sealed[right_digest], "ru") == "Верный ответ объяснён."
    shown = json.loads((root / paths.PROMPTS).read_text(encoding="utf-8"))["editions"]["ru"]
    assert shown["exercises"]["q00_example"]["options"]["C"] == "после 2001 года"
    assert shown["sections"]["00"]["Worked exercise"] == "Разобранное упражнение"
    assert sync(root, check=True) == []
    guide = root / paths.GUIDE
    guide.write_text(guide.read_text(encoding="utf-8").replace(explain, explain + " Indeed."),
                     encoding="utf-8")
    sync(root)
    entry = polib.pofile(str(path)).find(explain + " Indeed.", msgctxt="q00_example|explain")
    assert "fuzzy" in entry.flags and entry.msgstr.startswith("Верный ответ")
    question = json.loads((root / paths.BANK).read_text(encoding="utf-8"))["questions"][
        "q00_example"]
    # the fuzzy explanation is sealed no more (the other fields' translations still are)
    assert right_digest not in question.get("translations", {}).get("ru", {}).get("feedback", {})


def test_the_feedback_catalogs_are_not_shipped_to_students():
    """They are the answer key in other words: the student edition drops them, the grading
    sandbox never gets them, and no .mo of them exists for the helpers to read."""
    from course import edition

    for lang in catalogs.LANGUAGES:
        assert f"locale/{lang}/LC_MESSAGES/feedback.po" in edition.DROPPED
        assert not (ROOT / catalogs.mo_path(lang, "feedback")).exists()
    assert "locale/feedback.pot" in edition.DROPPED
    if GUIDE.is_file():  # the guide's explanations are in them: dropping them matters
        explain = answer_key()["q00_example"]["explain"]
        assert explain in {e.msgid for e in polib.pofile(str(ROOT / "locale/feedback.pot"))}


def test_every_month_after_a_day_has_its_catalog_entry():
    """A document dated to the day names its month in the edition's form after a day (Russian
    genitive: «31 августа 1907»); the code translates the month from a variable, so the twelve
    entries must be marked for extraction or every edition shows English month names."""
    import polib

    pot = polib.pofile(str(ROOT / catalogs.pot_path("helpers")))
    day_months = {e.msgid for e in pot if e.msgctxt == "day"}
    assert day_months == {"January", "February", "March", "April", "May", "June", "July",
                          "August", "September", "October", "November", "December"}


def test_figure_texts_passed_through_variables_are_extracted(tmp_path):
    """A span's text given to ``plot_series`` through a variable (notebook 03's
    ``spans=[rule]``) is extracted where the notebook gave the variable its value: the last value
    before the call, in the same notebook; a value given after the call, or in another
    notebook, is not the one shown."""
    import nbformat

    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = ['label = "Early text"\nrule = (2021.6, 2024, label)',
             'label = "Shown text"\nrule = (2021.6, 2024, label)\nnames = {"ha": "Hectares"}\n'
             'title = f"Poppy, {last}"',
             'plot_series(frame, "year", "ha", spans=[rule, (1, 2, "Literal span")],\n'
             '            labels=names, title=title, marks=marks, caption=caption)',
             'label = "Too late"\nrule = (1, 2, label)\ncaption = "Too late"']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, folder / "00_test.ipynb")
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('marks = {1: "Elsewhere"}')])
    nbformat.write(other, folder / "01_other.ipynb")
    found = {(e.context, e.text) for e in catalogs.figure_entries(tmp_path)}
    assert found == {(None, "Shown text"), (None, "Literal span"), (None, "Hectares"),
                     (catalogs.PATTERN, "Poppy, {last}")}


def test_columns_the_notebooks_compute_are_extracted(tmp_path):
    """A column a code cell makes (assigned, by ``agg``/``assign`` keywords, named by
    ``reset_index``/``to_frame``/``margins_name``/``rename``, or ``count`` from
    ``value_counts()``) is a header a table shows, so it is a ``columns`` entry like the data's."""
    import nbformat

    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = ['f["km_to_x"] = 1\nf[["low", "high"]] = f[["low", "high"]].astype(int)',
             'g = f.groupby("y").agg(shortest=("a", "min")).assign(ratio=1)',
             'pd.crosstab(f["a"], f["b"], margins=True, margins_name="total")',
             'f["kind"].value_counts()\nf.reset_index(name="n")\nf.to_frame("m")',
             'f.rename(columns={"a": "renamed"})\nf["a"] == "not a column"\nprint(f["seen"])']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, folder / "00_test.ipynb")
    found = {name for _where, name in catalogs.computed_columns(tmp_path)}
    assert found == {"km_to_x", "low", "high", "shortest", "ratio", "total", "count", "n", "m",
                     "renamed"}


@pytest.mark.parametrize("lang", ["ru", "fa"])
def test_every_column_the_notebooks_compute_has_its_header_in_the_edition(lang):
    """The headers the tester saw in English (``count``, ``km_to_kabul``, ``cumulative``,
    ``total``, ``source_kind``, ``*_stated_km``) are in the template and translated, not fuzzy,
    in each edition's ``data`` catalog, so the table display shows them in the edition's words
    (over the real name, which code uses)."""
    computed = {name for _where, name in catalogs.computed_columns(ROOT)}
    assert {"count", "km_to_kabul", "km_to_peshawar", "cumulative", "total", "source_kind",
            "shortest_stated_km", "longest_stated_km"} <= computed
    template = {e.msgid for e in polib.pofile(str(ROOT / catalogs.pot_path("data")))
                if e.msgctxt == "columns"}
    assert computed <= template, sorted(computed - template)
    catalog = {e.msgid: e for e in polib.pofile(str(ROOT / catalogs.po_path(lang, "data")))
               if e.msgctxt == "columns" and not e.obsolete}
    untranslated = sorted(c for c in computed if c not in catalog or not catalog[c].msgstr
                          or "fuzzy" in catalog[c].flags)
    assert untranslated == []
