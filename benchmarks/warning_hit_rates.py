"""How often each early-warning rule comes true on a simulated operator (issue 19, section 3).

Simulates an operator (10,000 lines × 10 months by default), ingests it, builds the mart, runs the
warnings month by month from the fourth month (the fee rules need three months of reference), and
reads ``warn_hit_rates``: per rule and month, the lines it fired on (open at the month's end), how many
were gone the month after, the rate, the base rate of every open line and the lift; the last month has
no figure (its next month is not simulated). Also the pooled rate of each rule over the measured
months, against the pooled base rate, and the rules flagged for review at the latest measured month.

The simulated operator is not a real one: the rules that read its churn mechanics (arrears, usage
collapse, competitor contact) are expected to come true; the figures say how the rules behave on this
simulator, not what they will do on an operator's data. The ratio to the base rate (lift) is measured
against a reference in the same run, as the house rule for benchmarks asks.

Writes ``benchmarks/results/warning_hit_rates.{json,md}``.

Usage: python benchmarks/warning_hit_rates.py [--subscribers N] [--months M] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pandas as pd

from churnguard.config import Settings
from churnguard.data.load import ingest
from churnguard.data.sim.run import simulate
from churnguard.keys import Keyring
from churnguard.months import shift
from churnguard.pipeline import build_mart
from churnguard.warehouse import connect
from churnguard.warnings import RULES, hit_rate_grid, warn_month

RESULTS = Path(__file__).parent / "results"
NOW = datetime(2026, 1, 5, 9, 0)

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    months = [shift("2025-01", k) for k in range(args.months)]
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="cg-hits-") as tmp:
        root = Path(tmp)
        settings = Settings(lang="en", threads=2, warehouse_memory="2GB", seed=args.seed)
        t0 = time.perf_counter()
        simulate(root / "delivery", subscribers=args.subscribers, months=args.months, seed=args.seed)
        timings["simulate_s"] = time.perf_counter() - t0
        with connect(str(root / "w.duckdb"), memory_limit="2GB", threads=2) as wh:
            t0 = time.perf_counter()
            rejected = ingest(wh, root / "delivery", keyring=KEYS).rejected
            build_mart(wh, settings, first=months[0], last=months[-1], now=NOW)
            timings["ingest_mart_s"] = time.perf_counter() - t0
            warned = months[3:]
            per_month = []
            for month in warned:
                t0 = time.perf_counter()
                run = warn_month(wh, settings, month=month, now=NOW)
                per_month.append(time.perf_counter() - t0)
            timings["warn_mean_s"] = sum(per_month) / len(per_month)
            rates = wh.sql.execute("SELECT * FROM warn_hit_rates ORDER BY rule, month").df()
    assert set(rates["run_id"]) == {run.run_id}, "the last run recomputes every warned month"
    write(rates, args=args, months=warned, timings=timings, rejected=bool(rejected))


def pooled(rates: pd.DataFrame) -> pd.DataFrame:
    """Per rule over the measured months: lines, departed, pooled rate against the pooled base rate."""
    measured = rates[rates["measured"]]
    base = measured.drop_duplicates("month")
    base_rate = base["base_departed"].sum() / base["base_lines"].sum()
    out = measured.groupby("rule").agg(
        months=("month", "nunique"),
        lines=("lines", "sum"),
        departed=("departed", "sum"),
        below_base=("rate", lambda r: int((r < measured.loc[r.index, "base_rate"]).sum())),
    )
    out["rate"] = out["departed"] / out["lines"].where(out["lines"] > 0)
    out["base_rate"] = base_rate
    out["lift"] = out["rate"] / base_rate
    latest = measured[measured["month"] == measured["month"].max()].set_index("rule")["flagged"]
    out["flagged_latest"] = latest.reindex(out.index).fillna(False).astype(bool)
    return out.reindex([r for r in RULES if r in out.index]).reset_index()


def write(rates: pd.DataFrame, *, args: argparse.Namespace, months: list[str], timings: dict, rejected: bool) -> None:
    RESULTS.mkdir(exist_ok=True)
    summary = pooled(rates)
    grid, pending = hit_rate_grid(rates, months=len(months))
    measured = rates[rates["measured"]].drop_duplicates("month")
    payload = {
        "what": "early-warning hit rates on a simulated operator (next-month departure rate vs base rate)",
        "subscribers": args.subscribers,
        "months_simulated": args.months,
        "seed": args.seed,
        "months_warned": months,
        "months_not_measured": pending,
        "ingest_rejected_rows": rejected,
        "machine": platform.platform(),
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "base": [
            {"month": m, "lines": int(n), "departed": int(d), "rate": float(r)}
            for m, n, d, r in measured[["month", "base_lines", "base_departed", "base_rate"]].itertuples(index=False)
        ],
        "pooled": json.loads(summary.to_json(orient="records")),
        "by_month": json.loads(rates.drop(columns=["run_id", "computed_at"]).to_json(orient="records")),
    }
    (RESULTS / "warning_hit_rates.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    lines = [
        "# Early-warning hit rates (simulated operator)",
        "",
        f"`python benchmarks/warning_hit_rates.py --subscribers {args.subscribers} --months {args.months} "
        f"--seed {args.seed}`: {args.subscribers:,} lines × {args.months} months from 2025-01, warnings run on "
        f"{months[0]} … {months[-1]}; {months[-1]} has no figure (its next month is not simulated). "
        f"Warnings took {timings['warn_mean_s']:.1f} s a month (hit rates of every warned month recomputed "
        "each time).",
        "",
        "Hit rate = share of the lines a rule fired on, still open at the month's end, gone (cancelled or "
        "ported out) in the month after; base rate = the same share of every line open at the month's end; "
        "lift = rate ÷ base rate. A rule below the base rate three measured months in a row is flagged.",
        "",
        "## Pooled over the measured months",
        "",
        "| rule | months | lines warned | gone next month | hit rate | base rate | lift | months below base | "
        "flagged (latest) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in summary.itertuples(index=False):
        rate = "–" if pd.isna(r.rate) else f"{r.rate:.1%}"
        lift = "–" if pd.isna(r.lift) else f"{r.lift:.2f}"
        lines.append(
            f"| {r.rule} | {r.months} | {int(r.lines):,} | {int(r.departed):,} | {rate} | {r.base_rate:.1%} | "
            f"{lift} | {r.below_base} | {'review' if r.flagged_latest else ''} |"
        )
    shown = [c for c in grid.columns if c not in ("rule", "lines", "review")]
    lines += [
        "",
        "## Month by month (rate ×lift; – = no figure)",
        "",
        "| rule | " + " | ".join(shown) + " | review |",
        "|---|" + "---:|" * len(shown) + "---|",
    ]
    for row in grid.to_dict("records"):
        lines.append(
            f"| {row['rule']} | " + " | ".join(row[m] for m in shown) + f" | {'review' if row['review'] else ''} |"
        )
    lines.append("")
    (RESULTS / "warning_hit_rates.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
