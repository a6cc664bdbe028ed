"""Business words for features: a readable name and a churn-reason category for any column.

Operator tables name things in many ways; a column is put in a reason category by keywords in its
name (English or Chinese). Categories are what retention teams act on (price, network, service …).

The words shown (feature, category and window names, the dictionary's headings) live in the catalogue,
``churnguard.i18n.features``; this module keeps the structure (which features, their windows and
categories) and the keywords that put a column in a category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from churnguard.i18n.features import CATEGORY_NAMES, FEATURE_DOC, FEATURE_NAMES, KNOWN_NAMES, WINDOWS

__all__ = ["CATEGORIES", "KNOWN_NAMES", "MONTHLY", "Feature", "FeatureText", "describe_feature", "render_markdown"]

# category: keyword pattern. Order matters: the first match wins. The Chinese keywords are input
# vocabulary (what operators' column names say), read and never shown, so they stay here, out of the
# display catalogue.
_PATTERNS: dict[str, str] = {
    "contract": r"contract|commit|agreement|合约|合同|协议",
    "prepaid": r"prepaid|pre_paid|预付费|预付",
    "billing": r"complaints?_billing|billing_complaint|bill_dispute|计费投诉|账单争议|账单投诉",
    "arrears": r"payment|pay_|paperless|billing|arrear|overdue|欠费|缴费|支付|账单",
    "service": r"support|service_call|customer_service|complain|care|ticket|投诉|客服|服务",
    "competitor": r"competitor|rival|offnet|port_out|异网|竞争|携转",
    "social": r"contact|social|circle|社交|联系人",
    "network": r"internet|network|signal|drop|coverage|outage|fiber|dsl|4g|5g|网络|信号|宽带",
    "device": r"device|handset|phone_service|terminal|终端|手机",
    "price": r"charge|fee|price|cost|bill|tariff|plan|arpu|spend|资费|费用|套餐|价格|月租",
    "usage": r"minute|call|sms|message|data|usage|mou|traffic|stream|vmail|backup|security|lines|通话|短信|流量|用量",
    "tenure": r"tenure|account_length|months|age_on|在网|网龄",
    "household": r"senior|partner|dependent|gender|female|age|家庭|性别|年龄",
    "other": r"",
}
# category: (English, Chinese, keyword pattern), in the order of _PATTERNS.
CATEGORIES: dict[str, tuple[str, str, str]] = {key: (*CATEGORY_NAMES[key], _PATTERNS[key]) for key in _PATTERNS}


@dataclass(frozen=True)
class FeatureText:
    name_en: str
    name_zh: str
    category: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def _humanize(column: str) -> str:
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", column).replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else column


def describe_feature(column: str) -> FeatureText:
    """Readable names and the reason category of ``column``."""
    if column in MONTHLY:
        feature = MONTHLY[column]
        return FeatureText(name_en=feature.en, name_zh=feature.zh, category=feature.category)
    lowered = column.lower()
    category = "other"
    for key, (_, _, pattern) in CATEGORIES.items():
        if pattern and re.search(pattern, lowered):
            category = key
            break
    if lowered in KNOWN_NAMES:
        en, zh = KNOWN_NAMES[lowered]
        return FeatureText(name_en=en, name_zh=zh, category=category)
    human = _humanize(column)
    return FeatureText(name_en=human, name_zh=human, category=category)


@dataclass(frozen=True)
class Feature:
    """A feature of the monthly mart: what it measures, over which window, and the reason it speaks to."""

    name: str
    window: str  # a key of i18n.features.WINDOWS: month, 3 months, 12 months, to date, month end …
    category: str
    en: str
    zh: str


_M, _3M, _12M, _TD, _END, _T3 = "month", "3 months", "12 months", "to date", "month end", "trailing 3 months"
_2M = "2 months"

_ROWS: list[tuple[str, str, str]] = [
    # usage of the month
    ("voice_out_minutes", _M, "usage"),
    ("voice_in_minutes", _M, "usage"),
    ("voice_minutes", _M, "usage"),
    ("voice_out_calls", _M, "usage"),
    ("voice_in_calls", _M, "usage"),
    ("sms_out", _M, "usage"),
    ("sms_in", _M, "usage"),
    ("data_mb", _M, "usage"),
    ("data_sessions", _M, "usage"),
    ("usage_events", _M, "usage"),
    ("usage_charge", _M, "price"),
    ("roaming_events", _M, "usage"),
    ("night_calls", _M, "usage"),
    ("active_days", _M, "usage"),
    ("days_since_last_use", _END, "usage"),
    ("onnet_calls", _M, "competitor"),
    ("offnet_calls", _M, "competitor"),
    ("onnet_share", _M, "competitor"),
    ("competitor_call_share", _M, "competitor"),
    ("competitor_in_share", _M, "competitor"),
    ("calls_to_competitor_a", _M, "competitor"),
    ("calls_to_competitor_b", _M, "competitor"),
    ("calls_from_competitor_a", _M, "competitor"),
    ("calls_from_competitor_b", _M, "competitor"),
    ("distinct_contacts", _M, "usage"),
    ("churned_contacts", _M, "social"),
    ("churned_contacts_share", _M, "social"),
    ("area_portout_rate_3m", _3M, "competitor"),
    ("churned_contacts_2m", _2M, "social"),
    ("churned_contacts_share_2m", _2M, "social"),
    # network experienced
    ("cell_dropped_call_rate", _M, "network"),
    ("cell_throughput_mbps", _M, "network"),
    ("cell_outage_hours", _M, "network"),
    ("outage_exposed_share", _M, "network"),
    # trends
    ("voice_mom", _M, "usage"),
    ("voice_vs_3m", _T3, "usage"),
    ("voice_slope_3m", _3M, "usage"),
    ("data_mom", _M, "usage"),
    ("data_vs_3m", _T3, "usage"),
    ("data_slope_3m", _3M, "usage"),
    ("events_mom", _M, "usage"),
    ("events_vs_3m", _T3, "usage"),
    ("events_slope_3m", _3M, "usage"),
    ("active_days_mom", _M, "usage"),
    ("usage_drop_flag", _T3, "usage"),
    ("revenue_mom", _M, "price"),
    ("revenue_vs_3m", _T3, "price"),
    ("revenue_slope_3m", _3M, "price"),
    ("revenue_drop_flag", _T3, "price"),
    ("bill_shock", _T3, "price"),
    # money
    ("bill_total", _M, "price"),
    ("discount_total", _M, "price"),
    ("net_bill", _M, "price"),
    ("discount_share", _M, "price"),
    ("discount_months_12m", _12M, "price"),
    *[(f"bill_{s}", _M, "price") for s in ("voice", "data", "sms", "broadband", "iptv", "value_added", "other")],
    ("payments_count", _M, "arrears"),
    ("payments_amount", _M, "arrears"),
    ("mean_payment", _M, "arrears"),
    ("auto_debit_payment", _M, "arrears"),
    ("days_since_last_payment", _END, "arrears"),
    ("arrears_balance", _TD, "arrears"),
    ("suspended_arrears_now", _END, "arrears"),
    ("suspended_request_now", _END, "usage"),
    ("silent_now", _M, "usage"),
    ("inactive_now", _END, "usage"),
    ("arrears_days", _END, "arrears"),
    ("arrears_suspensions_12m", _12M, "arrears"),
    ("rfm_recency_score", _M, "usage"),
    ("rfm_frequency_score", _M, "usage"),
    ("rfm_monetary_score", _M, "price"),
    # relationship
    ("tenure_months", _END, "tenure"),
    ("months_to_contract_end", _END, "contract"),
    ("months_since_contract_end", _END, "contract"),
    ("in_contract", _END, "contract"),
    ("contract_ends_within_2m", _END, "contract"),
    ("device_age_months", _END, "device"),
    ("plan_monthly_fee", _END, "price"),
    ("plan_is_5g", _END, "network"),
    ("plan_broadband", _END, "network"),
    ("plan_iptv", _END, "network"),
    ("plan_data_gb", _END, "price"),
    ("plan_voice_minutes", _END, "price"),
    ("data_use_vs_plan", _M, "price"),
    ("voice_use_vs_plan", _M, "price"),
    ("is_prepaid", _END, "prepaid"),  # kept by the tariff (a plan or recharge bonus)
    ("is_enterprise", _END, "tenure"),
    ("enterprise_lines", _M, "tenure"),
    ("enterprise_bill", _M, "price"),
    ("enterprise_bill_mom", _M, "price"),
    ("age", _END, "tenure"),
    ("has_account_manager", _END, "service"),
    # experience
    ("complaints_1m", _M, "service"),
    ("complaints_3m", _3M, "service"),
    ("complaints_network_3m", _3M, "network"),
    ("complaints_billing_3m", _3M, "billing"),
    ("complaints_service_3m", _3M, "service"),
    ("complaints_price_3m", _3M, "price"),
    ("complaints_broadband_3m", _3M, "network"),
    ("unresolved_complaints_3m", _3M, "service"),
    ("hours_to_resolve_3m", _3M, "service"),
    ("regulator_complaints_12m", _12M, "service"),
    ("last_survey_score", _TD, "service"),
    ("low_survey_score", _TD, "service"),
]

MONTHLY: dict[str, Feature] = {
    name: Feature(name, window, category, *FEATURE_NAMES[name]) for name, window, category in _ROWS
}


def render_markdown(lang: str = "en") -> str:
    """The monthly feature dictionary as Markdown (generated into docs/reference/features.md)."""
    i = 1 if lang == "zh" else 0
    doc = {key: text[i] for key, text in FEATURE_DOC.items()}
    lines = [f"# {doc['title']}", "", doc["intro"].format(count=len(MONTHLY))]
    head = f"| {doc['head.feature']} | {doc['head.window']} | {doc['head.description']} |"
    for key, names in CATEGORIES.items():
        rows = [f for f in MONTHLY.values() if f.category == key]
        if not rows:
            continue
        lines += ["", f"## {names[i]}", ""]
        lines += [head, "|---|---|---|"]
        lines += [f"| `{f.name}` | {WINDOWS[f.window][i]} | {f.zh if i else f.en} |" for f in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # `make docs` writes docs/reference/features.md from here
    print(render_markdown("en") + "\n" + render_markdown("zh"), end="")
