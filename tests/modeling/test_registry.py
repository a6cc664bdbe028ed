"""Model bundles: save and load, and every way a bundle is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churnguard.errors import BundleError
from churnguard.features.snapshot import Schema, infer_schema, prepare
from churnguard.modeling.registry import (
    BUNDLE_FORMAT,
    CARD_FILE,
    MODEL_FILE,
    library_versions,
    load_bundle,
    save_bundle,
)
from churnguard.modeling.zoo import make_model


@pytest.fixture
def saved(tricky: pd.DataFrame, tmp_path: Path) -> tuple[Path, Schema, pd.DataFrame, np.ndarray]:
    schema, labels = infer_schema(tricky, file="tricky.csv")
    matrix, _ = prepare(tricky, schema, file="tricky.csv")
    model = make_model("tree").fit(matrix, labels)
    directory = tmp_path / "bundle"
    save_bundle(
        directory,
        model=model,
        schema=schema,
        card={"created_at": "2024-06-30T12:00:00+00:00", "model": "tree"},
    )
    return directory, schema, matrix, model.predict_proba(matrix)


def _card(directory: Path) -> dict:
    return json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))


def _write_card(directory: Path, card: dict) -> None:
    (directory / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")


def _refused(directory: Path) -> BundleError:
    with pytest.raises(BundleError) as info:
        load_bundle(directory)
    assert info.value.exit_code == 2 and info.value.http_status == 409
    return info.value


def test_round_trip(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, schema, matrix, proba = saved
    assert sorted(p.name for p in directory.iterdir()) == [MODEL_FILE, CARD_FILE]
    bundle, notices = load_bundle(directory)
    assert notices == []
    np.testing.assert_array_equal(bundle.model.predict_proba(matrix), proba)
    assert bundle.schema.feature_names == schema.feature_names
    assert bundle.schema.target == schema.target
    card = bundle.card
    assert re.fullmatch(r"[0-9a-f]{12}", card["bundle_id"])
    assert card["format"] == BUNDLE_FORMAT
    assert card["schema_hash"] == schema.contract_hash()
    assert card["created_at"] == "2024-06-30T12:00:00+00:00" and card["model"] == "tree"
    assert card["library_versions"] == library_versions()
    assert set(card["library_versions"]) == {"churnguard", "scikit-learn", "lightgbm", "numpy", "pandas"}
    assert "unknown" not in card["library_versions"].values()


def test_card_is_readable_utf8_json(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    text = (directory / CARD_FILE).read_text(encoding="utf-8")
    assert "宽带" in text  # Chinese column names stay readable, not \\u escapes


def test_each_save_gets_a_new_id(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray], tmp_path: Path) -> None:
    directory, schema, *_ = saved
    bundle, _ = load_bundle(directory)
    other = save_bundle(tmp_path / "other", model=bundle.model, schema=schema, card={})
    assert other.card["bundle_id"] != bundle.card["bundle_id"]
    assert other.card["schema_hash"] == bundle.card["schema_hash"]


def test_tampered_schema_is_refused(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    card = _card(directory)
    contract = next(c for c in card["input_schema"]["columns"] if c["name"] == "Contract")
    contract["categories"].append("Three year")
    _write_card(directory, card)
    error = _refused(directory)
    assert error.key == "bundle.corrupt"
    assert "the input schema does not match its recorded hash" in str(error)
    assert str(directory) in str(error)


def test_other_format_is_refused(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    card = _card(directory)
    card["format"] = 99
    _write_card(directory, card)
    error = _refused(directory)
    assert error.key == "bundle.version"
    assert str(error) == f"Model bundle in {directory} has format 99; this ChurnGuard reads format {BUNDLE_FORMAT}."


def test_damaged_card_is_refused(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    (directory / CARD_FILE).write_text('{"bundle_id": "abc", ', encoding="utf-8")
    error = _refused(directory)
    assert error.key == "bundle.corrupt"
    assert "model_card.json is not valid JSON" in str(error)
    assert "churnguard fit" in error.hint()


def test_unreadable_schema_is_refused(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    card = _card(directory)
    del card["input_schema"]
    _write_card(directory, card)
    assert "the input schema is unreadable" in str(_refused(directory))


def test_damaged_model_file_is_refused(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    (directory / MODEL_FILE).write_bytes(b"not a pickle")
    error = _refused(directory)
    assert error.key == "bundle.corrupt"
    assert "model.joblib" in str(error)


@pytest.mark.parametrize("missing", [MODEL_FILE, CARD_FILE])
def test_missing_file_is_named(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray], missing: str) -> None:
    directory, *_ = saved
    (directory / missing).unlink()
    error = _refused(directory)
    assert error.key == "bundle.missing"
    assert str(error) == f"No model bundle in {directory} (expected {missing})."


def test_other_library_versions_give_a_notice(saved: tuple[Path, Schema, pd.DataFrame, np.ndarray]) -> None:
    directory, *_ = saved
    card = _card(directory)
    card["library_versions"]["scikit-learn"] = "0.24.0"
    card["library_versions"]["churnguard"] = "0.0.1"  # our own version is not a reason to warn
    _write_card(directory, card)
    _, notices = load_bundle(directory)
    assert [(n.key, n.params["lib"], n.params["trained"]) for n in notices] == [
        ("warn.versions", "scikit-learn", "0.24.0")
    ]
    assert notices[0].params["installed"] == library_versions()["scikit-learn"]


def test_model_file_from_another_run_is_refused(tmp_path: Path) -> None:
    from sklearn.dummy import DummyClassifier

    frame = pd.DataFrame({"fee": [1.5, 2.5, 3.5, 4.5] * 5, "churn": ["Yes", "No"] * 10})
    schema, labels = infer_schema(frame, file="t.csv")
    model = DummyClassifier(strategy="prior").fit(frame[["fee"]], labels)
    save_bundle(tmp_path / "a", model=model, schema=schema, card={"model": "dummy"})
    save_bundle(tmp_path / "b", model=model, schema=schema, card={"model": "dummy"})
    (tmp_path / "a" / "model.joblib").write_bytes((tmp_path / "b" / "model.joblib").read_bytes())
    with pytest.raises(BundleError) as info:
        load_bundle(tmp_path / "a")
    assert "model.joblib does not belong to model_card.json" in str(info.value)
    assert load_bundle(tmp_path / "b")[0].card["model"] == "dummy"
