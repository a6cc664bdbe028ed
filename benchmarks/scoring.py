"""Scoring speed at the size issue 5 names: 1,000,000 lines with reasons under 120 s, under 8 GiB.

Simulates an operator (100,000 subscribers × 4 months), ingests it, builds the mart, trains the
monthly champion (LightGBM) as of the last month, then scores 1,000,000 lines — the last month's
mart rows repeated under new ids — with ``scoring.score_frame``: churn and kind probabilities, tier,
rank, CLV, revenue and value at risk, tier/stage/RFM, and the top-3 reasons (TreeSHAP) with an action.
The reference, in the same child process: LightGBM's raw prediction of the same rows.

The scoring runs in a child process, so its peak memory is its own. Writes
``benchmarks/results/scoring.{json,md}``.

Usage: python benchmarks/scoring.py [--subscribers N] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from churnguard.keys import Keyring

RESULTS = Path(__file__).parent / "results"
MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04")

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


def prepare(root: Path, subscribers: int, rows: int) -> dict:
    from churnguard import training
    from churnguard.config import Settings
    from churnguard.data.load import ingest
    from churnguard.data.sim.run import simulate
    from churnguard.pipeline import build_mart
    from churnguard.warehouse import connect

    timings = {}
    started = time.perf_counter()
    simulate(root / "op", subscribers=subscribers, months=len(MONTHS), seed=7)
    settings = Settings(
        threads=2,
        tune_seconds=20,
        cycle_models=["lightgbm"],
        train_window=2,
        backtest_origins=1,
        registry=str(root / "reg"),
        warehouse_memory="4GB",
    )
    with connect(str(root / "w.duckdb"), memory_limit="4GB", threads=2) as wh:
        ingest(wh, root / "op", keyring=KEYS)
        build_mart(wh, settings, first=MONTHS[0], last=MONTHS[-1], now=datetime.now())
        timings["prepare_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        result = training.train(wh, settings, as_of=MONTHS[-1], now=datetime.now())
        timings["train_seconds"] = round(time.perf_counter() - started, 1)
        month = training.load_months(wh, [MONTHS[-1]], labels=False)[MONTHS[-1]]
    copies = int(np.ceil(rows / len(month)))
    big = pd.concat(
        [month.assign(subscriber_id=month["subscriber_id"] + f"-{i}") for i in range(copies)], ignore_index=True
    ).iloc[:rows]
    big.to_parquet(root / "lines.parquet")
    card = result.bundle.card
    tuned = result.bundle.model.churn_
    return {
        **timings,
        "model": card["model"],
        "model_id": card["bundle_id"],
        "trees": int(getattr(tuned, "best_rounds_", 0)),
        "leaves": (getattr(tuned, "best_params_", {}) or {}).get("num_leaves"),
        "base_lines": len(month),
    }


def score_phase(root: Path) -> None:
    """Child process: load the bundle and the lines, time raw prediction and full scoring."""
    from churnguard.modeling.registry import Registry
    from churnguard.scoring import ScoreOptions, score_frame

    bundle, _ = Registry(root / "reg").load()
    lines = pd.read_parquet(root / "lines.parquet")
    X = lines[bundle.schema.feature_names].astype("float64")
    started = time.perf_counter()
    bundle.model.churn_.predict_proba(X)
    raw = time.perf_counter() - started
    del X
    started = time.perf_counter()
    scores = score_frame(bundle, lines, month=MONTHS[-1], options=ScoreOptions())
    full = time.perf_counter() - started
    with_reasons = int(scores["reason_1"].notna().sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "raw_seconds": raw,
                "score_seconds": full,
                "rows": len(scores),
                "with_reasons": with_reasons,
                "peak_rss_mib": peak,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--score-phase", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_phase:
        score_phase(args.score_phase)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        prepared = prepare(root, args.subscribers, args.rows)
        child = subprocess.run(
            [sys.executable, __file__, "--score-phase", str(root)], capture_output=True, text=True, check=True
        )
        measured = json.loads(child.stdout.strip().splitlines()[-1])
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "subscribers": args.subscribers,
        "months": list(MONTHS),
        **prepared,
        "rows_scored": measured["rows"],
        "rows_with_reasons": measured["with_reasons"],
        "score_seconds": round(measured["score_seconds"], 1),
        "raw_lightgbm_seconds": round(measured["raw_seconds"], 2),
        "ratio_to_raw": round(measured["score_seconds"] / measured["raw_seconds"], 1),
        "peak_rss_mib": round(measured["peak_rss_mib"]),
        "bars": {"score_seconds": 120, "peak_rss_mib": 8192},
        "passed": {
            "score_seconds": measured["score_seconds"] < 120,
            "peak_rss_mib": measured["peak_rss_mib"] < 8192,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scoring.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    md = [
        "# Scoring benchmark",
        "",
        f"{result['rows_scored']:,} lines scored on {result['machine']} by a {result['model']} champion "
        f"({result['trees']} trees of {result['leaves']} leaves, trained on {args.subscribers:,} subscribers' mart): "
        f"{result['score_seconds']} s with probabilities, kinds, tiers, ranks, CLV, money at risk, segments and "
        f"top-3 reasons with an action ({result['rows_with_reasons']:,} lines with a reason); bar 120 s. "
        f"Raw LightGBM prediction of the same rows in the same process: {result['raw_lightgbm_seconds']} s "
        f"({result['ratio_to_raw']}×). Peak memory of the scoring process: {result['peak_rss_mib']:,} MiB (bar 8,192).",
        "",
        f"Passed: {result['passed']}.",
        "",
    ]
    (RESULTS / "scoring.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0 if all(result["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
