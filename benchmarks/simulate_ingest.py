"""Simulator and ingest speed at the sizes issue 3 names.

Writes ``benchmarks/results/<name>.{json,md}``. Bars: simulation of 100,000 subscribers × 12 months
in under 5 minutes, at ≥ 1,000,000 CDR rows/s; ingest of the Parquet delivery at ≥ 1,000,000 CDR
rows/s including validation, within 2× of a bare DuckDB ``INSERT … SELECT`` of the same files.
References in the same run (ratios, since this machine is noisy): the bare cost of writing CDR rows
as Parquet with pyarrow, and the bare DuckDB load of the delivered files.

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

from churnguard.contracts import CONTRACTS
from churnguard.data.load import ingest
from churnguard.data.sim.run import simulate
from churnguard.keys import Keyring
from churnguard.warehouse import connect

RESULTS = Path(__file__).parent / "results"

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


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


def bare_load_seconds(delivery: Path, path: Path) -> float:
    """Seconds for DuckDB to INSERT … SELECT every delivered Parquet file into plain tables, and commit."""
    with connect(str(path), memory_limit="4GB", threads=2) as wh:
        started = time.perf_counter()
        for table in CONTRACTS:
            files = f"'{delivery / table}/*.parquet'"
            wh.sql.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet({files}) LIMIT 0")
            wh.sql.execute(f"INSERT INTO {table} SELECT * FROM read_parquet({files})")
        wh.sql.execute("CHECKPOINT")
        return time.perf_counter() - started


def ingest_seconds(delivery: Path, path: Path) -> tuple[float, int, dict[str, float]]:
    """Seconds for ``ingest`` (hash, validate, load, record) of the delivery, the rows it loaded, and
    the seconds each table took (from the progress reports, which come after each batch)."""
    marks: dict[str, float] = {}

    def progress(table: str, done: int, total: int) -> None:
        marks[table] = time.perf_counter()

    with connect(str(path), memory_limit="4GB", threads=2) as wh:
        started = time.perf_counter()
        result = ingest(wh, delivery, progress=progress, keyring=KEYS)
        wh.sql.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
    if result.rejected:
        raise SystemExit(f"the simulated delivery was rejected: {result.problems.slice(0, 5).to_pylist()}")
    per_table, last = {}, started
    for table, mark in marks.items():  # insertion order is load order
        per_table[table], last = round(mark - last, 1), mark
    return seconds, sum(b.rows_loaded for b in result.batches), per_table


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
        bare_seconds = bare_load_seconds(Path(tmp) / "op", Path(tmp) / "bare.duckdb")
        (Path(tmp) / "bare.duckdb").unlink()
        load_seconds, loaded, per_table = ingest_seconds(Path(tmp) / "op", Path(tmp) / "warehouse.duckdb")
    rate = cdr_rows / seconds
    ingest_rate = cdr_rows / load_seconds
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
        "ingest_seconds": round(load_seconds, 1),
        "ingest_rows_loaded": loaded,
        "ingest_cdr_rows_per_second": round(ingest_rate),
        "ingest_seconds_by_table": per_table,
        "ingest_usage_table_cdr_rows_per_second": round(cdr_rows / per_table["usage"]),
        "bare_duckdb_load_seconds": round(bare_seconds, 1),
        "ingest_ratio_to_bare_load": round(load_seconds / bare_seconds, 2),
        "bars": {
            "seconds_100k_x_12": 300,
            "cdr_rows_per_second": 1_000_000,
            "ingest_cdr_rows_per_second": 1_000_000,
            "ingest_ratio_to_bare_load": 2.0,
        },
        "passed": {
            "seconds": seconds < 300 or args.subscribers * args.months < 1_200_000,
            "cdr_rows_per_second": rate >= 1_000_000,
            "ingest_cdr_rows_per_second": ingest_rate >= 1_000_000,
            "ingest_ratio_to_bare_load": load_seconds <= 2 * bare_seconds,
        },
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
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
        "## Ingest",
        "",
        f"`ingest` of the Parquet delivery (every table: hash, validate every rule, check keys and references, "
        f"load raw_* with stg_* views, record the batches) into a fresh DuckDB file: {load_seconds:.1f} s for "
        f"{loaded:,} rows, {ingest_rate:,.0f} CDR rows/s. A bare DuckDB `INSERT … SELECT` of the same files in "
        f"the same run: {bare_seconds:.1f} s; ratio {result['ingest_ratio_to_bare_load']}× (bar: 2×). "
        f"The CDR table alone took {per_table['usage']:.1f} s "
        f"({result['ingest_usage_table_cdr_rows_per_second']:,} rows/s); seconds by table: {per_table}.",
        "",
    ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0 if all(result["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
