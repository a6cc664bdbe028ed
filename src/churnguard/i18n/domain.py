"""The product's domain words in English and Chinese: value tiers (the six big-customer tiers included)
and who looks after each, lifecycle stages, RFM groups, the action each reason calls for, and small
words (yes / no, high / low, account fields). Part of the one catalogue (``churnguard.i18n``)."""

from __future__ import annotations

__all__ = ["ACCOUNT_FIELDS", "ACTIONS", "COVERAGE", "HIGH_LOW", "RFM_GROUPS", "STAGES", "TIERS", "YES_NO"]

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


# The action each reason calls for, in words an account manager acts on.
ACTIONS: dict[str, tuple[str, str]] = {
    "contract": ("Offer a discounted one- or two-year contract", "推荐优惠的一年或两年合约"),
    "price": (
        "Review the plan: a better-fitting tariff or a loyalty discount",
        "资费关怀：推荐更合适的套餐或忠诚折扣",
    ),
    "service": ("Service-recovery call from the care team; close open complaints", "客服回访，解决未结投诉"),
    "network": (
        "Check network quality where the customer lives; offer an upgrade",
        "核查客户所在地网络质量，提供网络升级",
    ),
    "device": ("Offer a device upgrade or subsidy", "提供换机或购机补贴"),
    "competitor": (
        "Counter the competitor's offer: a matching benefit from the retention team",
        "应对竞争对手：由维系团队提供对等权益",
    ),
    "social": ("Family and friends offer: bring the circle onto one shared plan", "亲情关怀：推荐亲情网/共享套餐"),
    "arrears": ("Move to automatic payment; offer a payment plan", "引导自动缴费，提供分期方案"),
    "billing": (
        "Bill check: go through the disputed bill with the customer and correct any error",
        "账单核查：与客户核对有争议的账单，差错及时更正退费",
    ),
    "prepaid": (
        "Prepaid care: a recharge bonus or a monthly plan that fits the usage",
        "预付费关怀：充值赠送或推荐合适的月套餐",
    ),
    "usage": ("Usage care: bundle the services the customer uses most", "用量关怀：为常用业务推荐组合包"),
    "tenure": (
        "New-customer care: onboarding call and an early-months benefit",
        "新客关怀：入网回访和前几个月的权益",
    ),
    "household": ("Offer a family bundle", "推荐家庭融合套餐"),
    "other": ("Standard retention call", "常规维系外呼"),
    "none": ("No action needed", "无需干预"),
}

# A 0/1 flag as a reason shows it.
YES_NO: dict[str, tuple[str, str]] = {"1": ("Yes", "是"), "0": ("No", "否")}

# Above or below the base: how a cluster is described.
HIGH_LOW: dict[str, tuple[str, str]] = {"high": ("high", "高"), "low": ("low", "低")}

# Names of the fields an account has, as error messages name them.
ACCOUNT_FIELDS: dict[str, tuple[str, str]] = {"region": ("region", "区域"), "name": ("name", "姓名")}

# Who looks after each tier's account, in words (its response time is in segments.value.SERVICE_LEVELS).
COVERAGE: dict[str, tuple[str, str]] = {
    "diamond": ("Dedicated account team, 24/7", "专属客户经理团队，7×24 小时服务"),
    "emerald": ("Dedicated account manager with a backup, 24/7", "专属客户经理及备岗，7×24 小时服务"),
    "platinum": ("Dedicated account manager", "专属客户经理"),
    "gem": ("Named account manager shared by a few enterprises", "指定客户经理（少量集团共用）"),
    "gold": ("Area account manager", "片区客户经理"),
    "crystal": ("Enterprise service hotline", "集团客户服务热线"),
    "high": ("VIP hotline and a VIP account manager", "VIP 专线及 VIP 客户经理"),
    "mid": ("Customer service, priority queue", "客服热线优先接入"),
    "low": ("Customer service and self-service", "客服热线及自助服务"),
    "unknown": ("Customer service and self-service", "客服热线及自助服务"),
}
