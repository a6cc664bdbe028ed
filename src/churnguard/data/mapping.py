"""Mapping files: adapt an operator's own extract (BSS/CRM column names, codes) to the contracts.

A small TOML file, so an analyst can map an extract without writing code::

    [tables.subscribers]
    files = ["crm/用户资料*.csv"]          # where this table is in the delivery (globs)
    drop = ["备注"]                        # columns to leave out on purpose
    [tables.subscribers.rename]            # their column = contract column
    "用户编号" = "subscriber_id"
    "手机号码" = "msisdn"
    [tables.subscribers.values.gender]     # their value = contract value
    "男" = "male"
    "女" = "female"

Without a mapping, a delivery holds ``<table>/*.csv|parquet|xlsx`` or ``<table>.csv|parquet|xlsx``.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from churnguard.contracts import CONTRACTS
from churnguard.errors import ConfigError

__all__ = ["Mapping", "TableMapping", "load_mapping"]


@dataclass(frozen=True)
class TableMapping:
    files: tuple[str, ...] = ()
    rename: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    drop: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """Changes when the mapping of this table changes, so a re-ingest under a new mapping reloads."""
        if not (self.files or self.rename or self.values or self.drop):
            return ""
        text = json.dumps([self.files, self.rename, self.values, self.drop], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Mapping:
    tables: dict[str, TableMapping] = field(default_factory=dict)
    source: str = ""

    def of(self, table: str) -> TableMapping:
        return self.tables.get(table, TableMapping())


def load_mapping(path: str | Path | None) -> Mapping:
    """Read and check a mapping file; ``None`` gives the identity mapping."""
    if path is None:
        return Mapping()
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise ConfigError("mapping.missing", file=name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("mapping.bad", file=name, detail=str(exc)) from exc
    tables = data.get("tables", {})
    unknown = sorted(set(data) - {"tables"}) + sorted(set(tables) - set(CONTRACTS))
    if unknown:
        raise ConfigError("mapping.unknown_table", file=name, names=", ".join(unknown), known=", ".join(CONTRACTS))
    out = {}
    for table, spec in tables.items():
        out[table] = _table_mapping(name, table, spec)
    return Mapping(tables=out, source=name)


def _table_mapping(file: str, table: str, spec: dict) -> TableMapping:
    known = set(CONTRACTS[table].names)
    extra = sorted(set(spec) - {"files", "rename", "values", "drop"})
    if extra:
        raise ConfigError(
            "mapping.bad",
            file=file,
            detail=f"[tables.{table}] has unknown keys {extra}; use files, rename, values, drop",
        )
    rename = {str(k): str(v) for k, v in spec.get("rename", {}).items()}
    values = {str(col): {str(k): str(v) for k, v in m.items()} for col, m in spec.get("values", {}).items()}
    wrong = sorted({v for v in rename.values() if v not in known} | {c for c in values if c not in known})
    if wrong:
        raise ConfigError(
            "mapping.unknown_column", file=file, table=table, names=", ".join(wrong), known=", ".join(sorted(known))
        )
    files = spec.get("files", [])
    files = (files,) if isinstance(files, str) else tuple(map(str, files))
    return TableMapping(files=files, rename=rename, values=values, drop=tuple(map(str, spec.get("drop", []))))
