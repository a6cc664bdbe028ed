"""The audit log for a regulator: a period's entries as CSV, every column the chain covers, and beside it
a sidecar (``<file>.verification.json``) with the whole log's verification at the time of export, the
log's newest entry and MAC, and the CSV's SHA-256, the sidecar signed with the audit key. The export is
itself an audit entry."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from churnguard.retention.audit_check import AuditCheck
from churnguard.retention.store import Store

__all__ = ["COLUMNS", "Exported", "export_audit"]

COLUMNS = (
    "entry_id",
    "seq",
    "at",
    "actor",
    "role",
    "source",
    "action",
    "object",
    "outcome",
    "detail",
    "mac",
    "prev_hash",
    "hash",
)
_RISKY = ("=", "+", "@", "\t", "\r")


@dataclass(frozen=True)
class Exported:
    rows: int
    sidecar: Path
    check: AuditCheck


def _day_start(day: date | None, zone: ZoneInfo, *, days: int = 0) -> datetime | None:
    """Midnight of ``day`` (plus ``days``) in the operator's zone, as naive UTC (how the log keeps time)."""
    if day is None:
        return None
    local = datetime.combine(day + timedelta(days=days), time(), tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def _cell(name: str, value: object) -> object:
    if value is None:
        return ""
    if name == "at" and isinstance(value, datetime):
        return value.isoformat(timespec="microseconds") + "Z"
    # A spreadsheet would run a cell such as =HYPERLINK(…): it is kept, behind an apostrophe, as text.
    if isinstance(value, str) and value[:1] in _RISKY:
        return "'" + value
    return value


def export_audit(
    store: Store,
    out: Path,
    *,
    since: date | None,
    until: date | None,
    timezone: str,
    now: datetime,
    who: dict,
) -> Exported:
    """Write the entries from ``since`` to ``until`` (days in ``timezone``, both included; None: open)
    oldest first to ``out`` and the signed sidecar beside it; audit the export (``who``: actor, role,
    source). Returns how many rows, where the sidecar is, and the log's verification."""
    check = store.verify_audit()
    zone = ZoneInfo(timezone)
    rows = store.find_audit(since=_day_start(since, zone), until=_day_start(until, zone, days=1))
    rows.reverse()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:  # with a BOM: Excel reads the Chinese right
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([_cell(c, r.get(c)) for c in COLUMNS] for r in rows)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    head = check.head
    report = {
        "exported_at": now.isoformat(timespec="seconds") + "Z",
        "exported_by": {k: who.get(k) for k in ("actor", "role", "source")},
        "period": {"from": since and since.isoformat(), "to": until and until.isoformat(), "timezone": timezone},
        "file": out.name,
        "rows": len(rows),
        "first_entry": rows[0]["entry_id"] if rows else None,
        "last_entry": rows[-1]["entry_id"] if rows else None,
        "csv_sha256": digest,
        "log": {
            "intact": check.intact,
            "entries": check.entries,
            "checkpoints": check.checkpoints,
            "head": None if head is None else {"entry": head.entry_id, "seq": head.seq, "mac": head.mac},
            "findings": [
                {"key": p.key, "entry": p.entry, "en": p.message("en"), "zh": p.message("zh")} for p in check.problems
            ],
        },
        "retention": "Audit entries are kept at least 3 years; ChurnGuard never removes one.",
    }
    payload = json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    report["signature"] = {
        "alg": "HMAC-SHA256 over the other fields as sorted, compact JSON, with the operator's audit key",
        "value": hmac.new(store.audit_key(), payload.encode("utf-8"), hashlib.sha256).hexdigest(),
    }
    sidecar = out.with_name(out.name + ".verification.json")
    sidecar.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    store.audit(
        **{k: who[k] for k in ("actor", "role", "source")},
        action="export",
        object=f"audit log rows={len(rows)}",
        outcome="ok",
        at=now,
        detail={"file": out.name, "from": report["period"]["from"], "to": report["period"]["to"], "sha256": digest},
    )
    return Exported(len(rows), sidecar, check)
