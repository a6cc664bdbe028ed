"""Lifecycle stages (acquisition, growth, maturity, decline, exit) and how customers move between
segments from one month to the next.

Pure functions of rows of the monthly mart ``feat_monthly``: nothing is read or written and inputs are
never changed. The rule table is in ``lifecycle_stage`` and in ``docs/concepts/segments.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from churnguard.i18n.domain import STAGES
from churnguard.segments._columns import float_column, require_columns

__all__ = ["GONE", "NEW", "STAGES", "Migration", "lifecycle_stage", "migration_matrix"]


# Row and column of the migration matrix for customers only in the later / only in the earlier month.
NEW = "new"
GONE = "gone"

_STAGE_COLUMNS = (
    "tenure_months",
    "events_vs_3m",
    "revenue_vs_3m",
    "usage_drop_flag",
    "revenue_drop_flag",
    "suspended_arrears_now",
    "usage_events",
    "months_to_contract_end",
)


def lifecycle_stage(
    frame: pd.DataFrame,
    *,
    new_months: int = 6,
    acquisition_months: int = 3,
    decline_ratio: float = 0.7,
    rising_ratio: float = 1.1,
    exit_contract_months: float = 1.0,
) -> pd.DataFrame:
    """Lifecycle stage of each row, by the first matching rule of this table:

    ===========  ==================  ==============================================================
    stage        stage_rule          rule
    ===========  ==================  ==============================================================
    exit         arrears             suspended_arrears_now == 1 (suspended for arrears at month end)
    exit         no_usage            usage_events == 0 (no call, SMS or data session in the month)
    exit         contract_end        months_to_contract_end <= exit_contract_months and *declining*
    acquisition  new_line            tenure_months < acquisition_months
    decline      declining           *declining* (below)
    growth       rising              tenure_months < new_months and events_vs_3m >= rising_ratio
    maturity     steady              every other row
    ===========  ==================  ==============================================================

    *declining* means events_vs_3m <= decline_ratio, or revenue_vs_3m <= decline_ratio, or
    usage_drop_flag == 1, or revenue_drop_flag == 1 (usage or net bill against the mean of the three
    months before). Exit comes first because it needs action whatever the tenure; acquisition comes
    before decline because the trends of a line a few months old compare against a partial first
    month. A missing value never fires a rule: a row with no trends yet (its first month in the mart)
    is judged by tenure alone, and one with nothing known is ``maturity``.

    Needs the columns tenure_months, events_vs_3m, revenue_vs_3m, usage_drop_flag, revenue_drop_flag,
    suspended_arrears_now, usage_events and months_to_contract_end (values may be missing). Returns a
    DataFrame with the index of ``frame`` and columns ``stage``, ``stage_label_en``, ``stage_label_zh``
    and ``stage_rule`` (which rule decided). ``STAGES`` holds the English and Chinese names.
    """
    if not 0 < acquisition_months <= new_months:
        raise ValueError(f"need 0 < acquisition_months <= new_months, not {acquisition_months!r} and {new_months!r}")
    if not 0 < decline_ratio < rising_ratio:
        raise ValueError(f"need 0 < decline_ratio < rising_ratio, not {decline_ratio!r} and {rising_ratio!r}")
    require_columns(frame, _STAGE_COLUMNS, caller="lifecycle_stage")
    col = {name: float_column(frame, name) for name in _STAGE_COLUMNS}

    # Comparisons with NaN are false, so each missing input simply leaves its rule unfired.
    declining = (
        (col["events_vs_3m"] <= decline_ratio)
        | (col["revenue_vs_3m"] <= decline_ratio)
        | (col["usage_drop_flag"] == 1)
        | (col["revenue_drop_flag"] == 1)
    )
    rules = [
        ("exit", "arrears", col["suspended_arrears_now"] == 1),
        ("exit", "no_usage", col["usage_events"] == 0),
        ("exit", "contract_end", (col["months_to_contract_end"] <= exit_contract_months) & declining),
        ("acquisition", "new_line", col["tenure_months"] < acquisition_months),
        ("decline", "declining", declining),
        ("growth", "rising", (col["tenure_months"] < new_months) & (col["events_vs_3m"] >= rising_ratio)),
    ]
    conditions = [condition for _, _, condition in rules]
    stage = np.select(conditions, [s for s, _, _ in rules], default="maturity")
    rule = np.select(conditions, [r for _, r, _ in rules], default="steady")
    return pd.DataFrame(
        {
            "stage": pd.Series(stage, index=frame.index, dtype="str"),
            "stage_label_en": pd.Series([STAGES[s][0] for s in stage], index=frame.index, dtype="str"),
            "stage_label_zh": pd.Series([STAGES[s][1] for s in stage], index=frame.index, dtype="str"),
            "stage_rule": pd.Series(rule, index=frame.index, dtype="str"),
        },
        index=frame.index,
    )


@dataclass(frozen=True, eq=False)
class Migration:
    """A month-to-month transition matrix between segments.

    ``counts`` has one row per segment of the earlier month plus ``NEW`` (customers only in the later
    month) and one column per segment of the later month plus ``GONE`` (customers only in the earlier
    month); ``shares`` divides each row by its total (missing for a row with no customers).
    """

    counts: pd.DataFrame
    shares: pd.DataFrame


def _segments_by_id(frame: pd.DataFrame, column: str, *, which: str) -> pd.Series:
    """``column`` keyed by subscriber_id (a column, or else the index), missing segments as 'unknown'."""
    if "subscriber_id" in frame.columns:
        keys = frame["subscriber_id"]
    elif frame.index.name == "subscriber_id":
        keys = frame.index.to_series()
    else:
        raise ValueError(f"migration_matrix: the {which} frame has no subscriber_id column or index")
    if column not in frame.columns:
        raise ValueError(f"migration_matrix: the {which} frame has no column {column!r}")
    if keys.isna().any():
        raise ValueError(f"migration_matrix: the {which} frame has rows without a subscriber_id")
    if keys.duplicated().any():
        dupes = keys[keys.duplicated()].astype(str).unique()[:5]
        raise ValueError(
            f"migration_matrix: the {which} frame has more than one row for subscriber_id {', '.join(dupes)}; "
            "pass one month's segments"
        )
    values = frame[column].astype("object").where(frame[column].notna(), "unknown").astype(str)
    return pd.Series(values.to_numpy(), index=pd.Index(keys.to_numpy(), name="subscriber_id"), name=column)


def migration_matrix(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    column: str,
    order: Sequence[str] | None = None,
) -> Migration:
    """How customers moved between the segments in ``column`` from the ``before`` month to ``after``.

    Both frames hold one row per customer, keyed by ``subscriber_id`` (a column, or the index), with
    the segment (e.g. ``tier`` or ``stage``) in ``column``; a missing segment counts as ``unknown``.
    Customers only in ``after`` form the row ``NEW`` ("new"), customers only in ``before`` the column
    ``GONE`` ("gone"). Segments are listed in ``order`` when given (each listed even when empty,
    others seen in the data after them, sorted), else sorted; a segment may not be named "new" or
    "gone". Returns a ``Migration`` with ``counts`` (integers; rows are before, columns after) and
    row ``shares``.
    """
    old = _segments_by_id(before, column, which="before")
    new = _segments_by_id(after, column, which="after")
    seen = set(old.unique()) | set(new.unique())
    clash = sorted(seen & {NEW, GONE})
    if clash:
        raise ValueError(f"migration_matrix: segment name(s) {clash} clash with the rows/columns {NEW!r}/{GONE!r}")
    listed = list(dict.fromkeys(order)) if order is not None else []
    states = listed + sorted(seen - set(listed))

    # An outer alignment on subscriber_id: absent on one side means joined or left.
    pairs = pd.concat([old.rename("before"), new.rename("after")], axis=1, join="outer")
    pairs["before"] = pairs["before"].fillna(NEW)
    pairs["after"] = pairs["after"].fillna(GONE)
    rows = pd.Index([*states, NEW], name=f"{column}_before")
    cols = pd.Index([*states, GONE], name=f"{column}_after")
    counts = pd.DataFrame(0, index=rows, columns=cols, dtype="int64")
    if len(pairs):  # an empty group-by has no levels to unstack
        table = pairs.groupby(["before", "after"]).size().unstack(fill_value=0)
        counts = table.reindex(index=list(rows), columns=list(cols), fill_value=0).astype("int64")
        counts.index, counts.columns = rows, cols
    totals = counts.sum(axis=1).astype("float64")
    shares = counts.div(totals.where(totals > 0), axis=0)
    return Migration(counts=counts, shares=shares)
