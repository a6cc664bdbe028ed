"""The monthly run: every step of a month in order, each recorded, resumable.

``run_month`` takes a month through ingest (new batches of a delivery) → mart → train (when due) →
score → segments → warnings → uplift (when campaigns taught something new) → act → winback → report.
Each finished step is recorded in the warehouse's ``run_steps`` (month, step, what it used and made, when).

A run that stops — killed, out of power — is run again with the same command and goes on. Every step
is safe to repeat: a batch already loaded is a no-op, the mart and the month's segments and warnings
are replaced whole in one transaction, a month already scored or trained for is not done twice, the
campaign with its orders and members is one transaction of the store and found again by its month,
and files are written under a temporary name and renamed. So a step whose outputs landed before the
stop but whose record did not is found done by its outputs, never done twice.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from churnguard import pipeline, training
from churnguard import warnings as early_warning
from churnguard.config import Settings
from churnguard.data.ingest import write_bytes
from churnguard.data.sim.run import simulate
from churnguard.errors import DataError
from churnguard.modeling.registry import Registry
from churnguard.monitoring import monitor
from churnguard.months import between, shift
from churnguard.reports import monthly_report
from churnguard.reports.render import html_document
from churnguard.retention import open_ops
from churnguard.retention.accounts import Accounts
from churnguard.retention.followup import simulate_followup
from churnguard.retention.orders import act_month, load_offers
from churnguard.retention.uplift import fit_uplift, latest_uplift
from churnguard.retention.winback import winback_month
from churnguard.segmenting import segment_month

__all__ = ["STEPS", "RunResult", "demo", "demo_settings", "run_month"]

STEPS = ("ingest", "mart", "train", "score", "segments", "warnings", "uplift", "act", "winback", "report")


@dataclass
class RunResult:
    month: str
    steps: list[dict] = field(default_factory=list)  # step, status (done / skipped / already), detail
    report: Path | None = None
    campaign: str | None = None


def _ledger(wh: object) -> None:
    wh.sql.execute(
        "CREATE TABLE IF NOT EXISTS run_steps (month VARCHAR, step VARCHAR, status VARCHAR, detail VARCHAR, "
        "finished_at TIMESTAMP)"
    )


def _done(settings: Settings) -> set[tuple[str, str]]:
    if not pipeline.warehouse_exists(settings):
        return set()  # a first run: the ingest step creates the warehouse
    with pipeline.open_warehouse(settings, read_only=True) as wh:
        if not wh.has("run_steps"):
            return set()
        return {(m, s) for m, s in wh.sql.execute("SELECT month, step FROM run_steps").fetchall()}


def _record(settings: Settings, month: str, step: str, status: str, detail: dict, now: datetime) -> None:
    with pipeline.open_warehouse(settings) as wh:
        _ledger(wh)
        wh.sql.execute(
            "INSERT INTO run_steps VALUES (?, ?, ?, ?, ?)",
            [month, step, status, json.dumps(detail, ensure_ascii=False, default=str), now.replace(tzinfo=None)],
        )


def _monitor_if_missing(
    wh: object, settings: Settings, *, run_id: str, month: str, model_id: str, now: datetime
) -> bool:
    """A run stopped between a scoring run's commit and its monitoring: monitor it now. True if it had to."""
    if (
        wh.has("drift_monthly")
        and wh.sql.execute("SELECT count(*) FROM drift_monthly WHERE run_id = ?", [run_id]).fetchone()[0]
    ):
        return False
    bundle, _ = Registry(settings.registry).load(model_id)
    scores = wh.sql.execute("SELECT * FROM score_monthly WHERE run_id = ?", [run_id]).df()
    monitor(wh, bundle, run_id=run_id, month=month, scores=scores, now=now, seed=settings.seed)
    return True


def _planned(store: object, month: str, *, policy: str | None = None) -> list[dict]:
    """The month's campaigns planned by a run: the retention one (``policy`` None) or those of ``policy``."""
    found = [c for c in store.campaigns(month) if c["created_by"] == "run"]
    if policy is None:
        return [c for c in found if c["policy"] != "winback"]
    return [c for c in found if c["policy"] == policy]


def _train_due(settings: Settings, month: str, alerts: bool) -> tuple[bool, str]:
    registry = Registry(settings.registry)
    champion = registry.champion
    if champion is None:
        return True, "no champion"
    as_of = registry.version(champion).get("as_of") or month
    if as_of >= month:
        return False, f"champion {champion} trained as of {as_of}"
    age = between(as_of, month)
    if age >= settings.retrain_months:
        return True, f"champion {age} months old (retrain_months {settings.retrain_months})"
    if alerts:
        return True, "monitoring recommends retraining"
    return False, f"champion {champion} is {age} month(s) old"


def run_month(
    settings: Settings,
    *,
    month: str,
    delivery: str | Path | None = None,
    reports: str | Path,
    now: datetime,
    progress: Callable[[str], None] | None = None,
    detail: Callable[[str, int, int], None] | None = None,
) -> RunResult:
    """Run ``month`` from its delivery (``delivery``: a folder of new batches, or None when loaded) to its
    report (written into ``reports``); steps recorded as done are skipped. ``progress`` hears each step as
    it starts, ``detail`` (what, done, total) the progress inside the long ones (ingest, mart)."""
    done = _done(settings)
    result = RunResult(month)

    def step(name: str, work: Callable[[], tuple[str, dict]]) -> None:
        if (month, name) in done:
            result.steps.append({"step": name, "status": "already", "detail": {}})
            return
        if progress:
            progress(name)
        status, detail = work()
        _record(settings, month, name, status, detail, now)
        result.steps.append({"step": name, "status": status, "detail": detail})

    def ingest() -> tuple[str, dict]:
        if delivery is None:
            return "skipped", {"reason": "no delivery given"}
        batches = pipeline.ingest(delivery, settings, now=now, progress=detail).result.batches
        count = {s: sum(b.status == s for b in batches) for s in ("loaded", "unchanged", "rejected")}
        return "done", count

    def mart() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings) as wh:
            available = [m for m in pipeline.data_months(wh) if m <= month]
            if month not in available:
                raise DataError("mart.months", first=month, last=month, available=", ".join(available) or "-")
            built = set(wh.months("feat_monthly"))
            missing = [m for m in available if m not in built]
            first = min([*missing, shift(month, -1) if shift(month, -1) in available else month])
            run = pipeline.build_mart(wh, settings, first=first, last=month, now=now, progress=detail)
        return "done", {"months": run.months, "pending_labels": run.pending_labels}

    def train() -> tuple[str, dict]:
        swept = Registry(settings.registry).sweep()  # a training killed half-way leaves no orphan
        with pipeline.open_warehouse(settings) as wh:
            alerts = wh.has("monitor_alerts") and bool(
                wh.sql.execute(
                    "SELECT count(*) FROM monitor_alerts WHERE month = ? AND retrain_recommended",
                    [shift(month, -1)],
                ).fetchone()[0]
            )
            due, why = _train_due(settings, month, alerts)
            if not due:
                return "skipped", {"reason": why, "swept": swept}
            trained = training.train(wh, settings, as_of=month, now=now)
        detail = {"reason": why, "model": trained.bundle.card["bundle_id"], "promoted": trained.promoted}
        return "done", detail | {"swept": swept}

    def score() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings) as wh:
            champion = Registry(settings.registry).champion
            if wh.has("score_runs"):
                found = wh.sql.execute(
                    "SELECT run_id FROM score_runs WHERE month = ? AND model_id = ?", [month, champion]
                ).fetchall()
                if found:
                    run_id = found[0][0]
                    watched = _monitor_if_missing(wh, settings, run_id=run_id, month=month, model_id=champion, now=now)
                    return "skipped", {"reason": "already scored by the champion", "run": run_id, "monitored": watched}
            scored = pipeline.score_month(wh, settings, month=month, now=now)
        return "done", {"run": scored.run_id, "model": scored.model_id, "lines": len(scored.scores)}

    def segments() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings) as wh:
            segment_month(wh, settings, month=month)
        return "done", {}

    def warnings() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings) as wh:
            run = early_warning.warn_month(wh, settings, month=month, now=now)
        hits = run.hit_rates
        measured = int(hits.loc[hits["measured"], "month"].nunique())
        detail = {"hit_rate_months": measured, "review": early_warning.to_review(hits)}
        return "done", {"run": run.run_id, "warnings": len(run.warnings)} | detail

    def uplift() -> tuple[str, dict]:
        found = latest_uplift(settings, month=month)
        if found is not None and found[1].get("month") == month:
            return "skipped", {"reason": "trained for this month", "model": found[1]["bundle_id"]}
        with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as store:
            try:
                card = fit_uplift(wh, store, settings, month=month, now=now)
            except DataError as error:
                if error.key != "uplift.too_few":
                    raise
                return "skipped", {"reason": "not enough campaign follow-up yet"}
        return "done", {"model": card["bundle_id"], "rows": card["rows"]}

    def act() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as store:
            planned = _planned(store, month)
            if planned:
                result.campaign = planned[0]["campaign_id"]
                return "skipped", {"reason": "campaign already planned", "campaign": result.campaign}
            plan = act_month(
                wh,
                store,
                settings,
                month=month,
                budget=settings.act_budget,
                capacity=settings.act_capacity,
                now=now,
                by="run",
            )
        result.campaign = plan.campaign_id
        return "done", {"campaign": plan.campaign_id, "orders": len(plan.orders), "policy": plan.policy}

    def winback() -> tuple[str, dict]:
        with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as store:
            planned = _planned(store, month, policy="winback")
            if planned:
                return "skipped", {"reason": "win-back campaign already planned", "campaign": planned[0]["campaign_id"]}
            offers = load_offers(settings.offers_file) if settings.offers_file else ()
            run = winback_month(wh, store, settings, month=month, now=now, offers=offers, by="run")
        detail = {"files": run.files, "orders": len(run.orders), "returned": run.returned, "cancelled": run.cancelled}
        return "done", detail | {"campaign": run.campaign_id}

    def report() -> tuple[str, dict]:
        target = Path(reports) / f"churn-report-{month}.html"
        with pipeline.open_warehouse(settings, read_only=True) as wh, open_ops(settings, create_keys=True) as store:
            built = monthly_report(wh, store, settings, month=month)
        write_bytes(html_document(built, lang=settings.lang, warehouse=settings.warehouse, now=now).encode(), target)
        result.report = target
        return "done", {"file": str(target), "churn_rate": built.summary["churn_rate"]}

    for name, work in (
        ("ingest", ingest),
        ("mart", mart),
        ("train", train),
        ("score", score),
        ("segments", segments),
        ("warnings", warnings),
        ("uplift", uplift),
        ("act", act),
        ("winback", winback),
        ("report", report),
    ):
        step(name, work)
    if result.report is None:
        result.report = Path(reports) / f"churn-report-{month}.html"
    if result.campaign is None:  # planned by an earlier run of the month
        with open_ops(settings, create_keys=True) as store:
            planned = [c["campaign_id"] for c in _planned(store, month)]
        result.campaign = planned[0] if planned else None
    return result


# ---------------------------------------------------------------- the operator demo

DEMO_START = "2025-01"


def demo_settings(home: Path, settings: Settings) -> Settings:
    """The demo's settings: everything under ``home``, and a lighter monthly training (one backtest origin,
    LightGBM only, no per-segment comparison) so that the whole demo fits in minutes on a laptop."""
    return settings.model_copy(
        update={
            "warehouse": str(home / "churnguard.duckdb"),
            "store": str(home / "churnguard-ops.sqlite"),
            # Beside the databases, not in them; an operator names a secret mount instead.
            "key_file": str(home / "churnguard.key"),
            "registry": str(home / "models"),
            "cycle_models": ["lightgbm"],
            "backtest_origins": 1,
            "segment_models": False,
        }
    )


def write_demo_config(home: Path, settings: Settings) -> Path:
    """``home/churnguard.toml``: where the demo operator's warehouse, store, models and keys are, so every
    later command (``churnguard --config home/churnguard.toml serve``) finds all four."""
    path = home / "churnguard.toml"
    fields = {k: str(Path(getattr(settings, k)).resolve()) for k in ("warehouse", "store", "registry", "key_file")}
    write_bytes("".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items()).encode("utf-8"), path)
    return path


def demo(
    home: str | Path,
    settings: Settings,
    *,
    subscribers: int = 20_000,
    months: int = 13,
    now: datetime,
    progress: Callable[[str], None] | None = None,
    detail: Callable[[str, int, int], None] | None = None,
) -> list[RunResult]:
    """Simulate an operator into ``home`` (kept when already there) and run its last two months: the first
    plans a campaign, which the simulator then plays forward; the second measures it, learns from it and
    plans the next. A second call reuses what exists (every step is found done)."""
    home = Path(home)
    settings = demo_settings(home, settings)
    operator = home / "operator"
    if not (operator / "_truth" / "summary.json").is_file():
        if progress:
            progress(f"simulate {subscribers:,} lines × {months} months")
        simulate(
            operator,
            subscribers=subscribers,
            months=months,
            start=DEMO_START,
            seed=settings.seed,
            progress=None if detail is None else (lambda m, done, total: detail(f"simulate {m}", done, total)),
        )
    last = shift(DEMO_START, months - 1)
    first = shift(last, -1)
    runs = [
        run_month(
            settings,
            month=first,
            delivery=operator,
            reports=home / "reports",
            now=now,
            progress=progress,
            detail=detail,
        )
    ]
    if runs[0].campaign:
        with open_ops(settings, create_keys=True) as store:
            if not store.member_outcomes(runs[0].campaign):
                simulate_followup(store, operator, runs[0].campaign, seed=settings.seed, now=now)
    runs.append(
        run_month(
            settings, month=last, delivery=None, reports=home / "reports", now=now, progress=progress, detail=detail
        )
    )
    demo_logins(home, settings, now=now)
    return runs


def demo_logins(home: Path, settings: Settings, *, now: datetime) -> dict[str, tuple[str, str]]:
    """One dashboard login per role for the demo (role → (account, password)), made once with random
    passwords and kept in ``home/demo-logins.txt`` (readable by its owner only): an admin, an analyst,
    a supervisor of the county with the most lines, and the account manager with the most open orders."""
    settings = demo_settings(home, settings)
    path = home / "demo-logins.txt"
    if path.is_file():
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
        return {role: (account, password) for role, account, password in rows}
    with pipeline.open_warehouse(settings, read_only=True) as wh:
        region = wh.sql.execute(
            "SELECT county FROM stg_subscribers GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()[0]
    logins: dict[str, tuple[str, str]] = {}
    with open_ops(settings, create_keys=True) as store:
        open_orders = [o for o in store.orders() if o["owner_id"] and o["status"] in ("open", "in_progress")]
        owners = sorted(
            {o["owner_id"] for o in open_orders}, key=lambda m: (-sum(o["owner_id"] == m for o in open_orders), m)
        )
        accounts = Accounts(store)
        known = {a["staff_id"] for a in accounts.list()}
        for role, staff_id, name in (
            ("admin", "admin", "Admin"),
            ("analyst", "analyst", "王分析"),
            ("supervisor", "supervisor", "李主管"),
            ("agent", owners[0] if owners else "agent", owners[0] if owners else "agent"),
        ):
            password = secrets.token_urlsafe(15)
            if staff_id not in known:
                accounts.add(
                    staff_id,
                    name=name,
                    role=role,
                    password=password,
                    now=now.replace(tzinfo=None),
                    region=region if role == "supervisor" else None,
                )
                logins[role] = (staff_id, password)
    path.write_text("".join(f"{r}\t{a}\t{p}\n" for r, (a, p) in logins.items()), encoding="utf-8")
    path.chmod(0o600)
    return logins
