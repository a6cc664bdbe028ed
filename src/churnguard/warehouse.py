"""The analytic warehouse: one DuckDB file by default, reached through Ibis; the only analytic I/O.

``connect`` takes a URL (``duckdb:///path/to/file.duckdb``, ``duckdb://:memory:``) or a plain path.
DuckDB's memory is capped (it spills to a temporary folder beside the file), so a large ingest or
feature job cannot take the machine down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir

from churnguard.contracts import CONTRACTS
from churnguard.errors import ConfigError, DataError

__all__ = ["SparkEngine", "TableInfo", "Warehouse", "connect", "duckdb_sql"]


# Columns a mart built before the one-population change (issue 19) lacks; its months must be rebuilt.
_MART_COLUMNS = {"feat_monthly": "population", "lbl_churn": "leave"}


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

    def latest_run(self, runs: str, month: str) -> dict | None:
        """The newest row of a runs table (``score_runs``, ``warn_runs`` …: one row per run, with ``month``
        and ``created_at``) for ``month``; None when there is none."""
        if not self.has(runs):
            return None
        found = self.sql.execute(
            f'SELECT * FROM "{runs}" WHERE month = ? ORDER BY created_at DESC LIMIT 1', [month]
        ).df()
        return None if found.empty else found.iloc[0].to_dict()

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

    def staged(self) -> dict[str, ir.Table]:
        """The staged tables (``stg_*``) by contract name, as Ibis tables."""
        missing = [name for name, c in CONTRACTS.items() if not c.optional and not self.has("stg_" + name)]
        if missing:
            raise DataError("warehouse.no_data", file=self.location, tables=", ".join(missing))
        # A warehouse ingested before an optional table existed has no view of it: the mart goes without.
        return {name: self.ibis.table("stg_" + name) for name in CONTRACTS if self.has("stg_" + name)}

    def mart_outdated(self) -> bool:
        """Whether the mart was built by an earlier version without today's columns."""
        for table, column in _MART_COLUMNS.items():
            if self.has(table) and column not in [r[0] for r in self.sql.execute(f'DESCRIBE "{table}"').fetchall()]:
                return True
        return False

    def check_mart(self) -> None:
        """Refuse an outdated mart with a message that says how to rebuild it."""
        if self.mart_outdated():
            months = self.months("feat_monthly")
            raise DataError(
                "mart.outdated",
                file=self.location,
                first=months[0] if months else "-",
                last=months[-1] if months else "-",
            )

    def table(self, name: str) -> ir.Table | None:
        return self.ibis.table(name) if self.has(name) else None

    def months(self, table: str) -> list[str]:
        """The months present in ``table`` (one with a ``month`` column), oldest first."""
        if not self.has(table):
            return []
        return [r[0] for r in self.sql.execute(f'SELECT DISTINCT month FROM "{table}" ORDER BY 1').fetchall()]

    def replace_month(self, table: str, expr: ir.Table, month: str) -> int:
        """Write ``expr`` as ``month``'s rows of ``table`` in one transaction (created when absent)."""
        return self._replace(table, f"({duckdb_sql(expr)})", month)

    def append_arrow(self, table: str, data: object, month: str) -> int:
        """Write an Arrow table as ``month``'s rows of ``table`` (results computed on another engine)."""
        self.sql.register("_cg_incoming", data)
        try:
            return self._replace(table, "_cg_incoming", month)
        finally:
            self.sql.unregister("_cg_incoming")

    def append(self, frames: dict[str, object]) -> None:
        """Append each frame (pandas or Arrow) to its table, all in one transaction; tables are created
        from the first frame. A run and its rows land together or not at all."""
        self._write(frames, month=None)

    def replace_frames(self, month: str, frames: dict[str, object], *, whole: tuple[str, ...] = ()) -> None:
        """Replace ``month``'s rows of each table by its frame (pandas or Arrow), in one transaction; the
        tables named in ``whole`` are replaced entirely (figures recomputed over every month)."""
        self._write(frames, month=month, whole=whole)

    def _write(self, frames: dict[str, object], *, month: str | None, whole: tuple[str, ...] = ()) -> None:
        con = self.sql
        con.execute("BEGIN TRANSACTION")
        try:
            for table, data in frames.items():
                con.register("_cg_incoming", data)
                try:
                    if not self.has(table):
                        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM _cg_incoming LIMIT 0')
                    if table in whole:
                        con.execute(f'DELETE FROM "{table}"')
                    elif month is not None:
                        con.execute(f'DELETE FROM "{table}" WHERE month = ?', [month])
                    con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _cg_incoming')
                finally:
                    con.unregister("_cg_incoming")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _replace(self, table: str, source: str, month: str) -> int:
        con = self.sql
        con.execute("BEGIN TRANSACTION")
        try:
            if not self.has(table):
                con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM {source} LIMIT 0')
            con.execute(f'DELETE FROM "{table}" WHERE month = ?', [month])
            rows = con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM {source}').fetchall()[0][0]
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return int(rows)

    def close(self) -> None:
        self.ibis.disconnect()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SparkEngine:
    """Apache Spark running the same Ibis expressions, on the warehouse's staged tables.

    The staged tables are exported to Parquet under ``work`` once per session; results come back as
    Arrow and are written into the warehouse, and also kept under ``work`` as Spark's own history.
    ``master`` is ``local[N]`` on one machine or a cluster URL.
    """

    def __init__(self, wh: Warehouse, work: Path, *, master: str = "local[2]", memory: str = "2g") -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise ConfigError("spark.missing") from exc
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.session = (
            SparkSession.builder.master(master)
            .appName("churnguard")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", memory)
            .getOrCreate()
        )
        self.session.sparkContext.setLogLevel("ERROR")
        self.ibis = ibis.pyspark.connect(self.session)
        self.tables: dict[str, ir.Table] = {}
        for name in wh.staged():  # what the DuckDB mart reads, a missing table named the same way
            path = self.work / f"stg_{name}.parquet"
            wh.sql.execute(f"COPY (SELECT * FROM \"stg_{name}\") TO '{path}' (FORMAT parquet)")
            self.tables[name] = self.ibis.read_parquet(str(path), table_name=f"stg_{name}")

    def history(self, table: str) -> ir.Table | None:
        folder = self.work / table
        if not any(folder.glob("*.parquet")):
            return None
        return self.ibis.read_parquet(str(folder / "*.parquet"), table_name=f"{table}_history")

    def run(self, table: str, expr: ir.Table, month: str) -> object:
        """Compute ``expr`` on Spark; keep it as ``table``'s history; return it as Arrow."""
        import pyarrow.parquet as pq

        data = expr.to_pyarrow()
        folder = self.work / table
        folder.mkdir(exist_ok=True)
        pq.write_table(data, folder / f"{month}.parquet")
        return data

    def close(self) -> None:
        self.session.stop()


_CTE = re.compile(r'(WITH\s+|,\s*)("t\d+") AS \((?=\s*SELECT\s+\*\s+FROM\s+"stg_\w+" AS "t\d+"\s+WHERE)')


def duckdb_sql(expr: ir.Table) -> str:
    """The DuckDB SQL of ``expr``, with Ibis's filtered scans of staged tables inlined.

    DuckDB materialises a common table expression that is read more than once. For the month's CDRs,
    read by several aggregations, that copy took longer than the aggregations themselves (24 s against
    11 s on 20 M rows); inlined, each aggregation scans the compressed table directly. Other CTEs stay
    materialised, since computing them twice would cost more.
    """
    return _CTE.sub(r"\1\2 AS NOT MATERIALIZED (", ibis.to_sql(expr, dialect="duckdb"))


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
