"""Behaviour clusters: k-means on how customers use the service, readable profiles, and cluster ids
that stay the same from month to month.

Pure functions of rows of the monthly mart ``feat_monthly``: nothing is read or written and inputs are
never changed. The fitted result is a small frozen dataclass (``ClusterModel``) holding plain numbers,
so it can be stored beside the month's segments and compared with the next month's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans

from churnguard.features.catalog import describe_feature
from churnguard.i18n.domain import HIGH_LOW
from churnguard.segments._columns import float_column, require_columns

__all__ = [
    "DEFAULT_BEHAVIOUR_COLUMNS",
    "SKEWED_COLUMNS",
    "ClusterModel",
    "align",
    "assign",
    "fit_clusters",
    "profiles",
]

DEFAULT_BEHAVIOUR_COLUMNS: tuple[str, ...] = (
    "voice_minutes",
    "data_mb",
    "sms_out",
    "active_days",
    "net_bill",
    "days_since_last_use",
)

# Counts and volumes with long right tails: on their own scale a few heavy users would own whole
# clusters, so they are clustered as sign(x)·log(1 + |x|) (the sign keeps negative bills apart).
SKEWED_COLUMNS: frozenset[str] = frozenset(
    {
        "voice_minutes",
        "voice_out_minutes",
        "voice_in_minutes",
        "voice_out_calls",
        "voice_in_calls",
        "data_mb",
        "data_sessions",
        "sms_out",
        "sms_in",
        "usage_events",
        "roaming_events",
        "night_calls",
        "distinct_contacts",
        "net_bill",
        "bill_total",
        "usage_charge",
        "days_since_last_use",
    }
)

# k-means restarts: enough that a fit does not depend on one unlucky start, few enough to stay fast.
_N_INIT = 10
_TOP = 3


@dataclass(frozen=True, eq=False)
class ClusterModel:
    """Fitted behaviour clusters.

    A row is put on the clustering scale by filling a missing value with the column's median
    ``fill``, taking sign(x)·log(1 + |x|) of the ``log_columns``, then standardising with ``center``
    and ``scale`` (mean and standard deviation of the training rows on that scale). ``centroids``
    has one row per cluster, indexed by cluster id, in the original units of ``columns`` (a centroid
    of a log column is therefore a typical value, not an arithmetic mean); ``labels`` is the cluster
    id of each training row, in row order.
    """

    columns: tuple[str, ...]
    log_columns: tuple[str, ...]
    fill: pd.Series
    center: pd.Series
    scale: pd.Series
    centroids: pd.DataFrame
    labels: np.ndarray
    seed: int
    inertia: float

    @property
    def standardised_centroids(self) -> pd.DataFrame:
        """The centroids on the clustering scale (what ``assign`` and ``align`` measure distances on)."""
        values = _standardise(self, self.centroids)
        return pd.DataFrame(values, index=self.centroids.index, columns=list(self.columns))


def _signed_log(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.log1p(np.abs(x))


def _raw(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    return np.column_stack([float_column(frame, c) for c in columns]) if len(frame) else np.empty((0, len(columns)))


def _logged(values: np.ndarray, columns: Sequence[str], log_columns: Sequence[str], fill: np.ndarray) -> np.ndarray:
    out = np.where(np.isnan(values), fill, values)
    for j, column in enumerate(columns):
        if column in log_columns:
            out[:, j] = _signed_log(out[:, j])
    return out


def _standardise(model: ClusterModel, frame: pd.DataFrame) -> np.ndarray:
    values = _raw(frame, model.columns)
    logged = _logged(values, model.columns, model.log_columns, model.fill.to_numpy())
    return (logged - model.center.to_numpy()) / model.scale.to_numpy()


def fit_clusters(
    frame: pd.DataFrame,
    *,
    k: int = 6,
    seed: int = 0,
    columns: Sequence[str] = DEFAULT_BEHAVIOUR_COLUMNS,
    log_columns: Sequence[str] | None = None,
) -> ClusterModel:
    """Fit ``k`` behaviour clusters to the rows of ``frame`` with k-means.

    The ``columns`` (default ``DEFAULT_BEHAVIOUR_COLUMNS``: voice minutes, data MB, SMS sent, active
    days, net bill, days since the last use) are median-filled, log-transformed where skewed
    (``log_columns``; default: those of ``columns`` in ``SKEWED_COLUMNS``) and standardised, so each
    counts alike. k-means runs ``_N_INIT`` = 10 starts from ``seed`` (scikit-learn ``KMeans``,
    ``random_state=seed``). Cluster ids are 0 … k − 1, largest cluster first, so they do not depend on
    the order k-means happened to find them in; use ``align`` to carry last month's ids over.
    Needs at least ``k`` rows. Returns a ``ClusterModel``.
    """
    columns = tuple(columns)
    if not columns:
        raise ValueError("fit_clusters needs at least one behaviour column")
    require_columns(frame, columns, caller="fit_clusters")
    if isinstance(k, bool) or int(k) != k or k < 1:
        raise ValueError(f"k must be a whole number of clusters, 1 or more, not {k!r}")
    if len(frame) < k:
        raise ValueError(f"fit_clusters: {len(frame)} row(s) cannot make {k} clusters; pass at least k rows")
    logs = tuple(c for c in columns if c in SKEWED_COLUMNS) if log_columns is None else tuple(log_columns)
    unknown = sorted(set(logs) - set(columns))
    if unknown:
        raise ValueError(f"log_columns {unknown} are not among the behaviour columns {list(columns)}")

    values = _raw(frame, columns)
    with np.errstate(all="ignore"):
        medians = np.nanmedian(np.where(np.isnan(values).all(axis=0), 0.0, values), axis=0)
    logged = _logged(values, columns, logs, medians)
    center = logged.mean(axis=0)
    spread = logged.std(axis=0)
    scale = np.where(spread > 0, spread, 1.0)  # a constant column stays 0 rather than dividing by 0
    z = (logged - center) / scale

    km = KMeans(n_clusters=int(k), n_init=_N_INIT, random_state=seed).fit(z)
    sizes = np.bincount(km.labels_, minlength=int(k))
    # Largest first; equal sizes by their centroid, so the ids are a function of the clusters alone.
    order = sorted(range(int(k)), key=lambda c: (-sizes[c], *km.cluster_centers_[c]))
    new_id = np.empty(int(k), dtype="int64")
    new_id[order] = np.arange(int(k))

    logged_centres = km.cluster_centers_[order] * scale + center
    original = logged_centres.copy()
    for j, column in enumerate(columns):
        if column in logs:
            original[:, j] = np.sign(original[:, j]) * np.expm1(np.abs(original[:, j]))
    index = pd.Index(np.arange(int(k), dtype="int64"), name="cluster")
    return ClusterModel(
        columns=columns,
        log_columns=logs,
        fill=pd.Series(medians, index=list(columns)),
        center=pd.Series(center, index=list(columns)),
        scale=pd.Series(scale, index=list(columns)),
        centroids=pd.DataFrame(original, index=index, columns=list(columns)),
        labels=new_id[km.labels_],
        seed=int(seed),
        inertia=float(km.inertia_),
    )


def assign(model: ClusterModel, frame: pd.DataFrame) -> pd.Series:
    """Cluster id of each row of ``frame``: its nearest centroid on the model's scale.

    Missing values are filled with the model's medians, as in fitting. Returns an int64 Series
    named ``cluster`` with the index of ``frame``.
    """
    require_columns(frame, model.columns, caller="assign")
    ids = model.centroids.index.to_numpy()
    if not len(frame):
        return pd.Series([], index=frame.index, name="cluster", dtype="int64")
    distances = cdist(_standardise(model, frame), model.standardised_centroids.to_numpy())
    return pd.Series(ids[distances.argmin(axis=1)], index=frame.index, name="cluster", dtype="int64")


def profiles(model: ClusterModel, frame: pd.DataFrame, labels: ArrayLike) -> pd.DataFrame:
    """A readable profile of each cluster of ``model`` over the rows of ``frame`` labelled ``labels``.

    One row per cluster id (every id of the model, an empty cluster with size 0), with columns
    ``cluster``, ``size``, ``share`` (of the rows of ``frame``), the mean of each behaviour column in
    its own units (missing values skipped), ``top_1`` … ``top_3``: the columns in which the cluster
    differs most from all the rows, and ``description`` / ``description_zh``, e.g. "high data_mb,
    low voice_minutes, high sms_out" / "上网流量（MB）高，通话总分钟低，发送短信数高".

    The difference is the standardised mean difference (cluster mean − mean of all rows) / standard
    deviation of all rows, on the clustering scale (median-filled, log for skewed columns), so one
    heavy user does not make a column look distinctive; columns are ranked by its absolute value.
    """
    require_columns(frame, model.columns, caller="profiles")
    lab = np.asarray(labels)
    if lab.shape != (len(frame),):
        raise ValueError(f"profiles: {lab.shape[0] if lab.ndim else 1} label(s) for {len(frame)} row(s)")
    columns = list(model.columns)
    raw = _raw(frame, columns)
    scaled = _logged(raw, columns, model.log_columns, model.fill.to_numpy())
    overall_mean = scaled.mean(axis=0) if len(frame) else np.full(len(columns), np.nan)
    overall_sd = scaled.std(axis=0) if len(frame) else np.full(len(columns), np.nan)
    overall_sd = np.where(overall_sd > 0, overall_sd, np.nan)  # a constant column distinguishes nothing

    rows = []
    for cluster in model.centroids.index:
        members = lab == cluster
        size = int(members.sum())
        with np.errstate(all="ignore"):
            means = np.nanmean(raw[members], axis=0) if size else np.full(len(columns), np.nan)
            smd = (scaled[members].mean(axis=0) - overall_mean) / overall_sd if size else np.full(len(columns), np.nan)
        strength = np.where(np.isnan(smd), -np.inf, np.abs(smd))
        ranked = [j for j in np.argsort(-strength, kind="stable") if not np.isnan(smd[j])]
        top = ranked[:_TOP]
        row: dict[str, object] = {
            "cluster": int(cluster),
            "size": size,
            "share": size / len(frame) if len(frame) else 0.0,
        }
        row.update({c: float(v) for c, v in zip(columns, means, strict=True)})
        for i in range(_TOP):
            row[f"top_{i + 1}"] = columns[top[i]] if i < len(top) else None
        row["description"] = ", ".join(f"{'high' if smd[j] > 0 else 'low'} {columns[j]}" for j in top)
        row["description_zh"] = "，".join(
            f"{describe_feature(columns[j]).name_zh}{HIGH_LOW['high' if smd[j] > 0 else 'low'][1]}" for j in top
        )
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[
            "cluster",
            "size",
            "share",
            *columns,
            *[f"top_{i + 1}" for i in range(_TOP)],
            "description",
            "description_zh",
        ],
    )


def align(previous_centroids: pd.DataFrame | ClusterModel, new_model: ClusterModel) -> ClusterModel:
    """``new_model`` with its clusters renumbered to last month's ids, so the same behaviour keeps its id.

    ``previous_centroids`` are last month's centroids in original units, indexed by cluster id (a
    model's ``centroids``, or the model itself). Both sets are put on ``new_model``'s scale and
    matched one to one at least total distance (the Hungarian algorithm, scipy's
    ``linear_sum_assignment``); a matched new cluster takes its partner's id. When the new model has
    more clusters, the unmatched ones take fresh ids after the largest previous id; when it has fewer,
    the unmatched previous ids are simply not used. Returns a new ``ClusterModel`` (centroids sorted
    by id, ``labels`` renumbered); ``new_model`` is not changed.
    """
    previous = previous_centroids.centroids if isinstance(previous_centroids, ClusterModel) else previous_centroids
    require_columns(previous, new_model.columns, caller="align (previous centroids)")
    prev_ids = np.asarray(previous.index, dtype="int64")
    if len(set(prev_ids)) != len(prev_ids):
        raise ValueError("align: the previous centroids repeat a cluster id")
    cost = cdist(new_model.standardised_centroids.to_numpy(), _standardise(new_model, previous))
    matched_new, matched_prev = linear_sum_assignment(cost)

    current = new_model.centroids.index.to_numpy()
    mapping = {int(current[i]): int(prev_ids[j]) for i, j in zip(matched_new, matched_prev, strict=True)}
    fresh = int(prev_ids.max()) + 1 if len(prev_ids) else 0
    for cluster in current:  # unmatched new clusters, in their current order
        if int(cluster) not in mapping:
            mapping[int(cluster)] = fresh
            fresh += 1

    centroids = new_model.centroids.rename(index=mapping).sort_index()
    centroids.index.name = "cluster"
    labels = pd.Series(new_model.labels).map(mapping).to_numpy(dtype="int64")
    return replace(new_model, centroids=centroids, labels=labels)
