"""Monthly training time against the size of the base (issue 19, section 5).

For each size, simulates an operator (N subscribers × 13 months: a 6-month window, 3 backtest origins
and the trend months before them), ingests it and builds the mart once (kept under ``--keep`` to be
timed again), then times ``churnguard train --as-of`` the last month with default settings in a child
process (its own peak memory). The bar: 200,000 lines under 5 minutes on 2 cores. Beside each time:
the backtest's mean ROC AUC and top-decile lift of the champion, and, with ``--full``, the same
training without the negative sampling (``train_max_negatives`` above the window's rows): what the
sample costs in accuracy.

Writes ``benchmarks/results/train_scale.{json,md}``.

Usage: python benchmarks/train_scale.py [--sizes 50000 200000] [--keep DIR] [--full]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from churnguard.keys import Keyring

RESULTS = Path(__file__).parent / "results"
MONTHS = 13
FIRST, LAST = "2025-01", "2026-01"  # 13 months
BAR_SECONDS = 300

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


def prepare(folder: Path, subscribers: int) -> float:
    from churnguard.config import Settings
    from churnguard.data.load import ingest
    from churnguard.data.sim.run import simulate
    from churnguard.pipeline import build_mart
    from churnguard.warehouse import connect

    if (folder / "ready").is_file():
        return json.loads((folder / "ready").read_text())["prepare_seconds"]
    started = time.perf_counter()
    simulate(folder / "op", subscribers=subscribers, months=MONTHS, seed=17)
    with connect(str(folder / "w.duckdb"), memory_limit="8GB", threads=2) as wh:
        ingest(wh, folder / "op", keyring=KEYS)
        build_mart(wh, Settings(), first=FIRST, last=LAST, now=datetime.now())
    seconds = round(time.perf_counter() - started, 1)
    (folder / "ready").write_text(json.dumps({"prepare_seconds": seconds}))
    return seconds


def train_child(folder: Path, max_negatives: int) -> dict:
    """Runs in a child process: one training, its time and peak memory."""
    from churnguard import training
    from churnguard.config import Settings
    from churnguard.warehouse import connect

    registry = folder / f"reg-{max_negatives}"
    settings = Settings(threads=2, registry=str(registry), train_max_negatives=max_negatives)
    with connect(str(folder / "w.duckdb"), memory_limit="8GB", threads=2, read_only=True) as wh:
        started = time.perf_counter()
        result = training.train(wh, settings, as_of=LAST, now=datetime.now())
        seconds = time.perf_counter() - started
    card = result.bundle.card
    mean = card["backtest"]["mean"][card["model"]]
    return {
        "seconds": round(seconds, 1),
        "peak_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "champion": card["model"],
        "training_rows": card["training_rows"],
        "backtest_roc_auc": round(mean["roc_auc"], 4),
        "backtest_top_decile_lift": round(mean["top_decile_lift"], 3),
        "population_decision": card["population"]["decision"],
        "tuning_candidates": len(card.get("tuning", {}).get("search", [])),
    }


def timed(folder: Path, max_negatives: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(max_negatives)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--keep", type=Path, default=Path("/tmp/churnguard-train-scale"))
    parser.add_argument("--full", action="store_true", help="also train without negative sampling")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(train_child(Path(args.child[0]), int(args.child[1]))))
        return 0
    from churnguard.config import Settings

    default = Settings().train_max_negatives
    rows = []
    for size in args.sizes:
        folder = args.keep / str(size)
        folder.mkdir(parents=True, exist_ok=True)
        prepare_seconds = prepare(folder, size)
        row = {"subscribers": size, "prepare_seconds": prepare_seconds, "load_before": os.getloadavg()[0]}
        row["sampled"] = timed(folder, default)
        if args.full:
            row["full"] = timed(folder, 10**9)
        row["load_after"] = os.getloadavg()[0]
        rows.append(row)
        print(json.dumps(row), flush=True)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": datetime.now().isoformat(timespec="seconds"),
        "train_max_negatives": default,
        "sizes": rows,
        "bar_seconds_at_200k": BAR_SECONDS,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "train_scale.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    lines = [
        "# Monthly training against the size of the base",
        "",
        f"`churnguard train --as-of` with default settings (6-month window, 3-origin backtest, LightGBM and "
        f"logistic regression, per-segment comparison, every leaver and at most {default:,} stayers) on "
        f"{out['machine']}, {out['date']}. Each training in a child process; load = 1-minute load average.",
        "",
        "| lines | training rows | time (s) | peak GiB | champion | backtest AUC | top-decile lift | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        for kind in ("sampled", "full"):
            if kind in r:
                m = r[kind]
                lines.append(
                    f"| {r['subscribers']:,}{' (no sampling)' if kind == 'full' else ''} | {m['training_rows']:,} "
                    f"| {m['seconds']} | {m['peak_gib']} | {m['champion']} | {m['backtest_roc_auc']} "
                    f"| {m['backtest_top_decile_lift']} | {r['load_before']:.1f}–{r['load_after']:.1f} |"
                )
    (RESULTS / "train_scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
