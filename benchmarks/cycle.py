"""Accuracy of the monthly cycle against the simulator's truth (issue 5, section 5).

Simulates 50,000 subscribers × 13 months, ingests them, builds the mart, and runs
``churnguard train --as-of`` the last month with the default cycle settings (rolling-origin backtest,
last 3 origins). For every origin, the champion's out-of-sample scores are compared with the
simulator's true probabilities that the same lines leave (the event the ``churn`` label counts):

- ``p_leave_expected``, the truth as it stood at the origin: the hazard averaged over the next
  month's competitor offers and network outages, which nobody can know in advance. This is the
  reference of the bars: the champion's ROC AUC at least 0.95 × the truth's, and its top-decile lift
  at least 0.95 × the truth's, on average over the 3 origins.
- ``p_leave``, the hazard after those draws, reported beside it: the part of the gap no forecast
  made at the origin can close.

Writes ``benchmarks/results/cycle.{json,md}``.

Usage: python benchmarks/cycle.py [--subscribers N] [--months M]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from churnguard import training
from churnguard.config import Settings
from churnguard.data.load import ingest
from churnguard.data.sim.run import simulate
from churnguard.features.monthly import previous_month
from churnguard.modeling.metrics import top_lift
from churnguard.pipeline import build_mart
from churnguard.warehouse import connect

RESULTS = Path(__file__).parent / "results"
# Reference truth → the simulator's column: the bars use the first.
TRUTHS = {"truth": "p_leave_expected", "realised": "p_leave"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=13)
    args = parser.parse_args()
    months = [previous_month("2025-01", -i) for i in range(args.months)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        simulate(root / "op", subscribers=args.subscribers, months=args.months, seed=11)
        settings = Settings(threads=2, registry=str(root / "reg"), warehouse_memory="4GB")
        with connect(str(root / "w.duckdb"), memory_limit="4GB", threads=2) as wh:
            ingest(wh, root / "op")
            build_mart(wh, settings, first=months[0], last=months[-1], now=datetime.now())
            prepare_seconds = time.perf_counter() - started
            started = time.perf_counter()
            result = training.train(wh, settings, as_of=months[-1], now=datetime.now())
            train_seconds = time.perf_counter() - started
            backtest = result.backtest
            frames = training.load_months(wh, [o.month for o in backtest.origins])
        champion = backtest.champion
        per_origin = []
        for i, origin in enumerate(backtest.origins):
            frame = frames[origin.month]
            truth = pd.read_parquet(
                root / "op" / "_truth" / "subscriber_months" / f"{previous_month(origin.month, -1)}.parquet"
            )
            merged = frame[["subscriber_id", "churn"]].assign(score=backtest.predictions[champion][i])
            merged = merged.merge(truth[["subscriber_id", *TRUTHS.values()]], on="subscriber_id", how="left").fillna(
                0.0
            )
            y = merged["churn"].to_numpy(int)
            row = {"month": origin.month, "train": list(origin.train), "lines": len(merged)}
            row["churn_rate"] = round(float(y.mean()), 5)
            row["model_auc"] = round(float(roc_auc_score(y, merged["score"])), 4)
            row["model_lift"] = round(float(top_lift(y, merged["score"].to_numpy())), 3)
            for name, column in TRUTHS.items():
                auc, lift = roc_auc_score(y, merged[column]), top_lift(y, merged[column].to_numpy())
                row[f"{name}_auc"], row[f"{name}_lift"] = round(float(auc), 4), round(float(lift), 3)
                row[f"{name}_auc_ratio"] = round(row["model_auc"] / row[f"{name}_auc"], 4)
                row[f"{name}_lift_ratio"] = round(row["model_lift"] / row[f"{name}_lift"], 4)
            per_origin.append(row)
    auc_ratio = float(np.mean([o["truth_auc_ratio"] for o in per_origin]))
    lift_ratio = float(np.mean([o["truth_lift_ratio"] for o in per_origin]))
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "subscribers": args.subscribers,
        "months": [months[0], months[-1]],
        "prepare_seconds": round(prepare_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "champion": champion,
        "train_window": settings.train_window,
        "reference": TRUTHS["truth"],
        "backtest_mean": result.backtest.to_dict()["mean"],
        "origins": per_origin,
        "auc_ratio_mean": round(auc_ratio, 4),
        "lift_ratio_mean": round(lift_ratio, 4),
        "realised_auc_ratio_mean": round(float(np.mean([o["realised_auc_ratio"] for o in per_origin])), 4),
        "realised_lift_ratio_mean": round(float(np.mean([o["realised_lift_ratio"] for o in per_origin])), 4),
        "bars": {"auc_ratio_mean": 0.95, "lift_ratio_mean": 0.95},
        "passed": {"auc_ratio_mean": auc_ratio >= 0.95, "lift_ratio_mean": lift_ratio >= 0.95},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cycle.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    lines = [
        "# Monthly cycle against the truth",
        "",
        f"{args.subscribers:,} subscribers × {args.months} months on {out['machine']}; champion {champion} "
        f"(default cycle settings, {settings.train_window}-month training window); training with a "
        f"{len(per_origin)}-origin backtest took {out['train_seconds']} s.",
        "",
        "Truth = the simulator's probability that the line leaves, as it stood at the origin (next month's "
        "competitor offers and outages averaged out); realised = the same after those draws.",
        "",
        "| origin | trained on | lines | churn | model AUC | truth AUC | ratio | realised AUC | ratio "
        "| model lift | truth lift | ratio | realised lift | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {o['month']} | {o['train'][0]} … {o['train'][-1]} | {o['lines']:,} | {o['churn_rate']:.2%} "
            f"| {o['model_auc']} | {o['truth_auc']} | {o['truth_auc_ratio']} | {o['realised_auc']} "
            f"| {o['realised_auc_ratio']} | {o['model_lift']} | {o['truth_lift']} | {o['truth_lift_ratio']} "
            f"| {o['realised_lift']} | {o['realised_lift_ratio']} |"
            for o in per_origin
        ],
        "",
        f"Mean AUC ratio {out['auc_ratio_mean']} (bar 0.95); mean top-decile lift ratio {out['lift_ratio_mean']} "
        f"(bar 0.95). Passed: {out['passed']}. Against the realised hazard: AUC "
        f"{out['realised_auc_ratio_mean']}, lift {out['realised_lift_ratio_mean']}.",
        "",
    ]
    (RESULTS / "cycle.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(out["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
