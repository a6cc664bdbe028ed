"""Contract checks as DuckDB SQL, built by pure functions; :mod:`churnguard.data.load` runs them.

A delivered table is read in three steps, each a projection DuckDB fuses into one scan:
``clean`` (their text or typed values, NA markers and value maps applied), ``typed`` (each value cast
to its contract type next to the value as delivered) and the insert, where one boolean ``_ok`` says
whether the row passes every row-level rule. Only when some row fails does the loader ask which rule
and which column (:func:`detail_query`), so good batches pay for one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from churnguard.contracts import Column, Contract

__all__ = [
    "DUCK_TYPES",
    "NA_MARKERS",
    "Check",
    "Plan",
    "duplicate_query",
    "ident",
    "literal",
    "plan",
    "reference_query",
    "storage_type",
]

DUCK_TYPES = {
    "string": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "month": "VARCHAR",
    "timestamp": "TIMESTAMP",
}
NA_MARKERS = ("", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A", "缺失", "空")
_TRUE = ("true", "t", "1", "yes", "y", "是", "1.0")
_FALSE = ("false", "f", "0", "no", "n", "否", "0.0")
# Dates as Chinese and Western exports write them, tried after ISO 8601.
_DATE_FORMATS = ("%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%d/%m/%Y")
_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y%m%d%H%M%S", "%Y年%m月%d日 %H:%M:%S", "%Y/%m/%d %H:%M")
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(map(literal, values)) + "]"


@dataclass(frozen=True)
class Check:
    """One rule on one column: rows where ``condition`` holds break it; ``value`` is what to show."""

    column: str
    rule: str
    condition: str
    value: str


@dataclass(frozen=True)
class Plan:
    clean: list[str]  # select list over the source relation
    typed: list[str]  # select list over ``clean``
    columns: list[str]  # contract columns, in order, as ``typed`` names them
    stored: list[str]  # select list over ``typed``: the contract columns in their storage types
    ok: str  # boolean over ``typed``: the row passes every row-level check
    checks: list[Check]


def storage_type(column: Column) -> str:
    """How ``raw_*`` stores a column: a fixed list of values as an ENUM.

    Writing low-cardinality text is a fifth of a CDR load's time; an ENUM is written as small integers.
    """
    if column.type == "string" and column.allowed:
        return "ENUM(" + ", ".join(map(literal, column.allowed)) + ")"
    return DUCK_TYPES[column.type]


def _clean(column: Column, source_type: str | None, *, text: bool, values: dict[str, str]) -> str:
    if source_type is None:
        return f"CAST(NULL AS VARCHAR) AS {ident(column.name)}"
    expr = ident(column.name)
    if source_type == "VARCHAR" and text:
        trimmed = f"trim({expr})"
        expr = f"CASE WHEN {trimmed} IN ({', '.join(map(literal, NA_MARKERS))}) THEN NULL ELSE {trimmed} END"
    if values:
        cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in values.items())
        expr = f"CASE CAST({expr} AS VARCHAR) {cases} ELSE CAST({expr} AS VARCHAR) END"
    return f"{expr} AS {ident(column.name)}"


def _cast(kind: str, raw: str, source_type: str) -> tuple[str, bool]:
    """The cast of ``raw`` to a contract type, and whether the cast can fail on this source type."""
    if kind == "string":
        return (raw if source_type == "VARCHAR" else f"CAST({raw} AS VARCHAR)"), False
    if kind == "int":
        if source_type in _INTEGERS:
            return f"CAST({raw} AS BIGINT)", False
        return f"TRY_CAST({raw} AS BIGINT)", True
    if kind == "float":
        if source_type in _INTEGERS or source_type in ("DOUBLE", "FLOAT") or source_type.startswith("DECIMAL"):
            return f"CAST({raw} AS DOUBLE)", False
        return f"TRY_CAST({raw} AS DOUBLE)", True
    if kind == "bool":
        if source_type == "BOOLEAN":
            return raw, False
        text = f"lower(CAST({raw} AS VARCHAR))"
        return (
            f"CASE WHEN {text} IN ({_list(_TRUE)[1:-1]}) THEN TRUE "
            f"WHEN {text} IN ({_list(_FALSE)[1:-1]}) THEN FALSE END",
            True,
        )
    if kind == "date":
        if source_type == "DATE":
            return raw, False
        if source_type.startswith("TIMESTAMP"):
            return f"CAST({raw} AS DATE)", False
        return f"COALESCE(TRY_CAST({raw} AS DATE), CAST(try_strptime({raw}, {_list(_DATE_FORMATS)}) AS DATE))", True
    if kind == "timestamp":
        if source_type.startswith("TIMESTAMP") or source_type == "DATE":
            return f"CAST({raw} AS TIMESTAMP)", False
        return f"COALESCE(TRY_CAST({raw} AS TIMESTAMP), try_strptime({raw}, {_list(_TIME_FORMATS)}))", True
    if kind == "month":
        if source_type == "DATE" or source_type.startswith("TIMESTAMP"):
            return f"strftime({raw}, '%Y-%m')", False
        text = f"CAST({raw} AS VARCHAR)"
        return (
            f"CASE WHEN regexp_full_match({text}, '\\d{{4}}-(0[1-9]|1[0-2])') THEN {text} "
            f"WHEN regexp_full_match({text}, '\\d{{4}}(0[1-9]|1[0-2])') "
            f"THEN substr({text}, 1, 4) || '-' || substr({text}, 5, 2) "
            f"ELSE strftime(try_strptime({text}, ['%Y/%m', '%Y年%m月', '%Y-%m-%d']), '%Y-%m') END",
            True,
        )
    raise ValueError(f"unknown contract type {kind}")


_TYPE_RULE = {
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "timestamp": "date",
    "month": "month",
}


def _cn_id_ok(value: str) -> str:
    digits = " + ".join(f"TRY_CAST(substr({value}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(_ID_WEIGHTS))
    return (
        f"(regexp_full_match({value}, '\\d{{17}}[0-9Xx]') AND "
        f"substr('10X98765432', CAST(({digits}) % 11 AS INTEGER) + 1, 1) = upper(substr({value}, 18, 1)))"
    )


def plan(
    contract: Contract,
    source_types: dict[str, str],
    *,
    text: bool,
    values: dict[str, dict[str, str]] | None = None,
) -> Plan:
    """The SQL to type and check a delivered table whose columns (already renamed) have ``source_types``.

    ``text`` says the file was text (CSV, Excel): cells are trimmed and NA markers become missing.
    A value map turns the column into text before it is cast.
    """
    values = values or {}
    clean, typed, stored, checks = [], [], [], []
    for column in contract.columns:
        source_type = source_types.get(column.name)
        clean.append(_clean(column, source_type, text=text, values=values.get(column.name, {})))
        raw_type = "VARCHAR" if source_type is None or column.name in values else source_type
        raw = ident(column.name + "__raw")
        cast, can_fail = _cast(column.type, ident(column.name), raw_type)
        typed += [f"{cast} AS {ident(column.name)}", f"{ident(column.name)} AS {raw}"]
        kind = storage_type(column)
        # A value outside the list fails the ``allowed`` rule; TRY_CAST keeps the insert from stopping on it.
        stored.append(f"TRY_CAST({ident(column.name)} AS {kind})" if kind.startswith("ENUM") else ident(column.name))
        value = ident(column.name)
        shown = f"CAST({raw} AS VARCHAR)"
        if raw_type == "VARCHAR":
            checks.append(Check(column.name, "nul_byte", f"contains({raw}, chr(0))", shown))
        if column.required:
            checks.append(Check(column.name, "required", f"{raw} IS NULL", shown))
        if can_fail:
            checks.append(Check(column.name, _TYPE_RULE[column.type], f"{raw} IS NOT NULL AND {value} IS NULL", shown))
        if column.type in ("date", "timestamp"):
            checks.append(Check(column.name, "date", f"year({value}) NOT BETWEEN 1900 AND 2100", shown))
        if column.allowed:
            checks.append(Check(column.name, "allowed", f"{value} NOT IN ({_list(column.allowed)[1:-1]})", shown))
        if column.minimum is not None:
            checks.append(Check(column.name, "range", f"{value} < {column.minimum!r}", shown))
        if column.maximum is not None:
            checks.append(Check(column.name, "range", f"{value} > {column.maximum!r}", shown))
        if column.pattern:
            rule = "msisdn" if column.name == "msisdn" else "pattern"
            checks.append(Check(column.name, rule, f"NOT regexp_full_match({value}, {literal(column.pattern)})", shown))
        if column.check == "cn_id":
            checks.append(Check(column.name, "cn_id", f"NOT {_cn_id_ok(value)}", shown))
    ok = "NOT (" + " OR ".join(f"COALESCE({c.condition}, FALSE)" for c in checks) + ")" if checks else "TRUE"
    return Plan(clean=clean, typed=typed, columns=contract.names, stored=stored, ok=ok, checks=checks)


def duplicate_query(contract: Contract, table: str, seq: int) -> str | None:
    """Rows of batch ``seq`` whose key is already taken: by an earlier row of the batch or by a loaded row.

    Returns (line, key text, line and batch number of the first holder); ``None`` for tables without a key.
    """
    if not contract.key:
        return None
    key = ", ".join(map(ident, contract.key))
    shown = " || ' / ' || ".join(f"coalesce(CAST({ident(k)} AS VARCHAR), '')" for k in contract.key)
    return (
        f"WITH mine AS (SELECT DISTINCT {key} FROM {ident(table)} WHERE _batch_seq = {seq} AND _ok), "
        f"held AS (SELECT _line, _batch_seq, {key}, "
        f"first_value(_line) OVER w AS first_line, first_value(_batch_seq) OVER w AS first_batch, "
        f"row_number() OVER w AS n "
        f"FROM {ident(table)} SEMI JOIN mine USING ({key}) WHERE _ok "
        f"WINDOW w AS (PARTITION BY {key} ORDER BY _batch_seq <> {seq} DESC, _batch_seq, _line)) "
        f"SELECT _line, {shown} AS key, first_line, first_batch FROM held "
        f"WHERE n > 1 AND _batch_seq = {seq} ORDER BY _line"
    )


def reference_query(column: Column, table: str, seq: int, target: str) -> str:
    """Rows of batch ``seq`` whose ``column`` names a row that ``target`` (table.column) does not hold.

    The batch's distinct values are looked up first: a good batch then costs one small join, not a
    probe per row.
    """
    ref_table, ref_column = target.split(".")
    value = ident(column.name)
    return (
        f"WITH v AS (SELECT DISTINCT {value} AS v FROM {ident(table)} "
        f"WHERE _batch_seq = {seq} AND _ok AND {value} IS NOT NULL), "
        f"missing AS (SELECT v FROM v WHERE NOT EXISTS "
        f"(SELECT 1 FROM {ident('stg_' + ref_table)} t WHERE t.{ident(ref_column)} = v.v)) "
        f"SELECT r._line, CAST(r.{value} AS VARCHAR) AS value FROM {ident(table)} r "
        f"WHERE r._batch_seq = {seq} AND r._ok AND r.{value} IN (SELECT v FROM missing) "
        f"ORDER BY r._line"
    )
