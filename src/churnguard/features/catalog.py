"""Business words for features: a readable name and a churn-reason category for any column.

Operator tables name things in many ways; a column is put in a reason category by keywords in its
name (English or Chinese). Categories are what retention teams act on (price, network, service …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "KNOWN_NAMES", "MONTHLY", "Feature", "FeatureText", "describe_feature", "render_markdown"]

# category: (English, Chinese, keyword pattern). Order matters: the first match wins.
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "contract": ("contract", "合约", r"contract|commit|agreement|合约|合同|协议"),
    "prepaid": ("prepaid line", "预付费用户", r"prepaid|pre_paid|预付费|预付"),
    "billing": (
        "bill disputes",
        "账单争议",
        r"complaints?_billing|billing_complaint|bill_dispute|计费投诉|账单争议|账单投诉",
    ),
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
    "competitor": ("competitor", "竞争对手", r"competitor|rival|offnet|port_out|异网|竞争|携转"),
    "social": ("social circle", "社交圈", r"contact|social|circle|社交|联系人"),
    "network": ("network", "网络", r"internet|network|signal|drop|coverage|outage|fiber|dsl|4g|5g|网络|信号|宽带"),
    "device": ("device", "终端", r"device|handset|phone_service|terminal|终端|手机"),
    "price": ("price", "资费", r"charge|fee|price|cost|bill|tariff|plan|arpu|spend|资费|费用|套餐|价格|月租"),
    "usage": (
        "usage and usage decline",
        "使用量与用量下降",
        r"minute|call|sms|message|data|usage|mou|traffic|stream|vmail|backup|security|lines|通话|短信|流量|用量",
    ),
    "tenure": ("tenure and lifecycle", "在网时长与生命周期", r"tenure|account_length|months|age_on|在网|网龄"),
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
    window: str  # month, 3 months, 12 months, to date, month end, trailing 3 months
    category: str
    en: str
    zh: str


_M, _3M, _12M, _TD, _END, _T3 = "month", "3 months", "12 months", "to date", "month end", "trailing 3 months"
_2M = "2 months"
_W_ZH = {
    _M: "当月",
    _2M: "近 2 个月",
    _3M: "近 3 个月",
    _12M: "近 12 个月",
    _TD: "截至月末累计",
    _END: "月末时点",
    _T3: "对比前 3 个月",
}
_SERVICE_ZH = {
    "voice": "语音",
    "data": "流量",
    "sms": "短信",
    "broadband": "宽带",
    "iptv": "IPTV",
    "value_added": "增值业务",
    "other": "其他",
}

_ROWS: list[tuple[str, str, str, str, str]] = [
    # usage of the month
    ("voice_out_minutes", _M, "usage", "Outgoing voice minutes", "主叫通话分钟"),
    ("voice_in_minutes", _M, "usage", "Incoming voice minutes", "被叫通话分钟"),
    ("voice_minutes", _M, "usage", "Voice minutes, in and out", "通话总分钟"),
    ("voice_out_calls", _M, "usage", "Outgoing calls", "主叫次数"),
    ("voice_in_calls", _M, "usage", "Incoming calls", "被叫次数"),
    ("sms_out", _M, "usage", "SMS sent", "发送短信数"),
    ("sms_in", _M, "usage", "SMS received", "接收短信数"),
    ("data_mb", _M, "usage", "Mobile data (MB)", "上网流量（MB）"),
    ("data_sessions", _M, "usage", "Data sessions", "上网次数"),
    ("usage_events", _M, "usage", "All usage events (calls, SMS, data sessions)", "全部使用次数（通话、短信、上网）"),
    ("usage_charge", _M, "price", "Usage charges beyond the plan (CNY)", "套餐外使用费（元）"),
    ("roaming_events", _M, "usage", "Roaming events", "漫游次数"),
    ("night_calls", _M, "usage", "Calls between midnight and 6 am", "零点至六点通话次数"),
    ("active_days", _M, "usage", "Days with any usage", "有使用的天数"),
    ("days_since_last_use", _END, "usage", "Days since the last use", "距最后一次使用的天数"),
    ("onnet_calls", _M, "competitor", "Calls with our own network", "网内通话次数"),
    ("offnet_calls", _M, "competitor", "Calls with competitors' networks (网间通话)", "网间通话次数"),
    ("onnet_share", _M, "competitor", "Share of calls within our network", "网内通话占比"),
    ("competitor_call_share", _M, "competitor", "Share of calls with competitors' networks", "异网通话占比"),
    ("competitor_in_share", _M, "competitor", "Share of incoming calls from competitors' networks", "异网来电占比"),
    ("calls_to_competitor_a", _M, "competitor", "Calls to competitor A's network", "拨打竞争对手 A 网络的次数"),
    ("calls_to_competitor_b", _M, "competitor", "Calls to competitor B's network", "拨打竞争对手 B 网络的次数"),
    ("calls_from_competitor_a", _M, "competitor", "Calls from competitor A's network", "来自竞争对手 A 网络的来电"),
    ("calls_from_competitor_b", _M, "competitor", "Calls from competitor B's network", "来自竞争对手 B 网络的来电"),
    ("distinct_contacts", _M, "usage", "Distinct people called or texted", "联系人数（去重）"),
    ("churned_contacts", _M, "social", "Contacts whose line left this month", "本月离网的联系人数"),
    ("churned_contacts_share", _M, "social", "Share of contacts who left this month", "本月离网联系人占比"),
    (
        "area_portout_rate_3m",
        _3M,
        "competitor",
        "Share of the county's lines ported out to a competitor",
        "所在区县携号转网离网率",
    ),
    ("churned_contacts_2m", _2M, "social", "Contacts whose line left this month or last", "本月或上月离网的联系人数"),
    (
        "churned_contacts_share_2m",
        _2M,
        "social",
        "Share of contacts who left this month or last",
        "本月或上月离网联系人占比",
    ),
    # network experienced
    ("cell_dropped_call_rate", _M, "network", "Dropped-call rate of the cells used", "所用小区掉话率"),
    ("cell_throughput_mbps", _M, "network", "Data speed of the cells used (Mbit/s)", "所用小区下载速率（Mbit/s）"),
    ("cell_outage_hours", _M, "network", "Outage hours of the cells used", "所用小区故障时长"),
    ("outage_exposed_share", _M, "network", "Share of usage in cells that had outages", "在故障小区的使用占比"),
    # trends
    ("voice_mom", _M, "usage", "Voice minutes, change on last month", "通话分钟环比变化"),
    ("voice_vs_3m", _T3, "usage", "Voice minutes against the previous 3-month mean", "通话分钟与前 3 月均值之比"),
    ("voice_slope_3m", _3M, "usage", "Voice minutes, monthly slope over 3 months", "通话分钟 3 个月斜率"),
    ("data_mom", _M, "usage", "Data volume, change on last month", "流量环比变化"),
    ("data_vs_3m", _T3, "usage", "Data volume against the previous 3-month mean", "流量与前 3 月均值之比"),
    ("data_slope_3m", _3M, "usage", "Data volume, monthly slope over 3 months", "流量 3 个月斜率"),
    ("events_mom", _M, "usage", "Usage events, change on last month", "使用次数环比变化"),
    ("events_vs_3m", _T3, "usage", "Usage events against the previous 3-month mean", "使用次数与前 3 月均值之比"),
    ("events_slope_3m", _3M, "usage", "Usage events, monthly slope over 3 months", "使用次数 3 个月斜率"),
    ("active_days_mom", _M, "usage", "Active days, change on last month", "活跃天数环比变化"),
    (
        "usage_drop_flag",
        _T3,
        "usage",
        "Usage fell to half its previous 3-month mean or less",
        "使用量降至前 3 月均值一半以下",
    ),
    ("revenue_mom", _M, "price", "Net bill, change on last month", "出帐收入环比变化"),
    ("revenue_vs_3m", _T3, "price", "Net bill against the previous 3-month mean", "出帐收入与前 3 月均值之比"),
    ("revenue_slope_3m", _3M, "price", "Net bill, monthly slope over 3 months", "出帐收入 3 个月斜率"),
    (
        "revenue_drop_flag",
        _T3,
        "price",
        "Net bill fell to half its previous 3-month mean or less",
        "出帐收入降至前 3 月均值一半以下",
    ),
    (
        "bill_shock",
        _T3,
        "price",
        "Net bill against the previous 3-month mean (bill shock when high)",
        "出帐与前 3 月均值之比（高则为账单冲击）",
    ),
    # money
    ("bill_total", _M, "price", "Bill before discounts (CNY)", "出帐金额（元）"),
    ("discount_total", _M, "price", "Discounts (CNY)", "优惠金额（元）"),
    ("net_bill", _M, "price", "Net bill, the month's ARPU (CNY)", "实收出帐，即当月 ARPU（元）"),
    ("discount_share", _M, "price", "Share of the bill given as discount", "优惠占出帐比例"),
    (
        "discount_months_12m",
        _12M,
        "price",
        "Bills of the last 12 months with a discount (a promotion about to end)",
        "近 12 个月有优惠的账单月数（优惠即将到期）",
    ),
    *[
        (f"bill_{s}", _M, "price", f"Bill for {s.replace('_', '-')} (CNY)", f"{_SERVICE_ZH[s]}出帐（元）")
        for s in ("voice", "data", "sms", "broadband", "iptv", "value_added", "other")
    ],
    ("payments_count", _M, "arrears", "Payments and recharges", "缴费/充值次数"),
    ("payments_amount", _M, "arrears", "Amount paid or recharged (CNY)", "缴费/充值金额（元）"),
    ("mean_payment", _M, "arrears", "Mean payment or recharge (CNY)", "平均每次缴费/充值金额（元）"),
    ("auto_debit_payment", _M, "arrears", "Paid by auto-debit this month (1 yes)", "本月银行代扣缴费（1 是）"),
    ("days_since_last_payment", _END, "arrears", "Days since the last payment", "距最近一次缴费的天数"),
    (
        "arrears_balance",
        _TD,
        "arrears",
        "Billed minus paid so far: the balance owed (CNY)",
        "累计出帐减累计缴费，即欠费余额（元）",
    ),
    ("suspended_arrears_now", _END, "arrears", "Suspended for arrears at month end", "月末处于欠费停机"),
    (
        "suspended_request_now",
        _END,
        "usage",
        "Suspended at the customer's request at month end (停机保号)",
        "月末处于申请停机（停机保号）",
    ),
    ("silent_now", _M, "usage", "No usage or no bill this month (零次户)", "本月无使用或无出帐（零次户）"),
    (
        "inactive_now",
        _END,
        "usage",
        "Silent or suspended at month end: outside the usual active base",
        "月末处于零次或停机状态（不在常规活跃用户中）",
    ),
    ("arrears_days", _END, "arrears", "Days suspended for arrears so far", "已欠费停机天数"),
    ("arrears_suspensions_12m", _12M, "arrears", "Arrears suspensions in the last 12 months", "近 12 个月欠费停机次数"),
    ("rfm_recency_score", _M, "usage", "RFM recency score (5 = used most recently)", "RFM 最近使用得分（5 为最近）"),
    (
        "rfm_frequency_score",
        _M,
        "usage",
        "RFM frequency score (5 = most active days)",
        "RFM 使用频次得分（5 为最活跃）",
    ),
    ("rfm_monetary_score", _M, "price", "RFM monetary score (5 = highest bill)", "RFM 消费金额得分（5 为最高）"),
    # relationship
    ("tenure_months", _END, "tenure", "Tenure (months)", "在网时长（月）"),
    ("months_to_contract_end", _END, "contract", "Months until the contract ends", "距合约到期月数"),
    ("months_since_contract_end", _END, "contract", "Months since the contract ended", "合约到期后月数"),
    ("in_contract", _END, "contract", "Under contract", "处于合约期"),
    ("contract_ends_within_2m", _END, "contract", "Contract ends within 2 months", "合约 2 个月内到期"),
    ("device_age_months", _END, "device", "Age of the phone (months)", "终端使用时长（月）"),
    ("plan_monthly_fee", _END, "price", "Monthly fee of the plan (CNY)", "套餐月费（元）"),
    ("plan_is_5g", _END, "network", "5G plan", "5G 套餐"),
    ("plan_broadband", _END, "network", "Broadband in the bundle", "融合宽带"),
    ("plan_iptv", _END, "network", "IPTV in the bundle", "融合电视"),
    ("plan_data_gb", _END, "price", "Data included in the plan (GB)", "套餐内流量（GB）"),
    ("plan_voice_minutes", _END, "price", "Voice minutes included in the plan", "套餐内通话分钟"),
    ("data_use_vs_plan", _M, "price", "Data used against the plan's allowance", "流量使用占套餐比例"),
    ("voice_use_vs_plan", _M, "price", "Outgoing minutes against the plan's allowance", "主叫分钟占套餐比例"),
    ("is_prepaid", _END, "prepaid", "Prepaid line", "预付费用户"),  # kept by the tariff (a plan or recharge bonus)
    ("is_enterprise", _END, "tenure", "Line of an enterprise (group) customer", "集团客户成员"),
    ("enterprise_lines", _M, "tenure", "Lines of the same enterprise on the books", "所属集团在网号码数"),
    ("enterprise_bill", _M, "price", "Net bill of all the enterprise's lines (CNY)", "所属集团全部号码出帐（元）"),
    ("enterprise_bill_mom", _M, "price", "Enterprise's net bill, change on last month", "所属集团出帐环比变化"),
    ("age", _END, "tenure", "Customer's age (years)", "客户年龄"),
    ("has_account_manager", _END, "service", "Has an account manager", "有客户经理"),
    # experience
    ("complaints_1m", _M, "service", "Complaints this month", "当月投诉次数"),
    ("complaints_3m", _3M, "service", "Complaints in the last 3 months", "近 3 个月投诉次数"),
    ("complaints_network_3m", _3M, "network", "Network complaints, 3 months", "近 3 个月网络投诉"),
    ("complaints_billing_3m", _3M, "billing", "Billing complaints, 3 months", "近 3 个月计费投诉"),
    ("complaints_service_3m", _3M, "service", "Service-attitude complaints, 3 months", "近 3 个月服务态度投诉"),
    ("complaints_price_3m", _3M, "price", "Price complaints, 3 months", "近 3 个月资费投诉"),
    ("complaints_broadband_3m", _3M, "network", "Broadband complaints, 3 months", "近 3 个月宽带投诉"),
    ("unresolved_complaints_3m", _3M, "service", "Unresolved complaints, 3 months", "近 3 个月未解决投诉"),
    (
        "hours_to_resolve_3m",
        _3M,
        "service",
        "Mean hours to resolve a complaint, 3 months",
        "近 3 个月投诉平均处理时长（小时）",
    ),
    ("regulator_complaints_12m", _12M, "service", "Complaints to the regulator, 12 months", "近 12 个月工信部申诉次数"),
    ("last_survey_score", _TD, "service", "Latest overall satisfaction score (1–5)", "最近一次总体满意度评分（1–5）"),
    ("low_survey_score", _TD, "service", "Latest satisfaction score 2 or lower", "最近一次满意度 2 分及以下"),
]

MONTHLY: dict[str, Feature] = {row[0]: Feature(*row) for row in _ROWS}


def render_markdown(lang: str = "en") -> str:
    """The monthly feature dictionary as Markdown (generated into docs/reference/features.md)."""
    zh = lang == "zh"
    lines = ["# 月度特征字典" if zh else "# Monthly feature dictionary", ""]
    lines.append(
        f"共 {len(MONTHLY)} 个特征，按离网原因类别分组；窗口均截至该月月末，不读取之后的数据。"
        if zh
        else f"{len(MONTHLY)} features, grouped by the churn reason they speak to. Every window ends at the "
        "end of the month; nothing after it is read."
    )
    for key, (en, zh_name, _) in CATEGORIES.items():
        rows = [f for f in MONTHLY.values() if f.category == key]
        if not rows:
            continue
        lines += ["", f"## {zh_name if zh else en}", ""]
        lines += ["| 特征 | 窗口 | 说明 |" if zh else "| feature | window | description |", "|---|---|---|"]
        lines += [f"| `{f.name}` | {_W_ZH[f.window] if zh else f.window} | {f.zh if zh else f.en} |" for f in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # `make docs` writes docs/reference/features.md from here
    print(render_markdown("en") + "\n" + render_markdown("zh"), end="")
