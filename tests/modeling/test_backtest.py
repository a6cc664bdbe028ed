"""Rolling-origin backtests: origins never train on a label unknown at their month, the windows move
with the horizon, origins without churners are skipped, and an informative model beats the baseline."""

from __future__ import annotations

from itertools import product
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from churnguard.modeling.backtest import BASELINE, Backtest, Origin, final_window, origins, run_backtest
from churnguard.months import shift

LABELS = [f"2024-{m:02d}" for m in range(1, 11)]  # 2024-01 … 2024-10
FEATURES = ["x", "noise"]
METRICS = {"roc_auc", "top_decile_lift", "capture_5", "capture_10", "capture_20", "brier"}


# ---------------------------------------------------------------- origins and windows


@pytest.mark.parametrize(
    ("horizon", "expected"),
    [
        (
            1,
            [
                ("2024-08", ("2024-05", "2024-06", "2024-07")),
                ("2024-09", ("2024-06", "2024-07", "2024-08")),
                ("2024-10", ("2024-07", "2024-08", "2024-09")),
            ],
        ),
        (
            2,
            [
                ("2024-07", ("2024-03", "2024-04", "2024-05")),
                ("2024-08", ("2024-04", "2024-05", "2024-06")),
                ("2024-09", ("2024-05", "2024-06", "2024-07")),
            ],
        ),
        (
            3,
            [
                ("2024-06", ("2024-01", "2024-02", "2024-03")),
                ("2024-07", ("2024-02", "2024-03", "2024-04")),
                ("2024-08", ("2024-03", "2024-04", "2024-05")),
            ],
        ),
    ],
)
def test_origins_shift_with_the_horizon(horizon: int, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    got = origins(LABELS, as_of="2024-11", horizon=horizon, window=3, count=3)
    assert [(o.month, o.train) for o in got] == expected


@pytest.mark.parametrize(("horizon", "window", "count"), list(product((1, 2, 3), (1, 2, 4), (1, 3, 12))))
def test_every_training_label_was_known_at_its_origin(horizon: int, window: int, count: int) -> None:
    as_of = "2024-11"
    got = origins(LABELS, as_of=as_of, horizon=horizon, window=window, count=count)
    judged = [m for m in LABELS if m <= shift(as_of, -horizon)]
    # The last ``count`` months whose own labels are known at as_of (and that have anything to train on),
    # oldest first.
    eligible = [m for m in judged if any(t <= shift(m, -horizon) for t in LABELS)]
    assert [o.month for o in got] == eligible[-count:]
    assert [o.month for o in got] == sorted(o.month for o in got)
    for origin in got:
        known = [m for m in LABELS if m <= shift(origin.month, -horizon)]
        assert origin.train == tuple(known[-window:]), origin
        assert all(m <= shift(origin.month, -horizon) for m in origin.train), origin
        assert origin.month not in origin.train


def test_early_origins_train_on_what_there_is_and_none_without_history() -> None:
    got = origins(LABELS, as_of="2024-11", horizon=1, window=3, count=20)
    # 2024-01 has no earlier label, so it is no origin; 2024-02 trains on the one month before it.
    assert got[0] == Origin("2024-02", ("2024-01",))
    assert got[1] == Origin("2024-03", ("2024-01", "2024-02"))
    assert len(got) == 9 and got[-1].month == "2024-10"


def test_no_origin_before_any_label_is_known() -> None:
    assert origins(LABELS, as_of="2024-01", horizon=1, window=3, count=3) == []
    assert origins(LABELS, as_of="2024-03", horizon=3, window=3, count=3) == []
    assert origins([], as_of="2024-11", horizon=1, window=3, count=3) == []


@pytest.mark.parametrize(
    ("as_of", "horizon", "window", "expected"),
    [
        ("2024-11", 1, 3, ("2024-08", "2024-09", "2024-10")),
        ("2024-11", 2, 3, ("2024-07", "2024-08", "2024-09")),
        ("2024-11", 3, 2, ("2024-07", "2024-08")),
        ("2024-08", 1, 1, ("2024-07",)),
        ("2024-03", 1, 6, ("2024-01", "2024-02")),
        ("2024-01", 1, 3, ()),
    ],
)
def test_final_window(as_of: str, horizon: int, window: int, expected: tuple[str, ...]) -> None:
    got = final_window(LABELS, as_of=as_of, horizon=horizon, window=window)
    assert got == expected
    assert all(m <= shift(as_of, -horizon) for m in got)


# ---------------------------------------------------------------- running a backtest


def _frames(months: list[str], *, rows: int = 400, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Months of rows where ``x`` drives churn and ``noise`` and ``events_mom`` do not."""
    rng = np.random.default_rng(seed)
    out = {}
    for month in months:
        x = rng.normal(size=rows)
        churn = (rng.random(rows) < 1 / (1 + np.exp(-(-3.0 + 2.5 * x)))).astype(int)
        out[month] = pd.DataFrame(
            {"x": x, "noise": rng.normal(size=rows), "events_mom": rng.normal(size=rows), "churn": churn}
        )
    return out


class _Spy:
    """A logistic regression that remembers the rows it was fitted on."""

    seen: list[pd.DataFrame]

    def __init__(self, seen: list[pd.DataFrame]) -> None:
        self.seen = seen
        self.model = LogisticRegression()

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> _Spy:
        self.seen.append(X.copy())
        self.model.fit(X, y)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.model.predict_proba(X)


class Run(NamedTuple):
    frames: dict[str, pd.DataFrame]
    plan: list[Origin]
    seen: list[pd.DataFrame]  # what the informative model was fitted on, origin by origin
    result: Backtest
    steps: list[tuple[str, int]]


@pytest.fixture(scope="module")
def backtest_run() -> Run:
    months = [f"2024-{m:02d}" for m in range(1, 8)]
    frames = _frames(months)
    plan = origins(months, as_of="2024-08", horizon=1, window=3, count=3)
    seen: list[pd.DataFrame] = []

    def make(name: str) -> object:
        return _Spy(seen) if name == "informed" else DummyClassifier(strategy="prior")

    steps: list[tuple[str, int]] = []
    result = run_backtest(
        frames,
        plan,
        models=["informed", "prior"],
        features=FEATURES,
        make=make,
        progress=lambda what, n: steps.append((what, n)),
    )
    return Run(frames, plan, seen, result, steps)


def test_each_origin_trains_on_exactly_its_known_months(backtest_run: Run) -> None:
    frames, plan, seen, result, _ = backtest_run
    assert [o.month for o in result.origins] == ["2024-05", "2024-06", "2024-07"]
    assert len(seen) == len(plan) == 3
    for origin, fitted_on in zip(plan, seen, strict=True):
        expected = pd.concat([frames[m] for m in origin.train], ignore_index=True)[FEATURES]
        pd.testing.assert_frame_equal(fitted_on.reset_index(drop=True), expected)
        assert all(m <= shift(origin.month, -1) for m in origin.train)


def test_informative_model_beats_the_baseline_and_wins(backtest_run: Run) -> None:
    result, steps = backtest_run.result, backtest_run.steps
    assert set(result.metrics) == {"informed", "prior", BASELINE}
    mean = result.mean
    assert mean["informed"]["roc_auc"] > 0.8
    assert mean["informed"]["roc_auc"] > mean[BASELINE]["roc_auc"] + 0.2
    assert mean["prior"]["roc_auc"] == pytest.approx(0.5)
    assert mean["informed"]["top_decile_lift"] > 2 * mean["prior"]["top_decile_lift"]
    assert result.champion == "informed"
    # Every model at every origin, reported as it goes.
    assert steps == [(f"{m} {name}", 1) for m in ("2024-05", "2024-06", "2024-07") for name in ("informed", "prior")]


def test_metrics_are_complete_and_computed_on_the_validation_month(backtest_run: Run) -> None:
    frames, result = backtest_run.frames, backtest_run.result
    for name, per_origin in result.metrics.items():
        assert len(per_origin) == len(result.origins) == len(result.predictions[name])
        for i, (origin, metrics) in enumerate(zip(result.origins, per_origin, strict=True)):
            assert set(metrics) >= METRICS, (name, metrics)
            y = frames[origin.month]["churn"].to_numpy()
            np.testing.assert_array_equal(result.labels[i], y)
            p = result.predictions[name][i]
            assert len(p) == len(y) and ((p >= 0) & (p <= 1)).all()
            assert metrics["roc_auc"] == pytest.approx(roc_auc_score(y, p))
            assert metrics["brier"] == pytest.approx(brier_score_loss(y, np.clip(p, 1e-7, 1 - 1e-7)))
            assert 0 <= metrics["capture_5"] <= metrics["capture_10"] <= metrics["capture_20"] <= 1
    # The baseline ranks lines by their usage drop.
    origin = result.origins[0]
    baseline = result.predictions[BASELINE][0]
    order = np.argsort(baseline)
    assert (np.diff(-frames[origin.month]["events_mom"].to_numpy()[order]) >= 0).all()


def test_to_dict_rounds_and_names_the_champion(backtest_run: Run) -> None:
    result = backtest_run.result
    d = result.to_dict()
    assert d["champion"] == "informed"
    assert d["origins"][0] == {"month": "2024-05", "train": ["2024-02", "2024-03", "2024-04"]}
    assert d["mean"]["informed"]["roc_auc"] == round(result.mean["informed"]["roc_auc"], 5)
    assert len(d["metrics"][BASELINE]) == 3


def test_the_baseline_is_never_champion() -> None:
    months = [f"2024-{m:02d}" for m in range(1, 6)]
    frames = _frames(months, seed=1)
    for frame in frames.values():
        frame["events_mom"] = -frame["x"]  # a usage drop that predicts churn perfectly well
    plan = origins(months, as_of="2024-06", horizon=1, window=2, count=2)
    result = run_backtest(
        frames, plan, models=["prior"], features=FEATURES, make=lambda _: DummyClassifier(strategy="prior")
    )
    assert result.mean[BASELINE]["roc_auc"] > 0.8 > result.mean["prior"]["roc_auc"]
    assert result.champion == "prior"


def test_an_origin_without_churners_is_skipped() -> None:
    months = [f"2024-{m:02d}" for m in range(1, 7)]
    frames = _frames(months, seed=2)
    frames["2024-05"]["churn"] = 0
    plan = origins(months, as_of="2024-07", horizon=1, window=2, count=3)
    assert [o.month for o in plan] == ["2024-04", "2024-05", "2024-06"]
    result = run_backtest(frames, plan, models=["logreg"], features=FEATURES, make=lambda _: LogisticRegression())
    assert [o.month for o in result.origins] == ["2024-04", "2024-06"]
    assert len(result.labels) == 2
    assert all(len(per) == 2 for per in result.metrics.values())
    assert all(len(per) == 2 for per in result.predictions.values())
    assert result.labels[1].sum() == frames["2024-06"]["churn"].sum() > 0


def test_origins_cross_a_year_end() -> None:
    # The windows above rest on month arithmetic (churnguard.months); a year boundary is where it would break.
    got = origins(["2024-11", "2024-12", "2025-01"], as_of="2025-02", horizon=1, window=2, count=1)
    assert got == [Origin("2025-01", ("2024-11", "2024-12"))]
