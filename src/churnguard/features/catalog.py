"""Business words for features: a readable name and a churn-reason category for any column.

Operator tables name things in many ways; a column is put in a reason category by keywords in its
name (English or Chinese). Categories are what retention teams act on (price, network, service …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "KNOWN_NAMES", "FeatureText", "describe_feature"]

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


# Names of well-known columns (the public telecom sets and common operator fields) in both languages.
KNOWN_NAMES: dict[str, tuple[str, str]] = {
    "tenure": ("Tenure (months)", "在网时长（月）"),
    "contract": ("Contract", "合约类型"),
    "monthly_charges": ("Monthly charges", "月消费"),
    "total_charges": ("Total charges", "累计消费"),
    "internet_service": ("Internet service", "宽带业务"),
    "online_security": ("Online security", "网络安全服务"),
    "online_backup": ("Online backup", "在线备份"),
    "device_protection": ("Device protection", "终端保障"),
    "tech_support": ("Tech support", "技术支持"),
    "streaming_tv": ("Streaming TV", "流媒体电视"),
    "streaming_movies": ("Streaming movies", "流媒体影视"),
    "multiple_lines": ("Multiple lines", "多线路"),
    "phone_service": ("Phone service", "语音业务"),
    "paperless_billing": ("Paperless billing", "电子账单"),
    "payment_method": ("Payment method", "缴费方式"),
    "senior_citizen": ("Senior citizen", "老年用户"),
    "partner": ("Has partner", "有配偶"),
    "dependents": ("Has dependents", "有家属"),
    "female": ("Female", "女性"),
    "gender": ("Gender", "性别"),
    "state": ("State", "所在州/省"),
    "area_code": ("Area code", "区号"),
    "account_length": ("Account length (days)", "账户时长（天）"),
    "international_plan": ("International plan", "国际套餐"),
    "voice_mail_plan": ("Voice-mail plan", "语音信箱套餐"),
    "number_vmail_messages": ("Voice-mail messages", "语音留言数"),
    "total_day_minutes": ("Day minutes", "日间通话分钟"),
    "total_day_calls": ("Day calls", "日间通话次数"),
    "total_day_charge": ("Day charge", "日间通话费"),
    "total_eve_minutes": ("Evening minutes", "晚间通话分钟"),
    "total_eve_calls": ("Evening calls", "晚间通话次数"),
    "total_eve_charge": ("Evening charge", "晚间通话费"),
    "total_night_minutes": ("Night minutes", "夜间通话分钟"),
    "total_night_calls": ("Night calls", "夜间通话次数"),
    "total_night_charge": ("Night charge", "夜间通话费"),
    "total_intl_minutes": ("International minutes", "国际通话分钟"),
    "total_intl_calls": ("International calls", "国际通话次数"),
    "total_intl_charge": ("International charge", "国际通话费"),
    "number_customer_service_calls": ("Customer-service calls", "客服来电次数"),
    "sum_of_charge": ("Total charge (all periods)", "总通话费"),
    "sum_of_minutes": ("Total minutes (all periods)", "总通话分钟"),
    "sum_of_calls": ("Total calls (all periods)", "总通话次数"),
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
    if lowered in KNOWN_NAMES:
        en, zh = KNOWN_NAMES[lowered]
        return FeatureText(name_en=en, name_zh=zh, category=category)
    human = _humanize(column)
    return FeatureText(name_en=human, name_zh=human, category=category)
