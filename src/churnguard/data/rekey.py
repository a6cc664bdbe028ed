"""Key rotation for the warehouse's encrypted fields: every value re-encrypted under the new field key.

Safe against a stop at any point: the keys file first gains the new key (old ones kept, so every value
decrypts), then the warehouse is re-encrypted in one transaction, and only then are the old keys retired.
Stopped before the end, the file still holds every key a value needs; run the rotation again to finish.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from churnguard.contracts import CONTRACTS
from churnguard.data.validate import ident
from churnguard.keys import Keyring, is_encrypted
from churnguard.warehouse import Warehouse

__all__ = ["Rotation", "rotate_field_keys"]

_FUNCTION = "cg_reencrypt"


@dataclass(frozen=True)
class Rotation:
    key: int  # the new current field key
    values: int  # values re-encrypted
    columns: tuple[str, ...]  # table.column re-encrypted


def _targets(wh: Warehouse) -> list[tuple[str, str, str]]:
    """(table, column, context) of every encrypted field held: contract columns of ``raw_*`` and
    ``quarantine_*``, and the whole lines kept in quarantine."""
    out = []
    for contract in CONTRACTS.values():
        encrypted = [c.name for c in contract.columns if c.protect == "encrypt"]
        for prefix in ("raw_", "quarantine_"):
            table = prefix + contract.table
            if not wh.has(table):
                continue
            out += [(table, name, f"{contract.table}.{name}") for name in encrypted]
        if wh.has("quarantine_" + contract.table):
            out.append(("quarantine_" + contract.table, "_raw", f"quarantine_{contract.table}._raw"))
    return out


def rotate_field_keys(
    wh: Warehouse, keyring: Keyring, path: Path, *, progress: Callable[[str], None] | None = None
) -> Rotation:
    """Rotate the field key of ``keyring`` (kept in ``path``) and re-encrypt the warehouse under it."""
    # More than one field key means a rotation stopped before its end: finish it with the key it made.
    widened = keyring if len(keyring.field_keys) > 1 else keyring.rotated()
    widened.save(path)

    def reencrypt(values: pa.Array, contexts: pa.Array) -> pa.Array:
        context = contexts[0].as_py() if len(contexts) else ""
        out = [
            widened.encrypt(widened.decrypt(v, context), context) if is_encrypted(v) else v  # masked: kept
            for v in values.to_pylist()
        ]
        return pa.array(out, pa.string())

    con = wh.sql
    con.create_function(_FUNCTION, reencrypt, ["VARCHAR", "VARCHAR"], "VARCHAR", type="arrow", side_effects=True)
    done, columns = 0, []
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for table, column, context in _targets(wh):
                if progress:
                    progress(f"{table}.{column}")
                name = ident(column)
                n = con.execute(
                    f"UPDATE {ident(table)} SET {name} = {_FUNCTION}({name}, ?) WHERE {name} IS NOT NULL",
                    [context],
                ).fetchall()[0][0]
                done += int(n)
                columns.append(f"{table}.{column}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.remove_function(_FUNCTION)
    retired = widened.retired()
    retired.save(path)
    return Rotation(retired.current, done, tuple(columns))
