"""What the dashboard and the API read from the warehouse, held in memory.

The newest scored month is loaded once (and again when a newer scoring run lands): one row per line,
sorted by churn risk, with categorical columns as integer codes, plus each line's monthly history of
risk, bill and usage. Lists and customer pages are then array look-ups, not warehouse queries, which is
what lets one process answer hundreds of requests a second over a million lines — and it means the
service holds no lock on the DuckDB file, so the monthly run can write while the dashboard is up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from threading import Lock

import numpy as np
import pandas as pd
import pyarrow as pa

from churnguard.contracts import GONE_STATUSES, sql_list
from churnguard.warehouse import Warehouse

__all__ = ["FILTERS", "SORTS", "Filters", "Serving", "load_profiles", "load_serving", "pseudonym"]

# Filter name → column of the line table. "region" matches the city or the county.
FILTERS = ("region", "tier", "stage", "reason", "risk", "kind")
SORTS = ("p_churn", "value_at_risk", "revenue_at_risk", "clv", "monthly_margin")
_CATEGORIES = ("city", "county", "tier", "stage", "reason_1_category", "risk_tier", "kind", "account_manager_id")
_TRENDS = {
    "net_bill": "net_bill",
    "data_mb": "data_mb",
    "voice_minutes": "voice_out_minutes",
    "active_days": "active_days",
}
_CACHE = 512


def pseudonym(key: bytes, subscriber_id: str) -> str:
    """A stable id that does not reveal the line: the first 12 hex digits of HMAC-SHA256."""
    return "P" + hmac.new(key, subscriber_id.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    tier: str | None = None
    stage: str | None = None
    reason: str | None = None
    risk: str | None = None
    kind: str | None = None
    q: str | None = None


@dataclass
class Serving:
    """The newest scored month in memory. ``lines`` is sorted by p_churn, highest first."""

    month: str
    run_id: str
    lines: pd.DataFrame
    months: list[str]
    history: dict[str, np.ndarray]  # name → float32 [line, month] (NaN where not known)
    warnings: dict[str, list[dict]]
    summary: dict[str, object]
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    # Lines with work in hand that are not in the month (they left: win-back; or were not scored), by id.
    outside: dict[str, dict] = field(default_factory=dict)
    _orders: dict[tuple[str, bool], np.ndarray] = field(default_factory=dict)
    _by_id: pd.Index | None = None
    _by_pseudonym: pd.Index | None = None
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _categories: dict[str, np.ndarray] = field(default_factory=dict)
    _replies: OrderedDict = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def __post_init__(self) -> None:
        for column in _CATEGORIES:
            self.lines[column] = self.lines[column].astype("category")
            self.codes[column] = self.lines[column].cat.codes.to_numpy()
        for key in SORTS:
            values = self.lines[key].to_numpy(dtype="float64", na_value=np.nan)
            ascending = np.argsort(np.nan_to_num(values, nan=-np.inf), kind="stable")
            self._orders[(key, False)] = ascending[::-1].copy()
            self._orders[(key, True)] = ascending
        self._by_id = pd.Index(self.lines["subscriber_id"])
        self._by_pseudonym = pd.Index(self.lines["pseudonym"])

    def reply(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        """A rendered reply for ``key``, made once: the snapshot does not change, so neither does a page
        of it asked for by the same role in the same scope (a new snapshot starts with none)."""
        with self._lock:
            hit = self._replies.get(key)
            if hit is not None:
                self._replies.move_to_end(key)
                return hit
        body = make()
        with self._lock:
            self._replies[key] = body
            if len(self._replies) > _CACHE * 4:
                self._replies.popitem(last=False)
        return body

    def __len__(self) -> int:
        return len(self.lines)

    # ------------------------------------------------------------------ look-ups

    def position(self, subscriber_id: str, *, pseudonymous: bool = False) -> int | None:
        index = self._by_pseudonym if pseudonymous else self._by_id
        try:
            found = index.get_loc(subscriber_id)
        except KeyError:
            return None
        return int(found) if isinstance(found, (int, np.integer)) else None

    def profile(self, subscriber_id: str) -> dict | None:
        """The line as the month has it, else as it last stood (``outside``); None when unknown."""
        position = self.position(subscriber_id)
        if position is not None:
            return self.row(position) | {"in_month": True}
        found = self.outside.get(subscriber_id)
        return None if found is None else found | {"in_month": False}

    def positions_of(self, subscriber_ids: list[str]) -> np.ndarray:
        found = self._by_id.get_indexer(subscriber_ids)
        return found[found >= 0]

    def lookup(self, subscriber_ids: list[str]) -> np.ndarray:
        """Each id's position, in order; -1 for an id not in the snapshot."""
        return self._by_id.get_indexer(subscriber_ids)

    def value_code(self, column: str, value: str) -> int:
        """The integer code of ``value`` in a categorical column (-2 when the value never occurs)."""
        categories = self.lines[column].cat.categories
        hit = categories.get_indexer([value])[0]
        return int(hit) if hit >= 0 else -2

    def select(
        self,
        filters: Filters,
        *,
        scope: tuple[str, object],
        sort: str = "p_churn",
        ascending: bool = False,
        pseudonymous: bool = False,
    ) -> np.ndarray:
        """Positions of the lines that pass ``filters`` within ``scope``, in sort order. ``scope`` is
        ("all", None), ("region", name) or ("lines", array of positions). The search ``q`` matches the id
        the reader knows lines by: the pseudonymous id when ``pseudonymous`` (an analyst), else the line id
        — never both, so a real id finds nothing for one who sees only pseudonyms. Results are cached: the
        table changes once a month, the questions asked of it repeat all day."""
        kind, value = scope
        key = (filters, sort, ascending, pseudonymous, kind, value if kind != "lines" else hash(value.tobytes()))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        mask = self._mask(filters, pseudonymous=pseudonymous)
        if kind == "region":
            mask &= self.region_mask(str(value))
        elif kind == "lines":
            allowed = np.zeros(len(self), dtype=bool)
            allowed[value] = True
            mask &= allowed
        elif kind != "all":
            mask[:] = False
        order = self._orders[(sort, ascending)]
        found = order[mask[order]]
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        return found

    def region_mask(self, region: str) -> np.ndarray:
        return (self.codes["city"] == self.value_code("city", region)) | (
            self.codes["county"] == self.value_code("county", region)
        )

    def _mask(self, filters: Filters, *, pseudonymous: bool) -> np.ndarray:
        mask = np.ones(len(self), dtype=bool)
        if filters.region:
            mask &= self.region_mask(filters.region)
        for name, column in (
            ("tier", "tier"),
            ("stage", "stage"),
            ("reason", "reason_1_category"),
            ("risk", "risk_tier"),
            ("kind", "kind"),
        ):
            wanted = getattr(filters, name)
            if wanted:
                mask &= self.codes[column] == self.value_code(column, wanted)
        if filters.q:
            # Searching personal data would let a masked role probe it: only the id the reader is shown is
            # searched. Matching the line id for an analyst would map real ids to pseudonyms. The column is
            # scanned whole either way (and scope applied after), so a hit outside the reader's scope costs
            # the same time as no hit at all.
            column = "pseudonym" if pseudonymous else "subscriber_id"
            mask &= self.lines[column].str.startswith(filters.q.strip()).to_numpy(dtype=bool, na_value=False)
        return mask

    def row(self, position: int) -> dict:
        # One whole row: pandas' row access beats fifty column look-ups.
        return {k: (None if v is pd.NA else v) for k, v in self.lines.iloc[position].to_dict().items()}

    def rows(self, positions: np.ndarray, columns: list[str]) -> list[dict]:
        """The lines at ``positions`` as dicts of plain Python values (NaN where missing). Column by
        column with numpy, not row by row with pandas: a page of 50 lines costs tens of microseconds."""
        picked = {c: self._column(c, positions) for c in columns}
        return [dict(zip(columns, values, strict=True)) for values in zip(*picked.values(), strict=True)]

    def _column(self, column: str, positions: np.ndarray) -> list:
        if column in self.codes:
            codes = self.codes[column][positions]
            categories = self._categories.get(column)
            if categories is None:
                categories = np.append(self.lines[column].cat.categories.to_numpy(dtype=object), None)
                self._categories[column] = categories
            return categories[codes].tolist()  # code -1 (missing) picks the None at the end
        values = self.lines[column].array
        if isinstance(values, np.ndarray):
            return values[positions].tolist()
        # Arrow-backed strings: take() picks the rows without turning the whole column into objects.
        return [None if v is pd.NA or v is None else v for v in values.take(positions).tolist()]

    def trend(self, position: int) -> dict[str, list[float | None]]:
        return {
            name: [None if np.isnan(v) else round(float(v), 4) for v in matrix[position]]
            for name, matrix in self.history.items()
        }

    def choices(self) -> dict[str, list[str]]:
        """The values each filter can take (for the dashboard's drop-downs)."""
        column = {"tier": "tier", "stage": "stage", "reason": "reason_1_category", "risk": "risk_tier", "kind": "kind"}
        out = {name: [str(v) for v in self.lines[col].cat.categories] for name, col in column.items()}
        out["region"] = sorted(
            {str(v) for v in self.lines["city"].cat.categories} | {str(v) for v in self.lines["county"].cat.categories}
        )
        return out


def latest_run(wh: Warehouse) -> tuple[str, str] | None:
    """(month, run_id) of the newest scoring run, or None when nothing is scored."""
    if not wh.has("score_runs"):
        return None
    row = wh.sql.execute("SELECT month, run_id FROM score_runs ORDER BY month DESC, created_at DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


# Who the line is, from the subscriber register.
_PROFILE = (
    "msisdn",  # encrypted at rest, with the masked copies below for those who may not see it
    "name",
    "msisdn_masked",
    "name_masked",
    "gender",
    "birth_year",
    "city",
    "county",
    "customer_type",
    "plan_id",
    "payment_type",
    "activation_date",
    "contract_end_date",
    "device_model",
    "account_manager_id",
)


def _profile_sql(wh: Warehouse) -> str:
    """The profile columns, those a warehouse loaded before masked copies were kept lacks read as NULL."""
    held = {row[0] for row in wh.sql.execute("DESCRIBE stg_subscribers").fetchall()}
    return ", ".join(f"u.{c}" if c in held else f"CAST(NULL AS VARCHAR) AS {c}" for c in _PROFILE)


def load_serving(wh: Warehouse, *, key: bytes, with_orders: Sequence[str] = ()) -> Serving | None:
    """The newest scored month, its lines' history and warnings; None when nothing is scored yet.
    ``with_orders``: lines that have work orders, kept as they last stood when the month does not hold
    them (a win-back order's line has left), so their orders can be shown and worked."""
    found = latest_run(wh)
    if found is None:
        return None
    month, run_id = found
    sql = wh.sql
    lines = sql.execute(
        f"""
        SELECT s.subscriber_id, s.p_churn, s.p_active, s.p_passive, s.p_latent, s.risk_tier, s.risk_rank,
               s.monthly_margin, s.revenue_at_risk, s.clv, s.expected_lifetime_months, s.value_at_risk,
               s.tier, s.stage, s.rfm_group,
               s.reason_1_category, s.reason_1_feature, s.reason_1_value, s.reason_1_direction,
               s.reason_2_category, s.reason_2_feature, s.reason_2_value, s.reason_2_direction,
               s.reason_3_category, s.reason_3_feature, s.reason_3_value, s.reason_3_direction,
               s.recommended_action,
               CASE WHEN s.p_active >= s.p_passive AND s.p_active >= s.p_latent THEN 'active'
                    WHEN s.p_passive >= s.p_latent THEN 'passive' ELSE 'latent' END AS kind,
               {_profile_sql(wh)}
        FROM score_monthly s LEFT JOIN stg_subscribers u USING (subscriber_id)
        WHERE s.run_id = ? ORDER BY s.p_churn DESC, s.subscriber_id
        """,
        [run_id],
    ).df()
    lines["pseudonym"] = [pseudonym(key, s) for s in lines["subscriber_id"]]
    for column in ("activation_date", "contract_end_date"):
        lines[column] = lines[column].astype("string")
    # Each line's position, as a table the history queries join on: the warehouse does the matching.
    sql.register(
        "_serving_ids",
        pa.table(
            {
                "subscriber_id": pa.array(lines["subscriber_id"].astype(str)),
                "pos": pa.array(np.arange(len(lines), dtype="int64")),
            }
        ),
    )
    months = [
        r[0]
        for r in sql.execute("SELECT DISTINCT month FROM score_runs WHERE month <= ? ORDER BY 1", [month]).fetchall()
    ][-12:]
    history = _matrices(sql, len(lines), months, _score_history_sql(), {"p_churn": "p_churn"})
    feature_months = _feature_months(wh, month)
    history |= _matrices(sql, len(lines), feature_months, "SELECT * FROM feat_monthly", _TRENDS)
    sql.unregister("_serving_ids")
    warnings = _warnings(wh, month)
    summary = {
        "lines": len(lines),
        "high": int((lines["risk_tier"] == "high").sum()),
        "revenue_at_risk": float(lines["revenue_at_risk"].sum()),
        "value_at_risk": float(lines["value_at_risk"].sum()),
        "mean_p_churn": float(lines["p_churn"].mean()) if len(lines) else 0.0,
        "score_months": months,
        "feature_months": feature_months,
    }
    serving = Serving(month, run_id, lines, months, history, warnings, summary)
    serving.outside = load_profiles(wh, sorted(set(with_orders) - set(lines["subscriber_id"])), key=key)
    return serving


def load_profiles(wh: Warehouse, ids: list[str], *, key: bytes) -> dict[str, dict]:
    """Profiles of lines not in the month: who they are, their last score, and when and how they left."""
    if not ids:
        return {}
    frame = wh.sql.execute(
        f"""
        WITH ids AS (SELECT unnest(?::VARCHAR[]) AS subscriber_id),
        gone AS (
            SELECT subscriber_id, min(timestamp) AS left_at, arg_min(to_status, timestamp) AS left_as
            FROM stg_status_changes
            WHERE to_status IN {sql_list(GONE_STATUSES)} AND subscriber_id IN (SELECT subscriber_id FROM ids)
            GROUP BY 1),
        last AS (
            SELECT subscriber_id, max(month) AS scored_month, arg_max(p_churn, month) AS p_churn,
                   arg_max(tier, month) AS tier, arg_max(risk_tier, month) AS risk_tier,
                   arg_max(stage, month) AS stage
            FROM score_monthly WHERE subscriber_id IN (SELECT subscriber_id FROM ids) GROUP BY 1)
        SELECT u.subscriber_id, {_profile_sql(wh)},
               CAST(g.left_at AS VARCHAR) AS left_at, CAST(g.left_as AS VARCHAR) AS left_as,
               l.scored_month, l.p_churn, l.tier, l.risk_tier, l.stage
        FROM ids JOIN stg_subscribers u USING (subscriber_id)
        LEFT JOIN gone g USING (subscriber_id) LEFT JOIN last l USING (subscriber_id)
        """,
        [ids],
    ).df()
    for column in ("activation_date", "contract_end_date"):
        frame[column] = frame[column].astype("string")
    frame["pseudonym"] = [pseudonym(key, s) for s in frame["subscriber_id"]]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {r["subscriber_id"]: r for r in rows}


def _score_history_sql() -> str:
    # The newest run of each month counts (a month scored again replaces what it said).
    return """
        SELECT subscriber_id, month, p_churn FROM score_monthly
        WHERE run_id IN (SELECT arg_max(run_id, created_at) FROM score_runs GROUP BY month)
    """


def _feature_months(wh: Warehouse, month: str) -> list[str]:
    if not wh.has("feat_monthly"):
        return []
    rows = wh.sql.execute("SELECT DISTINCT month FROM feat_monthly WHERE month <= ? ORDER BY 1", [month]).fetchall()
    return [r[0] for r in rows][-12:]


def _matrices(sql: object, n: int, months: list[str], query: str, columns: dict[str, str]) -> dict[str, np.ndarray]:
    """name → float32 [line, month] of ``columns`` (name → column of ``query``), NaN where not known."""
    out = {name: np.full((n, len(months)), np.nan, dtype="float32") for name in columns}
    if not months or not n:
        return out
    picked = ", ".join(f"CAST(q.{column} AS FLOAT) AS {name}" for name, column in columns.items())
    found = sql.execute(
        f"SELECT i.pos, list_position(?::VARCHAR[], q.month) - 1 AS m, {picked} "
        f"FROM ({query}) q JOIN _serving_ids i USING (subscriber_id) "
        f"WHERE q.month IN ({', '.join('?' * len(months))})",
        [months, *months],
    ).fetchnumpy()
    rows, cols = np.asarray(found["pos"]), np.asarray(found["m"])
    for name in columns:
        values = found[name]
        out[name][rows, cols] = (
            np.ma.filled(values.astype("float32"), np.nan) if np.ma.isMaskedArray(values) else values
        )
    return out


def _warnings(wh: Warehouse, month: str) -> dict[str, list[dict]]:
    if not wh.has("warn_monthly"):
        return {}
    frame = wh.sql.execute(
        """SELECT subscriber_id, month, rule, stage, severity, evidence FROM warn_monthly
           WHERE month <= ? AND month >= strftime(CAST(? || '-01' AS DATE) - INTERVAL 2 MONTH, '%Y-%m')
             AND subscriber_id IS NOT NULL
           ORDER BY month DESC, severity""",
        [month, month],
    ).df()
    out: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        evidence = record.pop("evidence")
        try:
            record["evidence"] = json.loads(evidence) if isinstance(evidence, str) else evidence
        except ValueError:
            record["evidence"] = {"text": str(evidence)}
        out.setdefault(record.pop("subscriber_id"), []).append(record)
    return out
