"""Every text the product shows exists in English and in Chinese, with the same placeholders, and says
churn one way in Chinese (离网)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import churnguard
from churnguard.api.words import SCRIPTS, WORDS
from churnguard.contracts import CONTRACTS
from churnguard.explain import ACTIONS
from churnguard.features.catalog import CATEGORIES, MONTHLY
from churnguard.i18n import MESSAGES
from churnguard.i18n.columns import COLUMNS, DATA_MODEL_DOC, TABLES
from churnguard.i18n.features import CATEGORY_NAMES, FEATURE_DOC, FEATURE_NAMES, KNOWN_NAMES, WINDOWS
from churnguard.reports.text import TEXT
from churnguard.segments.lifecycle import STAGES
from churnguard.segments.value import RFM_GROUPS, TIERS

CATALOGUES = {
    "i18n.MESSAGES": MESSAGES,
    "api.words.WORDS": WORDS,
    "api.words.SCRIPTS": SCRIPTS,
    "reports.text.TEXT": TEXT,
    "explain.ACTIONS": ACTIONS,
    "i18n.features.CATEGORY_NAMES": CATEGORY_NAMES,
    "i18n.features.FEATURE_NAMES": FEATURE_NAMES,
    "i18n.features.KNOWN_NAMES": KNOWN_NAMES,
    "i18n.features.WINDOWS": WINDOWS,
    "i18n.features.FEATURE_DOC": FEATURE_DOC,
    "i18n.columns.TABLES": TABLES,
    "i18n.columns.COLUMNS": COLUMNS,
    "i18n.columns.DATA_MODEL_DOC": DATA_MODEL_DOC,
    "segments.STAGES": STAGES,
    "segments.TIERS": TIERS,
    "segments.RFM_GROUPS": RFM_GROUPS,
}
# Entries that are empty on purpose in both languages (a missing value shown as nothing).
CJK = re.compile(r"[\u4e00-\u9fff]")
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


# Modules outside the catalogue package that still hold Chinese text, and why. The list may only shrink:
# a new module with Chinese text fails the test below; moving a module's texts into ``churnguard.i18n``
# means taking it off the list.
STILL_OUTSIDE = {
    # What users' files say (read, never shown): churn columns named 流失 / 是否流失, 是/否 values, Chinese
    # headers of an operator's extract, and the simulator's Chinese names and places.
    "data/ingest.py": "input vocabulary",
    "data/samples.py": "input vocabulary",
    "data/validate.py": "input vocabulary",
    "data/sim/population.py": "simulated names and places",
    "run.py": "the demo's account names (王分析, 李主管): data, not interface",
    "features/snapshot.py": "input vocabulary (churn column names and values)",
    # The keywords that put a column in a reason category (合约, 欠费, 套餐 …): what operators' column names
    # say, read and never shown. The names shown for features and categories are in i18n.features.
    "features/catalog.py": "input vocabulary (Chinese keywords in operators' column names)",
}


def test_feature_and_data_model_tables_hold_no_unused_entries() -> None:
    """Every feature, category and window name, and every table and column description, is one the
    feature dictionary or the data model uses (a missing one fails at import)."""
    assert list(FEATURE_NAMES) == list(MONTHLY)
    assert list(CATEGORY_NAMES) == list(CATEGORIES)
    assert set(WINDOWS) == {f.window for f in MONTHLY.values()}
    assert list(TABLES) == list(CONTRACTS)
    assert list(COLUMNS) == [f"{c.table}.{col.name}" for c in CONTRACTS.values() for col in c.columns]


def _chinese_strings(path: Path) -> int:
    """String literals with Chinese characters, docstrings left out (they are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
    )


def test_chinese_text_lives_in_the_catalogue() -> None:
    root = Path(churnguard.__file__).parent
    holding = {
        str(path.relative_to(root)): n
        for path in sorted(root.rglob("*.py"))
        if path.parts[len(root.parts)] != "i18n" and (n := _chinese_strings(path))
    }
    assert set(holding) <= set(STILL_OUTSIDE), (
        f"Chinese text outside the catalogue: {set(holding) - set(STILL_OUTSIDE)}"
    )
    # The list only shrinks: an entry whose module no longer holds Chinese text must go.
    assert set(STILL_OUTSIDE) <= set(holding), f"no Chinese text left in {set(STILL_OUTSIDE) - set(holding)}"
