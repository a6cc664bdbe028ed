"""The REST API under load with 1,000,000 scored subscribers.

What is served: a realistic small operator (``churnguard demo``: 20,000 lines × 13 months, two scored
months, a campaign with work orders), its warehouse replicated ×K in DuckDB under new subscriber ids
until at least ``--lines`` lines are scored in the newest month (copy 0 keeps the original ids, copy k
gets ``<id>-k`` and its p_churn moved by up to ±10 % so the risk order is not K identical blocks). The
tables the service reads when it loads its snapshot are replicated: ``score_monthly``,
``stg_subscribers``, ``feat_monthly`` (only the columns the serving layer and the monthly report read),
``warn_monthly``, and for the month's report ``lbl_churn``, ``stg_status_changes``, ``stg_complaints``
and ``stg_surveys``; run and monitoring tables (``score_runs`` with the same run ids, ``warn_runs``,
``drift_monthly`` …) and ``stg_bills`` (the report reads only which months it covers) are copied as
they are. The ops store is a fresh copy of the demo's (its work orders) with two logins added with
``Accounts.add``: an admin and a supervisor of the county with the most lines.

How it is served: ``churnguard serve --workers N`` (uvicorn, the app's own factory) on 127.0.0.1, once
per worker count in ``--workers``. The first authenticated request loads the snapshot (timed); then
new connections are sent until every worker answers quickly (each worker holds its own snapshot), and
the server's memory (RSS of every process) is read.

What is measured, each phase bounded to ``--duration`` seconds at ``--connections`` connections, all
generated on this machine (the load generator shares the cores with the server; its CPU time is
reported next to the server's):

- ``at_risk_list``: GET /api/v1/subscribers over filter / sort / page variants, as the admin and the
  supervisor (region-scoped) in turn — target ≥ 300 requests/s, p99 ≤ 200 ms;
- ``customer_360``: GET /api/v1/subscribers/{id} over 20,000 different ids as the admin (unmasked, so
  every view is written to the audit log) — target ≥ 300 requests/s, p99 ≤ 200 ms;
- ``customer_360_masked``: the same with ``?masked=true`` (no audit entry; a diagnostic, no target);
- ``work_order_updates``: PATCH /api/v1/work-orders/{id} {"version": v, "status": "in_progress"} and,
  one in five, POST /api/v1/work-orders/{id}/contacts, both version-checked, on ``--hot-orders`` orders
  by 32 clients paced together at the target rate (latency counted from each planned send time); a
  409 is followed by a GET of the order to learn its version — target ≥ 50 updates/s answered (2xx or
  409) with p99 ≤ 500 ms and no lost update: afterwards each order's version is its version before
  plus the writes the load got 2xx for, each version was handed out once, and the contact rows added
  equal the 201s;
- ``work_order_updates_max``: the same unpaced, as fast as replies come, so that the clients collide
  and 409s are frequent (throughput at saturation; a diagnostic, checked for lost updates too).

The GET phases use ``wrk`` (installed with apt-get when missing, as scripts/system-packages.sh does;
a Python client stands in when that fails); the update phase uses an asyncio httpx client. A target
is met only with no error (no 5xx, no socket error, nothing but the expected statuses).

Writes ``benchmarks/results/api_load.{json,md}`` (``--name`` picks another stem).

Usage: python benchmarks/api_load.py [--lines N] [--workers 1,2] [--duration S] [--connections C]
       [--base DEMO_DIR] [--store-url URL] [--work DIR]
(``--work`` keeps the demo operator and the replicated warehouse, so a second run only serves and loads;
``--base`` uses an existing ``churnguard demo`` folder, default runs/demo when it is there;
``--store-url`` serves a PostgreSQL store instead of a SQLite copy — the demo's store is copied into it
when it has no work orders yet.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import math
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import numpy as np

RESULTS = Path(__file__).parent / "results"
REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Lantern-orchid-47-railway"
USERS = {"admin": "bench_admin", "supervisor": "bench_sup"}
TARGETS = {
    "at_risk_list": {"rps": 300.0, "p99_ms": 200.0},
    "customer_360": {"rps": 300.0, "p99_ms": 200.0},
    "work_order_updates": {"rps": 50.0, "p99_ms": 500.0},
}
# Tables replicated under new ids (table → columns holding a subscriber id), and copied as they are.
REPLICATED = {
    "score_monthly": ("subscriber_id",),
    "stg_subscribers": ("subscriber_id",),
    "feat_monthly": ("subscriber_id",),
    "warn_monthly": ("subscriber_id",),
    "lbl_churn": ("subscriber_id",),
    "stg_status_changes": ("subscriber_id",),
    "stg_complaints": ("subscriber_id",),
    "stg_surveys": ("respondent",),
}
COPIED = (
    "score_runs",
    "warn_runs",
    "warn_winback",
    "mart_runs",
    "model_realised",
    "drift_monthly",
    "monitor_alerts",
    "stg_bills",
)
CUSTOMER_IDS = 20_000
CORES = os.cpu_count() or 1
HEALTHCHECK_SECONDS = 600  # the uvicorn launcher's worker health check (uvicorn's default: 5 s)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- preparing


def _base_ready(base: Path) -> bool:
    return all((base / name).exists() for name in ("churnguard.duckdb", "churnguard-ops.sqlite", "models"))


def prepare_base(work: Path, base: Path | None) -> tuple[Path, dict]:
    """The demo operator to replicate: ``base``, else runs/demo when there, else built in ``work/base``."""
    for candidate in (base, REPO / "runs" / "demo", work / "base"):
        if candidate is not None and _base_ready(candidate):
            log(f"base operator: {candidate}")
            return candidate, {"base": str(candidate), "base_seconds": 0.0}
    if base is not None:
        raise SystemExit(f"{base} is not a `churnguard demo` folder (churnguard.duckdb, churnguard-ops.sqlite, models)")
    log("building the base operator with `churnguard demo` (a few minutes)")
    started = time.perf_counter()
    subprocess.run([str(BIN / "churnguard"), "demo", "--out", str(work / "base")], check=True, cwd=work)
    return work / "base", {"base": str(work / "base"), "base_seconds": round(time.perf_counter() - started, 1)}


def _feature_columns() -> list[str]:
    # What the service reads of the mart: the serving layer's trends and the monthly report's columns.
    from churnguard.api.serving import _TRENDS
    from churnguard.reports.monthly import _COMPLAINT_FEATURES

    return ["subscriber_id", "month", *_TRENDS.values(), "usage_events", *_COMPLAINT_FEATURES.values()]


def prepare_warehouse(work: Path, base: Path, lines: int) -> dict:
    """The base warehouse replicated to ≥ ``lines`` scored lines (kept in ``work``; skipped when there)."""
    import duckdb

    target = work / f"w{lines}.duckdb"
    marker = work / f"w{lines}.json"
    if marker.is_file() and target.is_file():
        log(f"replicated warehouse: {target} (prepared before)")
        return json.loads(marker.read_text())
    started = time.perf_counter()
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    con = duckdb.connect(str(partial))
    try:
        con.execute("SET threads = 2; SET memory_limit = '6GB'; SET preserve_insertion_order = false")
        con.execute(f"ATTACH '{base / 'churnguard.duckdb'}' AS base (READ_ONLY)")
        run_id = con.execute("SELECT run_id FROM base.score_runs ORDER BY month DESC, created_at DESC LIMIT 1")
        run_id = run_id.fetchone()[0]
        per_copy = con.execute("SELECT count(*) FROM base.score_monthly WHERE run_id = ?", [run_id]).fetchone()[0]
        copies = math.ceil(lines / per_copy)
        log(f"replicating {per_copy:,} scored lines ×{copies} into {target.name}")
        con.execute(f"CREATE TEMP TABLE copies AS SELECT range AS k FROM range({copies})")
        have = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'base'"
            ).fetchall()
        }
        features = _feature_columns()
        for table, ids in REPLICATED.items():
            if table not in have:
                continue
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'base' "
                    "AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            if table == "feat_monthly":
                columns = [c for c in columns if c in features]
            picked = []
            for c in columns:
                if c in ids:
                    picked.append(f'CASE WHEN k = 0 THEN "{c}" ELSE "{c}" || \'-\' || k END AS "{c}"')
                elif table == "score_monthly" and c == "p_churn":
                    # ±10 % per line and copy, so the copies interleave in the risk order.
                    picked.append(
                        "CASE WHEN k = 0 THEN p_churn ELSE least(1.0, p_churn * (0.9 + 0.2 * "
                        "((hash(subscriber_id, k) % 10007) / 10007.0))) END AS p_churn"
                    )
                else:
                    picked.append(f'"{c}"')
            s = time.perf_counter()
            con.execute(f'CREATE TABLE "{table}" AS SELECT {", ".join(picked)} FROM base."{table}", copies')
            rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            log(f"  {table}: {rows:,} rows, {len(picked)} columns ({time.perf_counter() - s:.1f} s)")
        for table in COPIED:
            if table in have:
                con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM base."{table}"')
        served = con.execute("SELECT count(*) FROM score_monthly WHERE run_id = ?", [run_id]).fetchone()[0]
        con.execute("DETACH base")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    partial.rename(target)
    info = {
        "warehouse": str(target),
        "lines": int(served),
        "lines_per_copy": int(per_copy),
        "copies": copies,
        "run_id": run_id,
        "feature_columns": features,
        "warehouse_mib": round(target.stat().st_size / 2**20),
        "prepare_seconds": round(time.perf_counter() - started, 1),
    }
    marker.write_text(json.dumps(info, indent=2))
    return info


def _copy_store(source: Path, url: str) -> None:
    """The demo's store rows into the (migrated, empty) store at ``url``, ids included."""
    import sqlalchemy as sa

    from churnguard.retention import open_store
    from churnguard.retention.schema import metadata

    src = sa.create_engine(f"sqlite:///{source}")
    with open_store(url) as store, src.connect() as read, store.engine.begin() as write:
        have = set(sa.inspect(src).get_table_names())
        for table in metadata.sorted_tables:
            if table.name not in have:
                continue
            names = {c["name"] for c in sa.inspect(src).get_columns(table.name)}
            columns = [c for c in table.columns if c.name in names]
            rows = [dict(r) for r in read.execute(sa.select(*columns)).mappings()]
            if rows:
                write.execute(sa.insert(table), rows)
        if write.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if column.autoincrement is True:
                        write.execute(
                            sa.text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                f"coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
                            )
                        )


def _ledger(base: Path, store_url: str) -> object:
    """The audit ledger the server uses: the demo's keys file, the checkpoints its settings name."""
    from churnguard.config import Settings
    from churnguard.retention.ledger import ledger_for

    return ledger_for(Settings(store=store_url, key_file=str(base / "churnguard.key")))


def prepare_store(run_dir: Path, base: Path, store_url: str | None, region: str) -> str:
    """The ops store for one server run, with the benchmark's logins."""
    from churnguard.errors import DataError
    from churnguard.retention import open_store
    from churnguard.retention.accounts import Accounts

    if store_url is None:
        url = str(run_dir / "ops.sqlite")
        for suffix in ("", "-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)
        with sqlite3.connect(base / "churnguard-ops.sqlite") as src, sqlite3.connect(url) as dst:
            src.backup(dst)  # the WAL's pages too, unlike a file copy
    else:
        url = store_url
        with open_store(url) as store:
            empty = not store.orders()
        if empty:
            log(f"copying the demo's store into {url}")
            _copy_store(base / "churnguard-ops.sqlite", url)
    with open_store(url) as store:
        accounts = Accounts(store)
        for role, staff_id in USERS.items():
            with contextlib.suppress(DataError):  # a PostgreSQL store kept from an earlier run has them
                accounts.add(
                    staff_id,
                    name=f"Bench {role}",
                    role=role,
                    region=region if role == "supervisor" else None,
                    password=PASSWORD,
                    now=datetime.now() - timedelta(days=1),
                )
    return url


# ---------------------------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def _status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])  # kB
    except OSError:
        pass
    return 0


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class Server:
    """The service in its own process group, its log in ``run_dir``: ``churnguard serve`` (``launcher``
    "serve"), or uvicorn's own command line with a longer worker health check ("uvicorn")."""

    def __init__(
        self, run_dir: Path, warehouse: str, store: str, registry: Path, workers: int, launcher: str = "serve"
    ) -> None:
        self.port, self.workers, self.launcher = _free_port(), workers, launcher
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHURNGUARD_")}
        env |= {
            "CHURNGUARD_WAREHOUSE": warehouse,
            "CHURNGUARD_STORE": store,
            "CHURNGUARD_REGISTRY": str(registry),
            # The demo keeps its keys file beside its models (a server never makes one).
            "CHURNGUARD_KEY_FILE": str(Path(registry).parent / "churnguard.key"),
            "CHURNGUARD_LANG": "en",
        }
        self.log_path = run_dir / f"server-{launcher}-{workers}.log"
        if launcher == "serve":
            command = [str(BIN / "churnguard"), "serve", "--port", str(self.port), "--workers", str(workers)]
        else:
            command = [
                *(str(BIN / "python"), "-m", "uvicorn", "--factory", "churnguard.api:app_from_environment"),
                *("--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)),
                *("--log-level", "warning", "--no-access-log", "--no-proxy-headers"),
                *("--timeout-worker-healthcheck", str(HEALTHCHECK_SECONDS)),
            ]
        self.command = " ".join(command).replace(str(BIN) + "/", ".venv/bin/")
        self.started = time.perf_counter()
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=run_dir, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def workers_started(self) -> set[int]:
        """The worker processes uvicorn's supervisor has started (and not yet reaped)."""
        out = set()
        for pid in self.pids():
            try:
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    out.add(pid)
            except OSError:
                pass
        return out

    def pids(self) -> list[int]:
        return _tree(self.process.pid)

    def rss_mib(self) -> dict[str, float]:
        per = {pid: _status(pid, "VmRSS") / 1024 for pid in self.pids()}
        peak = {pid: _status(pid, "VmHWM") / 1024 for pid in per}
        return {
            "total": round(sum(per.values())),
            "peak_total": round(sum(peak.values())),
            "per_process": [round(v) for v in sorted(per.values(), reverse=True)],
        }

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_healthy(self, timeout: float = 120) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer /healthz in {timeout} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def token(url: str, role: str) -> str:
    reply = httpx.post(url + "/api/v1/token", json={"username": USERS[role], "password": PASSWORD}, timeout=60)
    reply.raise_for_status()
    return reply.json()["access_token"]


def warm_up(server: Server, tokens: dict[str, str], timeout: float) -> dict:
    """Asks for the at-risk list until it is answered (the service reads its snapshot first: at the first
    request, or from start-up and answering 503 meanwhile), then sends rounds of new connections until
    every worker has its own snapshot: two rounds in a row answered within 0.5 s each. Times count from
    the server's start. A request the server drops is sent again; a worker that uvicorn's supervisor
    replaced (its health check kills a worker that does not answer within 5 s, as a snapshot load can)
    is counted, and the second replacement ends the wait."""
    headers = {"Authorization": "Bearer " + tokens["admin"]}
    seen = server.workers_started()
    initial = len(seen)
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.5):
            seen.update(server.workers_started())

    threading.Thread(target=poll, daemon=True).start()
    out = {"ready": False, "dropped_requests": 0, "loading_503": 0, "worker_restarts": 0, "first_200_seconds": None}

    async def round_(n: int) -> float:
        async def one() -> float:
            async with httpx.AsyncClient(timeout=timeout) as client:  # a new connection each time
                t = time.perf_counter()
                r = await client.get(server.url + "/api/v1/subscribers", headers=headers)
                if r.status_code == 503:
                    out["loading_503"] += 1
                    return math.inf
                r.raise_for_status()
                return time.perf_counter() - t

        answers = await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
        dropped = sum(isinstance(a, httpx.TransportError) for a in answers)
        out["dropped_requests"] += dropped
        failed = [a for a in answers if isinstance(a, BaseException) and not isinstance(a, httpx.TransportError)]
        if failed:
            raise failed[0]
        return math.inf if dropped else max(answers)

    try:
        fast = 0
        while fast < 2:
            out["worker_restarts"] = len(seen) - initial
            if out["worker_restarts"] >= 2 or server.process.poll() is not None:
                out["why_not"] = f"uvicorn replaced {out['worker_restarts']} worker(s) during the snapshot load"
                break
            if time.perf_counter() - server.started > timeout:
                out["why_not"] = f"not every worker answered quickly within {timeout:.0f} s"
                break
            if out["first_200_seconds"] is None:
                if asyncio.run(round_(1)) < math.inf:
                    out["first_200_seconds"] = round(time.perf_counter() - server.started, 1)
                    log(f"  first list answered {out['first_200_seconds']} s after the server started")
                else:
                    time.sleep(0.5)
                continue
            if asyncio.run(round_(8 * server.workers)) < 0.5:
                fast += 1
            else:
                fast = 0
                time.sleep(0.5)
        else:
            out["ready"] = True
    finally:
        stop.set()
    out["worker_restarts"] = len(seen) - initial
    out["all_workers_ready_seconds"] = round(time.perf_counter() - server.started, 1)
    if out["ready"]:
        reply = httpx.get(server.url + "/api/v1/subscribers", headers=headers, timeout=60)
        out["lines_served"] = reply.json()["total"]
    return out


# ---------------------------------------------------------------------------------------------- load

WRK_SCRIPT = r"""
local threads, counter = {}, 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    local tok, path = line:match("^(%S+) (%S+)$")
    lines[#lines + 1] = {path, {["Authorization"] = "Bearer " .. tok}}
  end
  i = (id * 7919) % #lines
  statuses = {}
end
function request()
  i = i % #lines + 1
  return wrk.format("GET", lines[i][1], lines[i][2])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local codes = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do codes[tostring(k)] = (codes[tostring(k)] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(codes) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
"""


def ensure_wrk() -> str | None:
    """wrk, installed with apt-get when missing (the house way: scripts/system-packages.sh); None if it cannot be."""
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    if subprocess.run(install, **quiet).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], **quiet)
        subprocess.run(install, **quiet)
    return shutil.which("wrk")


def _summary(latencies: list[float], duration: float, statuses: dict[str, int], errors: dict[str, int]) -> dict:
    ms = np.asarray(latencies, dtype=float) * 1000 if latencies else np.asarray([np.nan])
    return {
        "requests": len(latencies),
        "seconds": round(duration, 2),
        "rps": round(len(latencies) / duration, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p90_ms": round(float(np.percentile(ms, 90)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
        "max_ms": round(float(np.max(ms)), 1),
        "statuses": dict(sorted(statuses.items())),
        "errors": errors,
    }


def wrk_phase(wrk: str, server: Server, lines: list[str], run_dir: Path, name: str, args: argparse.Namespace) -> dict:
    script, paths = run_dir / "load.lua", run_dir / f"{name}.paths"
    script.write_text(WRK_SCRIPT)
    paths.write_text("\n".join(lines) + "\n")
    command = [
        wrk,
        f"-t{min(2, args.connections)}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        server.url,
        "--",
        str(paths),
    ]
    before_server, before_self = _cpu_seconds(server.pids()), os.times()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after_self = os.times()
    out = next(line for line in done.stdout.splitlines() if line.startswith("WRK_JSON "))
    r = json.loads(out.removeprefix("WRK_JSON "))
    seconds = r["duration_us"] / 1e6
    return {
        "requests": r["requests"],
        "seconds": round(seconds, 2),
        "rps": round(r["requests"] / seconds, 1),
        **{f"p{p}_ms": round(r[f"p{p}_us"] / 1000, 1) for p in (50, 90, 99)},
        "max_ms": round(r["max_us"] / 1000, 1),
        "statuses": dict(sorted(r["statuses"].items())),
        "errors": {k: v for k, v in r["errors"].items() if k != "status"},
        "server_cpu_seconds": round(_cpu_seconds(server.pids()) - before_server, 1),
        "loadgen_cpu_seconds": round(
            (after_self.children_user + after_self.children_system)
            - (before_self.children_user + before_self.children_system),
            1,
        ),
        "generator": f"wrk -t{min(2, args.connections)}",
        "variants": len(lines),
    }


async def _python_get_load(url: str, lines: list[str], duration: float, connections: int) -> dict:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = {"socket": 0}
    kinds_of_error: dict[str, int] = {}
    # Let idle connections go before uvicorn's 5 s keep-alive does, or a request sent just as the server
    # closes one fails with a ReadError that says nothing about the service.
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        deadline = time.perf_counter() + duration

        async def worker(n: int) -> None:
            i = n * 7919
            while time.perf_counter() < deadline:
                i += 1
                tok, path = lines[i % len(lines)].split(" ", 1)
                t = time.perf_counter()
                try:
                    r = await client.get(path, headers={"Authorization": "Bearer " + tok})
                except httpx.HTTPError as error:
                    errors["socket"] += 1
                    kinds_of_error[type(error).__name__] = kinds_of_error.get(type(error).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - t)
                statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(connections)))
        return _summary(latencies, time.perf_counter() - started, statuses, errors) | {"socket_errors": kinds_of_error}


def python_phase(server: Server, lines: list[str], args: argparse.Namespace) -> dict:
    before_server, before_self = _cpu_seconds(server.pids()), time.process_time()
    out = asyncio.run(_python_get_load(server.url, lines, args.duration, args.connections))
    return out | {
        "server_cpu_seconds": round(_cpu_seconds(server.pids()) - before_server, 1),
        "loadgen_cpu_seconds": round(time.process_time() - before_self, 1),
        "generator": "python httpx (asyncio)",
        "variants": len(lines),
    }


def list_variants(info: dict, tokens: dict[str, str]) -> list[str]:
    """At-risk list requests: filters, sorts and pages, each as the admin and as the supervisor."""
    import duckdb

    with duckdb.connect(info["warehouse"], read_only=True) as con:

        def top(column: str, n: int = 1) -> list[str]:
            return [
                r[0]
                for r in con.execute(
                    f"SELECT {column} FROM score_monthly WHERE run_id = ? AND {column} IS NOT NULL "
                    f"GROUP BY 1 ORDER BY count(*) DESC LIMIT {n}",
                    [info["run_id"]],
                ).fetchall()
            ]

        tiers, stages, reasons = top("tier", 3), top("stage", 2), top("reason_1_category", 3)
        county = con.execute("SELECT county FROM stg_subscribers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        county = county.fetchone()[0]
    queries: list[dict] = [
        {},
        {"page": 2},
        {"page": 40},
        {"risk": "high"},
        {"risk": "high", "page": 3},
        {"sort": "value_at_risk"},
        {"sort": "clv", "order": "asc"},
        {"sort": "revenue_at_risk", "page_size": 100},
        {"tier": tiers[0]},
        {"tier": tiers[1], "sort": "value_at_risk"},
        {"tier": tiers[2], "risk": "high"},
        {"stage": stages[0], "page": 5},
        {"stage": stages[1]},
        {"reason": reasons[0]},
        {"reason": reasons[1], "sort": "monthly_margin"},
        {"reason": reasons[2], "risk": "medium"},
        {"kind": "passive"},
        {"region": county},
        {"region": county, "risk": "high", "page": 2},
        {"page_size": 200},
    ]
    return [
        f"{tokens[role]} /api/v1/subscribers" + (("?" + urlencode(q, quote_via=quote)) if q else "")
        for q in queries
        for role in ("admin", "supervisor")
    ]


def customer_ids(info: dict, n: int) -> list[str]:
    import duckdb

    with duckdb.connect(info["warehouse"], read_only=True) as con:
        rows = con.execute(
            f"SELECT subscriber_id FROM (SELECT subscriber_id FROM score_monthly WHERE run_id = ?) "
            f"USING SAMPLE reservoir({n} ROWS) REPEATABLE (7)",
            [info["run_id"]],
        ).fetchall()
    return [r[0] for r in rows]


def _versions(store_url: str, order_ids: list[str]) -> tuple[dict[str, int], int]:
    import sqlalchemy as sa

    from churnguard.retention import open_store
    from churnguard.retention.schema import contact_attempts, work_orders

    with open_store(store_url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(work_orders.c.order_id, work_orders.c.version).where(work_orders.c.order_id.in_(order_ids))
        ).all()
        contacts = conn.execute(sa.select(sa.func.count()).select_from(contact_attempts)).scalar_one()
    return {r[0]: int(r[1]) for r in rows}, int(contacts)


async def _update_load(
    url: str, tok: str, start: dict[str, int], duration: float, connections: int, rate: float | None
) -> dict:
    """``connections`` clients changing the orders of ``start`` for ``duration`` seconds: as fast as the
    replies come, or (``rate``) one change every 1/rate seconds shared among them, each latency counted
    from its planned send time, so a stall is not hidden by the clients waiting for it."""
    rng = random.Random(11)
    known = dict(start)
    hot = sorted(start)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = {"socket": 0, "unexpected": 0}
    kinds_of_error: dict[str, int] = {}
    granted: dict[str, list[int]] = {o: [] for o in hot}
    kinds = {"patch_2xx": 0, "contact_2xx": 0, "conflict_409": 0, "refresh_get": 0, "planned": 0}
    # Let idle connections go before uvicorn's 5 s keep-alive does, or a request sent just as the server
    # closes one fails with a ReadError that says nothing about the service.
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=2.0)
    headers = {"Authorization": "Bearer " + tok}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30, headers=headers) as client:
        deadline = time.perf_counter() + duration
        plan = {"next": time.perf_counter()}

        async def worker() -> None:
            while time.perf_counter() < deadline:
                if rate:
                    t = plan["next"]
                    plan["next"] = t + 1 / rate
                    if t >= deadline:
                        return
                    kinds["planned"] += 1
                    await asyncio.sleep(max(0.0, t - time.perf_counter()))
                else:
                    t = time.perf_counter()
                order = rng.choice(hot)
                version = known[order]
                contact = rng.random() < 0.2
                try:
                    if contact:
                        r = await client.post(
                            f"/api/v1/work-orders/{order}/contacts",
                            json={
                                "version": version,
                                "channel": "phone",
                                "reached": True,
                                "result": "follow_up",
                                "status": "in_progress",
                            },
                        )
                    else:
                        r = await client.patch(
                            f"/api/v1/work-orders/{order}", json={"version": version, "status": "in_progress"}
                        )
                except httpx.HTTPError as error:
                    errors["socket"] += 1
                    kinds_of_error[type(error).__name__] = kinds_of_error.get(type(error).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - t)
                statuses[str(r.status_code)] = statuses.get(str(r.status_code), 0) + 1
                if r.status_code in (200, 201):
                    new = int(r.json()["version"])
                    granted[order].append(new)
                    kinds["contact_2xx" if contact else "patch_2xx"] += 1
                    known[order] = max(known[order], new)
                elif r.status_code == 409:
                    kinds["conflict_409"] += 1
                    try:
                        fresh = await client.get(f"/api/v1/work-orders/{order}")
                    except httpx.HTTPError as error:
                        errors["socket"] += 1
                        kinds_of_error[type(error).__name__] = kinds_of_error.get(type(error).__name__, 0) + 1
                        continue
                    kinds["refresh_get"] += 1
                    if fresh.status_code == 200:
                        known[order] = max(known[order], int(fresh.json()["version"]))
                else:
                    errors["unexpected"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        out = _summary(latencies, time.perf_counter() - started, statuses, errors)
    return out | kinds | {"granted": granted, "socket_errors": kinds_of_error}


def update_phase(
    server: Server, store_url: str, tok: str, hot: list[str], args: argparse.Namespace, rate: float | None
) -> dict:
    start, contacts_before = _versions(store_url, hot)
    before_server, before_self = _cpu_seconds(server.pids()), time.process_time()
    out = asyncio.run(_update_load(server.url, tok, start, args.duration, args.connections, rate))
    server_cpu = _cpu_seconds(server.pids()) - before_server
    loadgen_cpu = time.process_time() - before_self
    final, contacts_after = _versions(store_url, hot)
    granted = out.pop("granted")
    lost = [o for o in hot if final[o] != start[o] + len(granted[o])]
    repeated = [o for o in hot if len(set(granted[o])) != len(granted[o])]
    answered = out["patch_2xx"] + out["contact_2xx"] + out["conflict_409"]
    return out | {
        # Paced: over the planned window (the last replies may land after it); unpaced: over the phase.
        "answered_rps": round(answered / (args.duration if rate else out["seconds"]), 1),
        "committed_rps": round((out["patch_2xx"] + out["contact_2xx"]) / out["seconds"], 1),
        "conflict_share": round(out["conflict_409"] / answered, 3) if answered else None,
        "orders": len(hot),
        "lost_updates": len(lost),
        "lost_orders": lost[:10],
        "versions_handed_out_twice": len(repeated),
        "contacts_added": contacts_after - contacts_before,
        "contacts_expected": out["contact_2xx"],
        "server_cpu_seconds": round(server_cpu, 1),
        "loadgen_cpu_seconds": round(loadgen_cpu, 1),
        "generator": "python httpx (asyncio)" + (f", paced at {rate:g}/s" if rate else ", unpaced"),
        "paced_rps": rate,
    }


# ---------------------------------------------------------------------------------------------- verdicts


def _clean_get(phase: dict) -> bool:
    return set(phase["statuses"]) <= {"200"} and not any(phase["errors"].values())


def verdicts(phases: dict) -> dict[str, dict]:
    out = {}
    for name in ("at_risk_list", "customer_360"):
        p, t = phases[name], TARGETS[name]
        out[name] = {
            "rps": p["rps"] >= t["rps"],
            "p99": p["p99_ms"] <= t["p99_ms"],
            "no_errors": _clean_get(p),
        }
    u, t = phases["work_order_updates"], TARGETS["work_order_updates"]
    out["work_order_updates"] = {
        # Paced at the target rate, its planned sends are whole numbers: 99 % of them answered holds the rate.
        "rps": u["answered_rps"] >= 0.99 * t["rps"],
        "p99": u["p99_ms"] <= t["p99_ms"],
        "no_errors": set(u["statuses"]) <= {"200", "201", "409"} and not any(u["errors"].values()),
        "no_lost_update": all(
            q["lost_updates"] == 0
            and q["versions_handed_out_twice"] == 0
            and q["contacts_added"] == q["contacts_expected"]
            for name, q in phases.items()
            if name.startswith("work_order_updates")
        ),
    }
    return out


def _mark(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


# ---------------------------------------------------------------------------------------------- main


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores, from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def serve_and_load(
    workers: int,
    launcher: str,
    info: dict,
    base: Path,
    run_dir: Path,
    region: str,
    wrk: str | None,
    args: argparse.Namespace,
) -> dict:
    from churnguard.retention import open_store

    label = f"{workers} worker(s), " + (
        "churnguard serve" if launcher == "serve" else f"uvicorn, worker health check {HEALTHCHECK_SECONDS} s"
    )
    log(f"--- {label}")
    store_url = prepare_store(run_dir, base, args.store_url, region)
    with open_store(store_url) as store:
        hot = sorted(o["order_id"] for o in store.orders())[: args.hot_orders]
        audit_before = len(store.audit_entries())
    server = Server(run_dir, info["warehouse"], store_url, base / "models", workers, launcher)
    phases: dict[str, dict] = {}
    try:
        healthy = server.wait_healthy()
        tokens = {role: token(server.url, role) for role in USERS}
        ready = warm_up(server, tokens, args.ready_timeout)
        rss_ready = server.rss_mib()
        if not ready["ready"]:
            log(f"  NOT ready: {ready['why_not']} ({ready['dropped_requests']} requests dropped)")
        else:
            log(f"  all workers ready after {ready['all_workers_ready_seconds']} s; RSS {rss_ready['total']:,} MiB")
            ids = customer_ids(info, CUSTOMER_IDS)
            requests = {
                "at_risk_list": list_variants(info, tokens),
                "customer_360": [f"{tokens['admin']} /api/v1/subscribers/{i}" for i in ids],
                "customer_360_masked": [f"{tokens['admin']} /api/v1/subscribers/{i}?masked=true" for i in ids],
            }
            updates = {"work_order_updates": TARGETS["work_order_updates"]["rps"], "work_order_updates_max": None}
            for name in (*requests, *updates):
                busy = _machine_busy()
                if name in updates:
                    pace = f"paced at {updates[name]:g}/s" if updates[name] else "unpaced"
                    log(f"  {name}: {len(hot)} orders, {args.duration} s, {args.connections} clients, {pace}")
                    p = update_phase(server, store_url, tokens["admin"], hot, args, updates[name])
                    log(
                        f"    {p['answered_rps']:,.0f} answered/s ({p['committed_rps']:,.0f} committed/s), "
                        f"p99 {p['p99_ms']} ms, statuses {p['statuses']}, lost updates {p['lost_updates']}"
                    )
                else:
                    lines = requests[name]
                    log(f"  {name}: {len(lines):,} distinct requests, {args.duration} s at {args.connections} conn.")
                    load = wrk_phase if wrk else None
                    p = load(wrk, server, lines, run_dir, name, args) if load else python_phase(server, lines, args)
                    log(f"    {p['rps']:,.0f} req/s, p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms, {p['statuses']}")
                machine = _machine_busy() - busy
                p["machine_cpu_seconds"] = round(machine, 1)
                p["other_cpu_seconds"] = round(
                    max(0.0, machine - p["server_cpu_seconds"] - p["loadgen_cpu_seconds"]), 1
                )
                phases[name] = p
        rss_after = server.rss_mib()
        alive = server.process.poll() is None
    finally:
        server.stop()
    with open_store(store_url, ledger=_ledger(base, store_url)) as store:
        audit_after = len(store.audit_entries())
        audit_intact = store.verify_audit().intact
    return {
        "label": label,
        "workers": workers,
        "launcher": launcher,
        "command": server.command,
        "store": "postgresql" if store_url.startswith("postgresql") else "sqlite",
        "healthz_seconds": round(healthy, 1),
        **ready,
        "rss_mib_ready": rss_ready,
        "rss_mib_after": rss_after,
        "server_alive_after_load": alive,
        "audit_entries_added": audit_after - audit_before,
        "audit_chain_intact": audit_intact,
        "phases": phases,
        "verdicts": verdicts(phases) if phases else {},
    }


def _table(run: dict) -> list[str]:
    rows = [
        "| phase | generator | distinct requests | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | statuses "
        "| socket errors | CPU s: server / load gen / other | target | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, p in run["phases"].items():
        target, verdict = "diagnostic", "-"
        if name in TARGETS:
            t, v = TARGETS[name], run["verdicts"][name]
            target = f"≥ {t['rps']:.0f}/s, p99 ≤ {t['p99_ms']:.0f} ms"
            verdict = _mark(all(v.values())) + (
                "" if all(v.values()) else " (" + ", ".join(k for k, ok in v.items() if not ok) + ")"
            )
        rps = (
            f"{p['answered_rps']:,.1f} answered ({p['committed_rps']:,.1f} committed)"
            if "answered_rps" in p
            else f"{p['rps']:,.1f}"
        )
        statuses = ", ".join(f"{k}: {v:,}" for k, v in p["statuses"].items())
        distinct = p.get("variants", f"{p.get('orders', '-')} orders")
        cpu = f"{p['server_cpu_seconds']} / {p['loadgen_cpu_seconds']} / {p['other_cpu_seconds']}"
        rows.append(
            f"| {name} | {p['generator']} | {distinct} | {p['requests']:,} | {rps} | {p['p50_ms']} | {p['p90_ms']} "
            f"| {p['p99_ms']} | {p['max_ms']} | {statuses} | {sum(p['errors'].values())} | {cpu} | {target} "
            f"| {verdict} |"
        )
    return rows


def _run_lines(run: dict) -> list[str]:
    lines = ["", f"## {run['label']}", ""]
    rss = run["rss_mib_ready"]
    if not run["ready"]:
        return [
            *lines,
            f"`{run['command']}` — **never ready**: {run['why_not']}; {run['dropped_requests']} request(s) dropped "
            f"(connection closed without a reply), {run['worker_restarts']} worker(s) replaced, gave up after "
            f"{run['all_workers_ready_seconds']} s from its start. RSS then {rss['total']:,} MiB "
            f"(per process {rss['per_process']}). "
            "No load was run in this configuration.",
        ]
    lines += [
        f"`{run['command']}` — the at-risk list (snapshot of {run['lines_served']:,} lines) first answered "
        f"{run['first_200_seconds']} s after the server started, every worker fast after "
        f"{run['all_workers_ready_seconds']} s ({run['loading_503']} 503 'still loading' replies, "
        f"{run['dropped_requests']} request(s) dropped, {run['worker_restarts']} worker(s) replaced on the way). "
        f"Server RSS when ready {rss['total']:,} MiB (per process {rss['per_process']}), after the load "
        f"{run['rss_mib_after']['total']:,} MiB, peak {run['rss_mib_after']['peak_total']:,} MiB. Audit entries "
        f"written during the run: {run['audit_entries_added']:,} (chain intact: {run['audit_chain_intact']}).",
        "",
        *_table(run),
    ]
    for name, u in run["phases"].items():
        if not name.startswith("work_order_updates"):
            continue
        lines += [
            "",
            f"{name}: {u['patch_2xx']:,} PATCH and {u['contact_2xx']:,} contact POSTs committed, "
            f"{u['conflict_409']:,} refused with 409 (each followed by a GET of the order: {u['refresh_get']:,}); "
            f"of {u['orders']} orders, {u['orders'] - u['lost_updates']} end at their start version + their 2xx "
            f"replies; versions handed out twice: {u['versions_handed_out_twice']}; contact rows added "
            f"{u['contacts_added']:,} for {u['contacts_expected']:,} 201s.",
        ]
    return lines


def write_results(out: dict, args: argparse.Namespace) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    w = out["warehouse"]
    best = out["best"]
    lines = [
        "# REST API under load",
        "",
        f"{w['lines']:,} scored lines in the served month ({w['lines_per_copy']:,} lines of a `churnguard demo` "
        f"operator ×{w['copies']} under new ids; warehouse {w['warehouse_mib']:,} MiB) on {out['machine']}, "
        f"served by commit {out['source']} on {out['http']}; "
        f"load average {out['load_average_before']} before the run. Load from this machine to 127.0.0.1 only, "
        f"{args.duration} s per phase at {args.connections} connections; **the load generator shares the cores "
        "with the server**, and so does anything else running on the machine (CPU seconds of each are shown; "
        f"{CORES} cores × {args.duration} s = {CORES * args.duration} core-seconds per phase). Store: "
        f"{out['runs'][0]['store']}. Preparing took {out['prepare_seconds']} s this run (the replication "
        f"{w['prepare_seconds']} s when first built), the whole benchmark {out['total_seconds']} s.",
        "",
    ]
    busiest = max((p["other_cpu_seconds"] for r in out["runs"] for p in r["phases"].values()), default=0.0)
    if busiest > 0.1 * CORES * args.duration:
        lines += [
            f"**The machine was not quiet**: other processes used up to {busiest} of the {CORES * args.duration} "
            'core-seconds of a phase (column "other" below), so these figures understate the service.',
            "",
        ]
    if best is None:
        lines += ["No configuration became ready: no target is met.", ""]
    else:
        lines += [f"Verdict, for the best configuration ({best['label']}; each one is listed below):", ""]
        for name, t in TARGETS.items():
            v = best["verdicts"][name]
            p = best["phases"][name]
            rps = p.get("answered_rps", p["rps"])
            extra = ""
            if name == "work_order_updates":
                extra = (
                    f" ({p['committed_rps']:,.1f}/s committed, {p['conflict_share']:.0%} refused with 409, "
                    f"lost updates {p['lost_updates']} of {p['orders']} orders)"
                )
            lines.append(
                f"- {name}: {rps:,.1f} req/s (target ≥ {t['rps']:.0f}) — {_mark(v['rps'])}; p99 {p['p99_ms']} ms "
                f"(target ≤ {t['p99_ms']:.0f}) — {_mark(v['p99'])}; errors — {_mark(v['no_errors'])}"
                + (f"; no lost update — {_mark(v['no_lost_update'])}" if "no_lost_update" in v else "")
                + extra
            )
    for run in out["runs"]:
        lines += _run_lines(run)
    lines += [
        "",
        "Notes: customer_360 is the admin's unmasked view, so each request appends to the hash-chained audit "
        "log (one write transaction each); customer_360_masked is the same ids without that write. "
        "work_order_updates counts PATCH and contact POST replies, 2xx and 409 alike (a 409 is a correct refusal); "
        "the GETs after a 409 are not counted. The update target is judged paced at its rate (the clients send "
        "one change every 1/50 s between them and count each latency from its planned send time); "
        "work_order_updates_max is the same load unpaced, as fast as the replies come (its throughput and the "
        "queueing at saturation; a diagnostic). No lost update is checked over both. "
        "A target is met only when every reply had an expected status. "
        "uvicorn's multi-worker supervisor kills a worker that does not answer its health check within "
        "`timeout_worker_healthcheck` (uvicorn's default 5 s), which a snapshot load can exceed: a multi-worker "
        "`churnguard serve` whose workers are replaced that way is reported as never ready, and the same worker "
        f"count is then served by uvicorn's own command line with {HEALTHCHECK_SECONDS} s to show what it would "
        "give. Socket errors are connections closed or timed out without a reply (their kinds are in the JSON).",
        "",
        "Reproduce (after `make .venv/.stamp-dev`):",
        "",
        "```",
        "make demo   # optional: without runs/demo the benchmark builds its own base operator under --work",
        f"{out['reproduce']}",
        "```",
        "",
        f"Passed: {out['passed']}.",
        "",
    ]
    text = "\n".join(lines)
    (RESULTS / f"{args.name}.md").write_text(text, encoding="utf-8")
    print(text)


def _http_stack() -> str:
    """uvicorn and what it runs on: httptools and uvloop when installed, else h11 and asyncio."""
    import importlib.metadata as md

    def version(name: str) -> str | None:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None

    parts = [f"uvicorn {version('uvicorn')}"]
    parts.append(f"httptools {version('httptools')}" if version("httptools") else f"h11 {version('h11')}")
    parts.append(f"uvloop {version('uvloop')}" if version("uvloop") else "asyncio event loop")
    return ", ".join(parts)


def _source() -> str:
    """The commit served, and whether src/ had changes not committed yet."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--short", "src"], cwd=REPO, capture_output=True, text=True)
    except OSError:
        return "unknown"
    changed = [line.split()[-1] for line in dirty.stdout.splitlines()]
    return head.stdout.strip() + (f" + uncommitted changes in {', '.join(changed)}" if changed else "")


def _machine() -> str:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores ({model}), {memory:.0f} GiB RAM"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="Scored lines to serve (at least).")
    parser.add_argument("--workers", default="1,2", help="Worker counts to try, comma-separated.")
    parser.add_argument("--duration", type=int, default=20, help="Seconds per load phase.")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--hot-orders", type=int, default=40, help="Work orders the update phase works on.")
    parser.add_argument("--base", type=Path, default=None, help="A `churnguard demo` folder to replicate.")
    parser.add_argument("--store-url", default=None, help="A PostgreSQL store URL instead of a SQLite copy.")
    parser.add_argument(
        "--ready-timeout", type=float, default=600, help="Seconds to wait for every worker to load its snapshot."
    )
    parser.add_argument(
        "--no-uvicorn-fallback",
        dest="uvicorn_fallback",
        action="store_false",
        help="Do not retry a multi-worker `churnguard serve` that never got ready with uvicorn's longer health check.",
    )
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--name", default="api_load", help="Results file stem under benchmarks/results/.")
    args = parser.parse_args()
    started = time.perf_counter()
    load_average = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    source = _source()  # before the servers start: what they import
    with tempfile.TemporaryDirectory() as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        # Two runs in one --work folder would replace each other's store under a running server.
        lock = (work / ".api_load.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another api_load run is using {work}; waiting for it to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        base, base_info = prepare_base(work, args.base)
        info = prepare_warehouse(work, base, args.lines)
        import duckdb

        with duckdb.connect(info["warehouse"], read_only=True) as con:
            region = con.execute("SELECT county FROM stg_subscribers GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
            region = region.fetchone()[0]
        prepare_seconds = round(time.perf_counter() - started, 1)
        wrk = ensure_wrk()
        if wrk is None:
            log("wrk is not available: the GET phases use the Python client (slower; it takes CPU from the server)")
        runs = []
        for workers in (int(w) for w in args.workers.split(",")):
            run_dir = work / f"run-{workers}"
            run_dir.mkdir(exist_ok=True)
            runs.append(serve_and_load(workers, "serve", info, base, run_dir, region, wrk, args))
            if workers > 1 and not runs[-1]["ready"] and args.uvicorn_fallback:
                runs.append(serve_and_load(workers, "uvicorn", info, base, run_dir, region, wrk, args))
    ready = [r for r in runs if r["ready"]]
    best = max(
        ready,
        key=lambda r: (
            sum(all(v.values()) for v in r["verdicts"].values()),
            sum(r["phases"][n].get("answered_rps", r["phases"][n]["rps"]) for n in TARGETS),
        ),
        default=None,
    )
    passed = {name: best is not None and all(best["verdicts"][name].values()) for name in TARGETS}
    reproduce = (
        f".venv/bin/python benchmarks/api_load.py --lines {args.lines} --workers {args.workers} "
        f"--duration {args.duration} --connections {args.connections} --work runs/api_load"
        + (f" --store-url {args.store_url}" if args.store_url else "")
        + (f" --name {args.name}" if args.name != "api_load" else "")
    )
    out = {
        "machine": _machine(),
        "source": source,
        "http": _http_stack(),
        "python": platform.python_version(),
        **base_info,
        "warehouse": info,
        "prepare_seconds": prepare_seconds,
        "total_seconds": round(time.perf_counter() - started, 1),
        "duration_seconds": args.duration,
        "connections": args.connections,
        "targets": TARGETS,
        "runs": runs,
        "load_average_before": load_average,
        "best": None if best is None else {k: best[k] for k in ("label", "workers", "launcher", "phases", "verdicts")},
        "passed": passed,
        "reproduce": reproduce,
    }
    write_results(out, args)
    return 0 if all(passed.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
