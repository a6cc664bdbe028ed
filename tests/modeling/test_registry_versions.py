"""The monthly model registry: versions, the promotion rule, promotions by hand, the scoring history,
and every way a registry or one of its bundles is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from churnguard.errors import BundleError
from churnguard.modeling.registry import MODEL_FILE, PROMOTION_RULE, Registry, should_promote
from churnguard.training import model_schema

FEATURES = ["tenure_months", "net_bill"]
T1, T2, T3, T4 = (f"2025-0{m}-01T00:00:00+00:00" for m in (2, 3, 4, 5))


@pytest.fixture(scope="module")
def fitted() -> tuple[LogisticRegression, pd.DataFrame]:
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(200, 2)), columns=FEATURES)
    y = (X["tenure_months"] + rng.normal(size=200) < -0.5).astype(int).to_numpy()
    return LogisticRegression().fit(X, y), X


def _card(auc: float, lift: float, *, as_of: str = "2025-04") -> dict:
    return {
        "as_of": as_of,
        "model": "logreg",
        "train_months": ["2025-01", "2025-02", "2025-03"],
        "backtest": {"mean": {"logreg": {"roc_auc": auc, "top_decile_lift": lift}, "usage_drop": {"roc_auc": 0.5}}},
    }


def _add(registry: Registry, fitted: tuple, auc: float, lift: float, *, now: str, margin: float = 0.0) -> tuple:
    bundle, promoted = registry.add(
        model=fitted[0], schema=model_schema(FEATURES), card=_card(auc, lift), margin=margin, now=now
    )
    return bundle.card["bundle_id"], promoted


def _statuses(registry: Registry) -> dict[str, str]:
    return {v["id"]: v["status"] for v in registry.data["versions"]}


# ---------------------------------------------------------------- the promotion rule


def test_should_promote() -> None:
    champion = {"roc_auc": 0.625, "top_decile_lift": 4.0}
    assert should_promote({"roc_auc": 0.5, "top_decile_lift": 1.0}, None, margin=0.125)
    assert should_promote({"roc_auc": 0.75, "top_decile_lift": 4.0}, champion, margin=0.125)  # exactly the margin
    assert not should_promote({"roc_auc": 0.7, "top_decile_lift": 4.0}, champion, margin=0.125)
    # Better AUC but a lift more than 5 % below the champion's is no promotion.
    assert not should_promote({"roc_auc": 0.9, "top_decile_lift": 3.76}, champion, margin=0.125)
    assert should_promote({"roc_auc": 0.9, "top_decile_lift": 3.84}, champion, margin=0.125)
    assert "promote_margin" in PROMOTION_RULE and "churnguard models promote" in PROMOTION_RULE


def test_first_becomes_champion_weaker_stays_challenger_stronger_wins(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    assert registry.champion is None and registry.data["versions"] == []

    first, won = _add(registry, fitted, 0.70, 3.0, now=T1, margin=0.02)
    assert won and registry.champion == first
    assert _statuses(registry) == {first: "champion"}

    second, won = _add(registry, fitted, 0.69, 3.5, now=T2, margin=0.02)
    assert not won and registry.champion == first
    assert _statuses(registry) == {first: "champion", second: "challenger"}

    # Better, but by less than the margin.
    third, won = _add(registry, fitted, 0.71, 3.0, now=T3, margin=0.02)
    assert not won and registry.champion == first

    fourth, won = _add(registry, fitted, 0.75, 3.0, now=T4, margin=0.02)
    assert won and registry.champion == fourth
    assert _statuses(registry) == {first: "retired", second: "challenger", third: "challenger", fourth: "champion"}

    data = registry.data
    assert [(p["id"], p["by"], p["replaced"], p["at"]) for p in data["promotions"]] == [
        (first, "rule", None, T1),
        (fourth, "rule", first, T4),
    ]
    version = registry.version(fourth)
    assert version["as_of"] == "2025-04" and version["model"] == "logreg"
    assert version["train_months"] == ["2025-01", "2025-02", "2025-03"]
    assert version["backtest_mean"] == {"roc_auc": 0.75, "top_decile_lift": 3.0}
    assert version["created_at"] == T4
    # Each version is a bundle folder named by its id; no staging folder is left behind.
    folders = sorted(p.name for p in (tmp_path / "reg").iterdir() if p.is_dir())
    assert folders == sorted([first, second, third, fourth])


def test_promote_by_hand_is_recorded(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    second, won = _add(registry, fitted, 0.60, 3.0, now=T2)
    assert not won
    registry.promote(second, now=T3, by="alice")
    assert registry.champion == second
    assert _statuses(registry) == {first: "retired", second: "champion"}
    assert registry.data["promotions"][-1] == {"id": second, "at": T3, "by": "alice", "replaced": first}
    assert registry.load()[0].card["bundle_id"] == second


def test_unknown_id_is_refused(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    before = (tmp_path / "reg" / "registry.json").read_text(encoding="utf-8")
    for action in (
        lambda: registry.promote("deadbeef0000", now=T2, by="bob"),
        lambda: registry.load("deadbeef0000"),
        lambda: registry.version("deadbeef0000"),
    ):
        with pytest.raises(BundleError) as info:
            action()
        assert info.value.key == "registry.unknown"
        assert "deadbeef0000" in str(info.value) and info.value.exit_code == 2
        assert "churnguard models list" in info.value.hint()
    assert (tmp_path / "reg" / "registry.json").read_text(encoding="utf-8") == before
    assert registry.champion == first


def test_load_without_a_champion_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as info:
        Registry(tmp_path / "empty").load()
    assert info.value.key == "registry.no_champion"
    assert str(tmp_path / "empty") in str(info.value)
    assert "churnguard train --as-of" in info.value.hint()


def test_load_gives_the_champion_or_the_version_asked_for(tmp_path: Path, fitted: tuple) -> None:
    model, X = fitted
    registry = Registry(tmp_path / "reg")
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    second, _ = _add(registry, fitted, 0.60, 3.0, now=T2)
    champion, notices = registry.load()
    assert champion.card["bundle_id"] == first and notices == []
    assert champion.schema.feature_names == FEATURES
    np.testing.assert_allclose(champion.model.predict_proba(X), model.predict_proba(X))
    assert registry.load(second)[0].card["bundle_id"] == second


def test_scoring_is_recorded(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    registry.record_scoring(month="2025-04", model_id=first, run_id="run1", now=T2)
    registry.record_scoring(month="2025-05", model_id=first, run_id="run2", now=T3)
    assert registry.data["scored"] == [
        {"month": "2025-04", "model": first, "run_id": "run1", "at": T2},
        {"month": "2025-05", "model": first, "run_id": "run2", "at": T3},
    ]
    # A new registry object reads the same file.
    assert Registry(tmp_path / "reg").data["scored"][-1]["run_id"] == "run2"


def test_damaged_registry_file_is_refused(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    _add(registry, fitted, 0.70, 3.0, now=T1)
    (tmp_path / "reg" / "registry.json").write_text('{"champion": "abc", "versions": [', encoding="utf-8")
    for action in (lambda: registry.champion, lambda: registry.load(), lambda: registry.data):
        with pytest.raises(BundleError) as info:
            action()
        assert info.value.key == "bundle.corrupt"
        assert "registry.json is not valid JSON" in str(info.value)


def test_bundle_whose_model_file_belongs_to_another_version_is_refused(tmp_path: Path, fitted: tuple) -> None:
    root = tmp_path / "reg"
    registry = Registry(root)
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    second, _ = _add(registry, fitted, 0.60, 3.0, now=T2)
    shutil.copyfile(root / second / MODEL_FILE, root / first / MODEL_FILE)
    with pytest.raises(BundleError) as info:
        registry.load()
    assert info.value.key == "bundle.corrupt"
    assert "model.joblib does not belong to model_card.json" in str(info.value)
    assert str(root / first) in str(info.value)
    assert registry.load(second)[0].card["bundle_id"] == second


def test_bundle_with_a_tampered_schema_is_refused(tmp_path: Path, fitted: tuple) -> None:
    root = tmp_path / "reg"
    registry = Registry(root)
    first, _ = _add(registry, fitted, 0.70, 3.0, now=T1)
    card_path = root / first / "model_card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["input_schema"]["columns"].pop()
    card_path.write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(BundleError) as info:
        registry.load()
    assert "the input schema does not match its recorded hash" in str(info.value)


def test_a_first_version_without_backtest_figures_still_becomes_champion(tmp_path: Path, fitted: tuple) -> None:
    registry = Registry(tmp_path / "reg")
    bundle, promoted = registry.add(
        model=fitted[0], schema=model_schema(FEATURES), card={"model": "logreg", "backtest": {}}, margin=0.0, now=T1
    )
    assert promoted and registry.champion == bundle.card["bundle_id"]
    # A champion without figures (e.g. promoted by hand) is not replaced by the rule, and adding does not fail.
    later, won = _add(registry, fitted, 0.9, 5.0, now=T2)
    assert not won and registry.champion == bundle.card["bundle_id"]
    assert _statuses(registry)[later] == "challenger"


def test_a_sweep_removes_what_a_stopped_training_left_and_nothing_else(tmp_path: Path) -> None:
    from churnguard.modeling.registry import MODEL_FILE, Registry

    registry = Registry(tmp_path)
    (tmp_path / "registry.json").write_text('{"champion": null, "versions": [{"id": "aaaaaaaaaaaa"}]}')
    for name in ("aaaaaaaaaaaa", "bbbbbbbbbbbb", ".new-1234abcd", "my-notes", "cccccccccccc"):
        (tmp_path / name).mkdir()
    for name in ("aaaaaaaaaaaa", "bbbbbbbbbbbb"):
        (tmp_path / name / MODEL_FILE).write_bytes(b"x")
    (tmp_path / "uplift" / ".2026-01.abc.new").mkdir(parents=True)
    (tmp_path / "uplift" / "2026-01").mkdir()
    removed = registry.sweep()
    assert removed == [".new-1234abcd", "bbbbbbbbbbbb", "uplift/.2026-01.abc.new"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["aaaaaaaaaaaa", "cccccccccccc", "my-notes", "registry.json", "uplift"]
    assert [p.name for p in (tmp_path / "uplift").iterdir()] == ["2026-01"]
