"""Table contracts of the operator data model: columns, types, keys, allowed values, PII, zh/en text.

Declarative and pure. Ingest validates every delivered table against its contract; the simulator
writes tables that satisfy them; ``docs/reference/data-model.md`` is generated from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CONTRACTS",
    "GONE_STATUSES",
    "SUSPENDED_STATUSES",
    "TYPES",
    "Column",
    "Contract",
    "mask",
    "render_markdown",
    "sql_list",
    "valid_cn_id",
    "valid_msisdn",
]

# Mainland mobile numbers: 11 digits starting 13–19.
MSISDN_PATTERN = r"^1[3-9]\d{9}$"
STATUSES = ("active", "suspended_arrears", "suspended_request", "cancelled", "ported_out")
# "The line is gone": the one definition of a departure (any route: cancelled, passive included, or
# ported out). Labels, warnings, reports, follow-up and the API all read it from here.
GONE_STATUSES = ("cancelled", "ported_out")
SUSPENDED_STATUSES = ("suspended_arrears", "suspended_request")
SERVICES = ("voice", "data", "sms", "broadband", "iptv", "value_added", "other")
COMPETITORS = ("own", "competitor_a", "competitor_b")


def sql_list(values: tuple[str, ...]) -> str:
    """``values`` as an SQL list for ``IN``: ``sql_list(GONE_STATUSES) == "('cancelled', 'ported_out')"``.

    For this module's constants only (no quoting of user input): SQL that asks whether a line is gone
    reads ``GONE_STATUSES`` through it, so the departure is defined once.
    """
    if not values or any("'" in v for v in values):
        raise ValueError(f"not a list of SQL constants: {values!r}")
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@dataclass(frozen=True)
class Column:
    """One column: ``type`` is string, int, float, bool, date (YYYY-MM-DD), month (YYYY-MM) or timestamp."""

    name: str
    type: str
    en: str
    zh: str
    required: bool = True
    pii: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    check: str | None = None  # a named check beyond type and range, e.g. "cn_id"
    references: str | None = None  # "table.column" that must hold this value


@dataclass(frozen=True)
class Contract:
    table: str
    en: str
    zh: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)
    optional: bool = False  # a delivery may leave it out; the mart then falls back on master data

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type_: str, en: str, zh: str, **kw: object) -> Column:
    return Column(name, type_, en, zh, **kw)  # type: ignore[arg-type]


_SUB = "subscribers.subscriber_id"
_SUBSCRIBER_ID = _c("subscriber_id", "string", "Subscriber (line) id", "用户（号码）编号", references=_SUB)

CONTRACTS: dict[str, Contract] = {
    c.table: c
    for c in (
        Contract(
            "subscribers",
            "One row per line: master data as of the delivery.",
            "每个号码一行：截至交付时的用户主数据。",
            ("subscriber_id",),
            (
                _c("subscriber_id", "string", "Subscriber (line) id", "用户（号码）编号"),
                _c("msisdn", "string", "Mobile number", "手机号码", pii=True, pattern=MSISDN_PATTERN),
                _c("name", "string", "Customer name", "客户姓名", pii=True),
                _c("id_number", "string", "Resident ID number", "身份证号", pii=True, required=False, check="cn_id"),
                _c("gender", "string", "Gender", "性别", required=False, allowed=("male", "female")),
                _c("birth_year", "int", "Birth year", "出生年份", required=False, minimum=1900, maximum=2025),
                _c("city", "string", "City", "地市"),
                _c("county", "string", "County / district", "区县"),
                _c("customer_type", "string", "Customer type", "客户类型", allowed=("individual", "enterprise")),
                _c(
                    "enterprise_id",
                    "string",
                    "Enterprise (group) id",
                    "集团编号",
                    required=False,
                    references="enterprises.enterprise_id",
                ),
                _c("plan_id", "string", "Current plan", "当前套餐", references="plans.plan_id"),
                _c("payment_type", "string", "Payment type", "付费类型", allowed=("prepaid", "postpaid")),
                _c("activation_date", "date", "Activation date", "入网日期"),
                _c("contract_end_date", "date", "Contract end date", "合约到期日", required=False),
                _c("device_model", "string", "Device model", "终端型号", required=False),
                _c("device_purchase_date", "date", "Device purchase date", "购机日期", required=False),
                _c("account_manager_id", "string", "Account manager", "客户经理", required=False),
                _c(
                    "acquisition_channel",
                    "string",
                    "Acquisition channel",
                    "入网渠道",
                    required=False,
                    allowed=("store", "online", "agent", "telesales", "enterprise"),
                ),
                _c(
                    "party_id",
                    "string",
                    "The line's pseudonymised number, as CDRs show it in other_party",
                    "本号码的脱敏号码（即详单 other_party 中的写法）",
                    required=False,
                ),
            ),
        ),
        Contract(
            "devices",
            "Device history (换机记录): each phone a line has used, from the day it came into use. "
            "Optional; without it device ages come from the master data, whose latest purchase date "
            "says nothing about the months before it.",
            "换机记录：号码用过的每部终端及启用日期。可选；缺失时终端使用时长取自用户主数据，"
            "而主数据只有最近一次购机日期，早于该日期的月份无从得知。",
            ("subscriber_id", "since"),
            (
                _SUBSCRIBER_ID,
                _c("since", "date", "In use since (purchase date)", "启用（购机）日期"),
                _c("device_model", "string", "Device model", "终端型号", required=False),
            ),
            optional=True,
        ),
        Contract(
            "enterprises",
            "Group customers owning several lines.",
            "拥有多个号码的集团客户。",
            ("enterprise_id",),
            (
                _c("enterprise_id", "string", "Enterprise id", "集团编号"),
                _c("name", "string", "Enterprise name", "集团名称"),
                _c("industry", "string", "Industry", "行业"),
                _c("city", "string", "City", "地市"),
                _c("account_manager_id", "string", "Account manager", "客户经理"),
            ),
        ),
        Contract(
            "plans",
            "Tariff plans.",
            "资费套餐。",
            ("plan_id",),
            (
                _c("plan_id", "string", "Plan id", "套餐编号"),
                _c("name", "string", "Plan name", "套餐名称"),
                _c("monthly_fee", "float", "Monthly fee (CNY)", "月费（元）", minimum=0),
                _c("voice_minutes", "int", "Included voice minutes", "包含通话分钟", minimum=0),
                _c("data_gb", "float", "Included data (GB)", "包含流量（GB）", minimum=0),
                _c("sms", "int", "Included SMS", "包含短信条数", minimum=0),
                _c("network", "string", "Network generation", "网络制式", allowed=("4G", "5G")),
                _c("broadband", "bool", "Broadband bundled", "融合宽带"),
                _c("iptv", "bool", "IPTV bundled", "融合电视"),
            ),
        ),
        Contract(
            "bills",
            "Monthly bill lines (出帐) per subscriber and service.",
            "按用户、业务的月出帐明细。",
            ("subscriber_id", "month", "service"),
            (
                _SUBSCRIBER_ID,
                _c("month", "month", "Bill month", "账期"),
                _c("service", "string", "Service", "业务", allowed=SERVICES),
                _c("amount", "float", "Amount before discount (CNY)", "出帐金额（元）", minimum=0),
                _c("discount", "float", "Discount (CNY)", "优惠金额（元）", minimum=0),
            ),
        ),
        Contract(
            "usage",
            "Call, SMS and data detail records (CDRs).",
            "通话、短信、上网详单。",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp", "Event time", "发生时间"),
                _c("event_type", "string", "Event type", "事件类型", allowed=("voice", "sms", "data")),
                _c("direction", "string", "Direction", "方向", allowed=("out", "in")),
                _c("other_party", "string", "Other party (pseudonymised)", "对端号码（已脱敏）", required=False),
                _c(
                    "other_operator",
                    "string",
                    "Other party's operator",
                    "对端运营商",
                    required=False,
                    allowed=COMPETITORS,
                ),
                _c("duration_s", "int", "Duration (s)", "时长（秒）", minimum=0),
                _c("data_mb", "float", "Data volume (MB)", "流量（MB）", minimum=0),
                _c("cell_id", "string", "Cell id", "小区编号", required=False),
                _c("roaming", "bool", "Roaming", "漫游"),
                _c("charge", "float", "Charge (CNY)", "费用（元）", minimum=0),
            ),
        ),
        Contract(
            "payments",
            "Payments and prepaid recharges.",
            "缴费与充值。",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp", "Payment time", "缴费时间"),
                _c("amount", "float", "Amount (CNY)", "金额（元）", minimum=0),
                _c("channel", "string", "Channel", "渠道", allowed=("app", "bank", "store", "auto_debit", "card")),
            ),
        ),
        Contract(
            "status_changes",
            "Line status history.",
            "号码状态变更记录。",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp", "Change time", "变更时间"),
                _c("from_status", "string", "Status before", "变更前状态", allowed=STATUSES),
                _c("to_status", "string", "Status after", "变更后状态", allowed=STATUSES),
                _c("reason", "string", "Reason", "原因", required=False),
            ),
        ),
        Contract(
            "complaints",
            "Complaints from every channel.",
            "各渠道投诉。",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp", "Complaint time", "投诉时间"),
                _c("channel", "string", "Channel", "渠道", allowed=("hotline", "app", "store", "regulator")),
                _c(
                    "category",
                    "string",
                    "Category",
                    "类别",
                    allowed=("network", "billing", "service_attitude", "broadband", "price", "other"),
                ),
                _c("resolved", "bool", "Resolved", "已解决"),
                _c("hours_to_resolve", "float", "Hours to resolve", "处理时长（小时）", required=False, minimum=0),
            ),
        ),
        Contract(
            "surveys",
            "Satisfaction survey answers (score 1–5).",
            "满意度调查（1–5 分）。",
            (),
            (
                _c(
                    "respondent",
                    "string",
                    "Subscriber id, or blank when anonymous",
                    "受访用户编号（匿名为空）",
                    required=False,
                    references=_SUB,
                ),
                _c("city", "string", "City", "地市"),
                _c("date", "date", "Survey date", "调查日期"),
                _c(
                    "dimension",
                    "string",
                    "Dimension",
                    "维度",
                    allowed=("overall", "network", "price", "service", "billing"),
                ),
                _c("score", "int", "Score", "评分", minimum=1, maximum=5),
            ),
        ),
        Contract(
            "network_quality",
            "Network quality per cell and month.",
            "按小区、月份的网络质量。",
            ("cell_id", "month"),
            (
                _c("cell_id", "string", "Cell id", "小区编号"),
                _c("county", "string", "County / district", "区县"),
                _c("month", "month", "Month", "月份"),
                _c("dropped_call_rate", "float", "Dropped-call rate", "掉话率", minimum=0, maximum=1),
                _c("throughput_mbps", "float", "Mean data throughput (Mbit/s)", "平均下载速率（Mbit/s）", minimum=0),
                _c("outage_hours", "float", "Outage hours", "故障时长（小时）", minimum=0, maximum=744),
            ),
        ),
    )
}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_cn_id(value: str) -> bool:
    """A mainland resident ID number (18 characters) whose GB 11643 check character is right."""
    if not re.fullmatch(r"\d{17}[\dXx]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17].upper()


def valid_msisdn(value: str) -> bool:
    return re.fullmatch(MSISDN_PATTERN, value) is not None


def mask(column: Column | None, value: str | None) -> str:
    """A value as it may be shown to someone without rights to personal data.

    Phone numbers keep their first 3 and last 4 digits (138****5678), names their first character
    (张*), ID numbers their first 6 and last 4; other personal data is hidden. Values that are not
    personal are shown as they are, cut at 60 characters, with NUL bytes made visible.
    """
    if value is None:
        return ""
    text = str(value)
    if column is not None and column.pii:
        if column.name == "msisdn" or column.pattern == MSISDN_PATTERN:
            return text[:3] + "****" + text[-4:] if len(text) >= 8 else "****"
        if column.check == "cn_id":
            return text[:6] + "*" * max(len(text) - 10, 4) + text[-4:] if len(text) >= 11 else "****"
        if column.name == "name":
            return text[:1] + "*" * max(len(text) - 1, 1)
        return "***"
    text = text.replace("\x00", "\\0")
    return text if len(text) <= 60 else text[:57] + "..."


TYPES = ("string", "int", "float", "bool", "date", "month", "timestamp")


def render_markdown(lang: str = "en") -> str:
    """The data model as a Markdown reference (generated into docs/reference/data-model.md)."""
    zh = lang == "zh"
    head = (
        ("列", "类型", "必填", "个人信息", "取值 / 范围", "说明")
        if zh
        else ("column", "type", "required", "PII", "values / range", "description")
    )
    lines = ["# 数据模型" if zh else "# Data model", ""]
    for contract in CONTRACTS.values():
        key = ", ".join(contract.key) or ("无（事件表）" if zh else "none (event table)")
        optional = "（可选表）" if zh else " (optional table)"
        lines += [
            f"## `{contract.table}`",
            "",
            contract.zh if zh else contract.en,
            "",
            ("主键：" if zh else "Key: ") + key + (optional if contract.optional else ""),
            "",
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
        ]
        for col in contract.columns:
            rule = ", ".join(col.allowed)
            if col.minimum is not None or col.maximum is not None:
                low = "" if col.minimum is None else f"{col.minimum:g}"
                high = "" if col.maximum is None else f"{col.maximum:g}"
                rule = f"{low} … {high}"
            rule = rule or (f"`{col.pattern}`" if col.pattern else (col.check or ""))
            if col.references:
                rule = (rule + " " if rule else "") + "→ " + col.references
            yes, no = ("是", "") if zh else ("yes", "")
            lines.append(
                f"| `{col.name}` | {col.type} | {yes if col.required else no} | {yes if col.pii else no} | "
                f"{rule.replace('|', '/')} | {col.zh if zh else col.en} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # `make docs` writes docs/reference/data-model.md from here
    print(render_markdown("en") + "\n\n" + render_markdown("zh"), end="")
