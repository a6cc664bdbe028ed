"""Lines, orders and reasons as the API and the dashboard show them: JSON-safe, in the reader's language."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from churnguard.api.words import word
from churnguard.explain import ACTIONS
from churnguard.features.catalog import CATEGORIES, describe_feature
from churnguard.i18n import t
from churnguard.i18n.domain import YES_NO
from churnguard.reports.text import word as report_word
from churnguard.retention.policy import reason_key
from churnguard.segments.lifecycle import STAGES
from churnguard.segments.value import RFM_GROUPS, TIERS

__all__ = ["LIST_COLUMNS", "clean", "reason_words", "reasons_of", "value_name"]

LIST_COLUMNS = [
    "subscriber_id",
    "pseudonym",
    "name",
    "msisdn",
    # Kept at ingest beside the encrypted fields: a list shows these and decrypts nothing.
    "name_masked",
    "msisdn_masked",
    "city",
    "county",
    "tier",
    "stage",
    "risk_tier",
    "kind",
    "p_churn",
    "value_at_risk",
    "revenue_at_risk",
    "clv",
    "monthly_margin",
    "reason_1_category",
    "account_manager_id",
]


def clean(value: object) -> object:
    """Plain JSON values: NaN and NA become None, numpy scalars Python ones, times ISO strings."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT or value is None:
        return None
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    return value


def category_name(label: object, lang: str) -> str:
    key = reason_key(label)
    return CATEGORIES[key][1 if lang == "zh" else 0]


def reason_words(feature: str, value: object, direction: str, lang: str) -> str:
    name = describe_feature(str(feature)).name(lang)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value == "(missing)":
        # What is absent is said in words, never as "nan" or "(missing)".
        return t("reason.no_value", lang, feature=name)
    shown = f"{value:.4g}" if isinstance(value, float) else str(value)
    if lang == "zh":
        # Scores keep the value as explain wrote it, in English: its yes / no are translated here.
        shown = {en: zh for en, zh in YES_NO.values()}.get(shown, shown)
    return t("reason.up" if direction == "up" else "reason.down", lang, feature=name, value=shown)


def reasons_of(line: dict, lang: str) -> list[dict]:
    """The line's top reasons in words, each with its category and the action the category calls for."""
    out = []
    for i in (1, 2, 3):
        feature = line.get(f"reason_{i}_feature")
        if feature is None or feature != feature:
            continue
        category = line.get(f"reason_{i}_category")
        key = reason_key(category)
        out.append(
            {
                "rank": i,
                "category": key,
                "category_name": category_name(category, lang),
                "feature": feature,
                "value": clean(line.get(f"reason_{i}_value")),
                "direction": line.get(f"reason_{i}_direction"),
                "text": reason_words(feature, line.get(f"reason_{i}_value"), line.get(f"reason_{i}_direction"), lang),
                "action": ACTIONS.get(key, ACTIONS["other"])[1 if lang == "zh" else 0],
            }
        )
    return out


def value_name(kind: str, value: object, lang: str) -> str:
    """A filter value in words: tiers, stages, reasons, risk and churn kind."""
    if value is None or value != value:
        return ""
    zh = lang == "zh"
    if kind == "tier" and value in TIERS:
        return TIERS[value][zh]
    if kind == "stage" and value in STAGES:
        return STAGES[value][zh]
    if kind == "reason":
        return category_name(value, lang)
    if kind == "risk":
        return word(f"risk.{value}", lang)
    if kind in ("kind", "rule"):
        return report_word(kind, value, lang)
    if kind == "rfm" and value in RFM_GROUPS:
        return RFM_GROUPS[value][zh]
    if kind in ("gender", "customer_type", "payment_type"):
        return word(f"v.{value}", lang)
    if kind in ("status", "left"):
        return word(f"{kind}.{value}", lang)
    return str(value)
