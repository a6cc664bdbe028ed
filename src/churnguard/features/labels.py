"""Churn labels as Ibis expressions: pure functions of (tables, month), reading only what follows it.

Every line open at the end of ``t`` (the mart's ``population`` is not "gone") is labelled, because every
such line is scored. Two targets:

- ``leave`` — what ``p_churn`` means everywhere: the line leaves, cancelled or ported out by any route
  (passive cancellations from an arrears suspension or a silent line included), within the horizon.
  This is the event the monthly churn rate counts, and the target the churn models learn.
- ``churn`` — the seed's operator label, kept for its kinds: a line of the label population
  ("active": usage and billing in ``t``) that in the horizon is cancelled or ported out, or has no
  usage and no billing (零次户). It is NULL for lines outside that population (silent or suspended).

``population`` says where the line stood at the end of ``t`` (active, silent, suspended). Each label
also says which kind of churn it is:

- active: cancelled or ported out within the horizon (not from an arrears suspension);
- passive: cancelled from an arrears suspension, suspended for arrears for at least ``arrears_days``
  days inside the horizon, or silent over it;
- latent: still there, but usage or revenue in ``t + 1`` fell by ``latent_drop`` or more below the
  mean of ``t − 2 … t``.

Usage, revenue and population per month come from the mart's own columns (``bases``), so labels never
rescan CDRs.
"""

from __future__ import annotations

from datetime import timedelta

import ibis
import ibis.expr.types as ir

from churnguard.contracts import GONE_STATUSES
from churnguard.features.monthly import Tables, without
from churnguard.months import Month, shift

__all__ = ["KINDS", "churn_labels"]

KINDS = ("none", "active", "passive", "latent")


def churn_labels(
    tables: Tables,
    month: str,
    *,
    bases: ir.Table,
    horizon: int = 1,
    arrears_days: int = 15,
    latent_drop: float = 0.5,
) -> ir.Table:
    """Labels of the lines open at the end of ``month``; ``bases`` is the mart (at least ``t − 2 … t + horizon``)."""
    if not 1 <= horizon <= 3:
        raise ValueError("horizon must be 1, 2 or 3 months")
    labelled = Month.parse(month)
    end, window_end = labelled.end, (labelled + horizon).end
    changes = tables["status_changes"]
    b = bases
    eligible = b.filter((b.month == month) & (b.population != "gone")).select("subscriber_id", "population")

    ahead = tuple(shift(month, k) for k in range(1, horizon + 1))
    trailing = tuple(shift(month, -k) for k in (0, 1, 2))
    nxt = shift(month, 1)
    usage = (
        b.filter(b.month.isin(ahead + trailing))
        .group_by("subscriber_id")
        .aggregate(
            events_ahead=b.usage_events.sum(where=b.month.isin(ahead)),
            bill_ahead=b.net_bill.sum(where=b.month.isin(ahead)),
            events_next=b.usage_events.sum(where=b.month == nxt),
            bill_next=b.net_bill.sum(where=b.month == nxt),
            events_mean=b.usage_events.mean(where=b.month.isin(trailing)),
            bill_mean=b.net_bill.mean(where=b.month.isin(trailing)),
        )
    )

    window = changes.filter((changes.timestamp >= end) & (changes.timestamp < window_end))
    gone = window.filter(window.to_status.isin(GONE_STATUSES))
    left = gone.select("subscriber_id").distinct()
    # Cancelled from an arrears suspension: the operator let the line go, a passive churn.
    let_go = gone.filter(gone.from_status == "suspended_arrears").select("subscriber_id").distinct()
    # An arrears suspension counts when the line is not back to active within arrears_days of it; only
    # suspensions whose arrears_days end inside the horizon can be judged without reading past it.
    lasting = timedelta(days=arrears_days)
    suspended = window.filter(
        (window.to_status == "suspended_arrears") & (window.timestamp + lasting <= window_end)
    ).select("subscriber_id", since=window.timestamp)
    back = changes.filter(changes.from_status == "suspended_arrears").select(
        "subscriber_id", back_at=changes.timestamp, back_to=changes.to_status
    )
    sb = suspended.left_join(
        back,
        [
            suspended.subscriber_id == back.subscriber_id,
            back.back_at > suspended.since,
            back.back_at < suspended.since + lasting,
            back.back_to == "active",
        ],
    )
    arrears = sb.filter(sb.back_at.isnull()).select(subscriber_id=sb.subscriber_id).distinct()

    j = eligible.left_join(usage, "subscriber_id")
    j = without(j, "subscriber_id_right")
    j = j.mutate(
        is_left=j.subscriber_id.isin(left.subscriber_id),
        let_go=j.subscriber_id.isin(let_go.subscriber_id),
        in_arrears=j.subscriber_id.isin(arrears.subscriber_id),
    )
    silent = (j.events_ahead.fill_null(0) == 0) & (j.bill_ahead.fill_null(0) <= 0)
    drop = 1.0 - latent_drop
    latent = ((j.events_next.fill_null(0) <= drop * j.events_mean) & (j.events_mean > 0)) | (
        (j.bill_next.fill_null(0) <= drop * j.bill_mean) & (j.bill_mean > 0)
    )
    active = j.is_left & ~j.let_go
    passive = ~active & (j.let_go | silent | j.in_arrears)
    latent = ~active & ~passive & latent
    kind = ibis.cases((active, "active"), (passive, "passive"), (latent, "latent"), else_="none")
    seed = ibis.cases((j.population == "active", (j.is_left | silent).cast("int64")), else_=ibis.null("int64"))
    return j.select(
        "subscriber_id",
        month=ibis.literal(month),
        population=j.population,
        leave=j.is_left.cast("int64"),
        churn=seed,
        kind=kind,
        churn_active=active.cast("int64"),
        churn_passive=passive.cast("int64"),
        churn_latent=latent.cast("int64"),
        horizon=ibis.literal(horizon).cast("int64"),
    )
