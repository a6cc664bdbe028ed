"""The campaign commands from the command line on the small simulated operator: act with a policy and an offers
file, outcomes observed from the warehouse, simulate-outcomes, the figures as JSON, uplift, and the errors a
user meets on the way (exit code 2 with a hint, never a traceback)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import Result

from churnguard.reports.text import say

Cli = Callable[..., Result]
NOW = datetime(2025, 5, 2, 9, 0)
OFFERS = """
[[offer]]
id = "voucher"
name = "话费券"
reason = "any"
cost = 0.5
save_rate = 0.9
"""


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory, small_operator: Path, scored_operator: Callable[..., tuple]
) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("campaign-cli")
    warehouse, _ = scored_operator(root, months=("2025-04",), now=NOW)
    return warehouse, root / "reg", small_operator.parent / "delivery"


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _user_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr and "Hint: " in result.stderr, result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_a_campaign_from_the_command_line(cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    warehouse, registry, delivery = scored
    store = tmp_path / "ops.sqlite"
    env = {"CHURNGUARD_REGISTRY": str(registry), "CHURNGUARD_CONTROL_SHARE": "0.25"}
    common = ("--warehouse", warehouse, "--store", store)
    offers = tmp_path / "offers.toml"
    offers.write_text(OFFERS, encoding="utf-8")

    acted = _ok(cli("act", "--month", "2025-04", "--budget", "300", "--offers", offers, *common, env=env))
    assert "Targeting policy: expected_value." in acted.stdout  # auto, and no uplift model yet
    campaign = re.search(r"Campaign (C[0-9a-f]{11}) for 2025-04: ([\d,]+) work orders", acted.stdout)
    assert campaign and int(campaign.group(2).replace(",", "")) > 0
    cid = campaign.group(1)

    listed = _ok(cli("outcomes", "--list", "--store", store, env=env))
    assert cid in listed.stdout and "expected_value" in listed.stdout

    # Before anything is played, the warehouse's May and June give the 30- and 60-day follow-up.
    observed = _ok(cli("outcomes", "--campaign", cid, *common, env=env))
    assert f"Campaign {cid} (2025-04, expected_value)" in observed.stdout
    assert "0 contacted" in observed.stdout

    played = _ok(cli("simulate-outcomes", "--campaign", cid, "--from", delivery, "--store", store, env=env))
    assert f"Campaign {cid} (2025-04) played forward" in played.stdout and "30 d, 60 d" in played.stdout

    figures = tmp_path / "figures.json"
    shown = _ok(cli("outcomes", "--campaign", cid, *common, "--json", figures, env=env))
    assert "Account manager scorecards at 60 days" in shown.stdout

    def no_nan(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(figures.read_text(encoding="utf-8"), parse_constant=no_nan)
    assert [r["horizon_days"] for r in data["results"]] == [30, 60]
    assert set(data["by"]) == {"channel", "offer_id", "tier"}
    first = data["results"][0]
    assert 0 < first["reached"] <= first["contacted"]
    assert first["lift_low"] <= first["lift"] <= first["lift_high"]

    chinese = _ok(cli("--lang", "zh", "outcomes", "--campaign", cid, *common, env=env))
    assert "活动" in chinese.stdout and "处理组" in chinese.stdout


def test_campaign_commands_explain_what_went_wrong(cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    warehouse, registry, _ = scored
    store = tmp_path / "ops.sqlite"
    env = {"CHURNGUARD_REGISTRY": str(registry)}
    common = ("--warehouse", warehouse, "--store", store)
    _user_error(cli("act", "--month", "2025-04", "--policy", "uplift", *common, env=env), "No uplift model for 2025-04")
    _user_error(cli("act", "--month", "2025-04", "--policy", "cheapest", *common, env=env), "act_policy")
    _user_error(cli("uplift", "--month", "2025-05", *common, env=env), "Not enough campaign follow-up")
    _user_error(cli("outcomes", "--campaign", "Cnothere", *common, env=env), "No campaign Cnothere")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[offer]]\nid = "x"\nname = "x"\nreason = "weather"\ncost = 1\nsave_rate = 2\n', encoding="utf-8")
    _user_error(cli("act", "--month", "2025-04", "--offers", bad, *common, env=env), "weather", "save_rate")
    _user_error(
        cli("simulate-outcomes", "--campaign", "Cnothere", "--from", tmp_path, "--store", store, env=env),
        "No campaign Cnothere",
    )


@pytest.mark.parametrize("command", ["outcomes", "simulate-outcomes", "uplift", "act", "winback"])
def test_every_campaign_command_has_help(cli: Cli, command: str) -> None:
    shown = _ok(cli(command, "--help"))
    assert "Usage" in shown.stdout and "--store" in shown.stdout


def test_a_campaign_nobody_was_worth_is_said_so(cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    warehouse, registry, _ = scored
    common = ("--warehouse", warehouse, "--store", tmp_path / "ops.sqlite")
    env = {"CHURNGUARD_REGISTRY": str(registry)}
    acted = _ok(cli("act", "--month", "2025-04", "--budget", "0", *common, env=env))
    cid = re.search(r"Campaign (C[0-9a-f]{11})", acted.stdout).group(1)
    shown = _ok(cli("outcomes", "--campaign", cid, *common, env=env))
    assert "has no members" in shown.stdout and "nan" not in shown.stdout.lower()


def test_the_monthly_report_from_the_command_line(cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    warehouse, registry, _ = scored
    env = {"CHURNGUARD_REGISTRY": str(registry)}
    common = ("--warehouse", warehouse, "--store", tmp_path / "none.sqlite")
    made = _ok(cli("report", "--month", "2025-05", "--format", "xlsx", "--out", tmp_path / "r.xlsx", *common, env=env))
    assert "Churn report 2025-05 written to" in made.stdout and (tmp_path / "r.xlsx").stat().st_size > 5000
    rate = re.search(r"churn rate ([\d.]+)%", made.stdout)
    assert rate and 0 < float(rate.group(1)) < 20
    html = _ok(cli("--lang", "zh", "report", "--month", "2025-05", "--out", tmp_path / "r.html", *common, env=env))
    assert "离网月报已写入" in html.stdout
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "2025-05 离网分析月报" in page and "未指定运营库" in page  # no store: campaigns left out, and said so
    assert not list(tmp_path.glob("*.partial"))
    _user_error(cli("report", "--month", "2025-05", "--format", "pdf", *common, env=env), "--format")
    _user_error(cli("report", "--month", "2030-01", *common, env=env), "No data for 2030-01", "2025-06")
    _user_error(cli("report", "--kind", "model", "--month", "2025-06", *common, env=env), "model report")
    assert not (tmp_path / "churn-report-2030-01.html").exists()


def test_win_back_from_the_command_line(cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path) -> None:
    source, registry, _ = scored
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(source, warehouse)
    store = tmp_path / "ops.sqlite"
    env = {"CHURNGUARD_REGISTRY": str(registry), "CHURNGUARD_WINBACK_RETURN_RATE": "0.6"}
    common = ("--warehouse", warehouse, "--store", store)
    _user_error(cli("winback", "--month", "2025-02", *common, env=env), "No win-back files for 2025-02", "warn")
    _user_error(cli("winback", "--month", "2025-04", *common, env=env), "No segments for 2025-04", "segments")
    _ok(cli("segments", "--month", "2025-04", "--warehouse", warehouse, env=env))
    done = _ok(cli("winback", "--month", "2025-04", "--budget", "800", *common, env=env))
    found = re.search(r"Win-back campaign (C[0-9a-f]{11}) for 2025-04: [\d,]+ new files, ([\d,]+) work", done.stdout)
    assert found and int(found.group(2)) > 0, done.stdout
    assert "who came back" in done.stdout
    _user_error(cli("outcomes", "--campaign", found.group(1), *common, env=env), "win-back campaign", "winback")
    listed = _ok(cli("orders", "list", "--store", store, env=env))
    assert listed.stdout.count("winback_comeback") >= 1
    chinese = _ok(cli("--lang", "zh", "winback", "--month", "2025-04", *common, env=env))
    assert "挽回" in chinese.stdout


def test_the_model_report_reads_the_registry_it_is_given(
    cli: Cli, scored: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    warehouse, registry, _ = scored
    common = ("--warehouse", warehouse, "--store", tmp_path / "none.sqlite")
    wrong = {"CHURNGUARD_REGISTRY": str(tmp_path / "not-a-registry")}  # the flag beats the environment

    def sheets(book: Path) -> dict[str, list[tuple]]:
        loaded = load_workbook(book)
        names = ("m.calibration", "m.importance", "m.history")
        return {key: list(loaded[say(key, "en")[:31]].iter_rows(values_only=True)) for key in names}

    book = tmp_path / "model.xlsx"
    flags = ("--format", "xlsx", "--out", book, "--registry", registry)
    made = _ok(cli("report", "--kind", "model", "--month", "2025-04", *flags, *common, env=wrong))
    model = re.search(r"Model report 2025-04 written to .*: model (\S+),", made.stdout).group(1)
    assert made.stderr == ""
    found = sheets(book)
    assert len(found["m.calibration"]) > 2  # header and the backtest's reliability rows
    assert len(found["m.importance"]) > 5 and found["m.importance"][1][0]  # the features it leans on
    assert model in {row[0] for row in found["m.history"]}  # the versions, the one that scored the month among them
    html = tmp_path / "model.html"
    _ok(cli("report", "--kind", "model", "--month", "2025-04", "--out", html, "--registry", registry, *common))
    assert "left out" not in html.read_text(encoding="utf-8")

    # No registry where the settings point (./models): said in the report and on stderr, sections left empty.
    alone = _ok(cli("report", "--kind", "model", "--month", "2025-04", "--out", html, *common))
    assert "No model registry in models: the model report leaves out the calibration" in alone.stderr
    assert "Hint: Name the registry the month was scored with: --registry DIR" in alone.stderr
    assert say("note.no_registry", "en").split(" (")[0] in html.read_text(encoding="utf-8")
    _ok(cli("report", "--kind", "model", "--month", "2025-04", "--format", "xlsx", "--out", book, *common))
    empty = sheets(book)
    assert empty["m.calibration"] == empty["m.importance"] == []
    assert model not in {row[0] for row in empty["m.history"]}  # no versions (the warehouse's realised rows stay)

    # A registry that does not hold the model that scored the month: said so too.
    other = tmp_path / "other-registry"
    other.mkdir()
    versions = [{"id": "M-other", "status": "champion", "created_at": "2025-01-01"}]
    (other / "registry.json").write_text(
        json.dumps({"champion": "M-other", "versions": versions, "promotions": [], "scored": []}), encoding="utf-8"
    )
    elsewhere = _ok(cli("report", "--kind", "model", "--month", "2025-04", "--out", html, "--registry", other, *common))
    assert f"The model registry {other} does not hold model {model}, which scored the month" in elsewhere.stderr
