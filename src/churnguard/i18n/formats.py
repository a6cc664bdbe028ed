"""Numbers, money, shares and times as the reader's language writes them, by Babel's CLDR formats.

Money is the operator's: yuan, written ¥ in both languages (Babel's English symbol for CNY is "CN¥",
which reads oddly to an English-speaking analyst in a Chinese operator, where ¥ is unambiguous). A
missing value (None or NaN) is written as nothing; callers choose their own dash where a table needs one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

__all__ = ["LOCALES", "date_text", "money", "number", "percent", "time_text", "times"]

LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "en")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def number(value: object, lang: str, *, decimals: int = 0) -> str:
    """A count or measure with the language's grouping: 12,345 or 1,234.57."""
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def percent(value: object, lang: str, *, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.034) as a percentage (3.4%); ``signed`` writes +3.4% for gains."""
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return format_percent(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def money(value: object, lang: str, *, decimals: int = 0) -> str:
    """Yuan with the currency sign: ¥12,346 (and -¥1,200)."""
    if _missing(value):
        return ""
    pattern = "¥#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def times(value: object, lang: str) -> str:
    """A ratio to a base (2.86 times the average) as 2.86×, never as a percentage."""
    if _missing(value):
        return ""
    return format_decimal(float(value), format="#,##0.00", locale=_locale(lang)) + "×"  # type: ignore[arg-type]


def date_text(day: date | None, lang: str) -> str:
    """A day in prose: 2026年12月8日 or Dec 8, 2026."""
    return "" if day is None else format_date(day, "medium", locale=_locale(lang))


def time_text(at: datetime | None, lang: str, zone: tzinfo | None = None) -> str:
    """A moment in prose, in ``zone`` (a naive time is UTC): 2026年12月8日 09:05 or Dec 8, 2026, 09:05."""
    if at is None:
        return ""
    if zone is not None:
        at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zone)
    day = format_date(at, "medium", locale=_locale(lang))
    joiner = " " if lang == "zh" else ", "
    return f"{day}{joiner}{at:%H:%M}"
