"""Early warning: declarative rules over the month's bills and mart, in three stages, with win-back.

``warn_month`` reads the month's mart rows (and the three before), the bills per service and the
status changes, and writes:

- ``warn_runs``: one row per run (run id, month, time, warnings per rule and stage);
- ``warn_monthly``: one row per warning — who (a line, or a group customer as a whole), rule, stage,
  severity, value tier and the evidence (the numbers that fired it, as JSON);
- ``warn_winback``: every win-back file open in the month (lines gone in the last
  ``warn_winback_months`` months) and its status: open, returned (the same party opened a line again)
  or closed (the follow-up time is over).

Rules (thresholds in settings, ``warn_*``):

- ``fee_drop_service`` / ``fee_drop_total``: a big customer (a group customer as a whole, or an
  individual line of a tier in ``warn_fee_drop_tiers``) whose net fee for any one service fell by at
  least ``warn_fee_service_drop`` (20 %), or whose total fell by at least ``warn_fee_total_drop``
  (10 %), against the mean of the ``warn_reference_months`` months before; per-tier thresholds in
  ``warn_fee_tier_thresholds``; a service under ``warn_fee_min_share`` of the bill is not judged alone;
- ``usage_collapse``: usage at most ``1 − latent_drop`` of its 3-month mean (latent churn);
- ``arrears``: suspended for arrears, or a postpaid bill left unpaid this month;
- ``contract_end``: the contract ends within ``warn_contract_days`` days;
- ``complaint_spike``: at least ``warn_complaints`` complaints this month, or one left unresolved;
- ``competitor_contact``: calls with competitors at least ``warn_competitor_surge`` × the mean of the
  months before, and at least ``warn_competitor_min_calls``;
- ``anomaly``: the share ``warn_anomaly_share`` of lines an isolation forest finds most unusual in
  usage and bill (possible fraud or bill shock).

Stages: **after** churn for a line gone in the month (a win-back file opens); **during** churn for a
customer whose fee is dropping; **before** churn for the other signals.

Every run also recomputes ``warn_hit_rates`` for every warned month (``hit_rates``): per rule, the share
of the lines it fired on, still open at the month's end, that were gone (``GONE_STATUSES``) in the month
after, against the same share of every line open at the month's end (the base rate); a month whose
next month has no bills loaded yet has no figure. A rule below the base rate ``review_months`` (3)
measured months in a row is flagged for review.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.errors import DataError
from churnguard.months import between, bounds, shift
from churnguard.segments import value_tiers
from churnguard.warehouse import Warehouse

__all__ = [
    "HIT_COLUMNS",
    "RULES",
    "STAGES",
    "WarnRun",
    "assign_stages",
    "fee_drops",
    "hit_rate_grid",
    "hit_rates",
    "line_signals",
    "to_review",
    "unusual_lines",
    "warn_month",
    "winback",
]

RULES = (
    "fee_drop_service",
    "fee_drop_total",
    "usage_collapse",
    "arrears",
    "contract_end",
    "complaint_spike",
    "competitor_contact",
    "anomaly",
)
STAGES = ("before", "during", "after")
_EPS = 1e-9  # a fall of exactly the threshold fires, whatever the float rounding
_ANOMALY_COLUMNS = (
    "usage_events",
    "voice_minutes",
    "data_mb",
    "usage_charge",
    "roaming_events",
    "net_bill",
    "bill_shock",
)


@dataclass
class WarnRun:
    run_id: str
    month: str
    warnings: pd.DataFrame
    winback: pd.DataFrame
    hit_rates: pd.DataFrame = field(default_factory=pd.DataFrame)  # every warned month, HIT_COLUMNS


def fee_drops(
    fees: pd.DataFrame,
    month: str,
    *,
    thresholds: pd.DataFrame,
    reference_months: int = 3,
    min_share: float = 0.0,
) -> pd.DataFrame:
    """Fee-drop warnings of each customer of ``fees`` in ``month``.

    ``fees``: one row per (customer, month, service) with ``customer`` and ``net`` (net fee).
    ``thresholds``: one row per customer with ``service_drop`` and ``total_drop`` (shares, e.g. 0.2).
    The reference is the mean over the ``reference_months`` months before ``month`` (a month without a
    bill counts as 0); a customer with no reference fee is not judged, nor a service whose reference is
    less than ``min_share`` of the customer's total reference. Returns rows with customer,
    rule, service (``total`` for the total), reference, current and change (a share, negative = fall).
    """
    before = [shift(month, -k) for k in range(1, reference_months + 1)]
    window = fees[fees["month"].isin([month, *before])]
    wide = window.pivot_table(index=["customer", "service"], columns="month", values="net", aggfunc="sum")
    wide = wide.reindex(columns=[month, *before]).fillna(0.0)
    per_service = pd.DataFrame(
        {"reference": wide[before].mean(axis=1), "current": wide[month]}, index=wide.index
    ).reset_index()
    total = per_service.groupby("customer", as_index=False)[["reference", "current"]].sum().assign(service="total")
    # A service too small a part of the bill (a few yuan of SMS) swings by chance: not judged alone.
    share = per_service["reference"] / per_service["customer"].map(total.set_index("customer")["reference"])
    per_service = per_service[share >= min_share - _EPS]
    frames = []
    for rule, rows, column in (
        ("fee_drop_service", per_service, "service_drop"),
        ("fee_drop_total", total, "total_drop"),
    ):
        rows = rows[rows["reference"] > 0].merge(thresholds[["customer", column]], on="customer")
        rows = rows.assign(rule=rule, change=rows["current"] / rows["reference"] - 1.0, threshold=rows[column])
        fired = rows[rows["change"] <= -rows["threshold"] + _EPS]
        frames.append(fired[["customer", "rule", "service", "reference", "current", "change", "threshold"]])
    return pd.concat(frames, ignore_index=True)


def line_signals(now: pd.DataFrame, history: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The line rules other than fee drops and anomalies, on the month's mart rows ``now`` and the rows
    of the months before (``history``). Returns subscriber_id, rule, severity, evidence (a dict)."""
    out: list[pd.DataFrame] = []

    def add(rule: str, mask: pd.Series, severe: pd.Series, evidence: list[str], source: pd.DataFrame = now) -> None:
        rows = source[mask.fillna(False).to_numpy(bool)]
        if len(rows):
            high = severe.reindex(rows.index).fillna(False).to_numpy(bool)
            out.append(
                pd.DataFrame(
                    {
                        "subscriber_id": rows["subscriber_id"].to_numpy(),
                        "rule": rule,
                        "severity": np.where(high, "high", "medium"),
                        "evidence": [_evidence(r, evidence) for r in rows[evidence].to_dict("records")],
                    }
                )
            )

    keep = 1.0 - settings.latent_drop
    unpaid = now["payments_count"].fillna(0) == 0  # a postpaid bill left unpaid this month
    ratio = now["events_vs_3m"]
    add("usage_collapse", ratio <= keep + _EPS, ratio <= keep / 2, ["usage_events", "events_vs_3m"])
    add(
        "arrears",
        (now["suspended_arrears_now"] > 0) | ((now["is_prepaid"] == 0) & (now["net_bill"] > 0) & unpaid),
        now["suspended_arrears_now"] > 0,
        ["net_bill", "payments_count", "arrears_balance", "suspended_arrears_now", "arrears_days"],
    )
    days = now["months_to_contract_end"] * 30.4
    add(
        "contract_end",
        days <= settings.warn_contract_days,
        days <= settings.warn_contract_days / 2,
        ["months_to_contract_end"],
    )
    add(
        "complaint_spike",
        (now["complaints_1m"] >= settings.warn_complaints) | (now["unresolved_complaints_3m"] > 0),
        (now["complaints_1m"] >= settings.warn_complaints) & (now["unresolved_complaints_3m"] > 0),
        ["complaints_1m", "complaints_3m", "unresolved_complaints_3m"],
    )
    calls = _competitor_calls(now)
    before = _competitor_calls(history).groupby(history["subscriber_id"]).mean() if len(history) else pd.Series()
    usual = now["subscriber_id"].map(before).fillna(0.0)
    frame = now.assign(competitor_calls=calls, competitor_calls_before=usual)
    surge = settings.warn_competitor_surge * usual
    add(
        "competitor_contact",
        (usual > 0) & (calls >= settings.warn_competitor_min_calls) & (calls >= surge),
        calls >= 2 * surge,
        ["competitor_calls", "competitor_calls_before", "competitor_call_share"],
        frame,
    )
    if not out:
        return pd.DataFrame(columns=["subscriber_id", "rule", "severity", "evidence"])
    return pd.concat(out, ignore_index=True)


def unusual_lines(now: pd.DataFrame, *, share: float, seed: int = 0) -> pd.DataFrame:
    """The ``share`` of lines an isolation forest finds most unusual in usage and bill."""
    columns = [c for c in _ANOMALY_COLUMNS if c in now]
    empty = pd.DataFrame(columns=["subscriber_id", "rule", "severity", "evidence"])
    if share <= 0 or len(now) < 50 or not columns:
        return empty
    X = now[columns].astype(float).fillna(0.0).to_numpy()
    forest = IsolationForest(n_estimators=100, contamination=share, random_state=seed).fit(X)
    score = -forest.score_samples(X)  # higher = more unusual
    flagged = forest.predict(X) == -1
    rows = now[flagged]
    cut = np.quantile(score[flagged], 0.5) if flagged.any() else 0.0
    return pd.DataFrame(
        {
            "subscriber_id": rows["subscriber_id"].to_numpy(),
            "rule": "anomaly",
            "severity": np.where(score[flagged] >= cut, "medium", "low"),
            "evidence": [
                _evidence({**r, "anomaly_score": s}, [*columns, "anomaly_score"])
                for r, s in zip(rows[columns].to_dict("records"), score[flagged], strict=True)
            ],
        }
    )


def winback(
    gone: pd.DataFrame, previous: pd.DataFrame | None, returned: set[str], month: str, *, months: int
) -> pd.DataFrame:
    """Win-back files open in ``month``: last month's open files carried on, plus the lines ``gone``
    this month (subscriber_id, party_id, churn_month). A file is ``returned`` when its party opened a
    line again (``returned`` holds those party ids), ``closed`` once ``months`` have passed, else open."""
    columns = ["subscriber_id", "party_id", "churn_month"]
    carried = previous.loc[previous["status"] == "open", columns] if previous is not None else None
    files = pd.concat([f for f in (carried, gone[columns]) if f is not None and len(f)], ignore_index=True)
    if files.empty:
        return pd.DataFrame(columns=[*columns, "month", "status", "months_since"])
    files = files.drop_duplicates("subscriber_id", keep="last")
    since = files["churn_month"].map(lambda m: between(m, month))
    status = np.where(files["party_id"].isin(returned), "returned", np.where(since >= months, "closed", "open"))
    return files.assign(month=month, status=status, months_since=since)


def warn_month(wh: Warehouse, settings: Settings, *, month: str, now: datetime) -> WarnRun:
    """Run every rule on ``month`` and write warn_runs, warn_monthly and warn_winback; recompute
    warn_hit_rates for every warned month (replaced whole)."""
    wh.check_mart()
    months = wh.months("feat_monthly")
    if month not in months:
        raise DataError("score.no_month", file=wh.location, month=month, months=", ".join(months) or "-")
    history_months = [shift(month, -k) for k in range(1, settings.warn_reference_months + 1)]
    mart = wh.sql.execute(
        "SELECT * FROM feat_monthly WHERE month IN ({})".format(", ".join("?" for _ in [month, *history_months])),
        [month, *history_months],
    ).df()
    rows = mart[mart["month"] == month].reset_index(drop=True)
    history = mart[mart["month"] != month].reset_index(drop=True)
    tiers = value_tiers(
        rows, individual_bands=settings.individual_tier_bands, enterprise_bands=settings.enterprise_tier_bands
    )
    rows = rows.assign(tier=tiers["tier"].to_numpy())

    signals = pd.concat(
        [line_signals(rows, history, settings), unusual_lines(rows, share=settings.warn_anomaly_share)],
        ignore_index=True,
    ).merge(rows[["subscriber_id", "enterprise_id", "tier"]], on="subscriber_id", how="left")
    signals = signals.assign(party="line")

    drops = _fee_drop_warnings(wh, settings, rows, month)
    gone = _gone(wh, month)
    after = gone.assign(rule="churned", severity="high", party="line")
    after["evidence"] = [
        json.dumps({"to_status": s, "reason": r}, ensure_ascii=False)
        for s, r in zip(after["to_status"], after["reason"], strict=True)
    ]

    warnings = pd.concat(
        [signals, drops, after.drop(columns=["to_status", "reason", "party_id", "churn_month"])], ignore_index=True
    )
    warnings = assign_stages(warnings)
    run_id = uuid.uuid4().hex[:12]
    warnings = warnings.assign(month=month, run_id=run_id)[
        ["month", "run_id", "party", "subscriber_id", "enterprise_id", "tier", "rule", "stage", "severity", "evidence"]
    ]
    previous = None
    if wh.has("warn_winback"):
        previous = wh.sql.execute("SELECT * FROM warn_winback WHERE month = ?", [shift(month, -1)]).df()
    files = winback(gone, previous, _returned_parties(wh, month), month, months=settings.warn_winback_months)
    counts = warnings.groupby(["rule", "stage"]).size()
    runs = pd.DataFrame(
        {
            "run_id": [run_id],
            "month": [month],
            "created_at": [now],
            "warnings": [len(warnings)],
            "counts": [json.dumps({f"{r}/{s}": int(n) for (r, s), n in counts.items()})],
            "winback_open": [int((files["status"] == "open").sum()) if len(files) else 0],
        }
    )
    hits = _hit_rates(wh, warnings, month).assign(run_id=run_id, computed_at=now)
    wh.replace_frames(
        month,
        {"warn_runs": runs, "warn_monthly": warnings, "warn_winback": files, "warn_hit_rates": hits},
        whole=("warn_hit_rates",),  # every warned month is measured again: the next month may have come in
    )
    return WarnRun(run_id, month, warnings, files, hits)


def _fee_drop_warnings(wh: Warehouse, settings: Settings, rows: pd.DataFrame, month: str) -> pd.DataFrame:
    """Fee drops of group customers (each enterprise as a whole) and of big individual lines."""
    first = shift(month, -settings.warn_reference_months)
    bills = wh.sql.execute(
        "SELECT b.subscriber_id, b.month, b.service, b.amount - b.discount AS net, s.enterprise_id "
        "FROM stg_bills b JOIN stg_subscribers s USING (subscriber_id) WHERE b.month BETWEEN ? AND ?",
        [first, month],
    ).df()
    bills["service"] = bills["service"].astype(str)
    big = set(settings.warn_fee_drop_tiers)
    individual = rows.loc[rows["enterprise_id"].isna() & rows["tier"].isin(big), "subscriber_id"]
    groups = rows.loc[rows["enterprise_id"].notna(), ["enterprise_id", "tier"]].drop_duplicates("enterprise_id")
    fees = pd.concat(
        [
            bills[bills["enterprise_id"].isin(groups["enterprise_id"])].assign(
                customer=lambda b: "E:" + b["enterprise_id"]
            ),
            bills[bills["subscriber_id"].isin(individual)].assign(customer=lambda b: "S:" + b["subscriber_id"]),
        ],
        ignore_index=True,
    )
    who = pd.concat(
        [
            pd.DataFrame({"customer": "E:" + groups["enterprise_id"], "tier": groups["tier"].to_numpy()}),
            pd.DataFrame(
                {
                    "customer": "S:" + individual,
                    "tier": rows.set_index("subscriber_id").loc[individual, "tier"].to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    limits = settings.warn_fee_tier_thresholds
    who["service_drop"] = who["tier"].map(lambda t: limits.get(t, (settings.warn_fee_service_drop, 0))[0])
    who["total_drop"] = who["tier"].map(lambda t: limits.get(t, (0, settings.warn_fee_total_drop))[1])
    found = fee_drops(
        fees,
        month,
        thresholds=who,
        reference_months=settings.warn_reference_months,
        min_share=settings.warn_fee_min_share,
    )
    found = found.merge(who[["customer", "tier"]], on="customer")
    is_group = found["customer"].str.startswith("E:")
    key = found["customer"].str[2:]
    severe = found["change"] <= -2 * found["threshold"]
    return pd.DataFrame(
        {
            "party": np.where(is_group, "enterprise", "line"),
            "subscriber_id": np.where(is_group, None, key),
            "enterprise_id": np.where(is_group, key, None),
            "tier": found["tier"].to_numpy(),
            "rule": found["rule"].to_numpy(),
            "severity": np.where(severe, "high", "medium"),
            "evidence": [
                json.dumps(
                    {
                        "service": r["service"],
                        "reference": round(float(r["reference"]), 2),
                        "current": round(float(r["current"]), 2),
                        "change": round(float(r["change"]), 4),
                        "threshold": r["threshold"],
                    }
                )
                for r in found.to_dict("records")
            ],
        }
    )


def assign_stages(warnings: pd.DataFrame) -> pd.DataFrame:
    """after for the gone, during for a customer whose fee drops (and its other signals), else before."""
    dropping = warnings["rule"].str.startswith("fee_drop")
    lines = set(warnings.loc[dropping & (warnings["party"] == "line"), "subscriber_id"])
    groups = set(warnings.loc[dropping & (warnings["party"] == "enterprise"), "enterprise_id"])
    during = dropping | warnings["subscriber_id"].isin(lines) | warnings["enterprise_id"].isin(groups)
    stage = np.where(warnings["rule"] == "churned", "after", np.where(during, "during", "before"))
    return warnings.assign(stage=stage)


def _gone(wh: Warehouse, month: str) -> pd.DataFrame:
    start, end = bounds(month)
    return (
        wh.sql.execute(
            "SELECT c.subscriber_id, s.enterprise_id, s.party_id, ? AS churn_month, "
            "arg_max(c.to_status, c.timestamp)::VARCHAR AS to_status, arg_max(c.reason, c.timestamp) AS reason "
            "FROM stg_status_changes c JOIN stg_subscribers s USING (subscriber_id) "
            f"WHERE c.to_status::VARCHAR IN {sql_list(GONE_STATUSES)} AND c.timestamp >= ? AND c.timestamp < ? "
            "GROUP BY ALL",
            [month, start, end],
        )
        .df()
        .assign(tier=None)
    )


def _returned_parties(wh: Warehouse, month: str) -> set[str]:
    """Parties that opened a line in ``month``: a win-back file of theirs is won back."""
    start, end = bounds(month)
    found = wh.sql.execute(
        "SELECT DISTINCT party_id FROM stg_subscribers WHERE activation_date >= ? AND activation_date < ? "
        "AND party_id IS NOT NULL",
        [start.date(), end.date()],
    ).fetchall()
    return {r[0] for r in found}


def _competitor_calls(frame: pd.DataFrame) -> pd.Series:
    columns = [c for c in ("calls_to_competitor_a", "calls_to_competitor_b") if c in frame]
    return frame[columns].fillna(0.0).sum(axis=1) if columns else pd.Series(0.0, index=frame.index)


def _evidence(row: dict, columns: list[str]) -> str:
    values = {c: (None if pd.isna(row.get(c)) else round(float(row[c]), 4)) for c in columns}
    return json.dumps(values)


# ---------------------------------------------------------------- hit rates: does a rule's warning come true?

HIT_COLUMNS = [
    "rule",
    "month",
    "next_month",
    "lines",
    "departed",
    "rate",
    "base_lines",
    "base_departed",
    "base_rate",
    "lift",
    "measured",
    "flagged",
]


def hit_rates(
    fired: pd.DataFrame,
    base: pd.DataFrame,
    gone: pd.DataFrame,
    *,
    measurable: set[str],
    rules: tuple[str, ...] = RULES,
    review_months: int = 3,
) -> pd.DataFrame:
    """Each rule's next-month departure rate against the base rate, month by month.

    ``fired``: warnings (month, rule, party, subscriber_id, enterprise_id); a group customer's warning
    counts for each of its lines. ``base``: the lines open at the end of each month (month,
    subscriber_id, enterprise_id); only they are counted, by the rules and in the base. ``gone``: the
    month each line went (subscriber_id, month; a status change to one of ``GONE_STATUSES``).
    ``measurable``: the months whose next month is in the warehouse; the others get lines but no
    departed, rate, base rate or lift (missing, not 0). A rule with no line in a month has no rate.
    ``flagged``: the rule's rate was below the base rate in this month and the ``review_months`` − 1
    months before, each measured. Returns one row per (rule, month of ``base``), ``HIT_COLUMNS``.
    """
    months = sorted(set(base["month"]))
    ahead = {m: shift(m, 1) for m in months}
    left = set(zip(gone["subscriber_id"], gone["month"], strict=True))
    open_lines = base[["month", "subscriber_id", "enterprise_id"]].drop_duplicates(["month", "subscriber_id"])
    departed = [(s, ahead[m]) in left for s, m in zip(open_lines["subscriber_id"], open_lines["month"], strict=True)]
    open_lines = open_lines.assign(departed=departed)

    fired = fired[fired["rule"].isin(rules)]
    on_lines = fired.loc[fired["party"] == "line", ["month", "rule", "subscriber_id"]]
    on_groups = fired.loc[fired["party"] == "enterprise", ["month", "rule", "enterprise_id"]].merge(
        open_lines[["month", "enterprise_id", "subscriber_id"]].dropna(subset=["enterprise_id"]),
        on=["month", "enterprise_id"],
    )
    hits = pd.concat([on_lines, on_groups[["month", "rule", "subscriber_id"]]], ignore_index=True)
    hits = hits.drop_duplicates().merge(
        open_lines[["month", "subscriber_id", "departed"]], on=["month", "subscriber_id"]
    )
    per_rule = hits.groupby(["rule", "month"])["departed"].agg(lines="size", departed="sum")
    per_base = open_lines.groupby("month")["departed"].agg(base_lines="size", base_departed="sum")

    grid = pd.MultiIndex.from_product([list(rules), months], names=["rule", "month"])
    out = per_rule.reindex(grid).reset_index().merge(per_base.reset_index(), on="month", how="left")
    out[["lines", "departed"]] = out[["lines", "departed"]].fillna(0)
    measured = out["month"].isin(measurable)
    for column in ("lines", "departed", "base_lines", "base_departed"):
        out[column] = out[column].astype("Int64")
    out.loc[~measured, ["departed", "base_departed"]] = pd.NA
    known = measured & (out["lines"] > 0)
    out["rate"] = np.where(known, out["departed"].astype(float) / out["lines"].astype(float).clip(lower=1), np.nan)
    base_known = measured & (out["base_lines"] > 0)
    out["base_rate"] = np.where(
        base_known, out["base_departed"].astype(float) / out["base_lines"].astype(float).clip(lower=1), np.nan
    )
    out["lift"] = out["rate"] / out["base_rate"].where(out["base_rate"] > 0)
    out["measured"] = measured.to_numpy(bool)
    out["next_month"] = out["month"].map(ahead)
    below = {(r, m): bool(x < b) for r, m, x, b in out[["rule", "month", "rate", "base_rate"]].itertuples(index=False)
             if x == x and b == b}  # fmt: skip
    out["flagged"] = [
        all(below.get((r, shift(m, -k)), False) for k in range(review_months))
        for r, m in zip(out["rule"], out["month"], strict=True)
    ]
    return out[HIT_COLUMNS].sort_values(["rule", "month"], ignore_index=True)


def hit_rate_grid(rates: pd.DataFrame, *, months: int = 6) -> tuple[pd.DataFrame, list[str]]:
    """The latest ``months`` months of ``hit_rates`` side by side, for reading: a row per rule and a last
    row ``base`` (the base rate); a column per month whose cell is the rate and the lift (``"4.2% ×1.60"``),
    or ``"–"`` where there is no figure; ``lines``, the lines the rule fired on in the latest measured
    month; ``review``, whether it is flagged there. Returns the grid and the months shown that are not
    measured yet (their next month is not loaded), so that a face can say so."""
    if rates.empty:
        return pd.DataFrame(columns=["rule", "lines", "review"]), []
    shown = sorted(set(rates["month"]))[-months:]
    rows = rates[rates["month"].isin(shown)]
    measured = rates[rates["measured"]]
    latest = measured[measured["month"] == measured["month"].max()].set_index("rule")
    base = rows.drop_duplicates("month").set_index("month")
    present = set(rows["rule"])
    out = []
    for rule in [*(r for r in RULES if r in present), *sorted(present - set(RULES))]:
        mine = rows[rows["rule"] == rule].set_index("month")
        cells = {m: _rate_cell(mine["rate"].get(m), mine["lift"].get(m)) for m in shown}
        lines = latest["lines"].get(rule) if len(latest) else None
        flagged = bool(latest["flagged"].get(rule, False)) if len(latest) else False
        out.append({"rule": rule, **cells, "lines": lines, "review": flagged})
    base_lines = latest["base_lines"].iloc[0] if len(latest) else None
    out.append(
        {"rule": "base", **{m: _rate_cell(base["base_rate"].get(m), None) for m in shown}, "lines": base_lines}
        | {"review": False}
    )
    pending = sorted(set(rows.loc[~rows["measured"], "month"]))
    return pd.DataFrame(out, columns=["rule", *shown, "lines", "review"]), pending


def to_review(rates: pd.DataFrame) -> list[str]:
    """The rules flagged in the latest measured month of ``hit_rates`` (none when nothing is measured)."""
    measured = rates[rates["measured"]] if len(rates) else rates
    if measured.empty:
        return []
    latest = measured[measured["month"] == measured["month"].max()]
    return [r for r in latest.loc[latest["flagged"].astype(bool), "rule"]]


def _rate_cell(rate: object, lift: object) -> str:
    if rate is None or pd.isna(rate):
        return "–"
    text = f"{float(rate):.1%}"
    return text if lift is None or pd.isna(lift) else f"{text} ×{float(lift):.2f}"


def _hit_rates(wh: Warehouse, warnings: pd.DataFrame, month: str) -> pd.DataFrame:
    """``hit_rates`` of every warned month: the month's fresh ``warnings`` and the stored ones of the others."""
    columns = ["month", "rule", "party", "subscriber_id", "enterprise_id"]
    fired = [warnings[columns]]
    if wh.has("warn_monthly"):
        fired.append(wh.sql.execute(f"SELECT {', '.join(columns)} FROM warn_monthly WHERE month <> ?", [month]).df())
    fired = pd.concat([f for f in fired if len(f)], ignore_index=True) if any(len(f) for f in fired) else fired[0]
    months = sorted({*fired["month"], month})
    gone_list = sql_list(GONE_STATUSES)
    marks = ", ".join("?" for _ in months)
    # Open at the month's end: the mart's population, the lines score_month scores.
    base = wh.sql.execute(
        f"SELECT month, subscriber_id, enterprise_id FROM feat_monthly WHERE month IN ({marks}) "
        "AND population <> 'gone'",
        months,
    ).df()
    gone = wh.sql.execute(
        "SELECT DISTINCT subscriber_id, strftime(timestamp, '%Y-%m') AS month FROM stg_status_changes "
        f"WHERE to_status::VARCHAR IN {gone_list}"
    ).df()
    loaded = set(wh.months("stg_bills"))
    measurable = {m for m in months if shift(m, 1) in loaded}
    return hit_rates(fired, base, gone, measurable=measurable)
