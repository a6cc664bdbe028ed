"""Settings: defaults < churnguard.toml < CHURNGUARD_* environment < flags, and errors naming their source."""

from __future__ import annotations

from pathlib import Path

import pytest

from churnguard.config import MODEL_NAMES, Settings, load_settings
from churnguard.errors import ConfigError


def _toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_everywhere() -> None:
    settings, sources = load_settings()
    assert set(sources) == set(Settings.model_fields)
    assert set(sources.values()) == {"default"}
    assert (settings.lang, settings.seed, settings.cv_folds, settings.threads) == ("en", 0, 5, 2)
    assert settings.models == list(MODEL_NAMES)
    assert (settings.high_risk_share, settings.medium_risk_share, settings.top_reasons) == (0.10, 0.20, 3)
    assert settings.na_values == []


def test_every_setting_is_described() -> None:
    for name, info in Settings.model_fields.items():
        assert info.description and len(info.description) > 10, name


def test_toml_beats_defaults(tmp_path: Path) -> None:
    path = _toml(tmp_path / "settings.toml", 'seed = 3\ncv_folds = 4\nmodels = ["logreg", "tree"]\n')
    settings, sources = load_settings(toml_path=path)
    assert (settings.seed, settings.cv_folds, settings.models) == (3, 4, ["logreg", "tree"])
    assert sources["seed"] == sources["cv_folds"] == sources["models"] == str(path)
    assert sources["threads"] == "default"


def test_toml_may_use_a_churnguard_table(tmp_path: Path) -> None:
    path = _toml(tmp_path / "pyproject-like.toml", "[tool.other]\nx = 1\n\n[churnguard]\nseed = 8\n")
    settings, sources = load_settings(toml_path=path)
    assert settings.seed == 8 and sources["seed"] == str(path)


def test_churnguard_toml_in_the_working_folder_is_found(tmp_path: Path) -> None:
    _toml(tmp_path / "churnguard.toml", "top_reasons = 5\n")  # the test runs in tmp_path
    settings, sources = load_settings()
    assert settings.top_reasons == 5 and sources["top_reasons"] == "churnguard.toml"


def test_config_path_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _toml(tmp_path / "elsewhere.toml", "threads = 6\n")
    monkeypatch.setenv("CHURNGUARD_CONFIG", str(path))
    settings, sources = load_settings()
    assert settings.threads == 6 and sources["threads"] == str(path)


def test_env_beats_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _toml(tmp_path / "churnguard.toml", "seed = 3\ncv_folds = 4\n")
    monkeypatch.setenv("CHURNGUARD_SEED", "7")
    monkeypatch.setenv("CHURNGUARD_NA_VALUES", '["-", "?"]')
    settings, sources = load_settings(toml_path=path)
    assert settings.seed == 7 and sources["seed"] == "env CHURNGUARD_SEED"
    assert settings.cv_folds == 4 and sources["cv_folds"] == str(path)
    assert settings.na_values == ["-", "?"] and sources["na_values"] == "env CHURNGUARD_NA_VALUES"


def test_flags_beat_env_and_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _toml(tmp_path / "churnguard.toml", "seed = 3\ncv_folds = 4\n")
    monkeypatch.setenv("CHURNGUARD_SEED", "7")
    monkeypatch.setenv("CHURNGUARD_CV_FOLDS", "6")
    settings, sources = load_settings({"seed": 9, "cv_folds": None}, toml_path=path)
    assert settings.seed == 9 and sources["seed"] == "flag"
    # A flag given as None is not given: the environment still wins over the file.
    assert settings.cv_folds == 6 and sources["cv_folds"] == "env CHURNGUARD_CV_FOLDS"


def test_language_from_env_or_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert load_settings()[0].lang == "zh"
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("CHURNGUARD_LANG", "zh")
    settings, sources = load_settings()
    assert settings.lang == "zh" and sources["lang"] == "env CHURNGUARD_LANG"
    assert load_settings({"lang": "en"})[0].lang == "en"


def _invalid(**kwargs: object) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_settings(**kwargs)  # type: ignore[arg-type]
    assert info.value.key == "config.invalid"
    assert info.value.exit_code == 2
    assert "config show" in info.value.hint()
    return info.value


def test_invalid_value_in_toml_names_setting_and_file(tmp_path: Path) -> None:
    path = _toml(tmp_path / "churnguard.toml", "cv_folds = 1\n")
    error = _invalid(toml_path=path)
    assert str(error).startswith(f"Invalid setting cv_folds from {path}: ")
    assert "greater than or equal to 2" in str(error)


def test_unknown_setting_in_toml(tmp_path: Path) -> None:
    path = _toml(tmp_path / "churnguard.toml", "seed = 1\nfolds = 3\n")
    assert str(_invalid(toml_path=path)).startswith(f"Invalid setting folds from {path}: Extra inputs")


def test_invalid_env_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHURNGUARD_SEED", "seven")
    error = _invalid()
    assert str(error).startswith("Invalid setting seed from env CHURNGUARD_SEED: ")


def test_env_list_that_is_not_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHURNGUARD_MODELS", "logreg,tree")
    error = _invalid()
    assert str(error).startswith("Invalid setting models from env CHURNGUARD_MODELS: not valid JSON")


def test_unknown_model_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHURNGUARD_MODELS", '["logreg", "xgboost"]')
    assert "unknown model(s) ['xgboost']" in str(_invalid())


def test_invalid_flag_names_the_flag() -> None:
    error = _invalid(flags={"high_risk_share": 1.5})
    assert str(error).startswith("Invalid setting high_risk_share from flag: ")
    assert "less than 1" in str(error)


def test_invalid_language_flag() -> None:
    assert str(_invalid(flags={"lang": "fr"})).startswith("Invalid setting lang from flag: ")


def test_broken_toml(tmp_path: Path) -> None:
    path = _toml(tmp_path / "churnguard.toml", "seed = \n")
    with pytest.raises(ConfigError) as info:
        load_settings(toml_path=path)
    assert info.value.key == "config.bad_toml"
    assert f"Settings file {path} is not valid TOML" in str(info.value)


def test_chinese_config_error(tmp_path: Path) -> None:
    path = _toml(tmp_path / "churnguard.toml", "cv_folds = 1\n")
    error = _invalid(toml_path=path)
    assert error.message("zh").startswith(f"来自 {path} 的设置 cv_folds 无效")
    assert error.hint("zh") == "运行 churnguard config show 查看全部设置。"
