"""Solar Hijri dates with the Afghan month names, for the Dari edition: computed, never typed.

Afghan schools and historians date events in the Solar Hijri calendar (the Persian calendar,
years from the Hijra, starting at the March equinox), with the month names of the zodiac rather
than Iran's (Hamal for Farvardin, Jadi for Dey, ...): the Soviet intervention is remembered as
«ششم جدی» (6 Jadi 1358). The arithmetic is ``persiantools`` (MIT, no dependencies); the names are
ours (:data:`AFGHAN_MONTHS`), because no Python library carries them.

A date is shown at the precision the data record, and never more exactly: a day-precision date
gets its day, a month-precision one the Solar Hijri month or months its Gregorian month overlaps,
a year-precision one the two Solar Hijri years its Gregorian year overlaps.

>>> import datetime
>>> solar_hijri(datetime.date(1979, 12, 27))
(1358, 10, 6)
>>> solar_hijri_text(datetime.date(1979, 12, 27), "day")
'۶ جدی ۱۳۵۸'
>>> solar_hijri_text(datetime.date(1979, 12, 1), "month")
'قوس–جدی ۱۳۵۸'
>>> solar_hijri_text(datetime.date(1979, 1, 1), "year")
'۱۳۵۷–۱۳۵۸'
"""

from __future__ import annotations

import calendar
from datetime import date

AFGHAN_MONTHS = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی",
                 "دلو", "حوت")
"""The twelve Solar Hijri months as Afghanistan names them (Dari), month 1 (from the March
equinox) to month 12.

Source: the Unicode Common Locale Data Repository, locale ``fa_AF``, calendar ``persian``,
format-wide month names (``common/main/fa_AF.xml``), as ICU 78.2 / CLDR 48 gives them
(``Intl.DateTimeFormat("fa-AF-u-ca-persian")`` in Node 20.20.2 formats 27 December 1979 as
``۶ جدی ۱۳۵۸``); the tests compare this table with ICU where Node is installed. CLDR writes the
sixth month «سنبلهٔ», with the ezafe mark it takes in a date; Afghan texts and this table write
«سنبله». Afghan usage
agrees, e.g. «ششم جدی؛ سالروز تجاوز ارتش سرخ به افغانستان» (nooraf.tv) for 27 December 1979 and
«هفتم ثور سال ۱۳۵۷» for the coup of 27 April 1978.
"""
AFGHAN_MONTHS_LATIN = ("Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sonbola", "Mizan", "Aqrab",
                       "Qaws", "Jadi", "Dalw", "Hut")
"""The same names in the Latin transliteration used in English writing on Afghanistan."""
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DASH = "–"


def solar_hijri(day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the Solar Hijri calendar.

    >>> solar_hijri(date(1979, 3, 21))   # 1 Hamal 1358, the first day of the year
    (1358, 1, 1)
    """
    from persiantools.jdatetime import JalaliDate

    shown = JalaliDate(date(day.year, day.month, day.day))
    return shown.year, shown.month, shown.day


def _fa(number: int) -> str:
    return str(number).translate(PERSIAN_DIGITS)


def _month(year: int, month: int, with_year: bool = True) -> str:
    name = AFGHAN_MONTHS[month - 1]
    return f"{name} {_fa(year)}" if with_year else name


def solar_hijri_text(day: date, precision: str = "day") -> str:
    """A Gregorian date in Solar Hijri, in Dari with Persian digits, at ``precision``.

    Args:
        day: the date as the data store it (for month and year precision, any day inside).
        precision: ``"day"``, ``"month"`` or ``"year"`` (the tables' ``date_precision``).

    Returns:
        ``"۶ جدی ۱۳۵۸"`` (a day), ``"جدی ۱۳۵۸"`` or ``"قوس–جدی ۱۳۵۸"`` (a Gregorian month
        overlaps one or two Solar Hijri months), ``"۱۳۵۷–۱۳۵۸"`` (a Gregorian year always
        overlaps two Solar Hijri years).

    Raises:
        ValueError: an unknown precision.

    >>> solar_hijri_text(date(1979, 3, 5), "month")   # March spans two Solar Hijri years
    'حوت ۱۳۵۷–حمل ۱۳۵۸'
    """
    if precision == "day":
        year, month, d = solar_hijri(day)
        return f"{_fa(d)} {_month(year, month)}"
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        first = solar_hijri(date(day.year, day.month, 1))
        end = solar_hijri(date(day.year, day.month, last))
        if first[:2] == end[:2]:
            return _month(*first[:2])
        if first[0] == end[0]:
            return f"{_month(first[0], first[1], False)}{DASH}{_month(*end[:2])}"
        return f"{_month(*first[:2])}{DASH}{_month(*end[:2])}"
    if precision == "year":
        first = solar_hijri(date(day.year, 1, 1))[0]
        end = solar_hijri(date(day.year, 12, 31))[0]
        return f"{_fa(first)}{DASH}{_fa(end)}"
    raise ValueError(f"precision must be day, month or year, not {precision!r}")
