"""The names of the product's segments in English and Chinese: value tiers (the six big-customer tiers
included), lifecycle stages and RFM groups. Part of the one catalogue (``churnguard.i18n``)."""

from __future__ import annotations

__all__ = ["RFM_GROUPS", "STAGES", "TIERS"]

# group: (English, Chinese), in the order of the rule table of ``rfm_groups``.
RFM_GROUPS: dict[str, tuple[str, str]] = {
    "champions": ("Champions", "核心价值客户"),
    "cant_lose": ("Can't lose", "重要挽留客户"),
    "loyal": ("Loyal", "忠诚客户"),
    "promising": ("Promising", "潜力新客"),
    "potential": ("Potential", "一般发展客户"),
    "at_risk": ("At risk", "离网风险客户"),
    "hibernating": ("Hibernating", "沉睡客户"),
    "lost": ("Lost", "失活客户"),
    "unknown": ("Unknown", "未知"),
}


# tier: (English, Chinese). "unknown" is the tier of a row whose spend is missing.
TIERS: dict[str, tuple[str, str]] = {
    "diamond": ("Diamond", "钻石"),
    "emerald": ("Emerald", "翡翠"),
    "platinum": ("Platinum", "白金"),
    "gem": ("Gem", "宝石"),
    "gold": ("Gold", "黄金"),
    "crystal": ("Crystal", "水晶"),
    "high": ("High value", "高价值"),
    "mid": ("Mid value", "中价值"),
    "low": ("Low value", "低价值"),
    "unknown": ("Unknown", "未知"),
}


# stage: (English, Chinese), in the order a customer lives through them.
STAGES: dict[str, tuple[str, str]] = {
    "acquisition": ("Acquisition", "获取期"),
    "growth": ("Growth", "成长期"),
    "maturity": ("Maturity", "成熟期"),
    "decline": ("Decline", "衰退期"),
    "exit": ("Exit", "离网期"),
}
