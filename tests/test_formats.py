"""Numbers, money, shares and times are written by Babel's CLDR formats in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from churnguard.i18n import formats
from churnguard.reports.render import table


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_are_grouped_and_rounded(lang: str) -> None:
    assert formats.number(1234567, lang) == "1,234,567"
    assert formats.number(3.14159, lang, decimals=2) == "3.14"
    assert formats.number(0.8251, lang, decimals=3) == "0.825"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_money_is_yuan_with_its_sign(lang: str) -> None:
    assert formats.money(12345.6, lang) == "¥12,346"
    assert formats.money(-1200, lang) == "-¥1,200"
    assert formats.money(9.5, lang, decimals=2) == "¥9.50"


def test_shares_are_percentages_and_gains_carry_their_sign() -> None:
    assert formats.percent(0.0346, "zh") == "3.5%"
    assert formats.percent(0.037, "en", signed=True) == "+3.7%"
    assert formats.percent(-0.066, "en", signed=True) == "-6.6%"
    assert formats.percent(2.26, "zh", decimals=0, signed=True) == "+226%"
    assert formats.times(2.864, "en") == "2.86×"


@pytest.mark.parametrize("write", [formats.number, formats.money, formats.percent, formats.times])
def test_a_missing_value_is_written_as_nothing(write) -> None:
    assert write(None, "en") == ""
    assert write(float("nan"), "zh") == ""


def test_dates_follow_the_language_and_times_the_operators_zone() -> None:
    assert formats.date_text(date(2026, 12, 8), "zh") == "2026年12月8日"
    assert formats.date_text(date(2026, 12, 8), "en") == "Dec 8, 2026"
    # A stored time is naive UTC: 23:30 UTC on the 7th is 07:30 on the 8th in Shanghai.
    at = datetime(2026, 12, 7, 23, 30)
    assert formats.time_text(at, "zh", ZoneInfo("Asia/Shanghai")) == "2026年12月8日 07:30"
    assert formats.time_text(at, "en", ZoneInfo("Asia/Shanghai")) == "Dec 8, 2026, 07:30"
    assert formats.time_text(None, "en") == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_tables_write_each_column_by_its_kind(lang: str) -> None:
    frame = pd.DataFrame(
        {"churned": [1234], "churn_rate": [0.0183], "revenue_at_risk": [98765.4], "roi": [-0.4], "psi": [0.1234]}
    )
    row = table(frame, lang)["rows"][0]
    assert row == ["1,234", "1.8%", "¥98,765", "-40%", "0.123"]
