"""Behaviour clusters on synthetic groups that are far apart: found, described, and kept on stable ids."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from churnguard.segments.clusters import DEFAULT_BEHAVIOUR_COLUMNS, ClusterModel, align, assign, fit_clusters, profiles

# Typical values per group; every group shares the others' levels except in what defines it.
BASE = {
    "voice_minutes": 300.0,
    "data_mb": 150.0,
    "sms_out": 10.0,
    "active_days": 25.0,
    "net_bill": 80.0,
    "days_since_last_use": 1.0,
}
GROUPS = {
    "data": {"data_mb": 20_000.0},  # heavy data users
    "voice": {"voice_minutes": 3_000.0},  # heavy callers
    "sms": {"sms_out": 600.0},  # texters
    "silent": {"active_days": 2.0, "days_since_last_use": 25.0, "voice_minutes": 5.0},
}
PER_GROUP = 40


def _customers(names: list[str], seed: int = 3) -> pd.DataFrame:
    """``PER_GROUP`` rows per named group, each value varied by ±20 % (lognormal)."""
    rng = np.random.default_rng(seed)
    rows = []
    for name in names:
        centre = {**BASE, **GROUPS[name]}
        for _ in range(PER_GROUP):
            rows.append({"group": name, **{c: v * rng.lognormal(0.0, 0.1) for c, v in centre.items()}})
    frame = pd.DataFrame(rows)
    frame.index = pd.Index([f"s{i:03d}" for i in range(len(frame))], name="subscriber_id")
    return frame


def _ids_by_group(frame: pd.DataFrame, labels: np.ndarray | pd.Series) -> dict[str, int]:
    """The one cluster id of each group (fails when a group is split)."""
    table = pd.Series(np.asarray(labels), index=frame.index).groupby(frame["group"]).unique()
    assert all(len(ids) == 1 for ids in table), f"a group was split: {table.to_dict()}"
    return {group: int(ids[0]) for group, ids in table.items()}


def test_three_separated_groups_are_found() -> None:
    frame = _customers(["data", "voice", "sms"])
    model = fit_clusters(frame, k=3, seed=0)
    ids = _ids_by_group(frame, model.labels)
    assert sorted(ids.values()) == [0, 1, 2]  # three groups, three different ids
    assert model.centroids.index.tolist() == [0, 1, 2]
    assert list(model.centroids.columns) == list(DEFAULT_BEHAVIOUR_COLUMNS)
    # Centroids are in original units: the data group's centre is near 20,000 MB, the others' near 150.
    assert model.centroids.loc[ids["data"], "data_mb"] == pytest.approx(20_000, rel=0.1)
    assert model.centroids.loc[ids["voice"], "data_mb"] == pytest.approx(150, rel=0.1)
    assert model.log_columns == ("voice_minutes", "data_mb", "sms_out", "net_bill", "days_since_last_use")


def test_assign_agrees_with_fitting_and_fills_missing_values() -> None:
    frame = _customers(["data", "voice", "sms"])
    before = frame.copy()
    model = fit_clusters(frame, k=3, seed=0)
    pd.testing.assert_frame_equal(frame, before)  # fitting does not change its input
    assigned = assign(model, frame)
    assert assigned.name == "cluster"
    assert assigned.index.equals(frame.index)
    assert assigned.to_numpy().tolist() == model.labels.tolist()
    ids = _ids_by_group(frame, model.labels)
    # A new heavy data user with nothing known but data goes to the data cluster (the rest is median-filled).
    newcomer = pd.DataFrame([{c: np.nan for c in DEFAULT_BEHAVIOUR_COLUMNS} | {"data_mb": 25_000.0}])
    assert assign(model, newcomer).tolist() == [ids["data"]]


def test_profiles_name_the_distinguishing_column() -> None:
    frame = _customers(["data", "voice", "sms"])
    model = fit_clusters(frame, k=3, seed=0)
    ids = _ids_by_group(frame, model.labels)
    table = profiles(model, frame, model.labels).set_index("cluster")
    assert table["size"].tolist() == [PER_GROUP] * 3
    assert table["share"].sum() == pytest.approx(1.0)
    expected = {"data": "data_mb", "voice": "voice_minutes", "sms": "sms_out"}
    for group, column in expected.items():
        row = table.loc[ids[group]]
        assert row["top_1"] == column
        assert row["description"].startswith(f"high {column}, low ")
        assert row["description"].count(",") == 2  # three columns named
    assert table.loc[ids["data"], "description_zh"].startswith("上网流量（MB）高")
    # Means are in original units.
    assert table.loc[ids["voice"], "voice_minutes"] == pytest.approx(3_000, rel=0.1)


def test_profiles_of_an_empty_cluster_and_wrong_labels() -> None:
    frame = _customers(["data", "voice", "sms"])
    model = fit_clusters(frame, k=3, seed=0)
    only_two = np.where(model.labels == 2, 0, model.labels)
    table = profiles(model, frame, only_two).set_index("cluster")
    assert table.loc[2, "size"] == 0 and table.loc[2, "description"] == ""
    assert np.isnan(table.loc[2, "data_mb"])
    with pytest.raises(ValueError, match="label"):
        profiles(model, frame, model.labels[:-1])


def _relabelled(model: ClusterModel, mapping: dict[int, int]) -> ClusterModel:
    """``model`` with its ids swapped by ``mapping`` (what another k-means run may hand back)."""
    centroids = model.centroids.rename(index=mapping).sort_index()
    return replace(model, centroids=centroids, labels=np.array([mapping[c] for c in model.labels]))


def test_align_restores_ids_after_shuffling_and_refitting() -> None:
    frame = _customers(["data", "voice", "sms"])
    first = fit_clusters(frame, k=3, seed=0)
    shuffled = frame.sample(frac=1.0, random_state=7)
    second = _relabelled(fit_clusters(shuffled, k=3, seed=11), {0: 2, 1: 0, 2: 1})
    first_ids = pd.Series(first.labels, index=frame.index)
    second_ids = pd.Series(second.labels, index=shuffled.index).reindex(frame.index)
    assert not first_ids.equals(second_ids)  # the ids differ before aligning

    aligned = align(first.centroids, second)
    aligned_ids = pd.Series(aligned.labels, index=shuffled.index).reindex(frame.index)
    assert aligned_ids.equals(first_ids)
    assert aligned.centroids.index.tolist() == [0, 1, 2]
    pd.testing.assert_frame_equal(aligned.centroids, first.centroids, rtol=0.05)
    assert second.labels.tolist() != aligned.labels.tolist()  # align returned a new model
    # Assigning with the aligned model gives the previous month's ids too.
    assert assign(aligned, frame).tolist() == first.labels.tolist()


def test_align_gives_a_new_cluster_a_fresh_id() -> None:
    old = _customers(["data", "voice", "sms"])
    first = fit_clusters(old, k=3, seed=0)
    old_ids = _ids_by_group(old, first.labels)
    grown = _customers(["silent", "sms", "data", "voice"], seed=5)
    aligned = align(first, fit_clusters(grown, k=4, seed=1))
    new_ids = _ids_by_group(grown, aligned.labels)
    assert {g: new_ids[g] for g in old_ids} == old_ids
    assert new_ids["silent"] == 3
    # Fewer clusters than last month: the unmatched old id is simply not used.
    shrunk = align(first, fit_clusters(old[old["group"] != "sms"], k=2, seed=2))
    assert set(shrunk.centroids.index) == {old_ids["data"], old_ids["voice"]}


def test_fit_refuses_too_few_rows_and_unknown_columns() -> None:
    frame = _customers(["data"]).head(2)
    with pytest.raises(ValueError, match="cannot make 3 clusters"):
        fit_clusters(frame, k=3)
    with pytest.raises(ValueError, match="roaming_events"):
        fit_clusters(frame, k=1, columns=["data_mb", "roaming_events"])
    with pytest.raises(ValueError, match="log_columns"):
        fit_clusters(frame, k=1, columns=["data_mb"], log_columns=["sms_out"])
