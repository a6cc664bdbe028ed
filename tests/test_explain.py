"""Contributions (occlusion and native), business reasons and recommended actions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator

from churnguard.explain import ACTIONS, baseline_of, contributions, reasons
from churnguard.features.catalog import CATEGORIES, describe_feature
from churnguard.features.snapshot import ColumnSpec, Schema, infer_schema
from churnguard.i18n import t
from churnguard.modeling.zoo import make_model

Data = tuple[pd.DataFrame, np.ndarray]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def logreg(telco_matrix: Data) -> BaseEstimator:
    X, y = telco_matrix
    return make_model("logreg").fit(X, y)


@pytest.fixture(scope="module")
def telco_schema(_telco_sample: pd.DataFrame) -> Schema:
    schema, _ = infer_schema(_telco_sample, file="telco.csv", target="churn", id_column="customer_id")
    return schema


def test_baseline_is_median_and_most_common(telco_matrix: Data) -> None:
    X, _ = telco_matrix
    base = baseline_of(X)
    assert list(base) == list(X.columns)
    assert base["tenure"] == X["tenure"].median()
    assert base["contract"] == "Month-to-month" == X["contract"].value_counts().index[0]
    empty = baseline_of(pd.DataFrame({"x": [np.nan, np.nan]}))
    assert empty == {"x": None}


def test_month_to_month_contract_raises_risk(logreg: BaseEstimator, telco_matrix: Data) -> None:
    X, _ = telco_matrix
    base = baseline_of(X)
    contract = X["contract"].astype(str)
    # Against a two-year baseline, month-to-month customers get a positive contract contribution.
    versus_two_year = contributions(logreg, X, {**base, "contract": "Two year"})["contract"]
    assert (versus_two_year[contract == "Month-to-month"] > 0.3).all()
    assert (versus_two_year[contract == "Two year"].abs() < 1e-9).all()
    # Against the usual (month-to-month) baseline, long contracts lower the risk, two years most.
    usual = contributions(logreg, X, base)["contract"].groupby(contract).mean()
    assert usual["Month-to-month"] == pytest.approx(0.0, abs=1e-9)
    assert usual["Two year"] < usual["One year"] < 0


def test_short_tenure_raises_risk(logreg: BaseEstimator, telco_matrix: Data) -> None:
    X, _ = telco_matrix
    contrib = contributions(logreg, X, baseline_of(X))["tenure"]
    median = X["tenure"].median()
    assert (contrib[X["tenure"] < median] > 0).all()
    assert (contrib[X["tenure"] > median] < 0).all()


def test_occlusion_is_exact_for_a_linear_model(logreg: BaseEstimator, telco_matrix: Data) -> None:
    X, _ = telco_matrix
    contrib = contributions(logreg, X, baseline_of(X))
    # Linear in the feature: contribution = k × (x − median), one k for everyone.
    slope, intercept = np.polyfit(X["monthly_charges"] - X["monthly_charges"].median(), contrib["monthly_charges"], 1)
    fitted = slope * (X["monthly_charges"] - X["monthly_charges"].median()) + intercept
    np.testing.assert_allclose(contrib["monthly_charges"], fitted, atol=1e-6)
    assert abs(intercept) < 1e-6
    assert contrib.shape == X.shape and contrib.index.equals(X.index)


class _Native:
    """A model with its own contributions (like TunedLightGBM): the last column is the base value."""

    def contributions(self, X: pd.DataFrame) -> np.ndarray:
        values = np.arange(X.shape[0] * X.shape[1], dtype=float).reshape(X.shape)
        return np.column_stack([values, np.full(X.shape[0], -5.0)])

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        raise AssertionError("native contributions need no occlusion")


def test_native_contributions_are_used_without_the_base_column() -> None:
    X = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=[10, 11])
    contrib = contributions(_Native(), X, {"a": 0.0, "b": 0.0})
    assert contrib.to_dict(orient="list") == {"a": [0.0, 2.0], "b": [1.0, 3.0]}
    assert list(contrib.index) == [10, 11]


def _schema() -> Schema:
    return Schema(
        [
            ColumnSpec("tenure", "numeric"),
            ColumnSpec("contract", "categorical", categories=["Month-to-month", "Two year"]),
            ColumnSpec("paperless_billing", "boolean", true_value="Yes", false_value="No"),
            ColumnSpec("monthly_charges", "numeric"),
        ]
    )


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    matrix = pd.DataFrame(
        {
            "tenure": [2.0, 60.0],
            "contract": pd.Categorical(["Month-to-month", "Two year"], categories=["Month-to-month", "Two year"]),
            "paperless_billing": [1.0, np.nan],
            "monthly_charges": [99.5, 20.0],
        }
    )
    contrib = pd.DataFrame(
        {
            "tenure": [0.9, -1.2],
            "contract": [1.4, -0.8],
            "paperless_billing": [-0.3, 0.05],
            "monthly_charges": [0.2, -0.1],
        }
    )
    return matrix, contrib


def test_reasons_rank_risk_raising_business_reasons_and_pick_an_action() -> None:
    matrix, contrib = _frames()
    why = reasons(contrib, matrix, _schema(), top=3, lang="en")
    assert list(why.columns) == [
        f"reason_{i}{s}"
        for i in (1, 2, 3)
        for s in ("", "_feature", "_value", "_direction", "_contribution", "_category")
    ] + ["recommended_action"]
    first = why.iloc[0]
    # Paperless billing (-0.3) lowers the risk: it is no reason; monthly charges (+0.2) is the third.
    assert [first[f"reason_{i}_feature"] for i in (1, 2, 3)] == ["contract", "tenure", "monthly_charges"]
    assert first["reason_1"] == "contract: Contract = Month-to-month"
    assert first["reason_2"] == "tenure and lifecycle: Tenure (months) = 2"
    assert first["reason_3"] == "price: Monthly charges = 99.50"
    assert [first[f"reason_{i}_direction"] for i in (1, 2, 3)] == ["up", "up", "up"]
    assert first["reason_1_contribution"] == 1.4
    assert first["reason_1_category"] == "contract"
    assert first["recommended_action"] == ACTIONS["contract"][0]
    second = why.iloc[1]
    # One factor raises the second customer's risk, and its value is missing: said in words.
    assert second["reason_1"] == "payment and arrears: Paperless billing — none on record"
    assert pd.isna(second["reason_1_value"])
    assert pd.isna(second["reason_2"]) and pd.isna(second["reason_3"])
    assert second["recommended_action"] == ACTIONS["arrears"][0]


def test_a_line_with_no_risk_raising_factor_says_so() -> None:
    matrix, contrib = _frames()
    lower = -contrib.abs()
    for lang in ("en", "zh"):
        why = reasons(lower, matrix, _schema(), top=3, lang=lang)
        assert why["reason_1"].tolist() == [t("reason.none", lang)] * 2
        assert why["reason_1_category"].isna().all() and why["reason_2"].isna().all()
        assert why["recommended_action"].tolist() == [ACTIONS["none"][lang == "zh"]] * 2


def test_contributions_of_one_business_reason_are_summed_before_ranking() -> None:
    """Three small price proxies outweigh one larger contract factor; the evidence is the largest proxy."""
    names = ["bill_voice", "bill_data", "plan_monthly_fee", "months_to_contract_end"]
    contrib = pd.DataFrame([[0.2, 0.25, 0.15, 0.5]], columns=names)
    matrix = pd.DataFrame([[30.0, 12.5, 59.0, 1.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=3)
    assert why.loc[0, "reason_1_category"] == "price"
    assert why.loc[0, "reason_1_feature"] == "bill_data"
    assert why.loc[0, "reason_1_contribution"] == pytest.approx(0.6)
    assert why.loc[0, "reason_2_category"] == "contract"
    assert why.loc[0, "recommended_action"] == ACTIONS["price"][0]


def test_a_prepaid_lines_proxies_are_one_prepaid_reason() -> None:
    """On a prepaid line the SMS bill, the prepaid flag and the top-up figures are one "prepaid line"
    reason, answered by the tariff; on a postpaid line the same contributions stay price and arrears."""
    names = ["bill_sms", "arrears_balance", "is_prepaid", "months_to_contract_end"]
    contrib = pd.DataFrame([[0.3, 0.25, 0.1, 0.5], [0.3, 0.25, 0.1, 0.5]], columns=names)
    matrix = pd.DataFrame([[1.45, -27.0, 1.0, 3.0], [1.45, 120.0, 0.0, 3.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=3)
    prepaid, postpaid = why.iloc[0], why.iloc[1]
    assert prepaid["reason_1_category"] == "prepaid line"
    assert prepaid["reason_1_contribution"] == pytest.approx(0.65)
    assert prepaid["reason_2_category"] == "contract" and pd.isna(prepaid["reason_3"])
    assert prepaid["recommended_action"] == ACTIONS["prepaid"][0]
    assert [postpaid[f"reason_{i}_category"] for i in (1, 2, 3)] == ["contract", "price", "payment and arrears"]
    assert postpaid["recommended_action"] == ACTIONS["contract"][0]


def test_a_new_prepaid_card_is_a_new_customer_reason() -> None:
    """A prepaid card bought in the last months: its prepaid proxies and top-ups say that it is new, one
    tenure reason answered by new-customer care; an older prepaid card keeps the prepaid reason."""
    names = ["bill_sms", "mean_payment", "is_prepaid", "tenure_months", "device_age_months"]
    contrib = pd.DataFrame([[0.3, 0.2, 0.1, 0.15, 0.4]] * 2, columns=names)
    matrix = pd.DataFrame([[1.45, 20.0, 1.0, 3.0, 3.0], [1.45, 20.0, 1.0, 30.0, 30.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=3)
    new, old = why.iloc[0], why.iloc[1]
    assert new["reason_1_category"] == "tenure and lifecycle"
    assert new["reason_1_contribution"] == pytest.approx(1.15)
    assert new["reason_1_feature"] == "tenure_months" and pd.isna(new["reason_2"])
    assert new["recommended_action"] == ACTIONS["tenure"][0]
    assert [old[f"reason_{i}_category"] for i in (1, 2, 3)] == ["prepaid line", "device", "tenure and lifecycle"]


def test_a_new_lines_light_usage_says_that_it_is_new() -> None:
    """A line in its first months is still being taken up: its light usage is the new-customer reason; an
    older line's light usage stays a usage reason."""
    names = ["distinct_contacts", "voice_minutes", "tenure_months", "cell_dropped_call_rate"]
    contrib = pd.DataFrame([[0.3, 0.2, 0.1, 0.4]] * 2, columns=names)
    matrix = pd.DataFrame([[3.0, 12.0, 2.0, 0.05], [3.0, 12.0, 40.0, 0.05]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=2)
    assert why.loc[0, "reason_1_category"] == "tenure and lifecycle"
    assert why.loc[0, "reason_1_contribution"] == pytest.approx(0.6)
    assert why.loc[1, "reason_1_category"] == "usage and usage decline"
    assert why.loc[1, "reason_1_contribution"] == pytest.approx(0.5)


def test_how_many_people_a_line_reaches_is_usage_not_its_circle_leaving() -> None:
    names = ["distinct_contacts", "churned_contacts_share_2m"]
    why = reasons(
        pd.DataFrame([[0.4, 0.3]], columns=names),
        pd.DataFrame([[3.0, 0.5]], columns=names),
        Schema([ColumnSpec(f, "numeric") for f in names]),
        top=2,
    )
    assert why.loc[0, "reason_1_category"] == "usage and usage decline"
    assert why.loc[0, "reason_2_category"] == "social circle"
    assert why.loc[0, "reason_2_feature"] == "churned_contacts_share_2m"


def test_billing_complaints_get_the_billing_action_not_the_arrears_one() -> None:
    names = ["complaints_billing_3m", "arrears_balance"]
    contrib = pd.DataFrame([[0.7, 0.2]], columns=names)
    matrix = pd.DataFrame([[2.0, 40.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=2, lang="zh")
    assert why.loc[0, "reason_1_category"] == CATEGORIES["billing"][1]
    assert why.loc[0, "recommended_action"] == ACTIONS["billing"][1]
    assert why.loc[0, "reason_2_category"] == CATEGORIES["arrears"][1]


def test_top_k_columns_only() -> None:
    matrix, contrib = _frames()
    why = reasons(contrib, matrix, _schema(), top=1, lang="en")
    assert [c for c in why.columns if re.fullmatch(r"reason_\d+", c)] == ["reason_1"]
    why4 = reasons(contrib, matrix, _schema(), top=4, lang="en")
    assert [c for c in why4.columns if re.fullmatch(r"reason_\d+", c)] == [f"reason_{i}" for i in (1, 2, 3, 4)]
    assert why4["reason_4"].isna().all()  # nobody has four risk-raising reasons


def test_chinese_reasons_and_actions() -> None:
    matrix, contrib = _frames()
    why = reasons(contrib, matrix, _schema(), top=4, lang="zh")
    first = why.iloc[0]
    assert first["reason_1"] == "合约：合约类型 = Month-to-month"
    assert first["reason_1_category"] == "合约"
    assert first["recommended_action"] == ACTIONS["contract"][1]
    assert why.iloc[1]["reason_1"] == "缴费与欠费：电子账单无记录"
    assert why.iloc[1]["recommended_action"] == ACTIONS["arrears"][1]
    assert all(CHINESE.search(text) for text in why["reason_1"])


def test_reasons_on_telco(logreg: BaseEstimator, telco_matrix: Data, telco_schema: Schema) -> None:
    X, _ = telco_matrix
    contrib = contributions(logreg, X.iloc[:50], baseline_of(X))
    why = reasons(contrib, X.iloc[:50], telco_schema, top=3, lang="zh")
    assert len(why) == 50
    assert why["reason_1"].map(lambda s: bool(CHINESE.search(s))).all()
    assert set(why["recommended_action"]) <= {zh for _, zh in ACTIONS.values()}
    sizes = why[[f"reason_{i}_contribution" for i in (1, 2, 3)]].fillna(0.0).to_numpy()
    assert np.all(sizes >= 0) and np.all(sizes[:, :-1] >= sizes[:, 1:])
    texts = why[[f"reason_{i}" for i in (1, 2, 3)]].stack()
    assert not texts.str.contains("缺失|missing").any()


@pytest.mark.parametrize(
    ("column", "category"),
    [
        ("contract", "contract"),
        ("MonthlyCharges", "price"),
        ("月租费用", "price"),
        ("tenure", "tenure"),
        ("payment_method", "arrears"),
        ("internet_service", "network"),
        ("customer_service_calls", "service"),
        ("senior_citizen", "household"),
        ("zzz", "other"),
        ("is_prepaid", "prepaid"),
        ("PrePaid", "prepaid"),
        ("complaints_billing_3m", "billing"),
        ("bill_dispute_count", "billing"),
    ],
)
def test_every_feature_has_a_reason_category(column: str, category: str) -> None:
    text = describe_feature(column)
    assert text.category == category
    assert category in ACTIONS and category in CATEGORIES


def test_reasons_are_the_same_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A million lines are explained in chunks; the chunks join into what one pass gives."""
    from churnguard import explain
    from churnguard.features.catalog import MONTHLY

    rng = np.random.default_rng(0)
    names = list(MONTHLY)[:30]
    n = 300
    contrib = pd.DataFrame(rng.normal(size=(n, 30)) * (rng.random((n, 30)) < 0.7), columns=names)
    matrix = pd.DataFrame(np.round(rng.normal(size=(n, 30)) * 100, 2), columns=names)
    matrix.iloc[::7, 3] = np.nan
    schema = Schema([ColumnSpec(f, "numeric") for f in names])
    whole = reasons(contrib, matrix, schema, top=3)
    monkeypatch.setattr(explain, "_CHUNK", 7)
    chunked = reasons(contrib, matrix, schema, top=3)
    same = [
        (whole[c].astype(object).where(whole[c].notna()), chunked[c].astype(object).where(chunked[c].notna()))
        for c in whole
    ]
    for a, b in same:
        assert ((a == b) | (a.isna() & b.isna())).all(), a.name


def test_a_line_suspended_for_arrears_has_one_arrears_reason() -> None:
    """Its collapsed usage and bills are what the suspension did: one arrears reason with them, while
    the same contributions on an open line stay usage and price."""
    names = ["usage_events", "net_bill", "suspended_arrears_now", "months_to_contract_end"]
    contrib = pd.DataFrame([[0.4, 0.2, 0.3, 0.6], [0.4, 0.2, 0.3, 0.6]], columns=names)
    matrix = pd.DataFrame([[0.0, 0.0, 1.0, 5.0], [0.0, 0.0, 0.0, 5.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=3)
    assert why.loc[0, "reason_1_category"] == "payment and arrears"
    assert why.loc[0, "reason_1_contribution"] == pytest.approx(0.9)
    assert why.loc[0, "recommended_action"] == ACTIONS["arrears"][0]
    assert [why.loc[1, f"reason_{i}_category"] for i in (1, 2, 3)] == [
        "contract",
        "usage and usage decline",
        "payment and arrears",
    ]


def test_a_new_lines_missing_history_reads_as_tenure() -> None:
    names = ["events_vs_3m", "voice_slope_3m", "tenure_months", "months_to_contract_end"]
    contrib = pd.DataFrame([[0.3, 0.2, 0.1, 0.5], [0.3, 0.2, 0.1, 0.5]], columns=names)
    matrix = pd.DataFrame([[np.nan, np.nan, 2.0, 5.0], [np.nan, np.nan, 30.0, 5.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=2)
    # Its missing trends and its contract, which began with it, are the one "new customer" reason.
    assert why.loc[0, "reason_1_category"] == "tenure and lifecycle"
    assert why.loc[0, "reason_1_contribution"] == pytest.approx(1.1)
    assert why.loc[0, "reason_1_feature"] == "tenure_months"  # the reason's own kind of evidence
    assert pd.isna(why.loc[0, "reason_2"])
    # An old line's missing trends stay a usage reason, said in words.
    assert why.loc[1, "reason_1_category"] == "contract"
    assert (
        why.loc[1, "reason_2"]
        == "usage and usage decline: Usage events against the previous 3-month mean — none on record"
    )


def test_missing_measurements_of_a_line_without_usage_are_its_state() -> None:
    """A silent line's missing cell speed is no network reason: it had no usage. On a line suspended for
    arrears it joins the arrears reason."""
    names = ["cell_throughput_mbps", "usage_events", "inactive_now", "suspended_arrears_now", "tenure_months"]
    contrib = pd.DataFrame([[0.6, 0.2, 0.1, 0.0, 0.0], [0.6, 0.2, 0.1, 0.3, 0.0]], columns=names)
    matrix = pd.DataFrame([[np.nan, 0.0, 1.0, 0.0, 40.0], [np.nan, 0.0, 1.0, 1.0, 40.0]], columns=names)
    why = reasons(contrib, matrix, Schema([ColumnSpec(f, "numeric") for f in names]), top=2)
    assert why.loc[0, "reason_1_category"] == "usage and usage decline"
    assert why.loc[0, "reason_1_contribution"] == pytest.approx(0.9)
    assert why.loc[0, "reason_1_value"] == "0"  # evidence with a value: no usage events
    assert why.loc[1, "reason_1_category"] == "payment and arrears"
    assert why.loc[1, "reason_1_contribution"] == pytest.approx(1.2)
    assert pd.isna(why.loc[1, "reason_2"])
