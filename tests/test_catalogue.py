"""Every text the product shows exists in English and in Chinese, with the same placeholders, and says
churn one way in Chinese (离网)."""

from __future__ import annotations

import string

import pytest

from churnguard.api.words import SCRIPTS, WORDS
from churnguard.explain import ACTIONS
from churnguard.features.catalog import CATEGORIES
from churnguard.i18n import MESSAGES
from churnguard.reports.text import TEXT
from churnguard.segments.lifecycle import STAGES
from churnguard.segments.value import RFM_GROUPS, TIERS

CATALOGUES = {
    "i18n.MESSAGES": MESSAGES,
    "api.words.WORDS": WORDS,
    "api.words.SCRIPTS": SCRIPTS,
    "reports.text.TEXT": TEXT,
    "explain.ACTIONS": ACTIONS,
    "features.catalog.CATEGORIES": CATEGORIES,
    "segments.STAGES": STAGES,
    "segments.TIERS": TIERS,
    "segments.RFM_GROUPS": RFM_GROUPS,
}
# Entries that are empty on purpose in both languages (a missing value shown as nothing).
EMPTY_OK = {("api.words.WORDS", "v.None")}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_entry_is_in_both_languages_with_the_same_placeholders(name: str) -> None:
    bad = []
    for key, entry in CATALOGUES[name].items():
        en, zh = entry[0], entry[1]
        if (name, key) in EMPTY_OK:
            continue
        if not (isinstance(en, str) and isinstance(zh, str) and en.strip() and zh.strip()):
            bad.append(f"{key}: a language is missing")
        elif _fields(en) != _fields(zh):
            bad.append(f"{key}: {sorted(_fields(en))} against {sorted(_fields(zh))}")
    assert bad == [], f"{name}:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_chinese_says_churn_one_way(name: str) -> None:
    """离网 is the word (the operators' own: 离网率); 流失 is not used for churn in what the product says."""
    found = [key for key, entry in CATALOGUES[name].items() if "流失" in str(entry[1])]
    assert found == [], f"{name} says 流失 in: {found}"
