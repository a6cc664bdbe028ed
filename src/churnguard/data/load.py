"""Load a delivery folder into the warehouse: validate, then ``raw_*`` → ``stg_*``, per batch, all or nothing.

A batch is one delivered file. Its id comes from the table, the file's place in the delivery, its
content hash and the mapping, so loading the same delivery twice changes nothing, and a file
delivered again with new content replaces its earlier version in the same transaction.

``raw_<table>`` keeps every delivered row that could be typed, with ``_ok`` (passes every rule),
``_line`` and ``_batch_id``; ``stg_<table>`` is the view of the good rows in contract columns;
``quarantine_<table>`` keeps the rows set aside, as delivered text, with their reasons;
``ingest_batches`` records who loaded what, when, from which file, with which counts.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from churnguard.contracts import CONTRACTS, Column, Contract, mask
from churnguard.data import protect
from churnguard.data.ingest import Rows, read_rows
from churnguard.data.mapping import Mapping, TableMapping
from churnguard.data.validate import duplicate_query, ident, literal, plan, reference_query, storage_type
from churnguard.errors import ConfigError, DataError
from churnguard.i18n import t
from churnguard.keys import Keyring
from churnguard.warehouse import Warehouse

__all__ = [
    "LOAD_ORDER",
    "Batch",
    "BatchResult",
    "IngestResult",
    "discover",
    "ingest",
    "masked_problems",
    "problems_schema",
    "write_report",
]

# Referenced tables first, so references are checked against what is already loaded.
LOAD_ORDER = (
    "plans",
    "enterprises",
    "subscribers",
    "devices",
    "network_quality",
    "bills",
    "usage",
    "payments",
    "status_changes",
    "complaints",
    "surveys",
)
_SUFFIXES = (".parquet", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_PROBLEM_FIELDS = ("file", "table", "line", "column", "rule", "value")


def problems_schema() -> pa.Schema:
    return pa.schema([(f, pa.int64() if f == "line" else pa.string()) for f in _PROBLEM_FIELDS])


@dataclass(frozen=True)
class Batch:
    table: str
    path: Path
    source: str  # the file's path inside the delivery: the batch's identity with its content


@dataclass
class BatchResult:
    batch: Batch
    status: str  # loaded, unchanged, rejected
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    problems: pa.Table | None = None
    batch_id: str = ""
    replaced: str = ""


@dataclass
class IngestResult:
    batches: list[BatchResult] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def problems(self) -> pa.Table:
        tables = [b.problems for b in self.batches if b.problems is not None and b.problems.num_rows]
        return pa.concat_tables(tables) if tables else problems_schema().empty_table()

    @property
    def rejected(self) -> list[BatchResult]:
        return [b for b in self.batches if b.status == "rejected"]


def discover(folder: str | Path, mapping: Mapping) -> tuple[list[Batch], list[str]]:
    """The batches of a delivery in load order, and the files that belong to no table."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("ingest.no_folder", folder=str(folder))
    claimed: dict[Path, str] = {}
    for table in LOAD_ORDER:
        for path in _files_of(folder, table, mapping.of(table)):
            claimed.setdefault(path, table)
    batches = [
        Batch(table, path, path.relative_to(folder).as_posix())
        for table in LOAD_ORDER
        for path in sorted(p for p, t in claimed.items() if t == table)
    ]
    ignored = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in _SUFFIXES
        and p not in claimed
        and not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts)
    )
    return batches, ignored


def _files_of(folder: Path, table: str, mapping: TableMapping) -> list[Path]:
    if mapping.files:
        found = [p for pattern in mapping.files for p in folder.glob(pattern)]
    else:
        found = [*folder.glob(f"{table}/*"), *folder.glob(f"{table}.*")]
    return [p for p in found if p.is_file() and p.suffix.lower() in _SUFFIXES]


def _prepare(wh: Warehouse, contract: Contract) -> None:
    con, table = wh.sql, contract.table
    typed = ", ".join(f"{ident(c.name)} {storage_type(c)}" for c in contract.columns)
    text = ", ".join(f"{ident(c.name)} VARCHAR" for c in contract.columns)
    con.execute(
        "CREATE TABLE IF NOT EXISTS ingest_batches (batch_id VARCHAR, table_name VARCHAR, source VARCHAR, "
        "content_hash VARCHAR, mapping_hash VARCHAR, mode VARCHAR, status VARCHAR, rows_in BIGINT, "
        "rows_loaded BIGINT, rows_quarantined BIGINT, problems BIGINT, user_name VARCHAR, host VARCHAR, "
        "started_at TIMESTAMP, finished_at TIMESTAMP, replaces VARCHAR)"
    )
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {ident('raw_' + table)} "
        f"({typed}, _ok BOOLEAN, _line BIGINT, _batch_id VARCHAR, _batch_seq BIGINT)"
    )
    masked = [protect.MASKED + c.name for c in protect.masked_columns(contract)]
    for name in masked:  # warehouses loaded before personal fields were encrypted gain the masked copies
        con.execute(f"ALTER TABLE {ident('raw_' + table)} ADD COLUMN IF NOT EXISTS {ident(name)} VARCHAR")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {ident('quarantine_' + table)} "
        f"(_batch_id VARCHAR, _line BIGINT, _reasons VARCHAR, _raw VARCHAR, {text})"
    )
    # ENUM-stored columns stay ENUMs in the view: Ibis reads them as strings, and grouping on them is
    # twice as fast as on text.
    shown = [
        f"{ident(protect.MASKED + c.name)} AS {ident(c.name + '_masked')}" for c in protect.masked_columns(contract)
    ]
    columns = ", ".join([*map(ident, contract.names), *shown])
    con.execute(
        f"CREATE OR REPLACE VIEW {ident('stg_' + table)} AS SELECT {columns} FROM {ident('raw_' + table)} WHERE _ok"
    )


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _fault(point: str, table: str) -> None:
    """Kill this process at a named point (``point:table``): how tests prove a killed ingest leaves nothing."""
    if os.environ.get("CHURNGUARD_FAULT") in (point, f"{point}:{table}"):
        os.kill(os.getpid(), signal.SIGKILL)


class _Source:
    """The delivered file as a DuckDB relation named ``src`` with contract column names and ``_line``."""

    def __init__(self, wh: Warehouse, batch: Batch, mapping: TableMapping, contract: Contract) -> None:
        self.wh, self.batch, self.mapping = wh, batch, mapping
        con = wh.sql
        self.misfits: list[tuple[int, int, str]] = []
        if batch.path.suffix.lower() == ".parquet":
            path = literal(str(batch.path))
            try:
                described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()
            except Exception as exc:  # duckdb raises several types for a damaged file
                raise DataError("file.parse", file=batch.source, detail=str(exc).splitlines()[0]) from exc
            self.header = [row[0] for row in described]
            self.types = {row[0]: row[1] for row in described}
            relation = f"(SELECT *, file_row_number + 1 AS _line FROM read_parquet({path}, file_row_number = true))"
            self.text = False
        else:
            rows: Rows = read_rows(batch.path)
            self.header, self.misfits, self.text = rows.header, rows.misfits, True
            self.types = dict.fromkeys(rows.header, "VARCHAR")
            con.register("_cg_rows", rows.data)
            relation = "_cg_rows"
        self.rename = {h: mapping.rename.get(h, h) for h in self.header if h not in mapping.drop}
        # Ids of people (contacts, parties) become pseudonyms before any check or write sees them.
        delivered = {n: h for h, n in self.rename.items()}
        hidden, joins = protect.pseudonym_maps(con, contract, relation, "_cg_in", delivered)
        select = ", ".join(f"{hidden.get(n, '_cg_in.' + ident(h))} AS {ident(n)}" for h, n in self.rename.items())
        self.maps = len(joins)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW src AS SELECT {select}, _cg_in._line FROM {relation} _cg_in {' '.join(joins)}"
        )

    def header_problems(self, contract: Contract) -> list[tuple[str, str, str]]:
        """(column, rule, value) for columns the contract does not know, lacks or gets twice."""
        names = list(self.rename.values())
        out = [(n, "unknown_column", n) for n in names if n not in contract.names]
        out += [(n, "duplicate_column", n) for n in sorted({n for n in names if names.count(n) > 1})]
        out += [(c.name, "missing_column", "") for c in contract.columns if c.required and c.name not in names]
        return out

    def close(self) -> None:
        self.wh.sql.execute("DROP VIEW IF EXISTS clean")
        self.wh.sql.execute("DROP VIEW IF EXISTS src")
        for n in range(getattr(self, "maps", 0)):
            self.wh.sql.execute(f"DROP TABLE IF EXISTS _cg_map_{n}")
        if self.text:
            self.wh.sql.unregister("_cg_rows")


def ingest(
    wh: Warehouse,
    folder: str | Path,
    *,
    keyring: Keyring,
    mapping: Mapping | None = None,
    quarantine: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestResult:
    """Load every batch of the delivery in ``folder``; see the module docstring for what lands where.
    Personal data is protected with ``keyring`` before it is written (see :mod:`churnguard.data.protect`)."""
    mapping = mapping or Mapping()
    batches, ignored = discover(folder, mapping)
    if not batches:
        raise DataError("ingest.nothing", folder=str(folder), tables=", ".join(LOAD_ORDER))
    for table in LOAD_ORDER:
        _prepare(wh, CONTRACTS[table])
    sizes = {b.source: b.path.stat().st_size for b in batches}
    totals = {t: sum(sizes[b.source] for b in batches if b.table == t) for t in LOAD_ORDER}
    done = dict.fromkeys(LOAD_ORDER, 0)
    _same_keys(wh, keyring)
    result = IngestResult(ignored=ignored)
    protect.teach(wh.sql, keyring)
    try:
        for batch in batches:
            loaded = _load_batch(wh, batch, mapping.of(batch.table), quarantine=quarantine, keyring=keyring)
            result.batches.append(loaded)
            done[batch.table] += sizes[batch.source]
            if progress:
                progress(batch.table, done[batch.table], totals[batch.table])
    finally:
        protect.forget(wh.sql)
    return result


def _same_keys(wh: Warehouse, keyring: Keyring) -> None:
    """A warehouse takes data under one set of keys: a second set would give the same line two pseudonyms."""
    con = wh.sql
    con.execute("CREATE TABLE IF NOT EXISTS warehouse_keys (fingerprint VARCHAR, recorded_at TIMESTAMP)")
    held = [r[0] for r in con.execute("SELECT fingerprint FROM warehouse_keys").fetchall()]
    if not held:
        con.execute(
            "INSERT INTO warehouse_keys VALUES (?, ?)", [keyring.fingerprint, datetime.now(UTC).replace(tzinfo=None)]
        )
    elif keyring.fingerprint not in held:
        raise ConfigError(
            "keys.other_warehouse", file=str(keyring.path or "-"), held=held[0], given=keyring.fingerprint
        )


def _load_batch(
    wh: Warehouse, batch: Batch, mapping: TableMapping, *, quarantine: bool, keyring: Keyring
) -> BatchResult:
    con, contract = wh.sql, CONTRACTS[batch.table]
    started = datetime.now(UTC).replace(tzinfo=None)
    content = _hash(batch.path)
    batch_id = hashlib.sha256(f"{batch.table}|{batch.source}|{content}|{mapping.digest}".encode()).hexdigest()[:20]
    previous = next(
        iter(
            con.execute(
                "SELECT batch_id FROM ingest_batches WHERE table_name = ? AND source = ? AND status = 'loaded' "
                "ORDER BY finished_at DESC LIMIT 1",
                [batch.table, batch.source],
            ).fetchall()
        ),
        None,
    )
    if previous and previous[0] == batch_id:
        return BatchResult(batch, "unchanged", batch_id=batch_id)

    def record(result: BatchResult) -> BatchResult:
        _record(wh, result, content, mapping, quarantine, started)
        return result

    try:
        source = _Source(wh, batch, mapping, contract)
    except DataError as error:  # an unreadable file is a problem of its batch, not the end of the ingest
        problems = _table([(batch.source, batch.table, 1, "", "unreadable", error.message("en"))])
        return record(BatchResult(batch, "rejected", problems=problems, batch_id=batch_id))
    try:
        header = source.header_problems(contract)
        if header:
            problems = _table([(batch.source, batch.table, 1, c, r, v) for c, r, v in header])
            rows_in = con.execute("SELECT count(*) FROM src").fetchall()[0][0] + len(source.misfits)
            return record(BatchResult(batch, "rejected", rows_in=rows_in, problems=problems, batch_id=batch_id))
        con.execute("BEGIN TRANSACTION")
        try:
            outcome = _load_rows(
                wh, batch, batch_id, source, mapping, quarantine, previous[0] if previous else "", keyring
            )
            if outcome.status == "rejected":
                con.execute("ROLLBACK")
            else:
                record(outcome)
                _fault("before-commit", batch.table)
                con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # A rejected batch is recorded after the rollback, so the record survives it.
        return record(outcome) if outcome.status == "rejected" else outcome
    finally:
        source.close()


def _count(problems: pa.Table | None) -> int:
    return 0 if problems is None else problems.num_rows


def _load_rows(
    wh: Warehouse,
    batch: Batch,
    batch_id: str,
    source: _Source,
    mapping: TableMapping,
    quarantine: bool,
    previous: str,
    keyring: Keyring,
) -> BatchResult:
    con, contract, table = wh.sql, CONTRACTS[batch.table], batch.table
    raw, held = ident("raw_" + table), ident("quarantine_" + table)
    if previous:  # the same file delivered again with new content: it replaces the old version
        con.execute(f"DELETE FROM {raw} WHERE _batch_id = ?", [previous])
        con.execute(f"DELETE FROM {held} WHERE _batch_id = ?", [previous])
        con.execute("UPDATE ingest_batches SET status = 'replaced' WHERE batch_id = ?", [previous])
    # Rows of a batch are found by an increasing number, not by its id: row groups of a growing table
    # are then skipped by their min/max, where random ids would make every check scan the whole table.
    seq = con.execute(f"SELECT coalesce(max(_batch_seq), 0) + 1 FROM {raw}").fetchall()[0][0]
    types = {source.rename[h]: t for h, t in source.types.items() if h in source.rename}
    sql = plan(contract, types, text=source.text, values=mapping.values)
    con.execute(f"CREATE OR REPLACE TEMP VIEW clean AS SELECT {', '.join(sql.clean)}, _line FROM src")
    columns = ", ".join(protect.stored(contract, sql.stored))
    names = [*contract.names, *(protect.MASKED + c.name for c in protect.masked_columns(contract))]
    into = ", ".join([*map(ident, names), "_ok", "_line", "_batch_id", "_batch_seq"])
    typed = f"SELECT {', '.join(sql.typed)}, _line FROM clean"
    rows_typed = con.execute(
        f"INSERT INTO {raw} ({into}) SELECT {columns}, {sql.ok}, _line, {literal(batch_id)}, {seq} FROM ({typed})"
    ).fetchall()[0][0]
    _fault("after-insert", table)
    found = []
    failing = con.execute(f"SELECT count(*) FROM {raw} WHERE _batch_seq = ? AND NOT _ok", [seq]).fetchall()[0][0]
    if failing:
        # The failing rows, typed once into a small table, then asked rule by rule which check they break.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _cg_failing AS SELECT * FROM ({typed}) WHERE _line IN "
            f"(SELECT _line FROM {raw} WHERE _batch_seq = {seq} AND NOT _ok)"
        )
        checks = " UNION ALL ".join(
            f"SELECT _line, {literal(c.column)} AS col, {literal(c.rule)} AS rule, {c.value} AS value "
            f"FROM _cg_failing WHERE COALESCE({c.condition}, FALSE)"
            for c in sql.checks
        )
        found.append(con.sql(f"SELECT * FROM ({checks}) ORDER BY _line, col").to_arrow_table())
        con.execute("DROP TABLE _cg_failing")
    later = []
    duplicates = duplicate_query(contract, "raw_" + table, seq)
    if duplicates:
        rows = con.execute(duplicates).fetchall()
        later += [(line, ",".join(contract.key), "duplicate_key", key) for line, key, *_ in rows]
    for column in contract.columns:
        if column.references and _unknown_values(wh, column):
            rows = con.execute(reference_query(column, "raw_" + table, seq, column.references)).fetchall()
            later += [(line, column.name, "reference", value) for line, value in rows]
    if later:
        found.append(pa.table(list(zip(*later, strict=True)), names=["_line", "col", "rule", "value"]))
    found += (
        [
            pa.table(
                {
                    "_line": [ln for ln, *_ in source.misfits],
                    "col": [""] * len(source.misfits),
                    "rule": ["column_count"] * len(source.misfits),
                    "value": [f"{n} fields" for _, n, _ in source.misfits],
                }
            )
        ]
        if source.misfits
        else []
    )
    rows_in = rows_typed + len(source.misfits)
    problems = _problems(batch, found)
    if problems is not None and not quarantine:
        return BatchResult(batch, "rejected", rows_in=rows_in, problems=problems, batch_id=batch_id)
    quarantined = 0
    if problems is not None:
        quarantined = _quarantine(wh, batch_id, seq, table, contract, found, source, raw, held, keyring)
    return BatchResult(
        batch,
        "loaded",
        rows_in=rows_in,
        rows_loaded=rows_in - quarantined,
        rows_quarantined=quarantined,
        problems=problems,
        batch_id=batch_id,
        replaced=previous,
    )


def _unknown_values(wh: Warehouse, column: Column) -> bool:
    """Whether the delivered values of ``column`` name any row its reference lacks.

    Asked of the delivered file's distinct values, which is cheap; only then are the batch's rows searched.
    """
    ref_table, ref_column = column.references.split(".")
    value = ident(column.name)
    found = wh.sql.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT {value} AS v FROM clean WHERE {value} IS NOT NULL) d "
        f"WHERE NOT EXISTS (SELECT 1 FROM {ident('stg_' + ref_table)} t WHERE t.{ident(ref_column)} = d.v)"
    ).fetchall()[0][0]
    return found > 0


def _problems(batch: Batch, found: list[pa.Table]) -> pa.Table | None:
    if not found or not sum(t.num_rows for t in found):
        return None
    merged = pa.concat_tables(
        [
            t.select(["_line", "col", "rule", "value"]).cast(
                pa.schema([("_line", pa.int64()), ("col", pa.string()), ("rule", pa.string()), ("value", pa.string())])
            )
            for t in found
        ]
    ).sort_by([("_line", "ascending")])
    n = merged.num_rows
    return pa.table(
        [
            pa.array([batch.source] * n),
            pa.array([batch.table] * n),
            merged["_line"],
            merged["col"],
            merged["rule"],
            merged["value"],
        ],
        schema=problems_schema(),
    )


def _quarantine(
    wh: Warehouse,
    batch_id: str,
    seq: int,
    table: str,
    contract: Contract,
    found: list[pa.Table],
    source: _Source,
    raw: str,
    held: str,
    keyring: Keyring,
) -> int:
    con = wh.sql
    reasons = pa.concat_tables(
        [
            t.select(["_line", "col", "rule"]).cast(
                pa.schema([("_line", pa.int64()), ("col", pa.string()), ("rule", pa.string())])
            )
            for t in found
        ]
    )
    con.register("_cg_reasons", reasons)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _cg_bad AS SELECT _line, string_agg(DISTINCT reason, '; ' ORDER BY reason) "
            "AS reasons FROM (SELECT _line, rule || CASE WHEN col = '' THEN '' ELSE '(' || col || ')' END AS reason "
            "FROM _cg_reasons) GROUP BY _line"
        )
    finally:
        con.unregister("_cg_reasons")
    text = ", ".join(protect.encrypted(contract, n, f"CAST(c.{ident(n)} AS VARCHAR)") for n in contract.names)
    con.execute(
        f"INSERT INTO {held} SELECT {literal(batch_id)}, c._line, b.reasons, NULL, {text} "
        f"FROM clean c JOIN _cg_bad b USING (_line)"
    )
    con.execute(f"UPDATE {raw} SET _ok = FALSE WHERE _batch_seq = ? AND _line IN (SELECT _line FROM _cg_bad)", [seq])
    # Rows that could not even be split into fields are kept whole, as text.
    for line, fields, text_row in source.misfits:
        con.execute(
            f"INSERT INTO {held} (_batch_id, _line, _reasons, _raw) VALUES (?, ?, ?, ?)",
            [batch_id, line, f"column_count({fields} fields)", keyring.encrypt(text_row, f"quarantine_{table}._raw")],
        )
    count = con.execute("SELECT count(*) FROM _cg_bad").fetchall()[0][0]
    con.execute("DROP TABLE _cg_bad")
    return int(count)


def _record(
    wh: Warehouse,
    result: BatchResult,
    content: str,
    mapping: TableMapping,
    quarantine: bool,
    started: datetime,
) -> None:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    wh.sql.execute(
        "INSERT INTO ingest_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            result.batch_id,
            result.batch.table,
            result.batch.source,
            content,
            mapping.digest,
            "quarantine" if quarantine else "strict",
            result.status,
            result.rows_in,
            result.rows_loaded,
            result.rows_quarantined,
            _count(result.problems),
            user,
            socket.gethostname(),
            started,
            datetime.now(UTC).replace(tzinfo=None),
            result.replaced or None,
        ],
    )


def _table(rows: list[tuple]) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    return pa.table(
        [pa.array(c, type=f.type) for c, f in zip(columns, problems_schema(), strict=True)], schema=problems_schema()
    )


def masked_problems(problems: pa.Table, lang: str = "en") -> list[dict[str, object]]:
    """Problems as rows a person may read: personal values masked, each rule explained."""
    out = []
    for row in problems.to_pylist():
        contract = CONTRACTS.get(row["table"])
        column = contract.column(row["column"]) if contract and row["column"] in contract.names else None
        value = (
            row["value"]
            if row["rule"] in ("column_count", "unknown_column", "missing_column")
            else mask(column, row["value"])
        )
        out.append({**row, "value": value, "explanation": t("rule." + row["rule"], lang)})
    return out


def write_report(problems: pa.Table, path: str | Path, lang: str = "en") -> Path:
    """Every problem in a CSV (UTF-8 with BOM, so Excel shows Chinese), values masked."""
    import csv

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=[*_PROBLEM_FIELDS, "explanation"])
            writer.writeheader()
            writer.writerows(masked_problems(problems, lang))
        tmp.replace(path)
    except OSError as exc:
        raise DataError("file.write", file=str(path), detail=exc.strerror or str(exc)) from exc
    return path
