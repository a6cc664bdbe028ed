"""Personal data protected as it arrives, before any row is written: the SQL that ingest runs.

Each contract column says how it is kept (``Column.protect``):

- ``pseudonym``: a keyed HMAC-SHA256 of the trimmed value (``Keyring.pseudonym``), computed once per
  distinct value of the delivered file and joined in, so a CDR file of tens of millions of rows costs one
  HMAC per contact rather than one per row; joins between tables still hold, and a value delivered
  already pseudonymised by the operator is simply pseudonymised again.
- ``encrypt``: AES-GCM per value (``Keyring.encrypt``), bound to its ``table.column``; a masked copy
  (``_masked_<column>``: 138****8000, 张*) is kept beside it for the many screens that show no more.
- ``drop``: checked on arrival (an ID number's check digit), never stored; what the product uses of it
  (birth year, gender) fills those columns where the delivery left them empty.

The key enters the connection only as a temporary macro and function that :func:`forget` removes.
"""

from __future__ import annotations

import contextlib

import pyarrow as pa

from churnguard.contracts import MSISDN_PATTERN, Column, Contract
from churnguard.data.validate import NA_MARKERS, ident, literal, storage_type
from churnguard.keys import Keyring

__all__ = [
    "ENCRYPT_FUNCTION",
    "MASKED",
    "encrypted",
    "forget",
    "masked_columns",
    "pseudonym_maps",
    "stored",
    "teach",
]

ENCRYPT_FUNCTION = "cg_encrypt"
_PSEUDONYM_MACRO = "cg_pseudonym"
MASKED = "_masked_"


def masked_columns(contract: Contract) -> list[Column]:
    return [c for c in contract.columns if c.protect == "encrypt"]


def teach(con: object, ring: Keyring) -> None:
    """Give the connection the keyed functions for one ingest: a temporary HMAC macro (SQL, exact to
    ``Keyring.pseudonym``) and a vectorised encryption function."""
    forget(con)
    key = ring.pseudonym_key.ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in key).hex()
    outer = bytes(b ^ 0x5C for b in key).hex()
    con.execute(  # type: ignore[attr-defined]
        f"CREATE OR REPLACE TEMP MACRO {_PSEUDONYM_MACRO}(v) AS 'P' || left(sha256(unhex('{outer}') || "
        f"unhex(sha256(unhex('{inner}') || encode(v)))), 19)"
    )

    def encrypt(values: pa.Array, contexts: pa.Array) -> pa.Array:
        context = contexts[0].as_py() if len(contexts) else ""
        return pa.array([None if v is None else ring.encrypt(v, context) for v in values.to_pylist()], pa.string())

    con.create_function(  # type: ignore[attr-defined]
        ENCRYPT_FUNCTION, encrypt, ["VARCHAR", "VARCHAR"], "VARCHAR", type="arrow", side_effects=True
    )


def forget(con: object) -> None:
    """Remove the keyed functions from the connection."""
    # duckdb raises InvalidInputException when the function was never registered
    with contextlib.suppress(Exception):
        con.remove_function(ENCRYPT_FUNCTION)  # type: ignore[attr-defined]
    con.execute(f"DROP MACRO IF EXISTS {_PSEUDONYM_MACRO}")  # type: ignore[attr-defined]


def pseudonym_maps(
    con: object, contract: Contract, relation: str, alias: str, header: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """For each pseudonymised column delivered (contract name → delivered header), a temporary map of its
    distinct delivered values to pseudonyms; returns the select expression per contract name and the
    joins to add to ``relation`` (named ``alias`` in the query). A missing-value marker maps to itself,
    so the checks still see it missing."""
    exprs, joins = {}, []
    markers = ", ".join(map(literal, NA_MARKERS))
    for n, column in enumerate(c for c in contract.columns if c.protect == "pseudonym" and c.name in header):
        source, table, name = ident(header[column.name]), f"_cg_map_{n}", f"_m{n}"
        con.execute(  # type: ignore[attr-defined]
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT v, CASE WHEN trim(v) IN ({markers}) THEN v "
            f"ELSE {_PSEUDONYM_MACRO}(trim(v)) END AS p FROM "
            f"(SELECT DISTINCT CAST({source} AS VARCHAR) AS v FROM {relation} WHERE {source} IS NOT NULL)"
        )
        exprs[column.name] = f"{name}.p"
        joins.append(f"LEFT JOIN {table} {name} ON {name}.v = CAST({alias}.{source} AS VARCHAR)")
    return exprs, joins


def _mask_sql(column: Column, value: str) -> str:
    if column.pattern == MSISDN_PATTERN:
        return f"CASE WHEN length({value}) >= 8 THEN left({value}, 3) || '****' || right({value}, 4) ELSE '****' END"
    return f"left({value}, 1) || repeat('*', greatest(length({value}) - 1, 1))"


def encrypted(contract: Contract, name: str, value: str) -> str:
    """The stored form of a delivered ``value`` of column ``name``: encrypted, dropped or as it is."""
    column = contract.column(name)
    if column.protect == "encrypt":
        return f"{ENCRYPT_FUNCTION}(CAST({value} AS VARCHAR), {literal(contract.table + '.' + name)})"
    if column.protect == "drop":
        return "CAST(NULL AS VARCHAR)"
    return value


def stored(contract: Contract, exprs: list[str]) -> list[str]:
    """The stored expressions of ``validate.plan`` (one per contract column, in order) with each personal
    column protected, birth year and gender taken from a dropped ID number where missing, and the masked
    copies appended (in ``masked_columns`` order)."""
    out = []
    names = contract.names
    dropped_id = next((c.name for c in contract.columns if c.protect == "drop" and c.check == "cn_id"), None)
    for name, expr in zip(names, exprs, strict=True):
        if dropped_id and name == "birth_year":
            expr = f"coalesce({expr}, TRY_CAST(substr({ident(dropped_id)}, 7, 4) AS BIGINT))"
        elif dropped_id and name == "gender":
            digit = f"TRY_CAST(substr({ident(dropped_id)}, 17, 1) AS INTEGER)"
            derived = f"CASE WHEN {digit} % 2 = 1 THEN 'male' WHEN {digit} % 2 = 0 THEN 'female' END"
            expr = f"coalesce({expr}, TRY_CAST({derived} AS {storage_type(contract.column('gender'))}))"
        out.append(encrypted(contract, name, expr))
    out += [_mask_sql(c, ident(c.name)) for c in masked_columns(contract)]
    return out
