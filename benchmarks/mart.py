"""Monthly mart speed and quality at the size issue 4 names.

Simulates 200,000 subscribers × 3 months (about 60 M CDR rows), ingests them, builds the mart, then:

- times the features of the last month on DuckDB against a hand-written DuckDB query computing the
  same core usage aggregates (calls, minutes, SMS, data, active days, distinct contacts) in the same
  run; bar: within 1.3×, peak memory under 6 GiB;
- times the same month on Spark (local mode, the earlier months' mart given as history) — no bar;
- trains LightGBM on the mart of month 1 and scores month 2; bar: ROC AUC at least 0.90 × the AUC of
  the simulator's true churn probabilities on the same lines and labels.

Writes ``benchmarks/results/mart.{json,md}``.

Usage: python benchmarks/mart.py [--subscribers N] [--spark/--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

import lightgbm as lgb
import pandas as pd
from sklearn.metrics import roc_auc_score

from churnguard.config import Settings
from churnguard.data.load import ingest
from churnguard.data.sim.run import simulate
from churnguard.features.catalog import MONTHLY
from churnguard.features.monthly import monthly_features
from churnguard.keys import Keyring
from churnguard.months import bounds, shift
from churnguard.pipeline import build_mart
from churnguard.warehouse import SparkEngine, connect

RESULTS = Path(__file__).parent / "results"
MONTHS = ("2025-01", "2025-02", "2025-03")

HAND_WRITTEN = """
CREATE OR REPLACE TABLE reference AS
WITH u AS (SELECT * FROM stg_usage WHERE "timestamp" >= TIMESTAMP '{start}' AND "timestamp" < TIMESTAMP '{end}'),
main AS (
  SELECT subscriber_id,
    sum(duration_s / 60.0) FILTER (WHERE event_type = 'voice' AND direction = 'out') AS voice_out_minutes,
    sum(duration_s / 60.0) FILTER (WHERE event_type = 'voice' AND direction = 'in') AS voice_in_minutes,
    count(*) FILTER (WHERE event_type = 'voice' AND direction = 'out') AS voice_out_calls,
    count(*) FILTER (WHERE event_type = 'voice' AND direction = 'in') AS voice_in_calls,
    count(*) FILTER (WHERE event_type = 'sms' AND direction = 'out') AS sms_out,
    count(*) FILTER (WHERE event_type = 'sms' AND direction = 'in') AS sms_in,
    sum(data_mb) FILTER (WHERE event_type = 'data') AS data_mb,
    count(*) AS usage_events,
    max("timestamp") AS last_use
  FROM u GROUP BY subscriber_id),
days AS (SELECT subscriber_id, count(DISTINCT CAST("timestamp" AS DATE)) AS active_days FROM u GROUP BY 1),
contacts AS (SELECT subscriber_id, count(DISTINCT other_party) AS distinct_contacts FROM u GROUP BY 1)
SELECT * FROM main LEFT JOIN days USING (subscriber_id) LEFT JOIN contacts USING (subscriber_id)
"""

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


def _auc_vs_truth(wh: object, delivery: Path, train: str, test: str) -> dict[str, float]:
    """LightGBM on the mart of ``train``, scored on ``test``, against the truth's own probabilities."""
    features = list(MONTHLY)

    def frame(month: str) -> pd.DataFrame:
        return wh.sql.execute(
            "SELECT f.*, l.churn FROM feat_monthly f JOIN lbl_churn l USING (subscriber_id, month) WHERE month = ?",
            [month],
        ).df()

    a, b = frame(train), frame(test)
    # Small, strongly regularised trees: churners are about 1.5 % of lines, so large leaves overfit.
    model = lgb.LGBMClassifier(
        n_estimators=600,
        learning_rate=0.02,
        num_leaves=15,
        min_child_samples=200,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.5,
        reg_lambda=5.0,
        verbose=-1,
        random_state=0,
    )
    model.fit(a[features].astype(float), a["churn"])
    score = model.predict_proba(b[features].astype(float))[:, 1]
    truth = pd.read_parquet(delivery / "_truth" / "subscriber_months" / f"{shift(test, 1)}.parquet")
    merged = (
        b[["subscriber_id", "churn"]]
        .assign(score=score)
        .merge(truth[["subscriber_id", "p_churn"]], on="subscriber_id", how="left")
    )
    merged["p_churn"] = merged["p_churn"].fillna(0.0)
    model_auc = roc_auc_score(merged["churn"], merged["score"])
    truth_auc = roc_auc_score(merged["churn"], merged["p_churn"])
    return {
        "train_rows": len(a),
        "test_rows": len(b),
        "test_churn_rate": float(b["churn"].mean()),
        "model_auc": round(float(model_auc), 4),
        "truth_auc": round(float(truth_auc), 4),
        "ratio": round(float(model_auc / truth_auc), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=200_000)
    parser.add_argument("--spark", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--name", default="mart")
    args = parser.parse_args()
    settings = Settings(threads=2, warehouse_memory="4GB")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        summary = simulate(root / "op", subscribers=args.subscribers, months=len(MONTHS), seed=1)
        simulate_seconds = time.perf_counter() - started
        with connect(str(root / "w.duckdb"), memory_limit="4GB", threads=2) as wh:
            started = time.perf_counter()
            ingest(wh, root / "op", keyring=KEYS)
            ingest_seconds = time.perf_counter() - started
            started = time.perf_counter()
            build_mart(wh, settings, first=MONTHS[0], last=MONTHS[1], now=datetime.now())
            first_months_seconds = time.perf_counter() - started
            month = MONTHS[2]
            start, end = bounds(month)
            history = wh.ibis.table("feat_monthly")
            history = history.filter(history.month.isin([shift(month, -k) for k in (1, 2, 3)]))
            expr = monthly_features(wh.staged(), month, history=history)
            timings = {}
            for _ in range(3):  # alternate, so neither profits from a warm cache alone
                started = time.perf_counter()
                wh.sql.execute(HAND_WRITTEN.format(start=start, end=end))
                timings.setdefault("reference", []).append(time.perf_counter() - started)
                # Each timed run writes the month into a table without it, as a month's first build does.
                wh.sql.execute("DELETE FROM feat_monthly WHERE month = ?", [month])
                wh.sql.execute("CHECKPOINT")
                started = time.perf_counter()
                rows = wh.replace_month("feat_monthly", expr, month)
                timings.setdefault("mart", []).append(time.perf_counter() - started)
            reference_rows = wh.sql.execute("SELECT count(*) FROM reference").fetchall()[0][0]
            mart_seconds, reference_seconds = min(timings["mart"]), min(timings["reference"])
            # Labels of month 2 need month 3 in the mart: building month 3 through the pipeline writes them.
            build_mart(wh, settings, first=MONTHS[2], now=datetime.now())
            quality = _auc_vs_truth(wh, root / "op", MONTHS[0], MONTHS[1])
            peak_duckdb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            spark_seconds = None
            if args.spark:
                work = root / "spark"
                (work / "feat_monthly").mkdir(parents=True)
                for m in MONTHS[:2]:
                    target = work / "feat_monthly" / f"{m}.parquet"
                    wh.sql.execute(
                        f"COPY (SELECT * FROM feat_monthly WHERE month = '{m}') TO '{target}' (FORMAT parquet)"
                    )
                spark = SparkEngine(wh, work, master="local[2]", memory="6g")
                try:
                    hist = spark.history("feat_monthly")
                    hist = hist.filter(hist.month.isin([shift(month, -k) for k in (1, 2, 3)]))
                    started = time.perf_counter()
                    spark.run("feat_monthly_spark", monthly_features(spark.tables, month, history=hist), month)
                    spark_seconds = time.perf_counter() - started
                finally:
                    spark.close()
                shutil.rmtree(work, ignore_errors=True)
    ratio = mart_seconds / reference_seconds
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "subscribers": args.subscribers,
        "months": list(MONTHS),
        "cdr_rows": summary.rows["usage"],
        "simulate_seconds": round(simulate_seconds, 1),
        "ingest_seconds": round(ingest_seconds, 1),
        "mart_first_two_months_seconds": round(first_months_seconds, 1),
        "mart_month": month,
        "mart_rows": rows,
        "features": len(MONTHLY),
        "mart_seconds": round(mart_seconds, 2),
        "reference_rows": reference_rows,
        "reference_seconds": round(reference_seconds, 2),
        "ratio_to_reference": round(ratio, 2),
        "spark_seconds": None if spark_seconds is None else round(spark_seconds, 1),
        "spark_ratio_to_duckdb": None if spark_seconds is None else round(spark_seconds / mart_seconds, 2),
        "peak_rss_mib_duckdb_phase": round(peak_duckdb),
        "quality": quality,
        "bars": {"ratio_to_reference": 1.3, "peak_rss_mib": 6144, "auc_ratio_to_truth": 0.90},
        "passed": {
            "ratio_to_reference": ratio <= 1.3,
            "peak_rss_mib": peak_duckdb < 6144,
            "auc_ratio_to_truth": quality["ratio"] >= 0.90,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    md = [
        "# Monthly mart benchmark",
        "",
        f"{args.subscribers:,} subscribers × {len(MONTHS)} months ({result['cdr_rows']:,} CDR rows) on "
        f"{result['machine']}; simulation {simulate_seconds:.0f} s, ingest {ingest_seconds:.0f} s.",
        "",
        f"- Mart for {month} on DuckDB ({len(MONTHLY)} features, {rows:,} lines, written to feat_monthly): "
        f"{mart_seconds:.2f} s; hand-written DuckDB query of the core usage aggregates in the same run: "
        f"{reference_seconds:.2f} s; ratio {ratio:.2f}× (bar 1.3×). Best of three alternating runs each.",
        f"- Peak memory of the process through the DuckDB phase: {peak_duckdb:,.0f} MiB (bar 6,144).",
        "- Spark local[2], same month, earlier months' mart as history: "
        + (
            "not run."
            if spark_seconds is None
            else f"{spark_seconds:.1f} s, {spark_seconds / mart_seconds:.1f}× DuckDB."
        ),
        f"- Quality: LightGBM trained on {MONTHS[0]} ({quality['train_rows']:,} lines), scored on {MONTHS[1]} "
        f"({quality['test_rows']:,} lines, churn {quality['test_churn_rate']:.2%}): ROC AUC {quality['model_auc']}; "
        f"the simulator's true probabilities on the same lines: {quality['truth_auc']}; ratio {quality['ratio']} "
        "(bar 0.90).",
        "",
        f"Passed: {result['passed']}.",
        "",
    ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0 if all(result["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
