"""Feedback that gives the easy help: an answer in a form the question cannot take is told what
to type, in the notebook's words, and is never judged wrong for its form.

- a choice answered with an option's words, or with the data label the table printed
  (``"post_2001"``), is told which option that is; an order given as option texts gets letters;
- a misspelt label (``"freindly_kabul"``) gets "did you mean";
- numbers follow one reading rule in every notebook (``helpers.answers.read_number``).
"""

from __future__ import annotations

import pytest

from helpers import prompts
from helpers.answers import AnswerFormError, as_number
from helpers.bank import bank
from helpers.feedback import feedback

CHOICES = sorted(q for q, e in bank().items() if e["kind"] == "choice")
NUMBERS = sorted(q for q, e in bank().items() if e["kind"] == "number")


@pytest.mark.parametrize("qid", CHOICES)
def test_each_option_s_own_words_are_taken_for_its_letter_never_judged(qid):
    options = prompts.options(qid)
    assert list(options) == bank()[qid]["options"], "prompts.json is out of step with the bank"
    for letter, text in options.items():
        verdict, message = feedback(qid, text)
        assert verdict is None, (qid, text, message)
        assert f'is option {letter}' in message and f'answer = "{letter}"' in message, message


@pytest.mark.parametrize(("qid", "typed", "letter"), [
    ("q00_example", "post_2001", "C"), ("q00_example", "great_game", "A"),
    ("q00_example", "soviet", "B"), ("q04_motive_fewest", "curb_drugs", "D"),
    ("q04_motive_fewest", "freindly_kabul", "A"), ("q04_claim_security", "Imprecise", "C"),
    ("q04_nearest_city", "mazar_i_sharif", "C"), ("q02_amin", "contradicted", "B"),
])
def test_a_data_label_or_a_misspelt_one_is_told_its_option(qid, typed, letter):
    verdict, message = feedback(qid, typed)
    assert verdict is None and message.startswith(f'"{typed}" is option {letter}'), message


def test_words_that_name_no_single_option_get_the_plain_request_for_a_letter():
    verdict, message = feedback("q00_example", "Russia")
    assert verdict is None and message.startswith("Answer with the letter of an option"), message


def test_an_order_given_as_option_texts_is_told_the_letters():
    options = prompts.options("q04_eras_order")
    verdict, message = feedback("q04_eras_order", [options[x] for x in "CBEFAD"])
    assert verdict is None and 'answer = ["C", "B", "E", "F", "A", "D"]' in message, message


def test_a_misspelt_label_gets_did_you_mean_and_a_real_one_is_judged():
    verdict, message = feedback("q02_motive_primary", "freindly_kabul")
    assert verdict is None and 'Did you mean "friendly_kabul"?' in message, message
    assert feedback("q02_motive_primary", "curb_drugs")[0] is False  # a label: judged


@pytest.mark.parametrize("qid", NUMBERS)
def test_one_reading_rule_for_numbers_in_every_notebook(qid):
    """Typed as text or as a Python number, "10.476" and "10,476" are read the same way in
    every notebook: thousands where the answer is a whole number; otherwise the dot is a decimal
    point (and the note says so) and the comma is asked about (DECISIONS, "Student path")."""
    question = bank()[qid]
    whole = question["whole"]
    for typed in ("10.476", 10.476):
        number, note = as_number(typed, question)
        assert number == (10476 if whole else 10.476), (qid, typed)
        assert "10.476" in note
    for typed in ("10,476", (10, 476)):
        if whole:
            assert as_number(typed, question)[0] == 10476
        else:
            with pytest.raises(AnswerFormError, match="10476 or 10.476"):
                as_number(typed, question)
    for typed in ("105,5", (105, 5), "105.5"):
        assert as_number(typed, question)[0] == 105.5
    for typed in ("10476", "10 476", "10\u2009476", "10\u00a0476", "10'476"):
        assert as_number(typed, question)[0] == 10476


def test_two_rows_with_one_label_are_told_how_to_keep_one():
    from helpers import load_table

    by_year = load_table("opium_cultivation").set_index("year")
    assert by_year.index.duplicated().any(), "the series has no duplicate year to test with"
    year = by_year.index[by_year.index.duplicated()][0]
    verdict, message = feedback("q04_opium_fall", by_year.loc[year, "hectares"])
    assert verdict is None and f"labelled {year}" in message, message
    assert 'drop_duplicates("year", keep="first")' in message
