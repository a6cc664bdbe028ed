"""The analytic warehouse: one DuckDB file by default, reached through Ibis; the only analytic I/O.

``connect`` takes a URL (``duckdb:///path/to/file.duckdb``, ``duckdb://:memory:``) or a plain path.
DuckDB's memory is capped (it spills to a temporary folder beside the file), so a large ingest or
feature job cannot take the machine down.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis

from churnguard.errors import ConfigError, DataError

__all__ = ["TableInfo", "Warehouse", "connect"]


@dataclass(frozen=True)
class TableInfo:
    name: str
    kind: str  # "table" or "view"
    rows: int
    first: str | None  # earliest month / date covered, when the table has one
    last: str | None


class Warehouse:
    """A connection to the warehouse. ``sql`` is the DuckDB connection; ``ibis`` the Ibis backend."""

    def __init__(self, backend: ibis.BaseBackend, location: str) -> None:
        self.ibis = backend
        self.location = location

    @property
    def sql(self) -> duckdb.DuckDBPyConnection:
        return self.ibis.con

    def names(self) -> list[str]:
        query = (
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary UNION ALL "
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY 1"
        )
        return [row[0] for row in self.sql.execute(query).fetchall()]

    def has(self, name: str) -> bool:
        return name in self.names()

    def info(self) -> list[TableInfo]:
        """Every table and view with its row count and the months it covers."""
        kinds = dict(
            self.sql.execute(
                "SELECT table_name, 'table' FROM duckdb_tables() WHERE NOT temporary UNION ALL "
                "SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND NOT temporary"
            ).fetchall()
        )
        out = []
        for name in sorted(kinds):
            described = self.sql.execute(f'DESCRIBE "{name}"').fetchall()
            columns = {row[0]: row[1] for row in described}
            span = _span_expression(columns)
            if span:
                rows, first, last = self.sql.execute(f'SELECT count(*), {span} FROM "{name}"').fetchall()[0]
            else:
                (rows,), first, last = self.sql.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0], None, None
            out.append(TableInfo(name, kinds[name], int(rows), first, last))
        return out

    def close(self) -> None:
        self.ibis.disconnect()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _span_expression(columns: dict[str, str]) -> str | None:
    """min/max month as text from the table's month, timestamp or date column, if it has one."""
    for name, kind in columns.items():
        if name == "month" and kind == "VARCHAR":
            return f'min("{name}"), max("{name}")'
    for name, kind in columns.items():
        if not name.startswith("_") and kind in ("TIMESTAMP", "DATE"):
            return f"strftime(min(\"{name}\"), '%Y-%m'), strftime(max(\"{name}\"), '%Y-%m')"
    return None


def _path_of(url: str) -> str:
    # duckdb:///srv/cg.duckdb is an absolute path, duckdb://cg.duckdb a relative one.
    if url.startswith("duckdb://"):
        return url.removeprefix("duckdb://")
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise ConfigError("warehouse.scheme", url=url, scheme=scheme)
    return url


def connect(url: str, *, memory_limit: str = "4GB", threads: int = 2, read_only: bool = False) -> Warehouse:
    """Open (creating when needed) the warehouse at ``url``."""
    path = _path_of(url)
    config = {"memory_limit": memory_limit, "threads": str(threads)}
    if path not in ("", ":memory:"):
        file = Path(path)
        if read_only and not file.is_file():
            raise DataError("warehouse.missing", file=str(file))
        file.parent.mkdir(parents=True, exist_ok=True)
        config["temp_directory"] = str(file.with_name(file.name + ".tmp"))
    else:
        path = ":memory:"
    try:
        backend = ibis.duckdb.connect(path, read_only=read_only, **config)
    except duckdb.IOException as exc:  # locked by another process, or not a DuckDB file
        raise DataError("warehouse.open", file=path, detail=str(exc).splitlines()[0]) from exc
    except duckdb.InvalidInputException as exc:
        raise ConfigError("warehouse.setting", url=url, detail=str(exc).splitlines()[0]) from exc
    return Warehouse(backend, path)
