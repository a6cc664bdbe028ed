"""Calendar months: the one meaning of "YYYY-MM" and of month arithmetic.

Months travel as strings ``"YYYY-MM"`` at every boundary (warehouse columns, settings, CLI options,
API paths, file names). Inside, :class:`Month` parses and validates them once and does the
arithmetic: ``m + k`` and ``m - k`` shift by ``k`` months, ``b - a`` is the number of months from
``a`` to ``b``, months compare and hash, ``start`` / ``end`` are the first instant of the month and
of the next. The module functions (:func:`shift`, :func:`between`, :func:`bounds`, :func:`span`)
take and give strings for the many call sites that only pass months through.

Bottom layer: imports nothing of ChurnGuard but :mod:`churnguard.errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import overload

from churnguard.errors import ConfigError

__all__ = ["PATTERN", "Month", "between", "bounds", "is_month", "parse", "shift", "span"]

# A month as text, for validators that take a regular expression (the API's path parameters).
PATTERN = r"\d{4}-(0[1-9]|1[0-2])"
_PATTERN = re.compile(PATTERN)


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month; ``str()`` gives ``"YYYY-MM"``. Ordered by time; equal months hash equally.

    ``number`` is the month of the year, 1–12; ``year`` is 1–9999 (what :class:`datetime` allows).
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if not (1 <= self.year <= 9999 and 1 <= self.number <= 12):
            raise ConfigError("month.invalid", value=f"{self.year:04d}-{self.number:02d}")

    @classmethod
    def parse(cls, text: str | Month) -> Month:
        """``"YYYY-MM"`` as a month (a :class:`Month` is returned as it is).

        Raises :class:`~churnguard.errors.ConfigError` (``month.invalid``) for anything else:
        ``"2025-13"``, ``"2025-1"``, ``"202501"``, ``"abc"``.
        """
        if isinstance(text, Month):
            return text
        if not is_month(text):
            raise ConfigError("month.invalid", value=str(text))
        return cls(int(text[:4]), int(text[5:]))

    @classmethod
    def of(cls, day: date) -> Month:
        """The month that ``day`` (a date or datetime) falls in."""
        return cls(day.year, day.month)

    @classmethod
    def _of_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    @property
    def _index(self) -> int:
        return self.year * 12 + self.number - 1

    def __add__(self, months: int) -> Month:
        if isinstance(months, int):
            return Month._of_index(self._index + months)
        return NotImplemented

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> Month: ...
    @overload
    def __sub__(self, other: Month) -> int: ...
    def __sub__(self, other: int | Month) -> Month | int:
        """``m - k`` is the month ``k`` months before; ``b - a`` the months from ``a`` to ``b``."""
        if isinstance(other, Month):
            return self._index - other._index
        if isinstance(other, int):
            return Month._of_index(self._index - other)
        return NotImplemented

    @property
    def start(self) -> datetime:
        """First instant of the month."""
        return datetime(self.year, self.number, 1)

    @property
    def end(self) -> datetime:
        """First instant of the month after (the exclusive end of this one)."""
        return (self + 1).start

    @staticmethod
    def range(first: str | Month, last: str | Month) -> list[Month]:
        """Every month from ``first`` to ``last``, both included; empty when ``first`` is after ``last``."""
        a, b = Month.parse(first), Month.parse(last)
        return [Month._of_index(i) for i in range(a._index, b._index + 1)]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"


def parse(text: str | Month) -> Month:
    """``Month.parse``: ``"YYYY-MM"`` as a :class:`Month`, or ``ConfigError`` (``month.invalid``)."""
    return Month.parse(text)


def is_month(text: object) -> bool:
    """Whether ``text`` is a month written ``"YYYY-MM"``."""
    return isinstance(text, str) and _PATTERN.fullmatch(text) is not None and not text.startswith("0000")


def shift(month: str, months: int) -> str:
    """``month`` moved by ``months`` (negative: back), as ``"YYYY-MM"``: ``shift("2025-01", -1) == "2024-12"``."""
    return str(Month.parse(month) + months)


def between(first: str, last: str) -> int:
    """Months from ``first`` to ``last`` (negative when ``last`` is earlier): ``between("2024-11", "2025-02") == 3``."""
    return Month.parse(last) - Month.parse(first)


def bounds(month: str) -> tuple[datetime, datetime]:
    """First instant of ``month`` and of the month after it: the half-open interval ``[start, end)``."""
    m = Month.parse(month)
    return m.start, m.end


def span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` as ``"YYYY-MM"``, both included; empty when ``first`` > ``last``."""
    return [str(m) for m in Month.range(first, last)]
