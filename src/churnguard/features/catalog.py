"""Business words for features: a readable name and a churn-reason category for any column.

Operator tables name things in many ways; a column is put in a reason category by keywords in its
name (English or Chinese). Categories are what retention teams act on (price, network, service …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "FeatureText", "describe_feature"]

# category: (English, Chinese, keyword pattern). Order matters: the first match wins.
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "contract": ("contract", "合约", r"contract|commit|agreement|合约|合同|协议"),
    "arrears": (
        "payment and arrears",
        "缴费与欠费",
        r"payment|pay_|paperless|billing|arrear|overdue|欠费|缴费|支付|账单",
    ),
    "service": (
        "service",
        "服务",
        r"support|service_call|customer_service|complain|care|ticket|投诉|客服|服务",
    ),
    "network": ("network", "网络", r"internet|network|signal|drop|coverage|fiber|dsl|4g|5g|网络|信号|宽带"),
    "device": ("device", "终端", r"device|handset|phone_service|terminal|终端|手机"),
    "price": ("price", "资费", r"charge|fee|price|cost|bill|tariff|plan|arpu|spend|资费|费用|套餐|价格|月租"),
    "usage": (
        "usage",
        "使用量",
        r"minute|call|sms|message|data|usage|mou|traffic|stream|vmail|backup|security|lines|通话|短信|流量|用量",
    ),
    "tenure": ("tenure", "在网时长", r"tenure|account_length|months|age_on|在网|网龄"),
    "household": (
        "customer profile",
        "客户属性",
        r"senior|partner|dependent|gender|female|age|家庭|性别|年龄",
    ),
    "other": ("other", "其他", r""),
}


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
    lowered = column.lower()
    category = "other"
    for key, (_, _, pattern) in CATEGORIES.items():
        if pattern and re.search(pattern, lowered):
            category = key
            break
    human = _humanize(column)
    return FeatureText(name_en=human, name_zh=human, category=category)
