"""The report's words in English and Chinese: section titles, column headers, measures."""

from __future__ import annotations

from churnguard.i18n.reports import TEXT

__all__ = ["TEXT", "say", "word"]


def say(key: str, lang: str, **fields: object) -> str:
    en, zh = TEXT.get(key, (key, key))
    return (zh if lang == "zh" else en).format(**fields)


def word(prefix: str, value: object, lang: str) -> str:
    """A value's name in the report's words (``prefix.value``), or the value itself when it has none."""
    key = f"{prefix}.{value}"
    return say(key, lang) if key in TEXT else str(value)
