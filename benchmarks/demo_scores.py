"""The scores `make demo` delivers, judged as an operator would (issue 19, "done when").

Reads the demo's warehouse (``runs/demo`` by default) after ``make demo``: the first month's latest
scoring run — every line ``churnguard run`` scored, with default settings but the demo's lighter
training — against who left in the month after (``lbl_churn.leave``) and against the simulator's
ex-ante probability of leaving (``p_leave_expected``): ROC AUC and top-decile lift over every scored
line and per population, their ratio to the truth's, the high tier's capture, and the reason checks.

Writes ``benchmarks/results/demo_scores.{json,md}``.

Usage: python benchmarks/demo_scores.py [--home runs/demo] [--month 2025-12]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from churnguard.warehouse import connect
from cycle import driver_table, judged, reason_check

RESULTS = Path(__file__).parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=Path("runs/demo"))
    parser.add_argument("--month", default="2025-12")
    args = parser.parse_args()
    with connect(str(args.home / "churnguard.duckdb"), memory_limit="2GB", threads=2, read_only=True) as wh:
        run = wh.latest_run("score_runs", args.month)
        scores = wh.sql.execute("SELECT * FROM score_monthly WHERE run_id = ?", [run["run_id"]]).df()
        labels = wh.sql.execute("SELECT subscriber_id, leave FROM lbl_churn WHERE month = ?", [args.month]).df()
    frame = scores.merge(labels, on="subscriber_id", how="left")
    unlabelled = int(frame["leave"].isna().sum())
    if unlabelled:
        raise SystemExit(f"{unlabelled} scored lines have no label: the scored and labelled populations differ")
    operator = args.home / "operator"
    tier = (frame["risk_tier"] == "high").to_numpy()
    out = {
        "home": str(args.home),
        "month": args.month,
        "run_id": run["run_id"],
        **judged(operator, args.month, frame, frame["p_churn"].to_numpy(), tier),
        "reasons": reason_check(operator, args.month, scores),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "demo_scores.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    r = out["reasons"]
    lines = [
        f"# The demo's {args.month} scores against the month after (every scored line)",
        "",
        f"{out['lines']:,} lines scored by `churnguard run` in `make demo`; {out['leavers']:,} left in the month "
        f"after ({out['leave_rate']:.2%}). Model AUC {out['model_auc']} against the truth's {out['truth_auc']} "
        f"(ratio {out['truth_auc_ratio']}); top-decile lift {out['model_lift']} against {out['truth_lift']} "
        f"(ratio {out['truth_lift_ratio']}). The high tier ({out['high_tier_lines']:,} lines) caught "
        f"{out['high_tier_capture']:.1%} of the leavers.",
        "",
        "| population | lines | leave rate | model AUC | truth AUC |",
        "|---|---|---|---|---|",
        *[
            f"| {g} | {m['lines']:,} | {m['leave_rate']:.1%} | {m.get('model_auc', '–')} | {m.get('truth_auc', '–')} |"
            for g, m in out["by_population"].items()
        ],
        "",
        f"Reasons: {r['lowering_reasons']} lower the risk, {r['missing_value_reasons']} show a missing value; the "
        f"first reason of the top decile names the true driver for {r['first_reason_names_true_driver']:.1%}.",
        "",
        *driver_table(r),
    ]
    (RESULTS / "demo_scores.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
