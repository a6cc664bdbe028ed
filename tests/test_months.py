"""churnguard.months: one meaning of "YYYY-MM" and of month arithmetic."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from churnguard.errors import ConfigError, UserError
from churnguard.months import Month, between, bounds, is_month, parse, shift, span


@pytest.mark.parametrize("text", ["2025-01", "2025-12", "1999-07", "0001-01", "9999-12"])
def test_a_month_parses_and_prints_as_it_was_written(text: str) -> None:
    assert str(Month.parse(text)) == text
    assert str(parse(text)) == text
    assert is_month(text)


@pytest.mark.parametrize(
    "text",
    ["2025-13", "2025-00", "2025-1", "25-01", "202501", "2025/01", "2025-01-01", " 2025-01", "abc", "", "0000-05"],
)
def test_anything_else_is_refused_with_a_message_and_a_hint(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Month.parse(text)
    error = caught.value
    assert isinstance(error, UserError) and error.exit_code == 2 and error.http_status == 422
    assert str(error) == f"'{text}' is not a month."
    assert "YYYY-MM" in error.hint("en") and "YYYY-MM" in error.hint("zh")
    assert text in error.message("zh")
    assert not is_month(text)


def test_a_month_that_is_not_text_is_refused() -> None:
    with pytest.raises(ConfigError):
        Month.parse(202501)  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Month(2025, 13)
    assert not is_month(None)


def test_adding_and_subtracting_months_crosses_year_ends() -> None:
    jan = Month.parse("2025-01")
    assert str(jan - 1) == "2024-12"
    assert str(jan + 11) == "2025-12"
    assert str(jan + 12) == "2026-01"
    assert str(3 + jan) == "2025-04"
    assert str(jan - 25) == "2022-12"
    assert shift("2025-02", -14) == "2023-12"
    assert shift("2024-12", 1) == "2025-01"
    assert shift("2025-06", 0) == "2025-06"


def test_the_difference_of_two_months_is_the_months_between_them() -> None:
    assert Month.parse("2025-02") - Month.parse("2024-11") == 3
    assert Month.parse("2024-11") - Month.parse("2025-02") == -3
    assert between("2024-11", "2025-02") == 3
    assert between("2025-03", "2025-03") == 0


def test_months_compare_hash_and_sort_by_time() -> None:
    a, b = Month.parse("2024-12"), Month.parse("2025-01")
    assert a < b and b > a and a <= a and a != b
    assert Month.parse("2025-01") == Month(2025, 1)
    assert len({Month.parse("2025-01"), Month(2025, 1), b}) == 1
    assert sorted([b, a]) == [a, b]
    assert Month.of(date(2025, 3, 31)) == Month.of(datetime(2025, 3, 1, 23, 59)) == Month.parse("2025-03")


def test_range_includes_both_ends_and_is_empty_backwards() -> None:
    assert span("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert span("2025-03", "2025-03") == ["2025-03"]
    assert span("2025-04", "2025-03") == []
    assert Month.range(Month.parse("2025-01"), "2025-02") == [Month(2025, 1), Month(2025, 2)]
    with pytest.raises(ConfigError):
        span("2025-01", "2025-13")


def test_start_and_end_are_the_first_instants_of_the_month_and_the_next() -> None:
    dec = Month.parse("2024-12")
    assert dec.start == datetime(2024, 12, 1)
    assert dec.end == datetime(2025, 1, 1)
    assert bounds("2025-02") == (datetime(2025, 2, 1), datetime(2025, 3, 1))
    assert dec.end == (dec + 1).start


_months = st.builds(Month, st.integers(1000, 8999), st.integers(1, 12))


@given(_months, st.integers(-11_988, 11_988))  # at most 999 years: inside 0001-9999
def test_shifting_there_and_back_is_the_same_month(month: Month, k: int) -> None:
    text = str(month)
    assert shift(shift(text, k), -k) == text
    assert (month + k) - month == k
    assert between(text, shift(text, k)) == k


@given(_months, _months)
def test_month_order_agrees_with_string_order(a: Month, b: Month) -> None:
    assert (a < b) == (str(a) < str(b))
    assert (a == b) == (str(a) == str(b))
    assert (a - b > 0) == (a > b)
    assert Month.parse(str(a)) == a and hash(Month.parse(str(a))) == hash(a)
