"""Simulator (and, once ingest exists, ingest) speed at the sizes issue 3 names.

Writes ``benchmarks/results/simulate_ingest.{json,md}``. Bars: simulation of 100,000 subscribers ×
12 months in under 5 minutes, at ≥ 1,000,000 CDR rows/s. The reference in the same run is the bare
cost of writing the same number of CDR rows as Parquet with pyarrow (a ratio, since this machine
is noisy). Ingest figures are added by the ingest work (not yet built).

Usage: python benchmarks/simulate_ingest.py [--subscribers N] [--months M]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from churnguard.data.sim.run import simulate

RESULTS = Path(__file__).parent / "results"


def bare_write_rate(rows: int, folder: Path) -> float:
    """Rows/s for writing ``rows`` random CDR-shaped rows to Parquet: the floor any simulator pays."""
    rng = np.random.default_rng(0)
    n = min(rows, 5_000_000)
    table = pa.table(
        {
            "subscriber_id": pa.DictionaryArray.from_arrays(
                pa.array(rng.integers(0, 100_000, n), pa.int32()), pa.array([f"S{i:08d}" for i in range(100_000)])
            ),
            "timestamp": pa.array(rng.integers(1.7e9, 1.73e9, n).astype("datetime64[s]")),
            "duration_s": pa.array(rng.integers(0, 600, n)),
            "data_mb": pa.array(rng.random(n)),
        }
    )
    started = time.perf_counter()
    pq.write_table(table, folder / "bare.parquet", compression="zstd")
    return n / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--name", default="simulate_ingest", help="stem of the result files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = simulate(Path(tmp) / "op", subscribers=args.subscribers, months=args.months, seed=0)
        seconds = time.perf_counter() - started
        cdr_rows = summary.rows["usage"]
        reference = bare_write_rate(cdr_rows, Path(tmp))
    rate = cdr_rows / seconds
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "subscribers": args.subscribers,
        "months": args.months,
        "seconds": round(seconds, 1),
        "cdr_rows": cdr_rows,
        "cdr_rows_per_second_whole_simulation": round(rate),
        "bare_parquet_write_rows_per_second": round(reference),
        "ratio_to_bare_write": round(reference / rate, 2),
        "rows": summary.rows,
        "monthly_churn_rate": summary.monthly_churn_rate,
        "bars": {"seconds_100k_x_12": 300, "cdr_rows_per_second": 1_000_000},
        "passed": {
            "seconds": seconds < 300 or args.subscribers * args.months < 1_200_000,
            "cdr_rows_per_second": rate >= 1_000_000,
        },
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "ingest": "not built yet (issue 3, part 3)",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    churn = ", ".join(f"{m} {r:.2%}" for m, r in summary.monthly_churn_rate.items())
    md = [
        "# Simulator benchmark",
        "",
        f"{args.subscribers:,} subscribers × {args.months} months on {result['machine']}: {seconds:.0f} s, "
        f"{cdr_rows:,} CDR rows = {rate:,.0f} rows/s over the whole simulation (bare Parquet write of CDR-shaped "
        f"rows in the same run: {reference:,.0f} rows/s, {result['ratio_to_bare_write']}×). "
        f"Passed: {result['passed']}. Peak memory {result['peak_rss_mib']:,} MiB.",
        "",
        f"Monthly churn (truth): {churn}.",
        "",
        "| table | rows |",
        "|---|---|",
        *[f"| {k} | {v:,} |" for k, v in summary.rows.items()],
        "",
        "Ingest: not built yet.",
        "",
    ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0 if all(result["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
