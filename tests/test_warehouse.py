"""The warehouse connection: URLs, the memory cap, read-only opening, table info."""

from __future__ import annotations

from pathlib import Path

import pytest

from churnguard.errors import ConfigError, DataError
from churnguard.warehouse import connect


def test_url_and_path_open_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "w.duckdb"
    with connect(f"duckdb://{path}", memory_limit="512MB", threads=1) as wh:
        wh.sql.execute("CREATE TABLE usage_x (subscriber_id VARCHAR, month VARCHAR)")
        wh.sql.execute("INSERT INTO usage_x VALUES ('S1', '2025-01'), ('S2', '2025-03')")
        limit = wh.sql.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert limit.replace(" ", "") in ("488.2MiB", "512.0MB", "488.2MB")
    with connect(str(path), read_only=True) as wh:
        (info,) = wh.info()
        assert (info.name, info.kind, info.rows, info.first, info.last) == ("usage_x", "table", 2, "2025-01", "2025-03")


def test_bad_urls_and_missing_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'postgresql' is not supported"):
        connect("postgresql://localhost/x")
    with pytest.raises(DataError, match="does not exist yet"):
        connect(str(tmp_path / "none.duckdb"), read_only=True)
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("hello", encoding="utf-8")
    with pytest.raises(DataError, match="could not be opened"):
        connect(str(not_duckdb))


def test_a_month_written_is_seen_at_once_by_the_same_connection(tmp_path: Path) -> None:
    """DuckDB 2.0.0 answered SELECT DISTINCT with nothing here, after a large transactional insert."""
    import ibis

    with connect(str(tmp_path / "w.duckdb"), memory_limit="1GB", threads=2) as wh:
        wh.sql.execute("CREATE TABLE src AS SELECT range AS id, random() AS v FROM range(600000)")
        expr = wh.ibis.table("src").mutate(month=ibis.literal("2025-03"))
        assert wh.replace_month("feat_x", expr, "2025-03") == 600_000
        assert wh.months("feat_x") == ["2025-03"]
        assert wh.sql.execute("SELECT count(*) FROM feat_x WHERE month = '2025-03'").fetchall()[0][0] == 600_000
