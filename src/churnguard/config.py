"""Typed settings: defaults < churnguard.toml < CHURNGUARD_* environment < command-line flags.

Built once at the edge (CLI, API) with :func:`load_settings` and passed down; nothing reads
settings at import time.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from churnguard.errors import ConfigError
from churnguard.i18n import default_lang
from churnguard.i18n.settings import DESCRIPTIONS_ZH as _DESCRIPTIONS_ZH

__all__ = ["DESCRIPTIONS_ZH", "ENV_PREFIX", "MODEL_NAMES", "Settings", "load_settings"]

ENV_PREFIX = "CHURNGUARD_"
MODEL_NAMES = ("logreg", "tree", "forest", "lightgbm", "mlp", "naive_bayes", "blend")
# Chinese descriptions for `config show --lang zh` (the English ones live on the fields).
DESCRIPTIONS_ZH: dict[str, str] = {
    **_DESCRIPTIONS_ZH,
    "models": _DESCRIPTIONS_ZH["models"].format(models="、".join(MODEL_NAMES)),
}


class Settings(BaseSettings):
    """Every setting of ChurnGuard, each with a description (shown by ``churnguard config show``)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", validate_default=True)

    lang: Literal["en", "zh"] = Field(
        default_factory=default_lang, description="Language of messages and reports (en or zh)."
    )
    seed: int = Field(
        0, ge=0, le=2**32 - 1, description="Random seed for folds, models and samples; same seed, same results."
    )
    cv_folds: int = Field(5, ge=2, le=20, description="Number of stratified cross-validation folds.")
    models: list[str] = Field(
        default_factory=lambda: list(MODEL_NAMES),
        description="Models of the zoo to evaluate: " + ", ".join(MODEL_NAMES) + ".",
    )
    threads: int = Field(
        2,
        ge=1,
        le=256,
        description="CPU threads for model training (LightGBM uses one below 50,000 rows, where threads only contend).",
    )
    tune_seconds: float = Field(
        20.0, gt=0, description="Time budget in seconds for tuning gradient boosting in one training run."
    )
    high_risk_share: float = Field(
        0.10,
        gt=0,
        lt=1,
        description="Share of customers (by training score distribution) in the high-risk tier.",
    )
    medium_risk_share: float = Field(
        0.20, ge=0, lt=1, description="Share of customers in the medium-risk tier, below the high tier."
    )
    top_reasons: int = Field(3, ge=1, le=10, description="Reasons given per customer.")
    leakage_auc: float = Field(
        0.99, gt=0.5, le=1, description="Warn when one column alone predicts churn with an AUC above this."
    )
    max_categories: int = Field(
        100,
        ge=2,
        description="A text column with more distinct values than this (and mostly unique) is dropped.",
    )
    na_values: list[str] = Field(
        default_factory=list,
        description="Extra cell values read as missing (blank, NA, N/A, null are always).",
    )
    warehouse: str = Field(
        "churnguard.duckdb",
        min_length=1,
        description="The warehouse: a DuckDB file path or a duckdb:// URL (duckdb:///abs/path.duckdb).",
    )
    warehouse_memory: str = Field(
        "4GB",
        pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="Memory cap of the warehouse engine (e.g. 4GB); beyond it DuckDB spills to disk.",
    )
    churn_horizon: int = Field(
        1, ge=1, le=3, description="Months after the scored month in which leaving counts as churn (1–3)."
    )
    arrears_days: int = Field(
        15, ge=1, le=90, description="Days suspended for arrears, without paying, that count as passive churn."
    )
    latent_drop: float = Field(
        0.5,
        gt=0,
        lt=1,
        description="Latent churn: usage or revenue falls by at least this share below its trailing 3-month mean.",
    )
    spark_master: str = Field(
        "local[2]", description="Spark master for --engine spark: local[N] on this machine, or a cluster URL."
    )
    key_file: str = Field(
        "churnguard.key",
        min_length=1,
        description="The keys file (pseudonyms, field encryption, audit chain), kept outside the warehouse and "
        "the store and readable by the service's user only; a secret mount in production. The first load "
        "creates it.",
    )
    audit_checkpoints: str = Field(
        "",
        description="File of the audit log's signed checkpoints (JSON lines), outside the store; blank: beside "
        "a SQLite store's file, or beside the keys file for a database server. Best kept where the store's "
        "owner cannot rewrite it (append-only, another volume).",
    )
    audit_checkpoint_seconds: float = Field(
        10.0,
        ge=0,
        le=3600,
        description="A process writes an audit checkpoint at most this often while it appends (and always when "
        "its store closes): entries newer than the last checkpoint are the only ones that can be cut off unseen.",
    )
    registry: str = Field("models", description="Folder of the monthly model registry (versions, champion, history).")
    store: str = Field(
        "churnguard-ops.sqlite",
        min_length=1,
        description="The operational store (work orders, campaigns, outcomes): a SQLite file path or a "
        "postgresql+psycopg://user@host/db URL.",
    )
    cycle_models: list[str] = Field(
        default_factory=lambda: ["lightgbm", "logreg"],
        description="Models the monthly training backtests; the champion among them is trained for scoring.",
    )
    cycle_learning_rate: float = Field(
        0.1,
        gt=0,
        le=0.5,
        description="LightGBM learning rate of monthly models: 0.1 gives a third of the trees of 0.03 for "
        "0.002 less AUC, and explaining a million lines takes a third of the time.",
    )
    segment_models: bool = Field(
        True, description="Backtest per-segment models (prepaid/postpaid, individual/enterprise) and use one that wins."
    )
    segment_min_gain: float = Field(
        0.002, ge=0, le=0.1, description="ROC AUC a per-segment model must gain in the backtest to be used."
    )
    train_window: int = Field(
        6, ge=1, le=24, description="Labelled months a monthly model trains on (rare events need many)."
    )
    backtest_origins: int = Field(3, ge=1, le=24, description="Rolling-origin backtest: number of origins.")
    train_max_negatives: int = Field(
        150_000,
        ge=1_000,
        description="Monthly models train on every leaver and at most this many lines that stayed (a random "
        "sample; probabilities are corrected for it), so training time stops growing with the base.",
    )
    promote_margin: float = Field(
        0.0, ge=0, le=0.2, description="ROC AUC a challenger must gain over the champion to replace it."
    )
    combine_method: Literal["union", "intersection", "weighted"] = Field(
        "weighted",
        description="How the backtested models are combined in the training report: union (flag if any flags), "
        "intersection (flag if all flag) or weighted (average of probabilities).",
    )
    combine_top_share: float = Field(
        0.10, gt=0, lt=1, description="Each model flags this top share of lines when models are combined."
    )
    margin_rate: float = Field(
        0.5, gt=0, le=1, description="Monthly margin as a share of the net bill (revenue and value at risk, CLV)."
    )
    discount_rate: float = Field(0.10, ge=0, lt=1, description="Annual discount rate of customer lifetime value.")
    clv_months: int = Field(36, ge=1, le=240, description="Horizon of customer lifetime value in months.")
    individual_tier_bands: tuple[float, float] = Field(
        (50.0, 150.0),
        description="Monthly net bill up to which an individual line is low, then mid value (above: high).",
    )
    enterprise_tier_bands: tuple[float, float, float, float, float] = Field(
        (200000.0, 100000.0, 50000.0, 20000.0, 5000.0),
        description="Monthly spend from which a group customer is diamond, emerald, platinum, gem, gold; else crystal.",
    )
    clusters: int = Field(6, ge=2, le=20, description="Behaviour clusters per month (k-means).")
    control_share: float = Field(
        0.10, ge=0, lt=0.5, description="Share of a campaign's chosen lines held out as the control group."
    )
    act_budget: float = Field(50_000.0, ge=0, description="A campaign's money budget (offers and contacts, CNY).")
    act_capacity: dict[str, int] = Field(
        default_factory=lambda: {"vip_manager": 200, "call_centre": 1000},
        description="Contacts each channel can make in a campaign (a channel not named is unlimited).",
    )
    retrain_months: int = Field(
        3, ge=1, le=24, description="The monthly run retrains when the champion is this many months old (or drifts)."
    )
    churn_rate_target: float = Field(
        0.035, ge=0, le=1, description="Monthly churn-rate control target of the churn report (churned ÷ opening base)."
    )
    high_value_retention_target: float = Field(
        0.985,
        ge=0,
        le=1,
        description="Monthly retention-rate target for high-value lines (high tier and group customers).",
    )
    high_value_retention_targets: dict[str, float] = Field(
        default_factory=dict,
        description='Month-by-month high-value retention targets, e.g. {"2026-01": 0.99}, overriding the one above.',
    )
    act_policy: Literal["auto", "expected_value", "uplift", "top_risk"] = Field(
        "auto",
        description="Targeting: expected value (save rates of the offers), uplift (a model learnt from earlier "
        "campaigns), top_risk (riskiest first, for comparison); auto = uplift once a model is trained.",
    )
    save_months: int = Field(
        3,
        ge=1,
        le=24,
        description="Months an accepted retention offer keeps a customer (the campaign follow-up): the chance "
        "of leaving within them is what an offer can save.",
    )
    do_not_contact_months: int = Field(
        12,
        ge=0,
        le=120,
        description="Months a customer who asked not to be contacted again is left out of every campaign, "
        "win-back included (0 = not at all).",
    )
    uplift_learner: Literal["answers", "two_model"] = Field(
        "answers",
        description="How the uplift model learns from past campaigns: answers = through what contacted customers "
        "answered (accepted, asked not to be contacted), scaled by the control group; two_model = each arm's "
        "outcome on its own.",
    )
    uplift_caution: float | None = Field(
        None,
        ge=0,
        le=5,
        description="Standard errors of what the control groups measured allowed for before targeting (the answer "
        "model's save and harm rates; the two-model's lift off every predicted uplift), so only effects the "
        "evidence supports lead to a contact. Default: 0 for the answer model (its rates are already the mean of "
        "what the campaigns allow), 1 for the two-model (its trees overstate the best lines' effects).",
    )
    contact_costs: dict[str, float] = Field(
        default_factory=dict,
        description="Cost of one contact by channel (CNY), replacing the built-in vip_manager 40, call_centre 8, "
        "sms 0.1.",
    )
    offers_file: str | None = Field(
        None,
        description="A TOML file of offers (one 'offer' table each: id, name, reason, cost, save_rate, tiers) "
        "replacing the built-in catalogue.",
    )
    manager_workload: int = Field(
        40, ge=1, description="Open work orders an account manager may hold; more go to the least busy colleague."
    )
    warn_fee_service_drop: float = Field(
        0.20, gt=0, lt=1, description="Early warning: a big customer's fee for one service fell by this share."
    )
    warn_fee_total_drop: float = Field(
        0.10, gt=0, lt=1, description="Early warning: a big customer's total fee fell by this share."
    )
    warn_fee_tier_thresholds: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="Per value tier, (service drop, total drop) in place of the two above: {diamond: [0.1, 0.05]}.",
    )
    warn_fee_drop_tiers: list[str] = Field(
        default_factory=lambda: ["high"],
        description="Individual tiers watched for fee drops (every group customer is watched).",
    )
    warn_fee_min_share: float = Field(
        0.10, ge=0, lt=1, description="A service is judged alone when its reference is at least this share of the bill."
    )
    warn_competitor_min_calls: int = Field(
        6, ge=1, le=1000, description="Calls with competitors in the month needed for a competitor-contact warning."
    )
    warn_reference_months: int = Field(3, ge=1, le=12, description="Months whose mean fee is the reference.")
    warn_contract_days: int = Field(60, ge=1, le=365, description="Warn when a contract ends within this many days.")
    warn_complaints: int = Field(2, ge=1, le=20, description="Complaints in a month that make a complaint spike.")
    warn_competitor_surge: float = Field(
        2.0, gt=1, le=20, description="Calls with competitors at least this many times the months before."
    )
    warn_anomaly_share: float = Field(
        0.005, ge=0, lt=0.2, description="Share of lines flagged as unusual by the isolation forest (0: off)."
    )
    warn_winback_months: int = Field(3, ge=1, le=24, description="Months a win-back file stays open.")
    winback_budget: float = Field(
        20_000.0, ge=0, description="A month's money for win-back contacts and come-back offers (CNY)."
    )
    winback_return_rate: float = Field(
        0.08, ge=0, le=1, description="P(a gone customer comes back | contacted with the come-back offer)."
    )
    session_idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="A dashboard session ends after this idle time."
    )
    session_hours: int = Field(12, ge=1, le=24 * 7, description="A dashboard session ends this long after login.")
    token_hours: int = Field(12, ge=1, le=24 * 30, description="An API bearer token is valid this long.")
    login_failures: int = Field(
        5, ge=1, le=100, description="Failed logins per account (in the login window) before it is locked out."
    )
    login_failures_address: int = Field(
        20, ge=1, le=10_000, description="Failed logins from one address (in the login window) before it is locked."
    )
    login_window_minutes: int = Field(15, ge=1, le=24 * 60, description="The window the login limits count in.")
    page_size_max: int = Field(200, ge=10, le=5000, description="Most rows one API or dashboard page returns.")
    body_bytes_max: int = Field(65_536, ge=1024, le=10_000_000, description="Largest request body accepted (bytes).")
    export_rows_max: int = Field(100_000, ge=100, le=10_000_000, description="Most rows one export may hold.")
    cookie_secure: bool = Field(
        True, description="Send the session cookie over HTTPS only (browsers treat http://127.0.0.1 as secure too)."
    )
    timezone: str = Field(
        "Asia/Shanghai",
        min_length=1,
        description="The operator's time zone (an IANA name): times on the dashboard and in its exports.",
    )

    @field_validator("models", "cycle_models")
    @classmethod
    def _known_models(cls, value: list[str]) -> list[str]:
        unknown = [m for m in value if m not in MODEL_NAMES]
        if unknown:
            raise ValueError(f"unknown model(s) {unknown}; choose from {list(MODEL_NAMES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" alone is a directory: OSError
            raise ValueError(f"unknown time zone {value!r}: use an IANA name such as Asia/Shanghai") from None
        return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config.bad_toml", file=str(path), detail=str(exc)) from exc
    # A [churnguard] table is accepted so the file can hold other tools' sections too.
    return dict(data.get("churnguard", data))


def load_settings(
    flags: dict[str, Any] | None = None, *, toml_path: Path | None = None
) -> tuple[Settings, dict[str, str]]:
    """Settings from every source, and for each field the source it came from.

    ``toml_path`` defaults to ``$CHURNGUARD_CONFIG`` or ``./churnguard.toml`` when it exists.
    Flags whose value is ``None`` are treated as not given.
    """
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    named = toml_path is not None or ENV_PREFIX + "CONFIG" in os.environ
    if toml_path is None:
        toml_path = Path(os.environ.get(ENV_PREFIX + "CONFIG", "churnguard.toml"))
    if named and not toml_path.is_file():
        raise ConfigError("config.missing", file=str(toml_path))
    toml_values = _read_toml(toml_path) if toml_path.is_file() else {}
    env_set = {name for name in Settings.model_fields if ENV_PREFIX + name.upper() in os.environ}
    # Flags beat env, env beats the file: pass file values only where env is silent.
    init = {k: v for k, v in toml_values.items() if k not in env_set}
    init.update(flags)
    sources = {}
    for name in Settings.model_fields:
        if name in flags:
            sources[name] = "flag"
        elif name in env_set:
            sources[name] = "env " + ENV_PREFIX + name.upper()
        elif name in toml_values:
            sources[name] = str(toml_path)
        else:
            sources[name] = "default"
    try:
        settings = Settings(**init)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        raise ConfigError(
            "config.invalid", name=name, source=sources.get(name, str(toml_path)), detail=first["msg"]
        ) from exc
    except SettingsError as exc:
        # pydantic-settings fails before validation when a list setting in the environment is not JSON.
        match = re.search(r'field "([^"]+)"', str(exc))
        name = match.group(1) if match else "?"
        raise ConfigError(
            "config.invalid",
            name=name,
            source=sources.get(name, "environment"),
            detail=f'not valid JSON ({exc.__cause__ or exc}); write a list as ["a", "b"]',
        ) from exc
    return settings, sources
