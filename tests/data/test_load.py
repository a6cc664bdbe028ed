"""Ingest of operator deliveries into the DuckDB warehouse: good data, ten kinds of bad rows, all or
nothing, quarantine, idempotent re-ingest, replacement, a killed ingest, mapping files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from churnguard.config import Settings
from churnguard.data.load import LOAD_ORDER, ingest, masked_problems
from churnguard.data.mapping import load_mapping
from churnguard.data.sim.run import simulate
from churnguard.errors import ConfigError, DataError
from churnguard.keys import Keyring, is_encrypted
from churnguard.warehouse import Warehouse, connect

TABLES = LOAD_ORDER

# Keys for the loads of this module (a keys file is what the CLI and the service use).
KEYS = Keyring.new()


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("deliveries")
    simulate(root / "parquet", subscribers=300, months=1, seed=21)
    simulate(root / "csv", subscribers=300, months=1, seed=21, fmt="csv")
    return {"parquet": root / "parquet", "csv": root / "csv"}


def _wh(path: Path) -> Warehouse:
    return connect(str(path), memory_limit="1GB", threads=1)


def _count(wh: Warehouse, table: str) -> int:
    return wh.sql.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _file_rows(folder: Path, table: str) -> int:
    files = sorted((folder / table).glob("*"))
    if files[0].suffix == ".parquet":
        return sum(len(pd.read_parquet(f)) for f in files)
    return sum(len(pd.read_csv(f, dtype=str)) for f in files)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_good_delivery_loads_every_row(deliveries: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    with _wh(tmp_path / "w.duckdb") as wh:
        result = ingest(wh, deliveries[fmt], keyring=KEYS)
        assert {b.status for b in result.batches} == {"loaded"}
        assert result.problems.num_rows == 0
        for table in TABLES:
            expected = _file_rows(deliveries[fmt], table)
            assert _count(wh, "stg_" + table) == expected, table
            assert _count(wh, "raw_" + table) == expected, table
        info = {i.name: i for i in wh.info()}
        assert info["stg_usage"].first == info["stg_usage"].last == "2025-01"
        assert info["stg_bills"].kind == "view" and info["raw_bills"].kind == "table"
        logged = wh.sql.execute("SELECT count(*), sum(rows_in) FROM ingest_batches WHERE status = 'loaded'").fetchone()
        assert logged == (len(result.batches), sum(b.rows_in for b in result.batches))


def test_csv_and_parquet_deliveries_give_the_same_warehouse(deliveries: dict[str, Path], tmp_path: Path) -> None:
    frames = {}
    for fmt in ("parquet", "csv"):
        with _wh(tmp_path / f"{fmt}.duckdb") as wh:
            ingest(wh, deliveries[fmt], keyring=KEYS)
            frames[fmt] = {
                table: _decrypted(wh.sql.execute(f"SELECT * FROM stg_{table}").df(), table)
                for table in ("subscribers", "plans", "bills", "complaints", "usage")
            }
    for table, frame in frames["parquet"].items():
        pd.testing.assert_frame_equal(frame, frames["csv"][table], check_dtype=False, obj=table)


def _decrypted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with its encrypted fields read back (each encryption has its own nonce), in row order."""
    for column in frame.columns:
        if frame[column].map(is_encrypted).any():
            frame[column] = [KEYS.decrypt(v, f"{table}.{column}") for v in frame[column]]
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _bad_delivery(base: Path, out: Path) -> dict[tuple[str, int, str, str], str]:
    """A second delivery with ten kinds of bad rows; returns the problems expected: (file, line, column, rule)."""
    subs = pd.read_csv(base / "subscribers" / "subscribers.csv", dtype=str, keep_default_na=False)
    new = subs.head(8).copy()
    new["subscriber_id"] = [f"S9{i:07d}" for i in range(8)]
    new["name"] = ["王小明", "李华", "张伟", "刘芳", "陈静", "杨洋", "赵磊", "黄丽"]
    new["id_number"] = ""
    new.loc[0, "msisdn"] = "1381234567"  # bad phone: 10 digits          -> line 2
    new.loc[1, "id_number"] = "11010519491231002Y"  # bad ID checksum    -> line 3
    new.loc[2, "name"] = "张\x00伟"  # NUL byte                          -> line 4
    new.loc[3, "subscriber_id"] = new.loc[4, "subscriber_id"]  # duplicate key: the later row -> line 6
    new.loc[5, "plan_id"] = "P999"  # unknown plan                       -> line 7
    new.loc[6, "activation_date"] = "2025-02-30"  # bad date              -> line 8
    (out / "subscribers").mkdir(parents=True)
    # A GBK file with Chinese names, as Chinese BSS exports are.
    new.to_csv(out / "subscribers" / "2025-02-new-lines.csv", index=False, encoding="gbk")

    usage = (base / "usage" / "2025-01.csv").read_text(encoding="utf-8").splitlines()[:30]
    fields = usage[5].split(",")
    fields[6] = "-5"  # negative usage                                    -> line 6
    usage[5] = ",".join(fields)
    usage[9] = usage[9] + ",extra"  # wrong column count                 -> line 10
    (out / "usage").mkdir()
    (out / "usage" / "2025-02.csv").write_text("\n".join(usage) + "\n", encoding="utf-8")

    complaints = pd.read_csv(base / "complaints" / "2025-01.csv", dtype=str)
    complaints["remark"] = "跟进"  # unknown column                        -> line 1
    (out / "complaints").mkdir()
    complaints.to_csv(out / "complaints" / "2025-02.csv", index=False)
    sub_file, usage_file = "subscribers/2025-02-new-lines.csv", "usage/2025-02.csv"
    return {
        (sub_file, 2, "msisdn", "msisdn"): "138****4567",
        (sub_file, 3, "id_number", "cn_id"): "110105********002Y",
        (sub_file, 4, "name", "nul_byte"): "张**",
        (sub_file, 6, "subscriber_id", "duplicate_key"): "S90000004",
        (sub_file, 7, "plan_id", "reference"): "P999",
        (sub_file, 8, "activation_date", "date"): "2025-02-30",
        (usage_file, 6, "duration_s", "range"): "-5",
        (usage_file, 10, "", "column_count"): "12 fields",
        ("complaints/2025-02.csv", 1, "remark", "unknown_column"): "remark",
    }


@pytest.fixture
def loaded(deliveries: dict[str, Path], tmp_path: Path) -> Path:
    """A warehouse holding the good CSV delivery; its keys file is where the CLI looks (the cwd)."""
    path = tmp_path / "w.duckdb"
    with _wh(path) as wh:
        ingest(wh, deliveries["csv"], keyring=KEYS)
    KEYS.save(tmp_path / "churnguard.key")
    return path


def test_ten_kinds_of_bad_rows_are_each_reported_with_line_and_rule(
    deliveries: dict[str, Path], loaded: Path, tmp_path: Path
) -> None:
    expected = _bad_delivery(deliveries["csv"], tmp_path / "bad")
    with _wh(loaded) as wh:
        before = {t: _count(wh, "raw_" + t) for t in TABLES}
        result = ingest(wh, tmp_path / "bad", keyring=KEYS)
        got = {(r["file"], r["line"], r["column"], r["rule"]): r["value"] for r in masked_problems(result.problems)}
        assert got == expected
        # All or nothing: every batch with a bad row was refused whole.
        assert sorted(b.batch.source for b in result.rejected) == sorted({k[0] for k in expected})
        assert {t: _count(wh, "raw_" + t) for t in TABLES} == before
        assert _count(wh, "quarantine_subscribers") == 0
        rejected = wh.sql.execute("SELECT count(*) FROM ingest_batches WHERE status = 'rejected'").fetchone()[0]
        assert rejected == 3


def test_quarantine_loads_the_good_rows_and_keeps_the_bad_ones_with_reasons(
    deliveries: dict[str, Path], loaded: Path, tmp_path: Path
) -> None:
    _bad_delivery(deliveries["csv"], tmp_path / "bad")
    with _wh(loaded) as wh:
        before = _count(wh, "stg_subscribers")
        result = ingest(wh, tmp_path / "bad", quarantine=True, keyring=KEYS)
        by_source = {b.batch.source: b for b in result.batches}
        subs = by_source["subscribers/2025-02-new-lines.csv"]
        assert (subs.status, subs.rows_in, subs.rows_loaded, subs.rows_quarantined) == ("loaded", 8, 2, 6)
        usage = by_source["usage/2025-02.csv"]
        assert (usage.rows_in, usage.rows_quarantined) == (29, 2)
        assert usage.rows_loaded + usage.rows_quarantined == usage.rows_in
        # An unknown column cannot be set aside row by row: that file is still refused.
        assert by_source["complaints/2025-02.csv"].status == "rejected"
        assert _count(wh, "stg_subscribers") == before + 2
        stored = wh.sql.execute(
            "SELECT name, name_masked FROM stg_subscribers WHERE subscriber_id LIKE 'S9%'"
        ).fetchall()
        # The GBK names arrive intact, and are kept encrypted with a masked copy beside them.
        assert {KEYS.decrypt(name, "subscribers.name") for name, _ in stored} == {"刘芳", "黄丽"}
        assert {masked for _, masked in stored} == {"刘*", "黄*"}
        assert not any("刘芳" in str(row) for row in wh.sql.execute("SELECT * FROM quarantine_subscribers").fetchall())
        held = dict(wh.sql.execute("SELECT _line, _reasons FROM quarantine_subscribers").fetchall())
        assert held == {
            2: "msisdn(msisdn)",
            3: "cn_id(id_number)",
            4: "nul_byte(name)",
            6: "duplicate_key(subscriber_id)",
            7: "reference(plan_id)",
            8: "date(activation_date)",
        }
        raw_line = wh.sql.execute("SELECT _raw FROM quarantine_usage WHERE _line = 10").fetchone()[0]
        # A row that could not be split is kept whole, encrypted: it may hold anything personal.
        assert KEYS.decrypt(raw_line, "quarantine_usage._raw").endswith(",extra")


def test_reingesting_the_same_delivery_changes_nothing(deliveries: dict[str, Path], loaded: Path) -> None:
    with _wh(loaded) as wh:
        snapshot = {
            t: wh.sql.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM raw_{t}").fetchall() for t in TABLES
        }
        batches = _count(wh, "ingest_batches")
        result = ingest(wh, deliveries["csv"], keyring=KEYS)
        assert {b.status for b in result.batches} == {"unchanged"}
        assert {
            t: wh.sql.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM raw_{t}").fetchall() for t in TABLES
        } == snapshot
        assert _count(wh, "ingest_batches") == batches


def test_a_file_delivered_again_with_new_content_replaces_its_earlier_version(
    deliveries: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(deliveries["csv"], folder)
    path = folder / "complaints" / "2025-01.csv"
    with _wh(tmp_path / "w.duckdb") as wh:
        ingest(wh, folder, keyring=KEYS)
        before = _count(wh, "stg_complaints")
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")  # a corrected file: two rows fewer
        result = ingest(wh, folder, keyring=KEYS)
        statuses = {b.batch.source: b.status for b in result.batches}
        assert statuses.pop("complaints/2025-01.csv") == "loaded"
        assert set(statuses.values()) == {"unchanged"}
        assert _count(wh, "stg_complaints") == before - 2
        states = wh.sql.execute(
            "SELECT status FROM ingest_batches WHERE source = 'complaints/2025-01.csv' ORDER BY finished_at"
        ).fetchall()
        assert [s[0] for s in states] == ["replaced", "loaded"]


@pytest.mark.parametrize("point", ["after-insert:usage", "before-commit:usage"])
def test_a_killed_ingest_leaves_nothing_and_the_rerun_gives_the_same_result(
    deliveries: dict[str, Path], tmp_path: Path, point: str
) -> None:
    folder = deliveries["parquet"]
    path = tmp_path / "killed.duckdb"
    env = {**os.environ, "CHURNGUARD_FAULT": point, "CHURNGUARD_WAREHOUSE": str(path)}
    KEYS.save(tmp_path / "churnguard.key")  # the child loads with the same keys as this process
    run = subprocess.run(
        [sys.executable, "-m", "churnguard", "ingest", str(folder)], env=env, capture_output=True, timeout=300
    )
    assert run.returncode == -9, run.stderr.decode()
    with _wh(path) as wh:
        assert _count(wh, "raw_usage") == 0  # the killed batch left nothing
        assert _count(wh, "stg_bills") == _file_rows(folder, "bills")  # batches before it were committed
        assert wh.sql.execute("SELECT count(*) FROM ingest_batches WHERE table_name = 'usage'").fetchone()[0] == 0
        ingest(wh, folder, keyring=KEYS)
        killed_then_rerun = {t: _count(wh, "stg_" + t) for t in TABLES}
        batches = _count(wh, "ingest_batches")
    with _wh(tmp_path / "clean.duckdb") as wh:
        ingest(wh, folder, keyring=KEYS)
        assert {t: _count(wh, "stg_" + t) for t in TABLES} == killed_then_rerun
        assert _count(wh, "ingest_batches") == batches


MAPPING = """
[tables.subscribers]
files = ["crm/用户资料*.csv"]
drop = ["备注"]
[tables.subscribers.rename]
"用户编号" = "subscriber_id"
"手机号码" = "msisdn"
"客户姓名" = "name"
"性别" = "gender"
"地市" = "city"
"区县" = "county"
"客户类型" = "customer_type"
"套餐" = "plan_id"
"付费方式" = "payment_type"
"入网日期" = "activation_date"
[tables.subscribers.values.gender]
"男" = "male"
"女" = "female"
[tables.subscribers.values.customer_type]
"个人" = "individual"
[tables.subscribers.values.payment_type]
"后付费" = "postpaid"
"预付费" = "prepaid"
"""


def test_a_mapping_file_adapts_a_crm_extract(deliveries: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "extract"
    (folder / "crm").mkdir(parents=True)
    shutil.copytree(deliveries["csv"] / "plans", folder / "plans")
    extract = pd.DataFrame(
        {
            "用户编号": ["A1", "A2"],
            "手机号码": ["13912345678", "15887654321"],
            "客户姓名": ["周杰", "吴敏"],
            "性别": ["男", "女"],
            "地市": ["临江市", "临江市"],
            "区县": ["青溪县", "东城区"],
            "客户类型": ["个人", "个人"],
            "套餐": ["P19", "P29"],
            "付费方式": ["后付费", "预付费"],
            "入网日期": ["2021/03/05", "2024年11月20日"],
            "备注": ["", "VIP"],
        }
    )
    extract.to_csv(folder / "crm" / "用户资料202502.csv", index=False, encoding="gb18030")
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(MAPPING, encoding="utf-8")
    with _wh(tmp_path / "w.duckdb") as wh:
        result = ingest(wh, folder, mapping=load_mapping(mapping_file), keyring=KEYS)
        assert result.problems.num_rows == 0, masked_problems(result.problems)
        rows = wh.sql.execute(
            "SELECT subscriber_id, gender, payment_type, CAST(activation_date AS VARCHAR) "
            "FROM stg_subscribers ORDER BY 1"
        ).fetchall()
        assert rows == [("A1", "male", "postpaid", "2021-03-05"), ("A2", "female", "prepaid", "2024-11-20")]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[tables.subscriber]\nfiles = ["x.csv"]', "unknown table(s) subscriber"),
        ('[tables.subscribers.rename]\n"a" = "mobile"', "mobile is not a column"),
        ("[tables.subscribers\n", "not valid"),
    ],
)
def test_bad_mapping_files_are_named_with_what_is_wrong(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_mapping(path)
    assert words in str(info.value) and str(path) in str(info.value)


def test_a_folder_without_tables_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with _wh(tmp_path / "w.duckdb") as wh, pytest.raises(DataError, match="No table files"):
        ingest(wh, tmp_path, keyring=KEYS)


def test_cli_reports_problems_and_exits_2(
    deliveries: dict[str, Path], loaded: Path, tmp_path: Path, cli: Callable, make_settings: Callable[..., Settings]
) -> None:
    _bad_delivery(deliveries["csv"], tmp_path / "bad")
    report = tmp_path / "problems.csv"
    result = cli("ingest", str(tmp_path / "bad"), "--warehouse", str(loaded), "--report", str(report))
    assert result.exit_code == 2
    assert "3 batch(es) were not loaded" in result.stderr and "--quarantine" in result.stderr
    written = pd.read_csv(report, dtype=str, encoding="utf-8-sig")
    assert len(written) == 9 and set(written["rule"]) >= {"msisdn", "cn_id", "column_count", "unknown_column"}
    assert "13812345678" not in report.read_text(encoding="utf-8-sig")  # personal data masked
    info = cli("warehouse", "info", "--warehouse", str(loaded))
    assert info.exit_code == 0 and "stg_usage" in info.stdout and "rejected" in info.stdout


def test_excel_and_gbk_files_load_like_the_rest(deliveries: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(deliveries["csv"], folder)
    plans = pd.read_csv(folder / "plans" / "plans.csv", dtype=str)
    (folder / "plans" / "plans.csv").unlink()
    plans.to_excel(folder / "plans" / "plans.xlsx", index=False)
    enterprises = folder / "enterprises" / "enterprises.csv"
    enterprises.write_bytes(enterprises.read_text(encoding="utf-8").encode("gbk"))
    with _wh(tmp_path / "w.duckdb") as wh:
        result = ingest(wh, folder, keyring=KEYS)
        assert not result.rejected, masked_problems(result.problems)
        names = [r[0] for r in wh.sql.execute("SELECT name FROM stg_plans ORDER BY plan_id").fetchall()]
        assert sorted(names) == sorted(plans["name"]) and any("元" in n for n in names)
        ent = wh.sql.execute("SELECT name FROM stg_enterprises").fetchall()
        assert len(ent) == len(pd.read_csv(deliveries["csv"] / "enterprises" / "enterprises.csv"))


def test_cli_speaks_chinese(deliveries: dict[str, Path], loaded: Path, tmp_path: Path, cli: Callable) -> None:
    _bad_delivery(deliveries["csv"], tmp_path / "bad")
    report = tmp_path / "问题.csv"
    result = cli("--lang", "zh", "ingest", str(tmp_path / "bad"), "--warehouse", str(loaded), "--report", str(report))
    assert result.exit_code == 2
    assert "错误" in result.stderr and "个批次未加载" in result.stderr and "提示" in result.stderr
    assert "不是大陆手机号码" in report.read_text(encoding="utf-8-sig")


def test_a_damaged_file_is_reported_and_the_rest_still_loads(deliveries: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "d"
    shutil.copytree(deliveries["parquet"], folder)
    (folder / "complaints" / "2025-01.parquet").write_bytes(b"PAR1 this is not parquet")
    with _wh(tmp_path / "w.duckdb") as wh:
        result = ingest(wh, folder, keyring=KEYS)
        (bad,) = result.rejected
        assert bad.batch.source == "complaints/2025-01.parquet"
        assert masked_problems(result.problems)[0]["rule"] == "unreadable"
        assert _count(wh, "stg_usage") == _file_rows(deliveries["parquet"], "usage")
        logged = wh.sql.execute("SELECT status FROM ingest_batches WHERE table_name = 'complaints'").fetchall()
        assert logged == [("rejected",)]


def test_personal_data_is_protected_before_it_is_written(deliveries: dict[str, Path], loaded: Path) -> None:
    """Phone numbers and names are encrypted with a masked copy beside them, ID numbers are not kept (their
    birth year and gender are), and contacts' numbers and parties become keyed pseudonyms that still join."""
    csv = deliveries["csv"]
    subs = pd.read_csv(csv / "subscribers" / "subscribers.csv", dtype=str).set_index("subscriber_id")
    usage = pd.read_csv(next((csv / "usage").glob("*.csv")), dtype=str)
    with _wh(loaded) as wh:
        stored = (
            wh.sql.execute(
                "SELECT subscriber_id, msisdn, msisdn_masked, name, name_masked, id_number, birth_year, gender, "
                "party_id "
                "FROM stg_subscribers"
            )
            .df()
            .set_index("subscriber_id")
        )
        parties = {r[0] for r in wh.sql.execute("SELECT DISTINCT other_party FROM stg_usage").fetchall()}
    first = subs.index[0]
    row = stored.loc[first]
    assert KEYS.decrypt(row["msisdn"], "subscribers.msisdn") == subs.loc[first, "msisdn"]
    assert row["msisdn_masked"] == subs.loc[first, "msisdn"][:3] + "****" + subs.loc[first, "msisdn"][-4:]
    assert KEYS.decrypt(row["name"], "subscribers.name") == subs.loc[first, "name"]
    assert stored["id_number"].isna().all()
    assert stored["msisdn"].map(is_encrypted).all() and stored["name"].map(is_encrypted).all()
    assert row["party_id"] == KEYS.pseudonym(subs.loc[first, "party_id"])
    assert parties - {None} == {KEYS.pseudonym(p) for p in usage["other_party"].dropna()}


def test_a_dropped_id_number_still_gives_birth_year_and_gender(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    simulate(folder, subscribers=120, months=1, seed=5, fmt="csv")
    path = folder / "subscribers" / "subscribers.csv"
    subs = pd.read_csv(path, dtype=str)
    with_id = subs["id_number"].notna()
    subs.loc[with_id, ["birth_year", "gender"]] = None  # an extract that carries only the ID number
    subs.to_csv(path, index=False)
    with _wh(tmp_path / "w.duckdb") as wh:
        assert not ingest(wh, folder, keyring=KEYS).rejected
        got = wh.sql.execute("SELECT birth_year, gender FROM stg_subscribers").df()
    assert sorted(int(y) for y in got["birth_year"].dropna()) == sorted(
        [int(i[6:10]) for i in subs.loc[with_id, "id_number"]]
        + [int(y) for y in subs.loc[~with_id, "birth_year"].dropna()]
    )
    genders = {"male" if int(i[16]) % 2 else "female" for i in subs.loc[with_id, "id_number"]}
    assert genders <= set(got["gender"].dropna())


def test_a_warehouse_refuses_data_under_other_keys(deliveries: dict[str, Path], loaded: Path) -> None:
    with _wh(loaded) as wh, pytest.raises(ConfigError) as refused:
        ingest(wh, deliveries["csv"], keyring=Keyring.new())
    assert refused.value.key == "keys.other_warehouse"
