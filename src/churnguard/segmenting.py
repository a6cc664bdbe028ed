"""The monthly segments step: RFM groups, value tiers, lifecycle stages, clusters, CLV and migration.

``segment_month`` reads the month's mart rows (and its latest scoring run when there is one), applies
the pure functions of :mod:`churnguard.segments`, and writes:

- ``seg_monthly``: one row per line — rfm_group, tier, stage, cluster, clv, expected_lifetime_months;
- ``seg_clusters``: each cluster's profile and centroid, so next month's clusters keep their ids;
- ``seg_migration``: the month-to-month transition counts between tiers and between stages.

A month written again replaces its rows. Without a scoring run, CLV uses the month's base churn rate
for every line (said in ``seg_monthly.clv_basis``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from churnguard.config import Settings
from churnguard.errors import DataError
from churnguard.months import shift
from churnguard.segments import (
    align,
    assign,
    clv,
    fit_clusters,
    lifecycle_stage,
    migration_matrix,
    profiles,
    rfm_groups,
    value_tiers,
)
from churnguard.warehouse import Warehouse

__all__ = ["SegmentRun", "segment_month"]


@dataclass
class SegmentRun:
    month: str
    segments: pd.DataFrame
    clusters: pd.DataFrame
    migration: pd.DataFrame
    clv_basis: str


def _previous(wh: Warehouse, table: str, month: str) -> pd.DataFrame | None:
    if not wh.has(table):
        return None
    frame = wh.sql.execute(f'SELECT * FROM "{table}" WHERE month = ?', [shift(month, -1)]).df()
    return frame if len(frame) else None


def _churn(wh: Warehouse, month: str, lines: pd.Series) -> tuple[pd.Series, str]:
    if wh.has("score_runs"):
        run = wh.sql.execute(
            "SELECT run_id FROM score_runs WHERE month = ? ORDER BY created_at DESC LIMIT 1", [month]
        ).fetchall()
        if run:
            p = wh.sql.execute("SELECT subscriber_id, p_churn FROM score_monthly WHERE run_id = ?", [run[0][0]]).df()
            mapped = lines.map(p.set_index("subscriber_id")["p_churn"])
            return mapped, f"score run {run[0][0]}"
    rate = 0.02
    if wh.has("lbl_churn"):
        got = wh.sql.execute("SELECT avg(leave) FROM lbl_churn WHERE month <= ?", [month]).fetchall()[0][0]
        rate = float(got) if got is not None else rate
    return pd.Series(rate, index=lines.index), f"base churn rate {rate:.4f}"


def segment_month(wh: Warehouse, settings: Settings, *, month: str) -> SegmentRun:
    """Segment every line of ``month`` in the mart and write the ``seg_*`` tables."""
    wh.check_mart()
    months = wh.months("feat_monthly")
    if month not in months:
        raise DataError("score.no_month", file=wh.location, month=month, months=", ".join(months) or "-")
    frame = wh.sql.execute("SELECT * FROM feat_monthly WHERE month = ? ORDER BY subscriber_id", [month]).df()
    p, basis = _churn(wh, month, frame["subscriber_id"])
    # Lines the scoring run left out (gone by the month's end) have no churn ahead to discount.
    p = p.fillna(1.0)
    margin = frame["net_bill"].fillna(0.0).clip(lower=0).to_numpy(float) * settings.margin_rate
    value = clv(
        margin, p.to_numpy(float), discount_rate_annual=settings.discount_rate, horizon_months=settings.clv_months
    )
    tiers = value_tiers(
        frame,
        individual_bands=tuple(settings.individual_tier_bands),
        enterprise_bands=tuple(settings.enterprise_tier_bands),
    )
    stages = lifecycle_stage(frame)
    model = fit_clusters(frame, k=settings.clusters, seed=settings.seed)
    before = _previous(wh, "seg_clusters", month)
    if before is not None:
        centroids = before.set_index("cluster")[[f"centroid_{c}" for c in model.columns]]
        model = align(centroids.rename(columns=lambda c: c.removeprefix("centroid_")), model)
    cluster = assign(model, frame)
    segments = pd.DataFrame(
        {
            "month": month,
            "subscriber_id": frame["subscriber_id"],
            "rfm_group": rfm_groups(frame).to_numpy(),
            "tier": tiers["tier"].to_numpy(),
            "stage": stages["stage"].to_numpy(),
            "stage_rule": stages["stage_rule"].to_numpy(),
            "cluster": cluster.to_numpy(),
            "p_churn": p.to_numpy(float),
            "clv": value["clv"].to_numpy(),
            "expected_lifetime_months": value["expected_lifetime_months"].to_numpy(),
            "clv_basis": basis,
        }
    )
    profile = profiles(model, frame, cluster.to_numpy())
    centroids = model.centroids.add_prefix("centroid_")
    clusters = profile.merge(centroids, left_on="cluster", right_index=True, how="left")
    clusters.insert(0, "month", month)
    migration = _migration(wh, month, segments)
    wh.replace_frames(month, {"seg_monthly": segments, "seg_clusters": clusters, "seg_migration": migration})
    return SegmentRun(month, segments, clusters, migration, basis)


def _migration(wh: Warehouse, month: str, segments: pd.DataFrame) -> pd.DataFrame:
    before = _previous(wh, "seg_monthly", month)
    rows = []
    if before is None:  # typed, so the table it creates takes the right column types
        return pd.DataFrame(
            {
                "month": pd.Series(dtype="str"),
                "dimension": pd.Series(dtype="str"),
                "from_segment": pd.Series(dtype="str"),
                "to_segment": pd.Series(dtype="str"),
                "lines": pd.Series(dtype="int64"),
                "share": pd.Series(dtype="float64"),
            }
        )
    for dimension in ("tier", "stage"):
        moved = migration_matrix(before, segments, column=dimension)
        for source in moved.counts.index:
            for target in moved.counts.columns:
                count = int(moved.counts.loc[source, target])
                if count:
                    share = moved.shares.loc[source, target]
                    rows.append((month, dimension, str(source), str(target), count, float(share)))
    return pd.DataFrame(rows, columns=["month", "dimension", "from_segment", "to_segment", "lines", "share"])
