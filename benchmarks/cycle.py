"""Accuracy of the monthly cycle against the simulator's truth, over every line the operator sees scored.

Simulates an operator (50,000 subscribers × 14 months by default), ingests it, builds the mart, runs
``churnguard train --as-of`` the 13th month with default settings (rolling-origin backtest, last 3
origins) and scores the 13th month as ``churnguard score`` does. Every line open at the end of a month
is judged: the backtest's out-of-sample scores of each origin and the production scores of the 13th
month, against what happened in the month after (``leave``: cancelled or ported out, any route) and
against the simulator's own probability that the line leaves:

- ``p_leave_expected``, the truth as it stood at the month's end (next month's competitor offers and
  network outages averaged out), which no forecast can beat in expectation. The bars: mean ROC AUC at
  least 0.95 × the truth's and mean top-decile lift at least 0.90 × the truth's (issue 19), over the
  origins and the production month;
- ``p_leave``, the hazard after those draws, reported beside it.

Figures are given over all scored lines and per population (active = the seed's label population,
silent, suspended), with the high tier's capture of the leavers.

Writes ``benchmarks/results/cycle.{json,md}`` (``cycle_seed<N>`` for another seed).

Usage: python benchmarks/cycle.py [--subscribers N] [--months M] [--seed S] [--keep DIR]
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
from churnguard.keys import Keyring
from churnguard.modeling.metrics import capture_rate, top_lift
from churnguard.months import shift
from churnguard.pipeline import build_mart, score_month
from churnguard.warehouse import connect

RESULTS = Path(__file__).parent / "results"
# Reference truth → the simulator's column: the bars use the first.
TRUTHS = {"truth": "p_leave_expected", "realised": "p_leave"}
BARS = {"auc_ratio_mean": 0.95, "lift_ratio_mean": 0.90}
REASON_BAR = 0.70
DEFAULT_SEED = 11
# The reason categories that name each of the simulator's drivers. A line suspended for arrears at the
# month's end can only leave through its debt (its active hazard is nil), so its true driver is arrears.
NAMES = {
    "competitor_offer": {"competitor"},
    "price_shock": {"price", "billing"},
    "prepaid": {"prepaid"},
    "network": {"network"},
    "contract_end": {"contract"},
    "device_age": {"device"},
    "complaint": {"service", "billing"},
    "short_tenure": {"tenure"},
    "social": {"social"},
    "arrears": {"arrears"},
}

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


def reason_check(operator: Path, month: str, scores: pd.DataFrame) -> dict:
    """The reasons of the month's scores: none lowers the risk or shows a missing value, and the top
    decile's first reason against the simulator's true main driver of the month after."""
    from churnguard.retention.policy import reason_key

    truth = pd.read_parquet(operator / "_truth" / "subscriber_months" / f"{shift(month, 1)}.parquet")
    texts = scores[[f"reason_{i}" for i in (1, 2, 3)]].stack().dropna()
    directions = scores[[f"reason_{i}_direction" for i in (1, 2, 3)]].stack().dropna()
    top = scores.nlargest(round(len(scores) * 0.10), "p_churn", keep="first")
    top = top.merge(truth[["subscriber_id", "top_driver"]], on="subscriber_id", how="left")
    driver = np.where(top["population"] == "suspended", "arrears", top["top_driver"].fillna("none"))
    first = top["reason_1_category"].map(reason_key).to_numpy(object)
    named = np.array([f in NAMES.get(d, ()) for f, d in zip(first, driver, strict=True)])
    # Suspended lines' driver is set by the same fact the reasons group on: reported without them too.
    open_ = (top["population"] != "suspended").to_numpy()
    by_driver = pd.DataFrame({"driver": driver, "named": named}).groupby("driver")["named"].agg(["size", "mean"])
    return {
        "reason_slots": len(texts),
        "lowering_reasons": int((directions == "down").sum()),
        "missing_value_reasons": int(texts.str.contains(r"\(missing\)|缺失", regex=True).sum()),
        "lines_without_reason": int(scores["reason_1_category"].isna().sum()),
        "top_decile_lines": len(top),
        "first_reason_names_true_driver": round(float(named.mean()), 4),
        "without_suspended": round(float(named[open_].mean()), 4),
        "by_driver": {
            d: {"lines": int(r["size"]), "named": round(float(r["mean"]), 4)} for d, r in by_driver.iterrows()
        },
        "first_reason_categories": {str(k): int(v) for k, v in pd.Series(first).value_counts().items()},
    }


def _measure(frame: pd.DataFrame, score: np.ndarray) -> dict:
    """Model and truth on the same lines: ``frame`` has ``leave`` and the truth columns."""
    y = frame["leave"].to_numpy(int)
    row: dict = {"lines": len(frame), "leavers": int(y.sum()), "leave_rate": round(float(y.mean()), 5)}
    if not 0 < y.sum() < len(y):
        return row
    row["model_auc"] = round(float(roc_auc_score(y, score)), 4)
    row["model_lift"] = round(float(top_lift(y, score)), 3)
    row["model_capture_10"] = round(float(capture_rate(y, score, 0.10)), 4)
    for name, column in TRUTHS.items():
        p = frame[column].to_numpy(float)
        row[f"{name}_auc"] = round(float(roc_auc_score(y, p)), 4)
        row[f"{name}_lift"] = round(float(top_lift(y, p)), 3)
        row[f"{name}_auc_ratio"] = round(row["model_auc"] / row[f"{name}_auc"], 4)
        # A small population's top decile may hold no leaver by the truth's ranking: no ratio then.
        row[f"{name}_lift_ratio"] = round(row["model_lift"] / row[f"{name}_lift"], 4) if row[f"{name}_lift"] else None
    return row


def driver_table(check: dict) -> list[str]:
    """``reason_check``'s figures by true driver, as Markdown lines."""
    return [
        "| true driver | lines | first reason names it |",
        "|---|---|---|",
        *[f"| {d} | {r['lines']:,} | {r['named']:.1%} |" for d, r in check["by_driver"].items()],
        "",
        "First reasons given: " + ", ".join(f"{k} {v:,}" for k, v in check["first_reason_categories"].items()) + ".",
        "",
    ]


def judged(operator: Path, month: str, frame: pd.DataFrame, score: np.ndarray, tier: np.ndarray) -> dict:
    """``score`` of the lines of ``frame`` (population, leave) against the simulated ``operator``'s truth."""
    truth = pd.read_parquet(operator / "_truth" / "subscriber_months" / f"{shift(month, 1)}.parquet")
    merged = frame[["subscriber_id", "population", "leave"]].assign(score=score, high=tier)
    merged = merged.merge(truth[["subscriber_id", *TRUTHS.values()]], on="subscriber_id", how="left")
    missing = int(merged[list(TRUTHS.values())].isna().any(axis=1).sum())
    merged = merged.fillna({c: 0.0 for c in TRUTHS.values()})
    out = {"month": month, "not_in_truth": missing, **_measure(merged, merged["score"].to_numpy())}
    y, high = merged["leave"].to_numpy(int), merged["high"].to_numpy(bool)
    out["high_tier_lines"] = int(high.sum())
    out["high_tier_capture"] = round(float(y[high].sum() / max(y.sum(), 1)), 4)
    out["by_population"] = {
        g: _measure(part, part["score"].to_numpy()) for g, part in merged.groupby("population", sort=True)
    }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=14)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, help="keep the operator, warehouse and registry in this folder")
    args = parser.parse_args()
    months = [shift("2025-01", i) for i in range(args.months)]
    scored = months[-2]  # the production month: its next month is simulated, so the truth is known
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) if args.keep is None else args.keep
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        simulate(root / "op", subscribers=args.subscribers, months=args.months, seed=args.seed)
        settings = Settings(threads=2, registry=str(root / "reg"), warehouse_memory="4GB")
        with connect(str(root / "w.duckdb"), memory_limit="4GB", threads=2) as wh:
            ingest(wh, root / "op", keyring=KEYS)
            build_mart(wh, settings, first=months[0], last=months[-1], now=datetime.now())
            prepare_seconds = time.perf_counter() - started
            started = time.perf_counter()
            result = training.train(wh, settings, as_of=scored, now=datetime.now())
            train_seconds = time.perf_counter() - started
            run = score_month(wh, settings, month=scored, now=datetime.now())
            backtest = result.backtest
            frames = training.load_months(wh, [o.month for o in backtest.origins] + [scored])
        champion = backtest.champion
        per_origin = []
        for i, origin in enumerate(backtest.origins):
            p = backtest.predictions[champion][i]
            tier = p >= np.quantile(p, 1 - settings.high_risk_share)
            row = judged(root / "op", origin.month, frames[origin.month], p, tier)
            row["kind"], row["train"] = "backtest", list(origin.train)
            # The high tier as production draws it: the cut-off from the model's own scores of its latest
            # training month, not the month's own top decile (which would only repeat the decile's capture).
            m = backtest.metrics[champion][i]
            row["high_tier_lines"] = round(m["high_tier_share"] * row["lines"])
            row["high_tier_capture"] = round(m["high_tier_capture"], 4)
            per_origin.append(row)
        production = frames[scored].merge(run.scores[["subscriber_id", "p_churn", "risk_tier"]], on="subscriber_id")
        if len(production) != len(run.scores):
            raise SystemExit(f"{len(run.scores)} lines scored but {len(production)} labelled: populations differ")
        row = judged(
            root / "op",
            scored,
            production,
            production["p_churn"].to_numpy(),
            (production["risk_tier"] == "high").to_numpy(),
        )
        row["kind"], row["train"] = "production", list(result.train_months)
        per_origin.append(row)
        reasons = reason_check(root / "op", scored, run.scores)
    auc_ratio = float(np.mean([o["truth_auc_ratio"] for o in per_origin]))
    lift_ratio = float(np.mean([o["truth_lift_ratio"] for o in per_origin]))
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "seed": args.seed,
        "subscribers": args.subscribers,
        "months": [months[0], months[-1]],
        "prepare_seconds": round(prepare_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "champion": champion,
        "population_decision": result.bundle.card.get("population", {}),
        "segmented": result.bundle.card.get("segmented", {}),
        "train_window": settings.train_window,
        "reference": TRUTHS["truth"],
        "backtest_mean": result.backtest.to_dict()["mean"],
        "months_judged": per_origin,
        "auc_ratio_mean": round(auc_ratio, 4),
        "lift_ratio_mean": round(lift_ratio, 4),
        "realised_auc_ratio_mean": round(float(np.mean([o["realised_auc_ratio"] for o in per_origin])), 4),
        "realised_lift_ratio_mean": round(float(np.mean([o["realised_lift_ratio"] for o in per_origin])), 4),
        "bars": BARS,
        "passed": {
            "auc_ratio_mean": auc_ratio >= BARS["auc_ratio_mean"],
            "lift_ratio_mean": lift_ratio >= BARS["lift_ratio_mean"],
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "cycle" if args.seed == DEFAULT_SEED else f"cycle_seed{args.seed}"
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    pops = sorted({g for o in per_origin for g in o["by_population"]})

    def cell(o: dict, g: str) -> str:
        m = o["by_population"].get(g, {})
        if "model_auc" not in m:
            return f"{m.get('lines', 0):,} / {m.get('leave_rate', 0):.1%} / –"
        return f"{m['lines']:,} / {m['leave_rate']:.1%} / {m['model_auc']} ({m['truth_auc']})"

    lines = [
        f"# Monthly cycle against the truth, every scored line (seed {args.seed})",
        "",
        f"{args.subscribers:,} subscribers × {args.months} months on {out['machine']}; champion {champion} "
        f"(default settings, {settings.train_window}-month window); training with a {len(backtest.origins)}-origin "
        f"backtest took {out['train_seconds']} s. Population decision: "
        f"{out['population_decision'].get('decision', '-')} — {out['population_decision'].get('why', '-')}.",
        "",
        "Judged: every line open at the month's end (the lines `churnguard score` scores), against `leave` "
        "(cancelled or ported out, any route, in the month after). Truth = the simulator's probability "
        "that the line leaves as it stood at the month's end; realised = the same after the month's "
        "competitor offers and outages were drawn. Rows: the 3 backtest origins (out-of-sample) and the "
        "production scores of the last month.",
        "",
        "| month | kind | lines | leave | model AUC | truth AUC | ratio | model lift | truth lift | ratio "
        "| realised AUC ratio | realised lift ratio | top-decile capture | high tier | high-tier capture |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {o['month']} | {o['kind']} | {o['lines']:,} | {o['leave_rate']:.2%} | {o['model_auc']} "
            f"| {o['truth_auc']} | {o['truth_auc_ratio']} | {o['model_lift']} | {o['truth_lift']} "
            f"| {o['truth_lift_ratio']} | {o['realised_auc_ratio']} | {o['realised_lift_ratio']} "
            f"| {o['model_capture_10']:.1%} | {o['high_tier_lines']:,} | {o['high_tier_capture']:.1%} |"
            for o in per_origin
        ],
        "",
        "Per population (lines / leave rate / model AUC (truth AUC)):",
        "",
        "| month | " + " | ".join(pops) + " |",
        "|---|" + "---|" * len(pops),
        *[f"| {o['month']} | " + " | ".join(cell(o, g) for g in pops) + " |" for o in per_origin],
        "",
        f"Mean AUC ratio {out['auc_ratio_mean']} (bar {BARS['auc_ratio_mean']}); mean top-decile lift ratio "
        f"{out['lift_ratio_mean']} (bar {BARS['lift_ratio_mean']}). Passed: {out['passed']}. Against the "
        f"realised hazard: AUC {out['realised_auc_ratio_mean']}, lift {out['realised_lift_ratio_mean']}.",
        "",
        f"## Reasons of the {scored} scores",
        "",
        f"{reasons['reason_slots']:,} reason slots: {reasons['lowering_reasons']} lower the risk, "
        f"{reasons['missing_value_reasons']} show a missing value; {reasons['lines_without_reason']:,} lines have "
        "no risk-raising factor. The first reason of the top decile "
        f"({reasons['top_decile_lines']:,} lines) names the simulator's true main driver of the month after for "
        f"{reasons['first_reason_names_true_driver']:.1%} of them (bar {REASON_BAR:.0%}; a line suspended for "
        f"arrears counts arrears as its driver; without the suspended lines {reasons['without_suspended']:.1%}).",
        "",
        *driver_table(reasons),
    ]
    (RESULTS / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(out["passed"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
