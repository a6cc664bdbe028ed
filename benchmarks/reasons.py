"""Reasons against the simulator's truth (issue 19, section 2), on a prepared operator.

Trains the monthly model as of a month with default settings, scores that month as ``churnguard score``
does, and checks the reasons with ``cycle.reason_check``: none lowers the risk or shows a missing
value, and the share of the top decile whose first reason names the simulator's true main driver of
the month after (bar 70 %). Runs on an operator prepared by ``benchmarks/train_scale.py`` (kept under
``--keep``), so it can be rerun in minutes.

Writes ``benchmarks/results/reasons.{json,md}``.

Usage: python benchmarks/reasons.py [--keep DIR] [--subscribers N] [--month YYYY-MM]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from churnguard import training
from churnguard.config import Settings
from churnguard.pipeline import score_month
from churnguard.warehouse import connect
from cycle import REASON_BAR, driver_table, reason_check
from train_scale import prepare

RESULTS = Path(__file__).parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/churnguard-train-scale"))
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--month", default="2025-12")
    args = parser.parse_args()
    folder = args.keep / str(args.subscribers)
    folder.mkdir(parents=True, exist_ok=True)
    prepare(folder, args.subscribers)
    with tempfile.TemporaryDirectory() as tmp, connect(str(folder / "w.duckdb"), memory_limit="6GB", threads=2) as wh:
        settings = Settings(threads=2, registry=str(Path(tmp) / "reg"))
        result = training.train(wh, settings, as_of=args.month, now=datetime.now())
        run = score_month(wh, settings, month=args.month, now=datetime.now())
        wh.sql.execute("DELETE FROM score_monthly WHERE run_id = ?", [run.run_id])
        wh.sql.execute("DELETE FROM score_runs WHERE run_id = ?", [run.run_id])
    check = reason_check(folder / "op", args.month, run.scores)
    out = {
        "subscribers": args.subscribers,
        "month": args.month,
        "champion": result.bundle.card["model"],
        "bar": REASON_BAR,
        "passed": check["first_reason_names_true_driver"] >= REASON_BAR,
        **check,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reasons.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    lines = [
        f"# Reasons against the truth ({args.subscribers:,} lines, scores of {args.month}, champion {out['champion']})",
        "",
        f"{check['reason_slots']:,} reasons given: {check['lowering_reasons']} lower the risk, "
        f"{check['missing_value_reasons']} show a missing value; {check['lines_without_reason']:,} lines have no "
        f"risk-raising factor. The first reason of the top decile ({check['top_decile_lines']:,} lines) names the "
        f"simulator's true main driver of the month after for {check['first_reason_names_true_driver']:.1%} "
        f"(bar {REASON_BAR:.0%}).",
        "",
        *driver_table(check),
    ]
    (RESULTS / "reasons.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
