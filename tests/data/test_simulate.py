"""The operator simulator: contracts kept, truth apart, deterministic, and churn that behaves like churn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churnguard.contracts import CONTRACTS, GONE_STATUSES, valid_cn_id, valid_msisdn
from churnguard.data.sim.run import simulate
from churnguard.errors import DataError

OPERATOR_TABLES = set(CONTRACTS)


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "op"
    simulate(out, subscribers=6000, months=4, seed=7)
    return out


def _read(sim: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(sim / table)


def test_every_table_is_written_with_its_contract_columns(sim: Path) -> None:
    written = {p.name for p in sim.iterdir() if not p.name.startswith("_")}
    assert written == OPERATOR_TABLES
    for table, contract in CONTRACTS.items():
        frame = _read(sim, table)
        assert list(frame.columns) == contract.names, table
        assert len(frame) > 0, table
        for column in contract.columns:
            values = frame[column.name].dropna()
            if column.required:
                assert frame[column.name].notna().all(), (table, column.name)
            if column.allowed:
                assert set(values.astype(str)) <= set(column.allowed), (table, column.name)
            if column.minimum is not None:
                assert (values >= column.minimum).all(), (table, column.name)
            if column.maximum is not None:
                assert (values <= column.maximum).all(), (table, column.name)
        if contract.key:
            assert not frame.duplicated(list(contract.key)).any(), table


def test_identities_and_references_hold(sim: Path) -> None:
    subs = _read(sim, "subscribers")
    assert subs["msisdn"].map(valid_msisdn).all() and subs["msisdn"].is_unique
    assert subs["id_number"].dropna().map(valid_cn_id).all()
    ids = set(subs["subscriber_id"])
    for table in ("bills", "payments", "status_changes", "complaints"):
        assert set(_read(sim, table)["subscriber_id"]) <= ids, table
    assert set(pd.read_parquet(sim / "usage", columns=["subscriber_id"])["subscriber_id"]) <= ids
    assert set(subs["plan_id"]) <= set(_read(sim, "plans")["plan_id"])
    assert set(subs["enterprise_id"].dropna()) <= set(_read(sim, "enterprises")["enterprise_id"])


def test_truth_is_kept_apart(sim: Path) -> None:
    truth_columns = {"p_churn", "churn_kind", "response", "top_driver", "loyalty"}
    for table in OPERATOR_TABLES:
        assert not truth_columns & set(pd.read_parquet(sim / table).columns), table
    truth = pd.read_parquet(sim / "_truth" / "subscriber_months")
    assert {"p_churn", "churned", "churn_kind", "top_driver"} <= set(truth.columns)
    hidden = pd.read_parquet(sim / "_truth" / "subscribers")
    assert set(hidden["response"]) == {"persuadable", "sure_thing", "lost_cause", "do_not_disturb"}


def test_churn_rates_kinds_and_drivers(sim: Path) -> None:
    truth = pd.read_parquet(sim / "_truth" / "subscriber_months")
    monthly = truth.groupby("month")["churned"].mean()
    assert 0.015 <= monthly.mean() <= 0.035, monthly
    assert set(truth.loc[truth["churned"], "churn_kind"]) == {"active", "passive", "latent"}
    subs = _read(sim, "subscribers").set_index("subscriber_id")
    joined = truth.join(subs[["payment_type", "activation_date"]], on="subscriber_id")
    by_payment = joined.groupby("payment_type")["churned"].mean()
    assert by_payment["prepaid"] > by_payment["postpaid"]
    start = pd.to_datetime(joined["month"] + "-01")
    short = (start - pd.to_datetime(joined["activation_date"])).dt.days < 180
    assert joined.loc[short, "churned"].mean() > joined.loc[~short, "churned"].mean()
    # Cancellations follow the operator's records: every active or passive churn has a status change.
    changes = _read(sim, "status_changes")
    left = changes[changes["to_status"].isin(GONE_STATUSES)]
    gone = truth[truth["churn_kind"].isin(["active", "passive"])]
    assert set(gone["subscriber_id"]) == set(left["subscriber_id"])


def test_truth_probabilities_are_consistent(sim: Path) -> None:
    truth = pd.read_parquet(sim / "_truth" / "subscriber_months")
    for column in ("p_churn", "p_leave", "p_leave_expected"):
        assert truth[column].between(0, 1).all(), column
    # Leaving is one kind of churn; the ex-ante forecast only averages the month's draws away.
    assert (truth["p_leave"] <= truth["p_churn"] + 1e-5).all()
    left = truth["churn_kind"].isin(["active", "passive"])
    for column in ("p_leave", "p_leave_expected"):
        assert abs(truth[column].mean() - left.mean()) < 0.25 * left.mean(), column
        assert truth.loc[left, column].mean() > 2 * truth.loc[~left, column].mean(), column
    assert truth["p_leave"].corr(truth["p_leave_expected"]) > 0.6


def test_loyalty_shows_in_behaviour(sim: Path) -> None:
    hidden = pd.read_parquet(sim / "_truth" / "subscribers").set_index("subscriber_id")
    payments = _read(sim, "payments")
    autopay = payments.groupby("subscriber_id")["channel"].agg(lambda c: (c == "auto_debit").mean())
    joined = hidden.join(autopay.rename("auto_share"), how="inner")
    # Auto-debit is a habit of the loyal: a line pays that way every month or never.
    assert set(np.round(joined["auto_share"].unique(), 6)) <= {0.0, 1.0}
    assert (
        joined.loc[joined["auto_share"] == 1, "loyalty"].mean()
        > joined.loc[joined["auto_share"] == 0, "loyalty"].mean() + 0.8
    )
    assert hidden["circle_share"].corr(hidden["loyalty"]) > 0.9


def test_cdr_volume_per_line_month(sim: Path) -> None:
    usage = pd.read_parquet(sim / "usage", columns=["subscriber_id", "timestamp", "event_type"])
    per_line = usage.groupby([usage["subscriber_id"].astype(str), usage["timestamp"].dt.to_period("M")]).size()
    assert 50 <= per_line.mean() <= 300
    assert set(usage["event_type"].astype(str)) == {"voice", "sms", "data"}


def test_same_seed_same_operator(tmp_path: Path) -> None:
    simulate(tmp_path / "a", subscribers=300, months=2, seed=3)
    simulate(tmp_path / "b", subscribers=300, months=2, seed=3)
    simulate(tmp_path / "c", subscribers=300, months=2, seed=4)
    for table in ("subscribers", "bills", "usage", "_truth/subscriber_months"):
        a, b = pd.read_parquet(tmp_path / "a" / table), pd.read_parquet(tmp_path / "b" / table)
        pd.testing.assert_frame_equal(a, b)
    assert not pd.read_parquet(tmp_path / "a" / "bills").equals(pd.read_parquet(tmp_path / "c" / "bills"))


def test_csv_output_matches_parquet(tmp_path: Path) -> None:
    simulate(tmp_path / "p", subscribers=300, months=1, seed=5)
    simulate(tmp_path / "c", subscribers=300, months=1, seed=5, fmt="csv")
    parquet = pd.read_parquet(tmp_path / "p" / "bills")
    csv = pd.read_csv(tmp_path / "c" / "bills" / "2025-01.csv")
    assert len(csv) == len(parquet)
    np.testing.assert_allclose(csv["amount"], parquet["amount"])


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [({"fmt": "xml"}, "--format"), ({"start": "January"}, "--start"), ({"subscribers": 5}, "at least 100")],
)
def test_bad_options(tmp_path: Path, kwargs: dict, words: str) -> None:
    options = {"subscribers": 300, "months": 1, **kwargs}
    with pytest.raises(DataError) as info:
        simulate(tmp_path / "x", **options)
    assert words in str(info.value)


def test_customers_buy_new_phones_while_they_stay(sim: Path) -> None:
    subs = _read(sim, "subscribers")
    opened_before = pd.to_datetime(subs["activation_date"]) < pd.Timestamp("2024-10-01")
    upgraded = pd.to_datetime(subs["device_purchase_date"]) >= pd.Timestamp("2025-01-01")
    assert (opened_before & upgraded).sum() > 50


def test_device_history_ends_with_the_master_datas_phone(sim: Path) -> None:
    subs = _read(sim, "subscribers").set_index("subscriber_id")
    devices = _read(sim, "devices")
    assert set(devices["subscriber_id"]) == set(subs.index)  # every registered line, no other
    assert not devices.duplicated(["subscriber_id", "since"]).any()
    last = devices.sort_values("since").groupby("subscriber_id").last()
    assert (pd.to_datetime(last["since"]) == pd.to_datetime(subs.loc[last.index, "device_purchase_date"])).all()
    assert (last["device_model"] == subs.loc[last.index, "device_model"]).all()
    assert devices["subscriber_id"].duplicated().sum() > 50  # phones replaced while staying


def test_status_history_is_consistent(sim: Path) -> None:
    changes = _read(sim, "status_changes").sort_values(["subscriber_id", "timestamp"], kind="stable")
    previous = changes.groupby("subscriber_id")["to_status"].shift()
    assert (previous.isna() | (previous == changes["from_status"])).all()
    last = changes.groupby("subscriber_id")["to_status"].transform("last")
    ended = changes["to_status"].isin(GONE_STATUSES)
    assert (last[ended] == changes.loc[ended, "to_status"]).all()  # nothing happens after leaving
    stated = set(changes.loc[changes["to_status"] == "cancelled", "reason"])
    assert "poor network" in stated and not any("_" in r for r in stated)
