"""Snapshot mode: schema inference, target mapping, the model matrix and the leakage scan."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from churnguard.data.ingest import read_table
from churnguard.errors import DataError
from churnguard.features.snapshot import (
    OTHER_LEVEL,
    Schema,
    detect_target,
    infer_schema,
    leakage_scan,
    map_target,
    prepare,
)
from churnguard.i18n import Term, t

# ---------------------------------------------------------------- infer_schema


def test_kinds_of_a_hand_made_table(tricky: pd.DataFrame) -> None:
    schema, labels = infer_schema(tricky, file="tricky.csv")
    kinds = {c.name: c.kind for c in schema.columns}
    assert kinds == {
        "CustomerID": "identifier",
        "tenure": "numeric",
        "TotalCharges": "numeric",
        "Partner": "boolean",
        "宽带": "boolean",
        "Paperless": "boolean",
        "SeniorCitizen": "boolean",
        "AutoPay": "boolean",
        "Contract": "categorical",
        "SignupDate": "date",
        "Country": "constant",
        "Churn": "target",
    }
    assert schema.id_column == "CustomerID"
    assert schema.target is not None and schema.target.column == "Churn"
    assert labels is not None and labels.dtype == np.int8 and int(labels.sum()) == 30
    # The id, the constant and the target are not features; the date becomes a number of days.
    assert schema.feature_names == [
        "tenure",
        "TotalCharges",
        "Partner",
        "宽带",
        "Paperless",
        "SeniorCitizen",
        "AutoPay",
        "Contract",
        "SignupDate_days",
    ]
    assert "Country" not in schema.input_columns and "CustomerID" not in schema.input_columns


@pytest.mark.parametrize(
    ("column", "true_value", "false_value"),
    [
        ("Partner", "Yes", "No"),
        ("宽带", "是", "否"),
        ("Paperless", "Y", "N"),
        ("SeniorCitizen", "1", "0"),
        ("AutoPay", "True", "False"),
    ],
)
def test_boolean_spellings(tricky: pd.DataFrame, column: str, true_value: str, false_value: str) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    spec = next(c for c in schema.columns if c.name == column)
    assert (spec.true_value, spec.false_value) == (true_value, false_value)
    assert spec.note == ("note.flag" if true_value == "1" else "note.boolean")
    matrix, _ = prepare(tricky, schema, file="tricky.csv")
    expected = (tricky[column] == true_value).astype(float)
    assert matrix[column].tolist() == expected.tolist()


def test_date_becomes_days_before_the_last_date(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    spec = next(c for c in schema.columns if c.name == "SignupDate")
    latest = pd.to_datetime(tricky["SignupDate"]).max()
    assert spec.as_of == latest.date().isoformat()
    assert spec.note_params == {"as_of": spec.as_of}
    matrix, _ = prepare(tricky, schema, file="tricky.csv")
    days = (latest - pd.to_datetime(tricky["SignupDate"])).dt.days.astype(float)
    assert matrix["SignupDate_days"].tolist() == days.tolist()
    assert matrix["SignupDate_days"].min() == 0.0


def test_chinese_dates_are_parsed_at_training_and_scoring() -> None:
    frame = pd.DataFrame(
        {
            "入网日期": [
                f"2023年{m}月{d}日" for m, d in zip([1, 2, 3, 4, 5, 6] * 5, [5, 10, 15, 20, 25, 28] * 5, strict=True)
            ],
            "月租": [float(i % 7) for i in range(30)],
            "流失": ["是", "否", "否"] * 10,
        }
    )
    schema, _ = infer_schema(frame, file="zh.csv")
    spec = next(c for c in schema.columns if c.name == "入网日期")
    assert spec.kind == "date" and spec.as_of == "2023-06-28"
    matrix, _ = prepare(frame, schema, file="zh.csv")
    assert matrix["入网日期_days"].notna().all()
    assert matrix["入网日期_days"].iloc[:3].tolist() == [174.0, 138.0, 105.0]


def test_id_and_constant_notes(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    notes = {c.name: c.note for c in schema.columns}
    assert notes["CustomerID"] == "note.identifier"
    assert notes["Country"] == "note.constant"
    assert notes["Churn"] == "note.target"


def test_sequential_integer_column_is_an_identifier() -> None:
    frame = pd.DataFrame({"row": range(1, 41), "plan": ["a", "b"] * 20, "churn": ["Yes", "No", "No", "No"] * 10})
    schema, _ = infer_schema(frame, file="x.csv")
    assert {c.name: c.kind for c in schema.columns}["row"] == "identifier"
    assert schema.id_column == "row"


def test_named_id_column_is_used_even_when_small() -> None:
    frame = pd.DataFrame({"acct": [5, 3, 9, 1], "plan": ["a", "b", "a", "b"], "churn": ["Yes", "No", "No", "Yes"]})
    schema, _ = infer_schema(frame, file="x.csv", id_column="acct")
    assert schema.id_column == "acct"
    assert schema.feature_names == ["plan"]


def test_high_cardinality_text_is_dropped() -> None:
    rng = np.random.default_rng(1)
    words = [f"note {i}" for i in range(400)]
    frame = pd.DataFrame(
        {
            "comment": [words[i] for i in rng.integers(0, 400, 300)],
            "tenure": rng.integers(1, 70, 300),
            "churn": rng.choice(["Yes", "No"], 300),
        }
    )
    schema, _ = infer_schema(frame, file="x.csv", max_categories=100)
    assert {c.name: c.kind for c in schema.columns}["comment"] == "text"
    assert schema.feature_names == ["tenure"]


def test_drop_leaves_a_column_out(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv", drop=["tenure", "Contract"])
    kinds = {c.name: c.kind for c in schema.columns}
    assert kinds["tenure"] == "dropped" and kinds["Contract"] == "dropped"
    assert "tenure" not in schema.feature_names and "Contract" not in schema.feature_names


def test_blank_cells_read_from_a_file_are_missing(tricky: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "tricky.csv"
    tricky.to_csv(path, index=False)
    assert " " in path.read_text(encoding="utf-8").splitlines()[5]  # row 6 holds a blank TotalCharges
    table = read_table(path)
    schema, _ = infer_schema(table.frame, file=table.source)
    spec = next(c for c in schema.columns if c.name == "TotalCharges")
    assert (spec.kind, spec.missing, spec.note) == ("numeric", 2, "note.blank")
    matrix, notices = prepare(table.frame, schema, file=table.source)
    assert notices == []
    assert matrix["TotalCharges"].isna().sum() == 2
    assert np.isnan(matrix["TotalCharges"].iloc[4]) and np.isnan(matrix["TotalCharges"].iloc[9])


def test_blank_text_in_memory_is_reported_with_its_row(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    _, notices = prepare(tricky, schema, file="tricky.csv")
    assert [(n.key, n.params["column"], n.params["count"], n.params["row"]) for n in notices] == [
        ("warn.unparsed", "TotalCharges", 2, 6)
    ]


def test_typed_parquet_dates_with_gaps(tmp_path: Path) -> None:
    n = 40
    frame = pd.DataFrame(
        {
            "start": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n), unit="D"),
            "calls": np.arange(n) % 7,
            "churn": ["Yes", "No"] * (n // 2),
        }
    )
    frame.loc[[3, 5, 7, 9], "start"] = pd.NaT  # 10 % missing
    path = tmp_path / "dates.parquet"
    frame.to_parquet(path)
    table = read_table(path)
    schema, _ = infer_schema(table.frame, file=table.source)
    spec = next(c for c in schema.columns if c.name == "start")
    assert (spec.kind, spec.missing, spec.distinct, spec.as_of) == ("date", 4, 36, "2024-02-09")
    matrix, _ = prepare(table.frame, schema, file=table.source)
    assert matrix["start_days"].isna().sum() == 4
    assert matrix["start_days"].iloc[0] == 39.0


def test_family_totals_are_derived() -> None:
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(
        {
            "day_charge": rng.uniform(0, 50, 30).round(2),
            "eve_charge": rng.uniform(0, 30, 30).round(2),
            "night_charge": rng.uniform(0, 20, 30).round(2),
            "day_minutes": rng.uniform(0, 300, 30).round(1),
            "eve_minutes": rng.uniform(0, 300, 30).round(1),
            "churn": ["yes", "no", "no"] * 10,
        }
    )
    frame.loc[0, "eve_charge"] = np.nan
    schema, _ = infer_schema(frame, file="mlc.csv")
    derived = [c for c in schema.columns if c.kind == "derived"]
    assert [c.name for c in derived] == ["sum_of_charge"]  # only two *_minutes columns: no total
    assert derived[0].sources == ["day_charge", "eve_charge", "night_charge"]
    assert "sum_of_charge" not in schema.input_columns and "sum_of_charge" in schema.feature_names
    matrix, _ = prepare(frame, schema, file="mlc.csv")
    expected = frame[["day_charge", "eve_charge", "night_charge"]].sum(axis=1)
    np.testing.assert_allclose(matrix["sum_of_charge"], expected)


def test_existing_total_is_not_shadowed() -> None:
    frame = pd.DataFrame(
        {
            "a_fee": np.arange(30.0),
            "b_fee": np.arange(30.0) * 2,
            "c_fee": np.arange(30.0) % 4,
            "sum_of_fee": np.arange(30.0) % 5,
            "churn": ["Yes", "No", "No"] * 10,
        }
    )
    schema, _ = infer_schema(frame, file="x.csv")
    assert [c.kind for c in schema.columns if c.name == "sum_of_fee"] == ["numeric"]
    assert not any(c.kind == "derived" for c in schema.columns)


def test_schema_dict_round_trip_keeps_the_hash(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    again = Schema.from_dict(schema.to_dict())
    assert again.contract_hash() == schema.contract_hash()
    assert again.feature_names == schema.feature_names
    assert again.target == schema.target


def test_hash_changes_with_the_contract(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    before = schema.contract_hash()
    assert len(before) == 16
    contract = next(c for c in schema.columns if c.name == "Contract")
    contract.categories = [*contract.categories, "Three year"]
    assert schema.contract_hash() != before


# ---------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["CustomerID", "tenure", "Churn"], "Churn"),
        (["用户编号", "月租", "流失"], "流失"),
        (["id", "is_churn", "plan"], "is_churn"),
        (["RowNumber", "Balance", "Exited"], "Exited"),
        (["id", "是否流失"], "是否流失"),
        (["churn_reason", "Churn Flag"], "Churn Flag"),  # an exact name beats a partial one
        (["id", "tenure", "plan"], None),
    ],
)
def test_detect_target(columns: list[str], expected: str | None) -> None:
    assert detect_target(columns) == expected


@pytest.mark.parametrize(
    ("values", "positive", "negative"),
    [
        (["Yes", "No", "No", "Yes"], "Yes", "No"),
        (["1", "0", "0", "1"], "1", "0"),
        ([1, 0, 0, 1], "1", "0"),
        ([1.0, 0.0, 0.0, 1.0], "1", "0"),
        (["流失", "未流失", "未流失", "流失"], "流失", "未流失"),
        (["是", "否", "否", "是"], "是", "否"),
        (["Y", "N", "N", "Y"], "Y", "N"),
        (["True", "False", "False", "True"], "True", "False"),
        ([True, False, False, True], "True", "False"),
        (["churned", "active", "active", "churned"], "churned", "active"),
    ],
)
def test_map_target_guesses_the_churn_value(values: list[object], positive: str, negative: str) -> None:
    labels, mapping = map_target(pd.Series(values, name="churn"), file="t.csv")
    assert (mapping.column, mapping.positive, mapping.negative) == ("churn", positive, negative)
    assert labels.tolist() == [1, 0, 0, 1]


def test_map_target_numeric_codes_other_than_0_1_ask_for_positive() -> None:
    with pytest.raises(DataError) as info:
        map_target(pd.Series(["5", "3", "3"], name="status"), file="t.csv")
    assert info.value.key == "target.ambiguous"
    assert "3 / 5" in str(info.value) and "--positive" in info.value.hint()
    labels, mapping = map_target(pd.Series(["5", "3", "3"], name="status"), file="t.csv", positive="5")
    assert mapping.positive == "5" and labels.tolist() == [1, 0, 0]


def test_positive_overrides_the_guess() -> None:
    labels, mapping = map_target(pd.Series(["Yes", "No", "No"], name="churn"), file="t.csv", positive="No")
    assert (mapping.positive, mapping.negative) == ("No", "Yes")
    assert labels.tolist() == [0, 1, 1]


def _target_error(values: list[object], **kwargs: object) -> DataError:
    with pytest.raises(DataError) as info:
        map_target(pd.Series(values, name="churn"), file="t.csv", **kwargs)
    assert info.value.exit_code == 2
    return info.value


def test_one_class_target() -> None:
    error = _target_error(["No"] * 5)
    assert error.key == "target.one_class"
    assert str(error) == (
        "Target column 'churn' in t.csv has a single value ('No' in all 5 rows): there is nothing to learn."
    )


def test_three_valued_target() -> None:
    error = _target_error(["Yes", "No", "Maybe", "No"])
    assert error.key == "target.not_binary"
    assert "it has 3: Maybe, No, Yes" in str(error)


def test_blank_target_names_rows() -> None:
    error = _target_error(["Yes", "No", "No", None, "No", "Yes", np.nan])
    assert error.key == "target.blank"
    assert "blank in 2 row(s): row 5, 8" in str(error)


def test_unknown_positive_lists_values() -> None:
    error = _target_error(["Yes", "No"], positive="Y")
    assert error.key == "target.positive_unknown"
    assert str(error) == "--positive 'Y' is not a value of 'churn' in t.csv; values: No, Yes."


def test_ambiguous_target_asks_for_positive() -> None:
    error = _target_error(["A", "B", "A"])
    assert error.key == "target.ambiguous"
    assert "A / B" in str(error)
    assert "--positive" in error.hint()


def test_named_target_must_exist(tricky: pd.DataFrame) -> None:
    with pytest.raises(DataError) as info:
        infer_schema(tricky, file="tricky.csv", target="nope")
    assert info.value.key == "target.missing"
    assert "has no target column 'nope'" in str(info.value) and "CustomerID, tenure" in str(info.value)


def test_undetected_target(tricky: pd.DataFrame) -> None:
    with pytest.raises(DataError) as info:
        infer_schema(tricky.drop(columns=["Churn"]), file="tricky.csv")
    assert info.value.key == "target.undetected"
    assert "--target" in info.value.hint()


def test_empty_target_name_means_find_it(tricky: pd.DataFrame) -> None:
    schema, labels = infer_schema(tricky, file="tricky.csv", target="")
    assert schema.target is not None and schema.target.column == "Churn" and len(labels) == len(tricky)
    with pytest.raises(DataError) as info:
        infer_schema(tricky.drop(columns=["Churn"]), file="tricky.csv", target="")
    assert info.value.key == "target.undetected"


def test_unknown_drop_and_id_equal_to_target_are_refused(tricky: pd.DataFrame) -> None:
    with pytest.raises(DataError) as info:
        infer_schema(tricky, file="tricky.csv", drop=["Tenure_typo"])
    assert info.value.key == "drop.missing" and "Tenure_typo" in str(info.value)
    with pytest.raises(DataError) as info:
        infer_schema(tricky, file="tricky.csv", target="Churn", id_column="Churn")
    assert info.value.key == "id.is_target"


def test_flag_accepts_other_spellings_and_dates_use_training_reference() -> None:
    frame = pd.DataFrame(
        {
            "flag": ["1", "0"] * 30,
            "signup": [f"2024-0{1 + i % 9}-1{i % 10}" for i in range(60)],
            "churn": ["Yes", "No", "No"] * 20,
        }
    )
    schema, _ = infer_schema(frame, file="t.csv")
    later = pd.DataFrame({"flag": ["1.0", "0.0", None], "signup": ["2024-09-19", "2024-09-09", "2024-01-10"]})
    matrix, notices = prepare(later, schema, file="later.csv", strict=True)
    assert matrix["flag"].tolist()[:2] == [1.0, 0.0] and notices == []
    alone, _ = prepare(later.tail(1), schema, file="one.csv", strict=True)
    assert (
        alone["signup_days"].iloc[0] == matrix["signup_days"].iloc[2] == 252.0
    )  # 2024-09-18 (latest in training) - 2024-01-10


def test_strict_collects_every_changed_column_into_one_error() -> None:
    frame = pd.DataFrame(
        {
            "fee": [(i * 7) % 13 + 0.5 for i in range(40)],
            "plan": ["A", "B"] * 20,
            "signup": ["2024-01-05"] * 20 + ["2024-02-05"] * 20,
            "churn": ["Yes", "No"] * 20,
        }
    )
    schema, _ = infer_schema(frame, file="t.csv")
    bad = pd.DataFrame({"fee": ["x", "y"] * 10, "plan": ["Z", "Q"] * 10, "signup": ["soon", "later"] * 10})
    with pytest.raises(DataError) as info:
        prepare(bad, schema, file="bad.csv", strict=True)
    message = str(info.value)
    assert "column 'fee': the model expects numeric values, but 20 of 20 are not (e.g. row 2: 'x')" in message
    assert "Also changed: 'plan', 'signup'." in message
    assert "另外，以下列也已变化：'plan', 'signup'" in info.value.message("zh")


def test_named_id_must_exist(tricky: pd.DataFrame) -> None:
    with pytest.raises(DataError) as info:
        infer_schema(tricky, file="tricky.csv", id_column="msisdn")
    assert info.value.key == "id.missing"
    assert "no id column 'msisdn'" in str(info.value)


def test_only_id_and_target_has_no_features(tricky: pd.DataFrame) -> None:
    with pytest.raises(DataError) as info:
        infer_schema(tricky[["CustomerID", "Country", "Churn"]], file="ids.csv")
    assert info.value.key == "features.none"
    assert str(info.value) == (
        "File ids.csv has no usable feature columns: CustomerID: identifier; Country: constant; Churn: target."
    )


# ---------------------------------------------------------------- prepare


def test_prepare_is_pure(tricky: pd.DataFrame) -> None:
    before = tricky.copy()
    schema, _ = infer_schema(tricky, file="tricky.csv")
    prepare(tricky, schema, file="tricky.csv", strict=True)
    pd.testing.assert_frame_equal(tricky, before)


def test_prepare_types(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    matrix, _ = prepare(tricky, schema, file="tricky.csv")
    assert matrix.shape == (120, 9)
    assert isinstance(matrix["Contract"].dtype, pd.CategoricalDtype)
    assert list(matrix["Contract"].cat.categories) == ["Month-to-month", "One year", "Two year"]
    assert all(matrix[c].dtype == float for c in matrix.columns if c != "Contract")


def test_prepare_keeps_the_frame_index(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    part = tricky.sample(40, random_state=3)  # shuffled, non-default index
    matrix, _ = prepare(part, schema, file="tricky.csv")
    assert matrix.index.equals(part.index)
    assert matrix["Contract"].astype(str).tolist() == part["Contract"].tolist()
    assert matrix["tenure"].tolist() == part["tenure"].astype(float).tolist()


def test_strict_refuses_missing_columns(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    with pytest.raises(DataError) as info:
        prepare(tricky.drop(columns=["tenure", "宽带"]), schema, file="new.csv", strict=True)
    assert info.value.key == "predict.missing_columns"
    assert str(info.value) == "File new.csv lacks column(s) the model was trained on: tenure, 宽带."


def test_scoring_without_id_constant_or_target_is_fine(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    matrix, notices = prepare(
        tricky.drop(columns=["CustomerID", "Country", "Churn"]), schema, file="new.csv", strict=True
    )
    assert matrix.shape == (120, 9)
    assert [n.key for n in notices] == ["warn.unparsed"]  # only the two blank TotalCharges cells


def test_strict_refuses_a_numeric_column_full_of_text(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    new = tricky.copy()
    new["tenure"] = new["tenure"].astype(object)
    new.loc[3:, "tenure"] = "unknown"
    with pytest.raises(DataError) as info:
        prepare(new, schema, file="new.csv", strict=True)
    assert info.value.key == "predict.type_changed"
    assert str(info.value) == (
        "File new.csv, column 'tenure': the model expects numeric values, but 117 of 120 "
        "are not (e.g. row 5: 'unknown')."
    )


def test_strict_refuses_a_boolean_column_that_changed(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    new = tricky.assign(Partner="maybe")
    with pytest.raises(DataError, match="column 'Partner': the model expects yes/no values"):
        prepare(new, schema, file="new.csv", strict=True)


def test_non_strict_turns_stray_values_into_missing(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    new = tricky.copy()
    new["tenure"] = new["tenure"].astype(object)
    new.loc[3:, "tenure"] = "unknown"
    matrix, notices = prepare(new, schema, file="new.csv", strict=False)
    assert matrix["tenure"].isna().sum() == 117
    tenure_notice = next(n for n in notices if n.params["column"] == "tenure")
    assert tenure_notice.params == {
        "column": "tenure",
        "count": 117,
        "kind": Term("numeric", "数值"),
        "row": 5,
        "value": "unknown",
    }
    assert "数值" in t(tenure_notice.key, "zh", **tenure_notice.params)


def test_strict_tolerates_a_few_stray_values(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    new = tricky.copy()
    new["Paperless"] = new["Paperless"].astype(object)
    new.loc[10, "Paperless"] = "?"
    matrix, notices = prepare(new, schema, file="new.csv", strict=True)
    assert np.isnan(matrix["Paperless"].iloc[10])
    assert any(
        n.key == "warn.unparsed" and n.params["column"] == "Paperless" and n.params["row"] == 12 for n in notices
    )


def test_unseen_categories_become_missing_with_a_count(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    new = tricky.copy()
    new.loc[:6, "Contract"] = "Ten year"
    new.loc[7, "Contract"] = "Lifetime"
    matrix, notices = prepare(new, schema, file="new.csv", strict=True)
    assert matrix["Contract"].isna().sum() == 8
    unseen = [n for n in notices if n.key == "warn.unseen"]
    assert unseen[0].params == {"column": "Contract", "count": 8, "examples": "Lifetime, Ten year"}


# ---------------------------------------------------------------- leakage


def test_leakage_scan_flags_a_copy_of_the_target(tricky: pd.DataFrame) -> None:
    leaky = tricky.assign(churn_copy=tricky["Churn"], status=np.where(tricky["Churn"] == "Yes", "gone", "here"))
    schema, labels = infer_schema(leaky, file="leaky.csv", target="Churn")
    matrix, _ = prepare(leaky, schema, file="leaky.csv")
    found = dict(leakage_scan(matrix, labels, threshold=0.99))
    assert set(found) == {"churn_copy", "status"}
    assert found["churn_copy"] == pytest.approx(1.0)


def test_leakage_scan_ignores_honest_features(telco_matrix: tuple[pd.DataFrame, np.ndarray]) -> None:
    matrix, labels = telco_matrix
    assert leakage_scan(matrix, labels, threshold=0.99) == []
    flagged = dict(leakage_scan(matrix, labels, threshold=0.7))
    assert "contract" in flagged and 0.7 < flagged["contract"] < 0.9


def test_catalog_names_known_columns_in_both_languages() -> None:
    from churnguard.features.catalog import describe_feature

    text = describe_feature("number_customer_service_calls")
    assert (text.name("en"), text.name("zh"), text.category) == ("Customer-service calls", "客服来电次数", "service")
    unknown = describe_feature("avgMonthlyFee")
    assert (unknown.name("en"), unknown.category) == ("Avg Monthly Fee", "price")


def test_rare_levels_are_pooled_into_other_at_training_and_scoring() -> None:
    counts = {"A": 300, "B": 190, "C": 5, "D": 3, "E": 2}  # 500 rows: a level needs 5 (1% of the rows)
    plans = [level for level, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame({"plan": plans, "churn": ["Yes", "No"] * 250})
    schema, _ = infer_schema(frame, file="t.csv", min_level_count=20)
    spec = next(c for c in schema.features if c.name == "plan")
    assert spec.categories == ["A", "B", "C", OTHER_LEVEL] and spec.pooled == ["D", "E"]
    matrix, notices = prepare(frame, schema, file="t.csv")
    assert notices == [] and matrix["plan"].isna().sum() == 0
    assert matrix["plan"].value_counts().to_dict() == {"A": 300, "B": 190, "C": 5, OTHER_LEVEL: 5}
    # At scoring a pooled level is the other level again; a level never seen is missing, with a notice.
    new = pd.DataFrame({"plan": ["E", "A", "Z"]})
    scored, notices = prepare(new, schema, file="new.csv", strict=True)
    assert scored["plan"].astype(object).tolist()[:2] == [OTHER_LEVEL, "A"] and pd.isna(scored["plan"].iloc[2])
    assert [(n.key, n.params["count"]) for n in notices] == [("warn.unseen", 1)]


def test_small_tables_pool_nothing() -> None:
    frame = pd.DataFrame({"plan": ["A"] * 20 + ["B"] * 15 + ["C"] * 3 + ["D"] * 2, "churn": ["Yes", "No"] * 20})
    schema, _ = infer_schema(frame, file="t.csv")
    spec = next(c for c in schema.features if c.name == "plan")
    assert spec.categories == ["A", "B", "C", "D"] and spec.pooled == []


def _area_table(rows: int = 6000, levels: int = 150, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    level = rng.integers(0, levels, rows)
    effect = rng.normal(0.0, 1.2, levels)
    tenure = rng.integers(1, 72, rows)
    churn = rng.random(rows) < 1 / (1 + np.exp(1.5 - effect[level] + 0.01 * tenure))
    return pd.DataFrame(
        {
            "area_code": [f"AR{i:03d}" for i in level],
            "tenure": tenure,
            "churn": np.where(churn, "Yes", "No"),
        }
    )


def test_every_frequent_level_of_a_wide_column_is_kept() -> None:
    # 150 levels of about 40 rows each: all of them frequent, more than max_categories.
    frame = _area_table()
    schema, _ = infer_schema(frame, file="t.csv", max_categories=100)
    spec = next(c for c in schema.features if c.name == "area_code")
    assert spec.kind == "categorical" and len(spec.categories) == 150 and spec.pooled == []
    matrix, notices = prepare(frame, schema, file="t.csv")
    assert matrix["area_code"].isna().sum() == 0 and notices == []


def test_the_signal_of_a_wide_column_reaches_the_model() -> None:
    from sklearn.metrics import roc_auc_score

    from churnguard.modeling.zoo import make_model

    frame = _area_table()
    schema, labels = infer_schema(frame, file="t.csv")
    matrix, _ = prepare(frame, schema, file="t.csv")
    train, test = slice(0, 4500), slice(4500, None)
    aucs = {}
    for columns in (["area_code", "tenure"], ["tenure"]):
        model = make_model("logreg", threads=1).fit(matrix[columns].iloc[train], labels[train])
        aucs[len(columns)] = roc_auc_score(labels[test], model.predict_proba(matrix[columns].iloc[test])[:, 1])
    assert aucs[2] > 0.7 and aucs[2] > aucs[1] + 0.1


def test_pooled_levels_change_the_contract_hash_only_when_there_are_some(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    assert all(not c.pooled for c in schema.features)
    before = schema.contract_hash()
    spec = next(c for c in schema.features if c.name == "Contract")
    spec.pooled = ["Ten year"]
    assert schema.contract_hash() != before
    assert Schema.from_dict(schema.to_dict()).contract_hash() == schema.contract_hash()


def test_small_scoring_file_with_a_new_category_is_warned_not_refused(tricky: pd.DataFrame) -> None:
    schema, _ = infer_schema(tricky, file="tricky.csv")
    one = tricky.head(1).copy()
    one["Contract"] = "Three year"
    matrix, notices = prepare(one, schema, file="one.csv", strict=True)
    assert matrix["Contract"].isna().all() and [n.key for n in notices] == ["warn.unseen"]


def test_target_case_variants_are_one_answer() -> None:
    labels, mapping = map_target(pd.Series(["Yes", "yes", "No", "no", "NO"], name="churn"), file="t.csv")
    assert (mapping.positive, mapping.negative) == ("yes", "no")
    assert labels.tolist() == [1, 1, 0, 0, 0]


def test_dates_with_utc_offsets_and_name_clashes() -> None:
    stamps = ["2024-03-05T10:00:00+08:00", "2024-03-06T10:00:00+00:00", "2024-03-07"] * 10
    frame = pd.DataFrame({"seen": stamps, "fee": [float(i % 7) for i in range(30)], "churn": ["Yes", "No"] * 15})
    schema, _ = infer_schema(frame, file="t.csv")
    matrix, _ = prepare(frame, schema, file="t.csv")
    # Whole days back from 2024-03-07 00:00 UTC: 1 day 22 h, 14 h, none.
    assert matrix["seen_days"].tolist()[:3] == [1.0, 0.0, 0.0]
    with pytest.raises(DataError) as info:
        infer_schema(frame.assign(seen_days=frame["fee"] + 0.5), file="t.csv")
    assert info.value.key == "features.name_clash" and "seen_days" in str(info.value)


def test_all_blank_column_is_reported_as_empty() -> None:
    frame = pd.DataFrame({"note": [None] * 30, "fee": [float(i % 7) for i in range(30)], "churn": ["Yes", "No"] * 15})
    schema, _ = infer_schema(frame, file="t.csv")
    spec = next(c for c in schema.columns if c.name == "note")
    assert (spec.kind, spec.note) == ("constant", "note.empty")


def test_messages_name_file_rows_after_gaps() -> None:
    frame = pd.DataFrame({"fee": [1.5, 2.5, 3.5], "churn": ["Yes", "No", None]}, index=[0, 4, 9])
    with pytest.raises(DataError) as info:
        infer_schema(frame, file="gaps.csv")
    assert "blank in 1 row(s): row 11." in str(info.value)
