"""Accuracy and speed of the model zoo on the real telecom churn sets.

Runs the same evaluation as ``churnguard evaluate`` (5-fold stratified CV, seed 0) on IBM Telco
(modeldata/wa_churn) and mlc_churn, times the whole run, and writes
``benchmarks/results/accuracy.json`` and ``accuracy.md``. The logistic-regression reference is
computed in the same run, so the champion's gain is a like-for-like figure on this noisy machine.

Bars (issue 2): Telco champion ROC AUC >= 0.848 and top-decile lift >= 2.85, whole run < 120 s;
mlc_churn ROC AUC >= 0.92 and top-decile lift >= 6.8. Exit code 1 when a bar is missed.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from churnguard.config import load_settings
from churnguard.data.ingest import write_table
from churnguard.data.samples import load_sample
from churnguard.pipeline import evaluate, load_training

RESULTS = Path(__file__).parent / "results"
BARS = {
    "wa_churn": {"roc_auc": 0.848, "top_decile_lift": 2.85, "seconds": 120.0},
    "mlc_churn": {"roc_auc": 0.92, "top_decile_lift": 6.8},
}


def run(name: str, settings) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_table(load_sample(name), Path(tmp) / f"{name}.csv")
        started = time.perf_counter()
        training = load_training(path, settings, target="churn", id_column="customer_id")
        evaluation = evaluate(training, settings)
        seconds = time.perf_counter() - started
        # A same-process reference: the logistic regression alone, so the zoo's time is also a ratio.
        started = time.perf_counter()
        evaluate(training, settings, models=["logreg"])
        reference_seconds = time.perf_counter() - started
    champion = evaluation.metrics[evaluation.champion]
    reference = evaluation.metrics["logreg"]
    bars = BARS[name]
    checks = {
        "roc_auc": champion["roc_auc"] >= bars["roc_auc"],
        "top_decile_lift": champion["top_decile_lift"] >= bars["top_decile_lift"],
    }
    if "seconds" in bars:
        checks["seconds"] = seconds < bars["seconds"]
    return {
        "rows": evaluation.rows,
        "positives": evaluation.positives,
        "champion": evaluation.champion,
        "champion_metrics": champion,
        "reference_logreg": reference,
        "auc_gain_over_logreg": champion["roc_auc"] - reference["roc_auc"],
        "seconds_whole_evaluate": round(seconds, 1),
        "seconds_logreg_only": round(reference_seconds, 2),
        "time_ratio_to_logreg": round(seconds / reference_seconds, 1),
        "bars": bars,
        "passed": checks,
        "models": evaluation.metrics,
    }


def markdown(results: dict) -> str:
    lines = ["# Accuracy benchmark", "", f"Machine: {results['machine']}; Python {results['python']}.", ""]
    for name, r in results["datasets"].items():
        lines += [
            f"## {name} ({r['rows']} rows, {r['positives']} churners) — whole evaluate {r['seconds_whole_evaluate']} s"
            f" ({r['time_ratio_to_logreg']}× a logistic-regression-only evaluate in the same run)",
            "",
            f"Champion **{r['champion']}**: ROC AUC {r['champion_metrics']['roc_auc']:.4f}, top-decile lift "
            f"{r['champion_metrics']['top_decile_lift']:.3f} (bars {r['bars']}); gain over logistic "
            f"regression {r['auc_gain_over_logreg']:+.4f} AUC. Passed: {r['passed']}.",
            "",
            "| model | ROC AUC | PR AUC | lift@10% | capture@10% | capture@20% | Brier | log loss | fit s/fold |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for model, m in sorted(r["models"].items(), key=lambda kv: -kv[1]["roc_auc"]):
            lines.append(
                f"| {model} | {m['roc_auc']:.4f} | {m['pr_auc']:.4f} | {m['top_decile_lift']:.3f} | "
                f"{m['capture_10']:.3f} | {m['capture_20']:.3f} | {m['brier']:.4f} | {m['log_loss']:.4f} | "
                f"{m['fit_seconds']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    settings, _ = load_settings({"seed": 0, "cv_folds": 5, "lang": "en"})
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": sys.version.split()[0],
        "settings": {
            "seed": settings.seed,
            "cv_folds": settings.cv_folds,
            "threads": settings.threads,
            "tune_seconds": settings.tune_seconds,
            "models": settings.models,
        },
        "datasets": {name: run(name, settings) for name in BARS},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accuracy.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (RESULTS / "accuracy.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    ok = all(all(r["passed"].values()) for r in results["datasets"].values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
