"""The monthly mart: features as in the dictionary, plausible values, hand counts, point-in-time
correctness (leakage), labels against the simulator's truth, one code path on DuckDB and Spark."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.data.load import ingest
from churnguard.data.sim.run import simulate
from churnguard.features.catalog import MONTHLY
from churnguard.features.labels import churn_labels
from churnguard.features.monthly import monthly_features
from churnguard.keys import Keyring
from churnguard.months import Month, shift
from churnguard.pipeline import build_mart
from churnguard.warehouse import Warehouse, connect

NOW = datetime(2025, 7, 1, tzinfo=UTC)
MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05")
KEYS = {"subscriber_id", "month", "enterprise_id", "population"}
SNAPSHOTS = Path(__file__).parent / "snapshots"

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYRING = Keyring.new()


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small operator, simulated and ingested, with its mart built on DuckDB: (delivery, warehouse)."""
    root = tmp_path_factory.mktemp("mart")
    simulate(root / "delivery", subscribers=800, months=len(MONTHS), seed=5)
    path = root / "w.duckdb"
    with connect(str(path), memory_limit="1GB", threads=1) as wh:
        assert not ingest(wh, root / "delivery", keyring=KEYRING).rejected
        build_mart(wh, Settings(threads=1), first=MONTHS[0], last=MONTHS[-1], now=NOW)
    return root / "delivery", path


def _open(path: Path) -> Warehouse:
    return connect(str(path), memory_limit="1GB", threads=1, read_only=True)


def _frame(path: Path, table: str) -> pd.DataFrame:
    with _open(path) as wh:
        return wh.sql.execute(f"SELECT * FROM {table} ORDER BY month, subscriber_id").df()


def test_every_feature_is_in_the_dictionary_and_every_entry_is_built(operator: tuple[Path, Path]) -> None:
    columns = set(_frame(operator[1], "feat_monthly").columns) - KEYS
    assert columns == set(MONTHLY)
    assert 80 <= len(MONTHLY) <= 150
    assert all(f.zh and f.en and f.window for f in MONTHLY.values())


def test_features_are_plausible(operator: tuple[Path, Path]) -> None:
    f = _frame(operator[1], "feat_monthly")
    assert not f.duplicated(["subscriber_id", "month"]).any()
    assert set(f["month"]) == set(MONTHS)
    for column in ("voice_minutes", "data_mb", "usage_events", "distinct_contacts", "net_bill", "complaints_3m"):
        assert (f[column] >= 0).all(), column
    for column in ("onnet_share", "competitor_call_share", "discount_share", "churned_contacts_share"):
        values = f[column].dropna()
        assert len(values) and values.between(0, 1).all(), column
    for column in ("rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score"):
        assert set(f[column]) <= {1, 2, 3, 4, 5} and f[column].nunique() >= 3 and f[column].max() == 5, column
    # Trends need earlier months: none in the first month, for most lines later.
    assert f.loc[f["month"] == MONTHS[0], "voice_mom"].isna().all()
    assert f.loc[f["month"] == MONTHS[3], "voice_mom"].notna().mean() > 0.8
    # Lines of prepaid plans recharge; postpaid lines owe at most a few bills.
    assert f["usage_events"].median() > 50 and f["tenure_months"].min() >= 0


def test_usage_features_match_a_count_by_hand(operator: tuple[Path, Path]) -> None:
    delivery, path = operator
    usage = pd.read_parquet(delivery / "usage" / "2025-03.parquet")
    f = _frame(path, "feat_monthly").set_index(["month", "subscriber_id"]).loc["2025-03"]
    voice = usage[usage["event_type"] == "voice"]
    by_hand = pd.DataFrame(
        {
            "voice_out_calls": voice[voice["direction"] == "out"].groupby("subscriber_id").size(),
            "voice_minutes": voice.groupby("subscriber_id")["duration_s"].sum() / 60,
            "data_mb": usage[usage["event_type"] == "data"].groupby("subscriber_id")["data_mb"].sum(),
            "active_days": usage.groupby("subscriber_id")["timestamp"].apply(lambda s: s.dt.date.nunique()),
            "distinct_contacts": usage.dropna(subset=["other_party"]).groupby("subscriber_id")["other_party"].nunique(),
        }
    ).fillna(0)
    mine = f.loc[by_hand.index, by_hand.columns]
    # The mart keeps 6 decimals (so that a parallel sum's order cannot change it), a sum of two such parts 2e-6.
    np.testing.assert_allclose(mine.to_numpy(float), by_hand.to_numpy(float), rtol=1e-9, atol=2e-6)
    floats = f.select_dtypes("float").to_numpy(float)
    floats = floats[np.isfinite(floats)]
    assert len(floats) and np.abs(floats * 1e6 - np.round(floats * 1e6)).max() < 1e-3


def _cut(tables: dict, end: datetime) -> dict:
    """Every table as it would be at ``end``: later rows dropped, later usage scrambled instead."""
    out = dict(tables)
    for name, column in (("payments", "timestamp"), ("status_changes", "timestamp"), ("complaints", "timestamp")):
        out[name] = tables[name].filter(tables[name][column] < end)
    out["surveys"] = tables["surveys"].filter(tables["surveys"].date < end.date())
    out["devices"] = tables["devices"].filter(tables["devices"].since < end.date())
    out["bills"] = tables["bills"].filter(tables["bills"].month < end.strftime("%Y-%m"))
    nq = tables["network_quality"]
    out["network_quality"] = nq.filter(nq.month < end.strftime("%Y-%m"))
    u = tables["usage"]
    later = u.timestamp >= end
    out["usage"] = u.mutate(
        duration_s=ibis.cases((later, u.duration_s * 7 + 1), else_=u.duration_s),
        data_mb=ibis.cases((later, u.data_mb * 3), else_=u.data_mb),
        other_operator=ibis.cases((later, "competitor_a"), else_=u.other_operator),
    )
    subs = tables["subscribers"]
    out["subscribers"] = subs.filter(subs.activation_date < end.date())
    return out


def test_features_of_a_month_ignore_everything_after_it(operator: tuple[Path, Path]) -> None:
    month = "2025-03"
    end = Month.parse(month).end
    with _open(operator[1]) as wh:
        tables = wh.staged()
        history = wh.ibis.table("feat_monthly")
        history = history.filter(history.month.isin([shift(month, -k) for k in (1, 2, 3)]))
        order = ["subscriber_id"]
        full = monthly_features(tables, month, history=history).order_by(order).to_pandas()
        cut = monthly_features(_cut(tables, end), month, history=history).order_by(order).to_pandas()
    pd.testing.assert_frame_equal(full, cut)


def test_discounted_months_match_a_count_by_hand(operator: tuple[Path, Path]) -> None:
    """Bills with a discount among the last twelve: what tells a promotion is about to end."""
    delivery, path = operator
    bills = pd.read_parquet(delivery / "bills")
    f = _frame(path, "feat_monthly").set_index(["month", "subscriber_id"]).loc["2025-04"]
    seen = bills[bills["month"] <= "2025-04"].groupby(["subscriber_id", "month"])["discount"].sum() > 0
    by_hand = seen.groupby("subscriber_id").sum().reindex(f.index).fillna(0)
    assert (f["discount_months_12m"] == by_hand).all()
    assert set(f["discount_months_12m"].unique()) >= {0, 1, 4}  # none, one just begun, four running


def test_discounted_months_look_back_twelve_bills_only() -> None:
    """Fourteen discounted months: the oldest two fall outside the window; a month's two discounted bill
    lines count once; a line billed without a discount counts none."""
    from churnguard.features.monthly import _discount_months

    months = [shift("2025-02", -k) for k in range(14)]
    rows = [("A", m, 5.0) for m in months] + [("A", "2025-02", 3.0), ("B", "2025-02", 0.0)]
    bills = ibis.memtable(pd.DataFrame(rows, columns=["subscriber_id", "month", "discount"]))
    got = ibis.duckdb.connect().execute(_discount_months({"bills": bills}, "2025-02"))
    assert dict(zip(got["subscriber_id"], got["discount_months_12m"], strict=True)) == {"A": 12, "B": 0}


def test_device_age_is_the_phone_in_use_at_the_month_end(operator: tuple[Path, Path]) -> None:
    """Only customers who stay buy later phones: a month must see the phone of then, not a gap where a
    later purchase stands (a gap the model read as "will stay": 0.1 % churn against 2.4 %)."""
    month = "2025-02"
    mart = _frame(operator[1], "feat_monthly")
    assert mart["device_age_months"].notna().all()
    devices = pd.read_parquet(operator[0] / "devices")
    devices["since"] = pd.to_datetime(devices["since"])
    later = devices.loc[devices["since"] >= pd.Timestamp("2025-03-01"), "subscriber_id"].unique()
    assert len(later) > 20  # lines with a phone bought after the month
    held = devices[devices["since"] < pd.Timestamp("2025-03-01")].groupby("subscriber_id")["since"].max()
    rows = mart[(mart["month"] == month) & mart["subscriber_id"].isin(later)].set_index("subscriber_id")
    expected = (pd.Timestamp("2025-03-01") - held.reindex(rows.index)).dt.total_seconds() / (86400 * 30.4375)
    np.testing.assert_allclose(rows["device_age_months"], expected, atol=1e-5)
    with _open(operator[1]) as wh:  # a delivery without the device history: the master data, gaps and all
        tables = {k: v for k, v in wh.staged().items() if k != "devices"}
        bare = monthly_features(tables, month).to_pandas().set_index("subscriber_id")
    assert bare.loc[rows.index, "device_age_months"].isna().all()


def test_labels_read_only_the_horizon(operator: tuple[Path, Path]) -> None:
    month = "2025-02"
    horizon_end = Month.parse("2025-03").end
    with _open(operator[1]) as wh:
        tables = wh.staged()
        bases = wh.ibis.table("feat_monthly")
        full = churn_labels(tables, month, bases=bases).order_by("subscriber_id").to_pandas()
        cut = _cut(tables, horizon_end)
        later = bases.filter(bases.month <= "2025-03")
        again = churn_labels(cut, month, bases=later).order_by("subscriber_id").to_pandas()
    pd.testing.assert_frame_equal(full, again)


def test_labels_find_the_churners_the_simulator_made(operator: tuple[Path, Path]) -> None:
    delivery, path = operator
    labels = _frame(path, "lbl_churn")
    assert set(labels["month"]) == set(MONTHS[:-1])  # the last month waits for its horizon
    assert set(labels["kind"]) == {"none", "active", "passive", "latent"}
    truth = pd.concat(pd.read_parquet(p) for p in sorted((delivery / "_truth" / "subscriber_months").glob("*")))
    truth["labelled_month"] = truth["month"].map(lambda m: shift(m, -1))
    merged = labels.merge(
        truth, left_on=["subscriber_id", "month"], right_on=["subscriber_id", "labelled_month"], suffixes=("", "_t")
    )
    actively_left = merged["churn_kind"] == "active"
    assert actively_left.sum() >= 20
    assert merged.loc[actively_left, "churn_active"].mean() > 0.9  # who truly left is labelled as leaving
    assert merged.loc[merged["churn_active"] == 1, "churned"].mean() > 0.9
    # Passive (arrears) and latent (usage collapse) labels come before the line is gone: such lines leave
    # later, in the truth, several times as often as the rest.
    first = truth[truth["churned"]].groupby("subscriber_id")["month"].min().rename("churn_month")
    later = labels.join(first, on="subscriber_id")
    later["left_later"] = later["churn_month"].notna() & (later["churn_month"] > later["month"])
    rest = later.loc[later["kind"] == "none", "left_later"].mean()
    for kind in ("passive", "latent"):
        assert later.loc[later["kind"] == kind, "left_later"].mean() > 3 * rest, kind
    rates = labels.groupby("month")["churn"].mean()
    assert rates.between(0.005, 0.06).all()


def test_mart_command_prints_counts_and_rates(operator: tuple[Path, Path], tmp_path: Path, cli: Callable) -> None:
    path = tmp_path / "w.duckdb"
    path.write_bytes(operator[1].read_bytes())
    result = cli("mart", "--month", "2025-05", "--warehouse", str(path))
    assert result.exit_code == 0, result.stderr
    assert "2025-05" in result.stdout and "Labels wait" in result.stdout
    with connect(str(path), read_only=True) as wh:
        (recorded, months), loaded = (
            wh.sql.execute("SELECT batches, months FROM mart_runs ORDER BY finished_at DESC LIMIT 1").fetchall()[0],
            wh.sql.execute("SELECT batch_id FROM ingest_batches WHERE status = 'loaded'").fetchall(),
        )
    assert months == "2025-05"
    assert sorted(recorded.split(",")) == sorted(b for (b,) in loaded) and len(loaded) >= 10
    bad = cli("mart", "--month", "2031-01", "--warehouse", str(path))
    assert bad.exit_code == 2 and "2025-01, 2025-02" in bad.stderr


def _compiled(dialect: str) -> str:
    from churnguard.contracts import CONTRACTS
    from churnguard.data.validate import DUCK_TYPES

    kinds = {
        "VARCHAR": "string",
        "BIGINT": "int64",
        "DOUBLE": "float64",
        "BOOLEAN": "boolean",
        "DATE": "date",
        "TIMESTAMP": "timestamp",
    }
    tables = {
        name: ibis.table({c.name: kinds[DUCK_TYPES[c.type]] for c in contract.columns}, name=f"stg_{name}")
        for name, contract in CONTRACTS.items()
    }
    schema = {c: "float64" for c in ("voice_minutes", "data_mb", "net_bill")}
    history = ibis.table(
        {
            "subscriber_id": "string",
            "month": "string",
            "enterprise_id": "string",
            "population": "string",
            "usage_events": "int64",
            "active_days": "int64",
            **schema,
        },
        name="feat_monthly",
    )
    features = monthly_features(tables, "2025-03", history=history)
    labels = churn_labels(tables, "2025-03", bases=history)
    if dialect == "pyspark":  # the Spark compiler asks its session how NaN is treated
        from pyspark.sql import SparkSession

        session = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
        backend = ibis.pyspark.connect(session)
        return str(backend.compile(features)) + "\n\n" + str(backend.compile(labels)) + "\n"
    return ibis.to_sql(features, dialect=dialect) + "\n\n" + ibis.to_sql(labels, dialect=dialect) + "\n"


@pytest.mark.parametrize("dialect", ["duckdb", "pyspark"])
def test_compiled_sql_matches_its_snapshot(dialect: str) -> None:
    """The SQL each engine gets; rerun with UPDATE_SNAPSHOTS=1 after a deliberate change."""
    path = SNAPSHOTS / f"mart.{dialect}.sql"
    sql = _compiled(dialect)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.is_file(), f"no snapshot yet: run with UPDATE_SNAPSHOTS=1 to write {path}"
    assert sql == path.read_text(encoding="utf-8")


def test_spark_gives_the_same_mart_as_duckdb(operator: tuple[Path, Path], tmp_path: Path) -> None:
    _, path = operator
    copy = tmp_path / "spark.duckdb"
    copy.write_bytes(path.read_bytes())
    with connect(str(copy), memory_limit="1GB", threads=1) as wh:
        wh.sql.execute("DROP TABLE feat_monthly")
        wh.sql.execute("DROP TABLE lbl_churn")
        run = build_mart(
            wh,
            Settings(spark_master="local[1]"),
            first=MONTHS[0],
            last=MONTHS[2],
            engine="spark",
            work=tmp_path / "spark",
            now=NOW,
        )
        assert run.label_rows and run.feature_rows
    for table in ("feat_monthly", "lbl_churn"):
        with _open(copy) as wh:
            spark = wh.sql.execute(f"SELECT * FROM {table} ORDER BY month, subscriber_id").df()
        months = sorted(set(spark["month"]))
        with _open(path) as wh:
            duck = wh.sql.execute(
                f"SELECT * FROM {table} WHERE month IN ({', '.join(repr(m) for m in months)}) "
                "ORDER BY month, subscriber_id"
            ).df()
        spark = spark[duck.columns]
        assert len(spark) == len(duck) > 0
        for column in duck.columns:
            a, b = duck[column], spark[column]
            if pd.api.types.is_numeric_dtype(a):
                np.testing.assert_allclose(b.to_numpy(float), a.to_numpy(float), rtol=1e-9, atol=1e-6, err_msg=column)
            else:
                assert (a.fillna("<NA>").astype(str) == b.fillna("<NA>").astype(str)).all(), column
