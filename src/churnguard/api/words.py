"""The dashboard's words: looked up in the catalogue (``churnguard.i18n.dashboard``). A key missing there
shows as itself (a test checks that every key the templates use is there)."""

from __future__ import annotations

from churnguard.i18n.dashboard import OFFER_NAMES, SCRIPT_ANY, SCRIPTS, WORDS

__all__ = ["OFFER_NAMES", "SCRIPTS", "WORDS", "offer_name", "script_for", "word"]


def offer_name(offer_id: str, name: str, lang: str) -> str:
    return OFFER_NAMES.get(offer_id, name) if lang == "zh" else name


def script_for(category: str, lang: str, offer: str | None = None) -> str:
    """The call script for an offer answering ``category``; ``{offer}`` is left for the offer's name."""
    en, zh = SCRIPTS.get(category, SCRIPT_ANY)
    text = zh if lang == "zh" else en
    return text if offer is None else text.format(offer=offer)


def word(key: str, lang: str, **fields: object) -> str:
    en, zh = WORDS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
