"""Table contracts of the operator data model: columns, types, keys, allowed values, PII, zh/en text.

Declarative and pure. Ingest validates every delivered table against its contract; the simulator
writes tables that satisfy them; ``docs/reference/data-model.md`` is generated from them. The tables'
and columns' descriptions in English and Chinese live in the catalogue, ``churnguard.i18n.columns``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from churnguard.i18n.columns import COLUMNS, DATA_MODEL_DOC, TABLES

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
# A mainland mobile number, or one delivered masked (138****8000), as extracts often reach a vendor.
MSISDN_PATTERN = r"^1[3-9]\d(\d{4}|\*{4})\d{4}$"
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
    # How personal data is kept at rest: "pseudonym" (a keyed HMAC, so joins still hold), "encrypt" (AES-GCM,
    # field by field, with a masked copy for display) or "drop" (checked on arrival, never stored).
    protect: str | None = None


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


def _c(name: str, type_: str, **kw: object) -> Column:
    """A column without its descriptions yet: ``_contract`` fills them in from the catalogue."""
    return Column(name, type_, "", "", **kw)  # type: ignore[arg-type]


def _contract(table: str, key: tuple[str, ...], columns: tuple[Column, ...], *, optional: bool = False) -> Contract:
    """The contract of ``table``, its own and its columns' descriptions from ``i18n.columns``."""
    described = tuple(
        replace(c, en=COLUMNS[f"{table}.{c.name}"][0], zh=COLUMNS[f"{table}.{c.name}"][1]) for c in columns
    )
    en, zh = TABLES[table]
    return Contract(table, en, zh, key, described, optional=optional)


_SUB = "subscribers.subscriber_id"
_SUBSCRIBER_ID = _c("subscriber_id", "string", references=_SUB)

CONTRACTS: dict[str, Contract] = {
    c.table: c
    for c in (
        _contract(
            "subscribers",
            ("subscriber_id",),
            (
                _c("subscriber_id", "string"),
                _c("msisdn", "string", pii=True, pattern=MSISDN_PATTERN, protect="encrypt"),
                _c("name", "string", pii=True, protect="encrypt"),
                # Only what the product uses of an ID number is kept: birth year and gender, when not delivered.
                _c("id_number", "string", pii=True, required=False, check="cn_id", protect="drop"),
                _c("gender", "string", required=False, allowed=("male", "female")),
                _c("birth_year", "int", required=False, minimum=1900, maximum=2025),
                _c("city", "string"),
                _c("county", "string"),
                _c("customer_type", "string", allowed=("individual", "enterprise")),
                _c("enterprise_id", "string", required=False, references="enterprises.enterprise_id"),
                _c("plan_id", "string", references="plans.plan_id"),
                _c("payment_type", "string", allowed=("prepaid", "postpaid")),
                _c("activation_date", "date"),
                _c("contract_end_date", "date", required=False),
                _c("device_model", "string", required=False),
                _c("device_purchase_date", "date", required=False),
                _c("account_manager_id", "string", required=False),
                _c(
                    "acquisition_channel",
                    "string",
                    required=False,
                    allowed=("store", "online", "agent", "telesales", "enterprise"),
                ),
                _c("party_id", "string", required=False, protect="pseudonym"),
            ),
        ),
        _contract(
            "devices",
            ("subscriber_id", "since"),
            (
                _SUBSCRIBER_ID,
                _c("since", "date"),
                _c("device_model", "string", required=False),
            ),
            optional=True,
        ),
        _contract(
            "enterprises",
            ("enterprise_id",),
            (
                _c("enterprise_id", "string"),
                _c("name", "string"),
                _c("industry", "string"),
                _c("city", "string"),
                _c("account_manager_id", "string"),
            ),
        ),
        _contract(
            "plans",
            ("plan_id",),
            (
                _c("plan_id", "string"),
                _c("name", "string"),
                _c("monthly_fee", "float", minimum=0),
                _c("voice_minutes", "int", minimum=0),
                _c("data_gb", "float", minimum=0),
                _c("sms", "int", minimum=0),
                _c("network", "string", allowed=("4G", "5G")),
                _c("broadband", "bool"),
                _c("iptv", "bool"),
            ),
        ),
        _contract(
            "bills",
            ("subscriber_id", "month", "service"),
            (
                _SUBSCRIBER_ID,
                _c("month", "month"),
                _c("service", "string", allowed=SERVICES),
                _c("amount", "float", minimum=0),
                _c("discount", "float", minimum=0),
            ),
        ),
        _contract(
            "usage",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp"),
                _c("event_type", "string", allowed=("voice", "sms", "data")),
                _c("direction", "string", allowed=("out", "in")),
                _c("other_party", "string", required=False, pii=True, protect="pseudonym"),
                _c("other_operator", "string", required=False, allowed=COMPETITORS),
                _c("duration_s", "int", minimum=0),
                _c("data_mb", "float", minimum=0),
                _c("cell_id", "string", required=False),
                _c("roaming", "bool"),
                _c("charge", "float", minimum=0),
            ),
        ),
        _contract(
            "payments",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp"),
                _c("amount", "float", minimum=0),
                _c("channel", "string", allowed=("app", "bank", "store", "auto_debit", "card")),
            ),
        ),
        _contract(
            "status_changes",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp"),
                _c("from_status", "string", allowed=STATUSES),
                _c("to_status", "string", allowed=STATUSES),
                _c("reason", "string", required=False),
            ),
        ),
        _contract(
            "complaints",
            (),
            (
                _SUBSCRIBER_ID,
                _c("timestamp", "timestamp"),
                _c("channel", "string", allowed=("hotline", "app", "store", "regulator")),
                _c(
                    "category",
                    "string",
                    allowed=("network", "billing", "service_attitude", "broadband", "price", "other"),
                ),
                _c("resolved", "bool"),
                _c("hours_to_resolve", "float", required=False, minimum=0),
            ),
        ),
        _contract(
            "surveys",
            (),
            (
                _c("respondent", "string", required=False, references=_SUB),
                _c("city", "string"),
                _c("date", "date"),
                _c("dimension", "string", allowed=("overall", "network", "price", "service", "billing")),
                _c("score", "int", minimum=1, maximum=5),
            ),
        ),
        _contract(
            "network_quality",
            ("cell_id", "month"),
            (
                _c("cell_id", "string"),
                _c("county", "string"),
                _c("month", "month"),
                _c("dropped_call_rate", "float", minimum=0, maximum=1),
                _c("throughput_mbps", "float", minimum=0),
                _c("outage_hours", "float", minimum=0, maximum=744),
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
    i = 1 if lang == "zh" else 0
    doc = {key: text[i] for key, text in DATA_MODEL_DOC.items()}
    head = [doc[f"head.{k}"] for k in ("column", "type", "required", "pii", "protect", "values", "description")]
    yes, no = doc["yes"], ""
    lines = [f"# {doc['title']}", "", doc["protect.note"], ""]
    for contract in CONTRACTS.values():
        key = ", ".join(contract.key) or doc["key.none"]
        lines += [
            f"## `{contract.table}`",
            "",
            contract.zh if i else contract.en,
            "",
            doc["key"].format(key=key, optional=doc["optional"] if contract.optional else ""),
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
            lines.append(
                f"| `{col.name}` | {col.type} | {yes if col.required else no} | {yes if col.pii else no} | "
                f"{doc['protect.' + col.protect] if col.protect else ''} | "
                f"{rule.replace('|', '/')} | {col.zh if i else col.en} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # `make docs` writes docs/reference/data-model.md from here
    print(render_markdown("en") + "\n\n" + render_markdown("zh"), end="")
