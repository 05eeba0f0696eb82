"""The helpers in each language: numbers and option letters read as the edition's students write
them, numbers written as its readers write them, Solar Hijri dates against known dates, and
lookups in compiled catalogs (f-string patterns included)."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess

import polib
import pytest

from helpers import i18n
from helpers.answers import AnswerFormError, as_letter, as_order, as_text, normalise, read_number
from helpers.calendars import AFGHAN_MONTHS, solar_hijri, solar_hijri_text


@pytest.mark.parametrize("text, whole, value", [
    ("۱۰۴۷۶", True, 10476), ("١٠٤٧٦", True, 10476), ("۱۰٬۴۷۶", True, 10476),
    ("۱۰۵٫۵", False, 105.5), ("١٠٤٧٦٫٥", False, 10476.5), ("۱۰ ۴۷۶", True, 10476),
    ("10\u00a0476", True, 10476), ("10\u202f476", True, 10476), ("105,5", False, 105.5),
])
def test_numbers_in_every_script_and_separator(text, whole, value):
    for lang in ("en", "ru", "fa"):
        with i18n.speaking(lang):
            assert read_number(text, whole)[0] == value


def test_a_russian_comma_is_a_decimal_mark_but_stays_ambiguous_in_english():
    with i18n.speaking("ru"):
        assert read_number("1,234", False)[0] == 1.234
        assert read_number("10,476", True)[0] == 10476  # DECISIONS: a whole number reads so
    with pytest.raises(AnswerFormError, match="cannot tell"):
        read_number("1,234", False)


@pytest.mark.parametrize("lang, typed, letter", [
    ("ru", "А", "A"), ("ru", "б", "B"), ("ru", "В", "C"), ("ru", " г) ", "D"), ("ru", "B", "B"),
    ("fa", "الف", "A"), ("fa", "ب", "B"), ("fa", "ج.", "C"), ("fa", "د", "D"), ("fa", "۳", "C"),
    ("fa", "C", "C"), ("en", "c", "C"),
])
def test_option_letters_of_each_edition(lang, typed, letter):
    with i18n.speaking(lang):
        assert as_letter(typed, ["A", "B", "C", "D"]) == letter


def test_cyrillic_letters_are_not_options_in_the_english_edition():
    with pytest.raises(AnswerFormError):
        as_letter("В", ["A", "B", "C", "D"])


@pytest.mark.parametrize("lang, typed", [
    ("ru", "ВАБ"), ("ru", "в, а, б"), ("ru", ["В", "А", "Б"]), ("fa", "ج، الف، ب"),
    ("fa", "جالفب"), ("fa", ["ج", "الف", "ب"]), ("en", "c a b"),
])
def test_orders_in_each_edition(lang, typed):
    with i18n.speaking(lang):
        assert as_order(typed, ["A", "B", "C"]) == ["C", "A", "B"]


def test_a_choice_is_judged_the_same_in_every_edition():
    question = {"kind": "choice", "options": ["A", "B", "C", "D"]}
    forms = {"en": normalise(question, "C")}
    with i18n.speaking("ru"):
        forms["ru"] = normalise(question, "В")
    with i18n.speaking("fa"):
        forms["fa"] = normalise(question, "ج")
    assert forms == {"en": ["C"], "ru": ["C"], "fa": ["C"]}


def test_persian_spellings_of_a_word_are_one_answer():
    assert as_text("امان‌الله") == as_text("امان الله") == as_text("امان الله")
    assert as_text("كابل") == as_text("کابل")  # Arabic kaf, Persian keheh
    assert as_text("Ёлка") == as_text("елка")


@pytest.mark.parametrize("lang, value, decimals, shown", [
    ("en", 10476.5, 1, "10,476.5"), ("ru", 10476.5, 1, "10\u00a0476,5"),
    ("fa", 10476.5, 1, "۱۰٬۴۷۶٫۵"), ("fa", 1979, None, "۱٬۹۷۹"), ("ru", 2343, None, "2\u00a0343"),
])
def test_numbers_as_each_language_writes_them(lang, value, decimals, shown):
    with i18n.speaking(lang):
        assert i18n.number(value, decimals) == shown


def test_years_are_never_grouped():
    with i18n.speaking("fa"):
        assert i18n.number(1979, group=False) == "۱۹۷۹"


def test_latin_runs_are_isolated_only_right_to_left():
    with i18n.speaking("fa"):
        assert i18n.isolate("شکل Natural Earth") == "شکل \u2066Natural Earth\u2069"
        assert i18n.html_attributes() == ' lang="fa-AF" dir="rtl"'
    with i18n.speaking("ru"):
        assert i18n.isolate("Natural Earth") == "Natural Earth"
        assert i18n.html_attributes() == ' lang="ru"'


KNOWN = [  # Gregorian, Solar Hijri (y, m, d), and where the Afghan date is attested
    (datetime.date(1979, 3, 21), (1358, 1, 1)),    # 1 Hamal 1358: Nowruz
    (datetime.date(1979, 12, 27), (1358, 10, 6)),  # 6 Jadi 1358: «ششم جدی» (nooraf.tv)
    (datetime.date(1978, 4, 27), (1357, 2, 7)),    # 7 Sawr 1357: «هفتم ثور سال ۱۳۵۷»
    (datetime.date(1989, 2, 15), (1367, 11, 26)),  # 26 Dalw 1367: the withdrawal
    (datetime.date(2021, 8, 15), (1400, 5, 24)),   # 24 Asad 1400
]


@pytest.mark.parametrize("day, expected", KNOWN)
def test_solar_hijri_of_known_dates(day, expected):
    assert solar_hijri(day) == expected


def test_solar_hijri_against_icu_in_node():
    """An independent implementation: ICU's Persian calendar and CLDR's fa_AF month names
    (Node's Intl), for the known dates and the first of every month of 1979."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed: the comparison with ICU needs it")
    days = [d for d, _ in KNOWN] + [datetime.date(1979, m, 1) for m in range(1, 13)]
    script = ("const f = new Intl.DateTimeFormat('fa-AF-u-ca-persian', {year: 'numeric', "
              "month: 'long', day: 'numeric', timeZone: 'UTC'});"
              "console.log(JSON.stringify(JSON.parse(process.argv[1]).map(d => "
              "f.format(new Date(d + 'T12:00:00Z')))));")
    out = subprocess.run([node, "-e", script, json.dumps([d.isoformat() for d in days])],
                         capture_output=True, text=True, check=True).stdout
    # CLDR 48 writes the sixth month «سنبلهٔ», with the ezafe mark (U+0654) of a date; Afghan
    # texts and our table write «سنبله»
    icu = [text.replace("\u0654", "") for text in json.loads(out)]
    assert icu == [solar_hijri_text(d, "day") for d in days]


def test_precision_is_never_invented():
    assert solar_hijri_text(datetime.date(1979, 12, 27), "day") == "۶ جدی ۱۳۵۸"
    assert solar_hijri_text(datetime.date(1979, 12, 1), "month") == "قوس–جدی ۱۳۵۸"
    assert solar_hijri_text(datetime.date(1979, 3, 1), "month") == "حوت ۱۳۵۷–حمل ۱۳۵۸"
    assert solar_hijri_text(datetime.date(1885, 1, 1), "year") == "۱۲۶۳–۱۲۶۴"
    assert len(AFGHAN_MONTHS) == 12 and AFGHAN_MONTHS[9] == "جدی"


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """A locale folder with a few translated entries, compiled as sync compiles them."""
    def compile_(domain, entries):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                       "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
                                       "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
        for context, english, text in entries:
            if isinstance(text, dict):
                po.append(polib.POEntry(msgctxt=context, msgid=english[0],
                                        msgid_plural=english[1], msgstr_plural=text))
            else:
                po.append(polib.POEntry(msgctxt=context, msgid=english, msgstr=text))
        folder = tmp_path / "ru" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(folder / f"{domain}.mo"))
    shutil.copy(i18n.LOCALE / "columns.json", tmp_path / "columns.json")
    monkeypatch.setattr(i18n, "LOCALE", tmp_path)
    i18n.reload()
    yield compile_
    i18n.reload()


def test_lookups_in_compiled_catalogs(catalogs):
    catalogs("figures", [(None, "Afghanistan and its neighbours", "Афганистан и его соседи"),
                         ("pattern", "Figure 1. The {len(x)} events.",
                          "Рисунок 1. {len(x)} событий.")])
    catalogs("helpers", [(None, "Year", "Год"),
                         (None, ("{n} event", "{n} events"),
                          {0: "{n} событие", 1: "{n} события", 2: "{n} событий"})])
    catalogs("data", [("events.title", "Panjdeh incident", "Пендинский инцидент")])
    with i18n.speaking("ru"):
        assert i18n.figure_text("Afghanistan and its neighbours") == "Афганистан и его соседи"
        assert i18n.figure_text("Figure 1. The 43 events.") == "Рисунок 1. 43 событий."
        assert i18n.figure_text("Not in the catalog") == "Not in the catalog"
        assert i18n._("Year") == "Год"
        assert [i18n.n_("{n} event", "{n} events", n) for n in (1, 3, 5, 21)] == [
            "1 событие", "3 события", "5 событий", "21 событие"]
        assert i18n.data_text("events", "title", "Panjdeh incident") == "Пендинский инцидент"
        events = i18n.load_table("events")
        assert events.loc["gg_1885_panjdeh_incident", "title"] == "Пендинский инцидент"
        assert events.loc["gg_1885_panjdeh_incident", "era"] == "great_game"  # codes stay
        assert events.index.name == "event_id" and "title" in events.columns  # names stay
    assert i18n.figure_text("Afghanistan and its neighbours") == "Afghanistan and its neighbours"
    assert i18n.load_table("events").loc["gg_1885_panjdeh_incident", "title"] == \
        "Panjdeh incident"


def test_a_table_shown_in_an_edition(catalogs):
    catalogs("data", [("events.title", "Panjdeh incident", "Пендинский инцидент"),
                      ("columns", "title", "название")])
    from helpers.tables import table_html

    with i18n.speaking("ru"):
        events = i18n.load_table("events")
        html = table_html(events.loc[["gg_1885_panjdeh_incident"], ["date", "title"]])
    assert 'lang="ru"' in html and "Пендинский инцидент" in html
    assert "название<br><code" in html and ">title</code>" in html  # the real name stays shown
    with i18n.speaking("fa"):
        html = table_html(i18n.load_table("events").loc[["cw_1979_intervention_begins"],
                                                       ["date"]])
    assert 'dir="rtl"' in html and "۳ جدی ۱۳۵۸" in html  # 24 December 1979


def test_loading_the_catalogs_is_fast():
    """Import and first lookup: the compiled catalogs are read once, in milliseconds."""
    import time

    i18n.reload()
    start = time.perf_counter()
    with i18n.speaking("ru"):
        for domain in i18n.DOMAINS:
            i18n.translate(domain, "Year")
        i18n.data_text("events", "title", "Panjdeh incident")
    assert time.perf_counter() - start < 0.5
