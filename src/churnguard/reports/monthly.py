"""The monthly churn report: what a retention department works from at the start of a month.

``monthly_report(wh, store, settings, month=M)`` reads the warehouse (and, when given, the operational
store) and returns a :class:`MonthlyReport` of plain tables; ``reports.html`` and ``reports.excel``
render it. The arithmetic is in pure functions of a per-line frame (``movement``, ``by_group``), so
tests check it against direct queries.

Definitions (the operators' ones):

- *opening base* (期初到达): lines activated before M and not gone before M; *new* (新装): activated in
  M; *churned* (离网): cancelled or ported out in M; *closing base* (期末到达) = opening + new − churned
  (a line leaves once; a returning customer opens a new line);
- churn kinds: *passive* when the line left from an arrears suspension or had fallen silent (no usage
  in its last month), else *active*; *latent* lines (usage collapsed, line still open, from the
  labels) are counted apart — they are still on the books;
- *churn rate* = churned ÷ opening base, against ``churn_rate_target``;
- *high-value retention rate* (保有率) = share of the lines high-value at the start of M (tier high or a
  group tier, from the scores of M−1) still on the books at its end, against its month's target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from churnguard.config import Settings
from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.errors import DataError
from churnguard.months import bounds, shift
from churnguard.reports.model import populations
from churnguard.retention.followup import campaign_report
from churnguard.retention.outcomes import verdict
from churnguard.retention.store import Store
from churnguard.warehouse import Warehouse

__all__ = [
    "HIGH_VALUE",
    "NOT_SCORED",
    "NO_REASON",
    "MonthlyReport",
    "by_group",
    "line_frame",
    "main_reason_of",
    "monthly_report",
    "movement",
]

HIGH_VALUE = ("high", "diamond", "emerald", "platinum", "gem", "gold", "crystal")
_COMPLAINT_FEATURES = {
    "network": "complaints_network_3m",
    "billing": "complaints_billing_3m",
    "service_attitude": "complaints_service_3m",
    "price": "complaints_price_3m",
    "broadband": "complaints_broadband_3m",
}


@dataclass
class MonthlyReport:
    month: str
    summary: dict[str, float]
    trend: pd.DataFrame  # month, opening, new, churned, closing, churn_rate, target, hv_retention, hv_target
    kinds: pd.DataFrame  # kind, lines
    by: dict[str, pd.DataFrame]  # region, plan, customer_type, tier, stage → group, opening, churned, rate
    reasons: pd.DataFrame  # reason, churners, share
    model: pd.DataFrame  # measure, value
    alerts: pd.DataFrame
    warnings: pd.DataFrame  # rule, before, during, after
    winback: pd.DataFrame  # status, files
    campaigns: pd.DataFrame
    scorecards: pd.DataFrame
    complaints: pd.DataFrame  # category, complaints, per_1000, median_hours, unresolved, churn_with, churn_without
    complaints_by_region: pd.DataFrame
    surveys: pd.DataFrame  # region, dimension, answers, p1..p5, expected, previous
    survey_flags: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # source, id, detail: what the numbers came from
    notes: list[str] = field(default_factory=list)
    hit_rates: pd.DataFrame = field(default_factory=pd.DataFrame)  # warn_hit_rates up to the month
    # The month's leavers against last month's scores, per population (``reports.model.populations``).
    populations: pd.DataFrame = field(default_factory=pd.DataFrame)
    scope: str | None = None  # the region the base and its figures are of; None: the whole company


def line_frame(wh: Warehouse) -> pd.DataFrame:
    """Every line ever registered: county, plan, customer type, activation, when it left and from what."""
    return wh.sql.execute(
        "WITH gone AS (SELECT subscriber_id, min(timestamp) AS gone_at, arg_min(from_status, timestamp) AS "
        f"gone_from FROM stg_status_changes WHERE to_status IN {sql_list(GONE_STATUSES)} GROUP BY 1) "
        "SELECT s.subscriber_id, s.city, s.county, s.plan_id, CAST(s.customer_type AS VARCHAR) AS customer_type, "
        "CAST(s.activation_date AS TIMESTAMP) AS activation, g.gone_at, CAST(g.gone_from AS VARCHAR) AS gone_from "
        "FROM stg_subscribers s LEFT JOIN gone g USING (subscriber_id)"
    ).df()


def movement(lines: pd.DataFrame, month: str) -> pd.DataFrame:
    """Per line: on the books at the start (opening), new in the month, churned in it, on the books at the end."""
    start, end = bounds(month)
    act, gone = lines["activation"], lines["gone_at"]
    out = lines.copy()
    out["opening"] = (act < start) & (gone.isna() | (gone >= start))
    out["new"] = (act >= start) & (act < end)
    out["churned"] = (gone >= start) & (gone < end)
    out["closing"] = (act < end) & (gone.isna() | (gone >= end))
    return out


def by_group(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Opening base, new, churned and churn rate per value of ``column`` (missing values as "-")."""
    key = frame[column].astype("object").where(frame[column].notna(), "-")
    grouped = frame.groupby(key)
    out = pd.DataFrame(
        {
            "opening": grouped["opening"].sum(),
            "new": grouped["new"].sum(),
            "churned": grouped["churned"].sum(),
            "closing": grouped["closing"].sum(),
        }
    )
    out["churn_rate"] = out["churned"] / out["opening"].replace(0, np.nan)
    out = out[(out["opening"] > 0) | (out["new"] > 0)]
    return out.rename_axis("group").reset_index().sort_values("churned", ascending=False, ignore_index=True)


_REASON_COLUMNS = [f"reason_{k}_{part}" for k in (1, 2, 3) for part in ("category", "direction")]
# The "why they left" rows that are not a reason category.
NOT_SCORED, NO_REASON = "not scored", "no risk-raising factor"


def _latest_scores(wh: Warehouse, month: str) -> pd.DataFrame:
    run = wh.latest_run("score_runs", month)
    if run is None:
        columns = ["subscriber_id", "tier", "stage", "risk_tier", "p_churn", "population", *_REASON_COLUMNS]
        return pd.DataFrame(columns=columns)
    return wh.sql.execute(
        "SELECT subscriber_id, tier, stage, risk_tier, p_churn, population, "
        f"{', '.join(_REASON_COLUMNS)} FROM score_monthly "
        "WHERE run_id = ?",
        [run["run_id"]],
    ).df()


def main_reason_of(frame: pd.DataFrame) -> pd.Series:
    """Each scored line's first reason that raises its risk (a reason that lowers it explains no
    departure); ``NO_REASON`` for a scored line with none, ``NOT_SCORED`` for a line without a score."""
    out = pd.Series(None, index=frame.index, dtype=object)
    for k in (1, 2, 3):
        up = out.isna() & frame[f"reason_{k}_direction"].eq("up") & frame[f"reason_{k}_category"].notna()
        out[up] = frame.loc[up, f"reason_{k}_category"]
    scored = frame["risk_tier"].notna()
    return out.where(out.notna(), pd.Series(np.where(scored, NO_REASON, NOT_SCORED), index=frame.index))


def _silent(wh: Warehouse, month: str) -> set[str]:
    if not wh.has("feat_monthly"):
        return set()
    rows = wh.sql.execute("SELECT subscriber_id FROM feat_monthly WHERE month = ? AND population = 'silent'", [month])
    return {r[0] for r in rows.fetchall()}


def _month_frame(wh: Warehouse, lines: pd.DataFrame, month: str) -> pd.DataFrame:
    frame = movement(lines, month)
    scores = _latest_scores(wh, shift(month, -1))
    frame = frame.merge(scores, on="subscriber_id", how="left")
    silent = _silent(wh, shift(month, -1))
    passive = frame["gone_from"].eq("suspended_arrears") | frame["subscriber_id"].isin(silent)
    frame["kind"] = np.where(frame["churned"], np.where(passive, "passive", "active"), None)
    return frame


def _target(settings: Settings, month: str) -> float:
    return float(settings.high_value_retention_targets.get(month, settings.high_value_retention_target))


def _summary(frame: pd.DataFrame, settings: Settings, month: str) -> dict[str, float]:
    opening, churned = int(frame["opening"].sum()), int(frame["churned"].sum())
    high = frame[frame["opening"] & frame["tier"].isin(HIGH_VALUE)]
    return {
        "opening": opening,
        "new": int(frame["new"].sum()),
        "churned": churned,
        "closing": int(frame["closing"].sum()),
        "churn_rate": churned / opening if opening else float("nan"),
        "churn_target": settings.churn_rate_target,
        "high_value_opening": len(high),
        "high_value_retained": int((~high["churned"]).sum()),
        "high_value_retention": float((~high["churned"]).mean()) if len(high) else float("nan"),
        "high_value_target": _target(settings, month),
    }


def _why(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    churners = frame[frame["churned"] & frame["opening"]]
    reasons = main_reason_of(churners).value_counts().rename_axis("reason")
    reasons = reasons.reset_index(name="churners")
    reasons["share"] = reasons["churners"] / max(len(churners), 1)
    scored = churners[churners["risk_tier"].notna()]
    capture = {
        "churners_scored": len(scored),
        "capture_high": float((scored["risk_tier"] == "high").mean()) if len(scored) else float("nan"),
        "capture_high_medium": float(scored["risk_tier"].isin(["high", "medium"]).mean())
        if len(scored)
        else float("nan"),
    }
    return reasons, capture


def _populations(frame: pd.DataFrame) -> pd.DataFrame:
    """How last month's scores ranked this month's leavers, over the lines scored and open at the month's
    start (the population of the churn rate that were scored), overall and per population."""
    scored = frame[frame["opening"] & frame["p_churn"].notna()]
    return populations(scored.assign(churn=scored["churned"].astype(int), p_churn=scored["p_churn"].astype(float)))


def _model(wh: Warehouse, month: str, capture: dict[str, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [{"measure": k, "value": v} for k, v in capture.items()]
    if wh.has("model_realised"):
        realised = wh.sql.execute(
            "SELECT * FROM model_realised WHERE month = ? ORDER BY computed_at DESC LIMIT 1", [shift(month, -1)]
        ).df()
        for column in ("auc", "top_decile_lift", "capture_10"):
            if len(realised):
                rows.append({"measure": f"realised_{column}", "value": float(realised[column].iloc[0])})
    alerts = pd.DataFrame(columns=["month", "kind", "severity", "detail", "retrain_recommended"])
    if wh.has("monitor_alerts"):
        alerts = wh.sql.execute(
            "SELECT month, kind, severity, detail, retrain_recommended FROM monitor_alerts WHERE month IN (?, ?) "
            "ORDER BY month, severity",
            [shift(month, -1), month],
        ).df()
    return pd.DataFrame(rows), alerts


def _warnings(wh: Warehouse, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    warnings = pd.DataFrame(columns=["rule", "before", "during", "after"])
    winback = pd.DataFrame(columns=["status", "files"])
    if wh.has("warn_monthly"):
        counts = wh.sql.execute(
            "SELECT rule, stage, count(*) AS n FROM warn_monthly WHERE month = ? GROUP BY 1, 2", [month]
        ).df()
        if len(counts):
            warnings = counts.pivot_table(index="rule", columns="stage", values="n", aggfunc="sum", fill_value=0)
            warnings = warnings.reindex(columns=["before", "during", "after"], fill_value=0).reset_index()
    if wh.has("warn_winback"):
        winback = wh.sql.execute(
            "SELECT status, count(*) AS files FROM warn_winback WHERE month = ? GROUP BY 1 ORDER BY 1", [month]
        ).df()
    return warnings, winback


def _hit_rates(wh: Warehouse, month: str) -> pd.DataFrame:
    """The rules' hit rates of the warned months up to ``month`` (see ``warnings.hit_rates``)."""
    if not wh.has("warn_hit_rates"):
        return pd.DataFrame()
    return wh.sql.execute("SELECT * FROM warn_hit_rates WHERE month <= ? ORDER BY rule, month", [month]).df()


def _retention(store: Store | None, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Campaigns worked during the month (planned on the scores of M−1) and those planned on M."""
    empty = pd.DataFrame()
    if store is None:
        return empty, empty
    rows, cards = [], empty
    for campaign in [*store.campaigns(shift(month, -1)), *store.campaigns(month)]:
        if campaign["policy"] == "winback":
            continue  # its members were gone already: their retention says nothing (see `churnguard winback`)
        report = campaign_report(store, campaign["campaign_id"])
        members = report.members
        treated = members[members["arm"] == "treated"] if len(members) else members
        row = {
            "campaign": campaign["campaign_id"],
            "month": campaign["month"],
            "policy": campaign["policy"] or "-",
            "treated": len(treated),
            "control": len(members) - len(treated),
            "contacted": int(treated["attempted"].sum()) if len(treated) else 0,
            "reached": int(treated["reached"].sum()) if len(treated) else 0,
            "accepted": int(treated["accepted"].sum()) if len(treated) else 0,
        }
        if len(report.results):
            best = report.results.iloc[-1].to_dict()
            said = verdict(best)
            row |= {k: best[k] for k in ("horizon_days", "lift", "lift_low", "lift_high", "cost")}
            # Whole customers, and money only behind a lift significantly above zero (else not evidence).
            row["saved"] = round(best["saved"]) if best["saved"] == best["saved"] else None
            row["verdict"] = said
            row["roi"] = best["roi"] if said == "significant_gain" else None
            cards = report.scorecards.assign(campaign=campaign["campaign_id"])
        rows.append(row)
    return pd.DataFrame(rows), cards


def _complaints(wh: Warehouse, frame: pd.DataFrame, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    start, end = bounds(month)
    raw = wh.sql.execute(
        "SELECT c.subscriber_id, CAST(c.category AS VARCHAR) AS category, c.resolved, c.hours_to_resolve, "
        "s.county FROM stg_complaints c LEFT JOIN stg_subscribers s USING (subscriber_id) "
        "WHERE c.timestamp >= ? AND c.timestamp < ?",
        [start, end],
    ).df()
    # The complaints of the lines the report is about (all of them, or one region's: ``frame`` holds them).
    raw = raw[raw["subscriber_id"].isin(frame["subscriber_id"])]
    base = max(int(frame["opening"].sum()), 1)
    grouped = raw.groupby("category")
    out = pd.DataFrame(
        {
            "complaints": grouped.size(),
            "median_hours": grouped["hours_to_resolve"].median(),
            "unresolved": 1 - grouped["resolved"].mean(),
        }
    )
    out["per_1000"] = out["complaints"] / base * 1000
    # How much a category raises churn: this month's churn of lines that complained of it in the three
    # months before (the mart of M−1) against the lines that did not.
    if wh.has("feat_monthly"):
        columns = ", ".join(_COMPLAINT_FEATURES.values())
        feats = wh.sql.execute(
            f"SELECT subscriber_id, {columns} FROM feat_monthly WHERE month = ?", [shift(month, -1)]
        ).df()
        at_risk = frame[frame["opening"]].merge(feats, on="subscriber_id", how="inner")
        for category, feature in _COMPLAINT_FEATURES.items():
            had = at_risk[feature].fillna(0) > 0
            out.loc[category, "churn_with"] = at_risk.loc[had, "churned"].mean() if had.any() else np.nan
            out.loc[category, "churn_without"] = at_risk.loc[~had, "churned"].mean() if (~had).any() else np.nan
        out["relative_risk"] = out["churn_with"] / out["churn_without"].replace(0, np.nan)
    out = out.dropna(how="all", subset=["complaints"]).rename_axis("category").reset_index()
    regions = raw.groupby(raw["county"].fillna("-")).size().rename("complaints").rename_axis("region").reset_index()
    opening = frame[frame["opening"]].groupby("county").size()
    # As floats: a region without a complaint leaves an empty table whose mapped column is text.
    lines_open = regions["region"].map(opening).astype(float).replace(0, np.nan)
    regions["per_1000"] = regions["complaints"].astype(float) / lines_open * 1000
    return out.sort_values("complaints", ascending=False, ignore_index=True), regions


def _surveys(wh: Warehouse, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per region (the respondent's county; anonymous answers apart) and dimension: the share of each
    answer 1–5, the expected score E = Σ i·P_i, and last month's E."""

    def scores_of(m: str) -> pd.DataFrame:
        start, end = bounds(m)
        return wh.sql.execute(
            "SELECT coalesce(s.county, 'anonymous') AS region, CAST(v.dimension AS VARCHAR) AS dimension, v.score "
            "FROM stg_surveys v LEFT JOIN stg_subscribers s ON s.subscriber_id = v.respondent "
            "WHERE v.date >= ? AND v.date < ?",
            [start.date(), end.date()],
        ).df()

    now, before = scores_of(month), scores_of(shift(month, -1))
    if now.empty:
        return pd.DataFrame(), pd.DataFrame()
    shares = pd.crosstab([now["region"], now["dimension"]], now["score"], normalize="index")
    shares = shares.reindex(columns=range(1, 6), fill_value=0.0)
    out = shares.rename(columns={i: f"p{i}" for i in range(1, 6)})
    out.insert(0, "answers", now.groupby(["region", "dimension"]).size())
    out["expected"] = sum(i * shares[i] for i in range(1, 6))
    previous = before.groupby(["region", "dimension"])["score"].mean() if len(before) else pd.Series(dtype=float)
    out["previous"] = previous.reindex(out.index)
    out = out.reset_index()
    # Flags: per dimension, the lowest mean E across regions and the widest gap between regions.
    named = out[out["region"] != "anonymous"].reset_index(drop=True)
    per = named.groupby("dimension")["expected"]
    flags = pd.DataFrame(
        {
            "mean": per.mean(),
            # Which region scores lowest and highest, and its score: a region is a name, a score a number.
            "lowest_region": named.loc[per.idxmin(), "region"].to_numpy() if len(named) else [],
            "lowest": per.min(),
            "highest_region": named.loc[per.idxmax(), "region"].to_numpy() if len(named) else [],
            "highest": per.max(),
        }
    )
    flags["gap"] = flags["highest"] - flags["lowest"]
    flags = flags.sort_values("mean").reset_index()
    flags["flag"] = ""
    if len(flags):
        flags.loc[0, "flag"] = "lowest_mean"
        widest = flags["gap"].idxmax()
        flags.loc[widest, "flag"] = (flags.loc[widest, "flag"] + " widest_gap").strip()
    return out, flags


def _sources(wh: Warehouse, month: str, campaigns: pd.DataFrame) -> pd.DataFrame:
    """The runs this report's numbers come from, so that any of them can be traced to its inputs."""
    rows = []
    for m in (shift(month, -1), month):
        run = wh.latest_run("score_runs", m)
        if run is not None:
            detail = f"model {run['model_id']}, {int(run['rows']):,} lines"
            rows.append({"source": f"scores {m}", "id": run["run_id"], "detail": detail})
    run = wh.latest_run("warn_runs", month)
    if run is not None:
        rows.append(
            {"source": f"warnings {month}", "id": run["run_id"], "detail": f"{int(run['warnings']):,} warnings"}
        )
    if wh.has("mart_runs"):
        found = wh.sql.execute(
            "SELECT finished_at, batches FROM mart_runs WHERE months LIKE ? ORDER BY finished_at DESC LIMIT 1",
            [f"%{month}%"],
        ).fetchall()
        if found:
            finished, batches = found[0]
            read = len(batches.split(",")) if batches else 0  # comma-separated batch ids
            rows.append({"source": f"mart {month}", "id": str(finished)[:19], "detail": f"{read} ingest batches read"})
    for c in campaigns.to_dict("records") if len(campaigns) else []:
        rows.append({"source": f"campaign {c['month']}", "id": c["campaign"], "detail": c["policy"]})
    return pd.DataFrame(rows, columns=["source", "id", "detail"])


def monthly_report(
    wh: Warehouse, store: Store | None, settings: Settings, *, month: str, region: str | None = None
) -> MonthlyReport:
    """The report of ``month`` (its data and the scores of the month before must be in the warehouse).
    With ``region`` (a city or county): the base, its movements, breakdowns, churn kinds, reasons,
    complaints and the scores' accuracy per population of the region's lines only; the model's realised
    figures, warnings, campaigns and surveys stay the company's (``scope`` names the region)."""
    available = wh.months("stg_bills")
    if month not in available or not wh.has("stg_subscribers"):
        raise DataError("report.no_month", month=month, file=wh.location, months=", ".join(available) or "-")
    wh.check_mart()
    lines = line_frame(wh)
    if region is not None:
        lines = lines[(lines["county"] == region) | (lines["city"] == region)].reset_index(drop=True)
    frame = _month_frame(wh, lines, month)
    summary = _summary(frame, settings, month)
    trend_rows = []
    loaded = set(available)  # a month before the data began would show no churn
    for k in range(5, -1, -1):
        m = shift(month, -k)
        if m not in loaded:
            continue
        f = frame if k == 0 else _month_frame(wh, lines, m)
        s = summary if k == 0 else _summary(f, settings, m)
        trend_rows.append(
            {
                "month": m,
                **{c: s[c] for c in ("opening", "new", "churned", "closing", "churn_rate")},
                "target": s["churn_target"],
                "hv_retention": s["high_value_retention"],
                "hv_target": s["high_value_target"],
            }
        )
    trend = pd.DataFrame(trend_rows)
    trend = trend[(trend["opening"] > 0) | (trend["new"] > 0)].reset_index(drop=True)
    kinds = frame.loc[frame["churned"], "kind"].value_counts().reindex(["active", "passive"], fill_value=0)
    kinds = kinds.rename_axis("kind").reset_index(name="lines")
    latent = 0
    if wh.has("lbl_churn"):
        gone_latent = wh.sql.execute(
            "SELECT subscriber_id FROM lbl_churn WHERE month = ? AND churn_latent = 1", [shift(month, -1)]
        ).df()["subscriber_id"]
        latent = int(gone_latent.isin(frame["subscriber_id"]).sum())
    kinds = pd.concat([kinds, pd.DataFrame([{"kind": "latent", "lines": int(latent)}])], ignore_index=True)
    # Latent lines are still open: they are not in the month's churned count, and the table says so.
    kinds["in_churned"] = kinds["kind"] != "latent"
    by = {
        name: by_group(frame, column)
        for name, column in (
            ("region", "county"),
            ("plan", "plan_id"),
            ("customer_type", "customer_type"),
            ("tier", "tier"),
            ("stage", "stage"),
        )
    }
    reasons, capture = _why(frame)
    model, alerts = _model(wh, month, capture)
    warnings, winback = _warnings(wh, month)
    campaigns, cards = _retention(store, month)
    complaints, complaint_regions = _complaints(wh, frame, month)
    surveys, flags = _surveys(wh, month)
    sources = _sources(wh, month, campaigns)
    notes = []
    if frame["tier"].isna().all():
        notes.append("no_scores")
    return MonthlyReport(
        month,
        summary,
        trend,
        kinds,
        by,
        reasons,
        model,
        alerts,
        warnings,
        winback,
        campaigns,
        cards,
        complaints,
        complaint_regions,
        surveys,
        flags,
        sources,
        notes,
        hit_rates=_hit_rates(wh, month),
        populations=_populations(frame),
        scope=region,
    )
