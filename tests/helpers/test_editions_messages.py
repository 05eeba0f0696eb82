"""The helpers speak the edition's language in every message students see: slips, feedback (right,
wrong with its own feedback, the hint), how a number or a letter was read, option words and the
summary, in Russian and in Dari.

The course's catalogs are still empty (docs/editions.md), so the tests compile a tiny catalog of
their own into a temporary ``locale/``: a few sentences translated by hand (test strings, not the
course's translations) and every other message of the template pseudo-translated (``[ru] ...``,
plural forms numbered), so that a message that bypassed the catalog would show up in English. The
bank's feedback is sealed per language from a test ``feedback`` catalog by the bank build itself,
and the edition's options, objectives and headings are read by ``course.prompts`` from
translated Markdown of notebook 00. English outputs are held by the rest of tests/helpers and by
strict nbval over the notebooks.
"""

from __future__ import annotations

import json
import linecache

import pytest
from edition_support import PSEUDO, pseudo_locale
from support import ROOT, answer_key

from course import bank as bank_build
from course import prompts as prompts_build
from course.translate import catalogs
from helpers import bank as bank_module
from helpers import i18n, prompts, results
from helpers.answers import AnswerFormError, as_letter, read_number
from helpers.feedback import Feedback, feedback
from helpers.i18n import LRI, PDI, RLI
from helpers.slips import MARK, handle_slip, slip_message

# Test strings (not the course's translations): a few sentences by hand, to read the result.
HAND = {
    "ru": {
        "Correct.": "Верно.",
        "Not quite.": "Не совсем.",
        "{name} needs quotes: {code}": "{name}: нужны кавычки: {code}",
        "(See {place}.)": "(См. {place}.)",
        'notebook {notebook}, section "{section}"': "тетрадь {notebook}, раздел «{section}»",
        "I read {typed} with the dot as a decimal point; if you meant {plain}, write {plain}.":
            "Я прочитал {typed} с точкой как десятичным знаком; если вы имели в виду {plain}, "
            "напишите {plain}.",
        "answer with one of the letters {letters}; you gave {given}.":
            "ответьте одной из букв {letters}; вы написали {given}.",
        '"{answer}" is option {letter} ({option}): answer with its letter, {code}.':
            "«{answer}» – это вариант {letter} ({option}): ответьте его буквой, {code}.",
        "Score for notebook {notebook}: {right} of {total} right ({answered} answered).":
            "Тетрадь {notebook}: верно {right} из {total} (отвечено: {answered}).",
        "{items} and {last}": "{items} и {last}",
        'There is no table called "{name}".': "Таблицы «{name}» нет.",
        'Did you mean "{name}"?': "Может быть, «{name}»?",
    },
    "fa": {
        "Correct.": "درست است.",
        "Not quite.": "نه کاملاً.",
        "{name} needs quotes: {code}": "{name} باید میان نشانه‌های نقل قول باشد: {code}",
        "(See {place}.)": "(نگاه کنید به {place}.)",
        'notebook {notebook}, section "{section}"': "دفترچهٔ {notebook}، بخش «{section}»",
        "I read {typed} with the dot as a decimal point; if you meant {plain}, write {plain}.":
            "{typed} را با نقطه به‌عنوان ممیز خواندم؛ اگر منظورتان {plain} بود، {plain} "
            "بنویسید.",
        "answer with one of the letters {letters}; you gave {given}.":
            "با یکی از حرف‌های {letters} پاسخ دهید؛ شما {given} نوشتید.",
        "Score for notebook {notebook}: {right} of {total} right ({answered} answered).":
            "دفترچهٔ {notebook}: {right} از {total} درست ({answered} پاسخ).",
        "{items} and {last}": "{items} و {last}",
    },
}
@pytest.fixture
def locale(tmp_path, monkeypatch):
    """A locale/ folder whose helpers catalogs translate every message of the template."""
    monkeypatch.setattr(i18n, "LOCALE", pseudo_locale(tmp_path, HAND))
    i18n.reload()
    yield tmp_path
    i18n.reload()


# notebook 00's objectives and worked exercise, as an edition's Markdown (test strings)
NB00 = {
    "ru": {"c00": "# Начните здесь\n\n**Цели.**\n\n- **O0.3** сформулировать главный вопрос "
                  "серии и назвать три её эпохи;\n\n**Время.**",
           "c14": "## Разобранное упражнение\n\n**Вопрос.** Какая эпоха?\n\nА. Большая игра "
                  "&nbsp; Б. советская эпоха &nbsp; В. после 2001 года &nbsp; Г. во всех трёх "
                  "поровну\n\n**Решение.** Считаем."},
    "fa": {"c00": "# از اینجا شروع کنید\n\n**اهداف.**\n\n- **O0.3** پرسش اصلی مجموعه را بیان "
                  "کنید و سه دورهٔ آن را نام ببرید؛\n\n**زمان.**",
           "c14": "## تمرین حل‌شده\n\n**پرسش.** کدام دوره؟\n\nالف. بازی بزرگ &nbsp; ب. دوران "
                  "شوروی &nbsp; ج. پس از ۲۰۰۱ &nbsp; د. هر سه یکسان\n\n**راه حل.** می‌شماریم."},
}


@pytest.fixture
def edition_prompts(monkeypatch):
    """prompts.json as sync builds it when notebook 00's two cells are translated."""
    name = "notebooks/00_start_here.ipynb"
    nb = json.loads((ROOT / name).read_text(encoding="utf-8"))
    english = {c["id"]: catalogs.split_blocks("".join(c["source"]))[0] for c in nb["cells"]}
    translations = {lang: {(f"00_start_here#{cell}", english[cell]): text
                           for cell, text in cells.items()} for lang, cells in NB00.items()}
    built = json.loads(prompts_build.build({name: nb}, translations))
    monkeypatch.setattr(prompts, "_prompts", lambda: built)
    return built


FEEDBACK = {  # the feedback catalog's translations (test strings), by item and field
    "ru": {("q00_example", "explain"): "Верный ответ объяснён.",
           ("q00_example", "wrong A"): "Строк Большой игры меньше.",
           ("q02_population_fall", "hint"): "Посмотрите на таблицу изменений.",
           ("q02_population_fall", "hint if below 100000"): "Введите число людей, не миллионы."},
    "fa": {("q00_example", "explain"): "پاسخ درست توضیح داده شد.",
           ("q00_example", "wrong A"): "ردیف‌های بازی بزرگ کمترند."},
}


@pytest.fixture
def sealed_bank(monkeypatch):
    """The bank with the test translations sealed in by the bank build (items q00_example and
    q02_population_fall)."""
    key = answer_key()
    translations = {lang: {(f"{qid}|{field}", key[qid]["wrong"][field[6:]] if
                            field.startswith("wrong ") else key[qid][field]): text
                           for (qid, field), text in texts.items()}
                    for lang, texts in FEEDBACK.items()}
    data = json.loads(json.dumps(bank_module._bank_file()))
    for qid in ("q00_example", "q02_population_fall"):
        data["questions"][qid] = bank_build.build_question(key[qid], translations)
    monkeypatch.setattr(bank_module, "_bank_file", lambda: data)
    return data


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(results, "_RECORDED", {})
    monkeypatch.setattr(results, "_SLIPPED", {})


def raised(source: str, namespace: dict | None = None) -> BaseException:
    """The error a cell's ``source`` raises, as if run in a notebook (the handler finds the
    line in the traceback by the cell's file name)."""
    name = "<ipython-input-1-test>"
    linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)
    try:
        exec(compile(source, name, "exec"), namespace or {})
    except Exception as exc:  # noqa: BLE001 - the slip under test
        return exc
    raise AssertionError(f"{source!r} raised nothing")


# --- slips ------------------------------------------------------------------------------------

def test_slips_in_russian(locale):
    with i18n.speaking("ru"):
        assert slip_message(raised("answer = C"), source="answer = C") == \
            'C: нужны кавычки: answer = "C"'
        message = slip_message(raised("answer = 10 476"), source="answer = 10 476")
        assert message.startswith("[ru] Write the number without spaces") and \
            "answer = 10476" in message
        from helpers import load_table

        message = slip_message(raised('load_table("evnts")', {"load_table": load_table}),
                               source='load_table("evnts")')
        assert message == "Таблицы «evnts» нет. Может быть, «events»?"


def test_slips_in_dari_keep_code_in_order_on_one_line(locale):
    with i18n.speaking("fa"):
        message = slip_message(raised("answer = C"), source="answer = C")
        assert message == (f"{LRI}C{PDI} باید میان نشانه‌های نقل قول باشد: "
                           f'{LRI}answer = "C"{PDI}')
        closing = slip_message(raised('answer = "C'), source='answer = "C')
        assert closing.startswith("[دری] A closing quote") and \
            closing.endswith(f'{LRI}answer = "C"{PDI}')
        shown = []

        class Shell:  # what IPython gives the handler: the output goes through _showtraceback
            user_ns: dict = {}

            def _showtraceback(self, etype, value, stb):
                shown.extend(stb)

        error = raised("answer = C")
        handle_slip(Shell(), type(error), error, error.__traceback__)
    assert shown == [f"{MARK}{RLI}{message}{PDI}"]  # one line: a mark, then the Dari sentence
    assert "\n" not in shown[0]
    for text in (message, closing):  # every isolate is closed
        assert text.count(LRI) == text.count(PDI)


def test_a_number_typed_in_persian_digits_without_quotes_gets_the_number_slip(locale):
    """``answer = ۱۹۰٫۳`` is a SyntaxError (Python reads ASCII digits only), the most natural
    way for a Dari student to type a decimal: the number slip, not Python's English message."""
    for typed, plain in [("۱۹۰٫۳", "190.3"), ("۱۰٬۴۷۶", "10476"), ("١٩٠٫٣", "190.3")]:
        source = f"answer = {typed}"
        with i18n.speaking("fa"):
            message = slip_message(raised(source), source=source)
        assert message is not None, typed
        assert message.startswith("[دری] Write the number without separators"), message
        assert f"{LRI}answer = {plain}{PDI}" in message and f'"{typed}"' in message, message


# --- feedback: right, wrong with its own feedback, the hint -----------------------------------

RU_LETTER = dict(zip("ABCD", "АБВГ", strict=True))
FA_LETTER = dict(zip("ABCD", ["الف", "ب", "ج", "د"], strict=True))


def example_letters() -> tuple[str, str]:
    """q00_example's right letter (the guide decides it; the data decide the guide) and a wrong
    letter other than A whose feedback has no test translation."""
    key = answer_key()["q00_example"]
    right = key["answer"]
    return right, next(letter for letter in "BCD" if letter != right)


def test_feedback_in_russian(locale, edition_prompts, sealed_bank):
    right, _ = example_letters()
    with i18n.speaking("ru"):
        assert feedback("q00_example", right) == (True, "Верно. Верный ответ объяснён.")
        # a Cyrillic letter is the option it stands for (Cyrillic В is C, not Latin B)
        assert feedback("q00_example", RU_LETTER[right]) == feedback("q00_example", right)
        assert feedback("q00_example", "A") == (False, "Не совсем. Строк Большой игры меньше. "
                                                "(См. тетрадь 00, раздел «Разобранное "
                                                "упражнение».)")
        verdict, message = feedback("q02_population_fall", 2.5)
    assert verdict is False
    assert message.startswith("Не совсем. Посмотрите на таблицу изменений. Введите число людей")
    # the section's heading is not translated in this test: the English heading is kept
    assert message.endswith("(См. тетрадь 02, раздел «Afghanistan's population through the war».)")
    assert feedback("q00_example", "A")[1].startswith("Not quite. The Great Game rows are fewer")


def test_feedback_in_dari_with_english_where_untranslated(locale, edition_prompts, sealed_bank):
    right_letter, other = example_letters()
    english_other = answer_key()["q00_example"]["wrong"][other]
    with i18n.speaking("fa"):
        right = feedback("q00_example", FA_LETTER[right_letter])
        wrong = feedback("q00_example", other)  # no Dari text for it: the English one
        html = Feedback(*wrong).html()
        plain = Feedback(*right).plain()
    assert right == (True, "درست است. پاسخ درست توضیح داده شد.")
    assert wrong[1].startswith("نه کاملاً. " + english_other[:20])
    assert wrong[1].endswith("(نگاه کنید به دفترچهٔ 00، بخش «تمرین حل‌شده».)")
    assert html.startswith('<div class="course-feedback" role="status" lang="fa-AF" dir="rtl">')
    assert plain == f"\u2713 {RLI}{right[1]}{PDI}"


def test_sealed_translations_are_readable_only_with_the_answer_and_the_language(sealed_bank):
    question = sealed_bank["questions"]["q00_example"]
    stored = json.dumps(question, ensure_ascii=False)
    assert "Больше всего" not in stored and "Строк" not in stored
    assert set(question["translations"]) == {"ru", "fa"}
    assert "hint" not in question["translations"]["fa"]  # untranslated: the English hint
    wrong_a = bank_module.digest("q00_example", "A")
    sealed = question["translations"]["ru"]["feedback"][wrong_a]
    assert bank_module.unseal("q00_example", "A", sealed, "ru") == "Строк Большой игры меньше."
    with pytest.raises(UnicodeDecodeError):  # the English key, or another answer, reads noise
        bank_module.unseal("q00_example", "A", sealed).encode().decode("ascii")
    # the keystreams of the English and the Russian text differ
    assert sealed[:8] != question["feedback"][wrong_a][:8]


# --- numbers, letters and option words ----------------------------------------------------------

def test_how_a_number_was_read_in_each_edition(locale):
    with i18n.speaking("ru"):
        assert read_number("10.476", False)[1] == ("Я прочитал 10.476 с точкой как десятичным "
                                                   "знаком; если вы имели в виду 10476, напишите "
                                                   "10476.")
    with i18n.speaking("fa"):
        note = read_number("10.476", False)[1]
        assert note == (f"{LRI}10.476{PDI} را با نقطه به‌عنوان ممیز خواندم؛ اگر منظورتان "
                        f"{LRI}10476{PDI} بود، {LRI}10476{PDI} بنویسید.")
        with pytest.raises(AnswerFormError, match=r"^\[دری\] I cannot tell whether"):
            read_number("1,234", False)


@pytest.mark.parametrize("lang, letters", [("ru", "А, Б, В, Г"), ("fa", "الف، ب، ج، د")])
def test_letters_are_named_as_the_edition_prints_them(locale, lang, letters):
    with i18n.speaking(lang), pytest.raises(AnswerFormError) as error:
        as_letter("Z", ["A", "B", "C", "D"])
    assert letters in str(error.value)
    assert str(error.value).startswith(HAND[lang]["answer with one of the letters {letters}; "
                                                  "you gave {given}."][:6])


def test_option_words_of_the_edition(locale, edition_prompts):
    ru = edition_prompts["editions"]["ru"]
    assert ru["exercises"]["q00_example"]["options"]["C"] == "после 2001 года"
    assert edition_prompts["editions"]["fa"]["exercises"]["q00_example"]["options"] == {
        "A": "بازی بزرگ", "B": "دوران شوروی", "C": "پس از ۲۰۰۱", "D": "هر سه یکسان"}
    with i18n.speaking("ru"):
        assert prompts.option_for("q00_example", "после 2001") == "C"
        assert feedback("q00_example", "после 2001") == (None, (
            "«после 2001» – это вариант В (после 2001 года): ответьте его буквой, "
            'answer = "В".'))
        assert feedback("q00_example", "советская эпоха") == (None, (
            '[ru] "советская эпоха" is option Б: answer with its letter, answer = "Б".'))
    with i18n.speaking("fa"):
        assert prompts.option_for("q00_example", "دوران شوروی") == "B"
        assert prompts.option_for("q00_example", "the Soviet era") == "B"  # English still read


# --- the summary --------------------------------------------------------------------------------

def test_the_summary_in_each_edition(locale, edition_prompts, sealed_bank):
    with i18n.speaking("ru"):
        feedback_shown = feedback("q00_example", "A")
        results.record("q00_example", "A", *feedback_shown)
        lines = results.summary_lines("00")
    assert lines == [
        "Тетрадь 00: верно 0 из 1 (отвечено: 1).",
        "[ru] Not right yet: [ru] the worked exercise. The feedback under each cell says where "
        "to look.",
        # the objective's name from the edition's Markdown, the section's heading too
        "[ru] O0.3 (сформулировать главный вопрос серии и назвать три её эпохи): 0 of 1 right. "
        "Reread [ru] тетрадь 00, раздел «Разобранное упражнение» ([ru] the worked exercise)."]
    with i18n.speaking("fa"):
        results.record("q00_example", example_letters()[0], True, "درست است.")
        lines = results.summary_lines("00")
        running = results.running_score("00")
    assert lines[0] == "دفترچهٔ 00: ۱ از ۱ درست (۱ پاسخ)."  # Persian digits for the counts
    assert running == "[دری] Running score: ۱ of ۱ right (۱ answered)."


def test_a_dari_source_line_isolates_each_work_not_the_sentence(locale):
    """In Dari each work cited keeps its own direction (a first-strong isolate), and the
    edition's words around them ("Sources:", "and N more (see the source_id column)") stay in
    the right-to-left sentence: the whole line in a left-to-right isolate showed the closing
    words in left-to-right order, "(را ببینید source_id ستون)"."""
    from helpers import cite, load_table
    from helpers.i18n import FSI

    ids = list(load_table("sources").index[:4])
    works = [str(load_table("sources").loc[i, "work"]) for i in ids[:2]]
    with i18n.speaking("fa"):
        line = cite(*ids)
    assert LRI not in line and line.count(FSI) == 2 == line.count(PDI), line
    assert all(f"{FSI}{work}{PDI}" in line for work in works), line
    assert line.startswith(PSEUDO["fa"]) and PSEUDO["fa"] in line.rsplit(PDI, 1)[1], line
    assert FSI not in cite(*ids)  # English: unchanged


FIRST_THREE = ["q04_trace_source", "q04_eras_order", "q04_nearest_city"]  # Items 1-3


def test_the_dari_summary_keeps_code_in_order_and_numbers_items_as_the_prompts_do(locale):
    """In Dari the unanswered line's ``answer = ...`` sits in a left-to-right isolate (it would
    show as ``... = answer``), and the items are numbered in Persian digits, as notebook 04's
    prompts print them (**پرسش ۵**)."""
    states = {qid: "unanswered" for qid in results.notebook_items("04")}
    with i18n.speaking("fa"):
        lines = results.summary_lines("04", states)
        named = results.named(FIRST_THREE)
    unanswered = next(line for line in lines if "answer = ..." in line)
    assert f"{LRI}answer = ...{PDI}" in unanswered and unanswered.count(LRI) == 1, unanswered
    assert named.endswith("۱-۳"), named
    with i18n.speaking("ru"):
        assert results.named(FIRST_THREE).endswith("1-3")
        line = next(x for x in results.summary_lines("04", states) if "answer = ..." in x)
    assert LRI not in line


@pytest.mark.parametrize("lang, count, form", [
    ("ru", 1, 0), ("ru", 2, 1), ("ru", 5, 2), ("fa", 1, 0), ("fa", 3, 1)])
def test_item_lists_take_the_language_s_plural_form(locale, lang, count, form):
    ids = ["q04_trace_source", "q04_eras_order", "q04_nearest_city", "q04_advance_order",
           "q04_merv_herat"][:count]
    with i18n.speaking(lang):
        named = results.named(ids)
    assert named.startswith(f"{PSEUDO[lang]}{form}: Item")
