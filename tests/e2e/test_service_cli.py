"""``churnguard users``, ``audit`` and ``serve`` from the command line: logins made, refused, listed and
disabled; the audit chain checked; the server started for real and answering on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from churnguard.cli import app
from churnguard.keys import open_keyring

PASSWORD = "Lantern-orchid-47-railway"


def _run(*args: object, input: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, env={"CHURNGUARD_LANG": "en"})


def test_users_add_list_disable_and_password(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    added = _run(
        "users",
        "add",
        "lin",
        "--role",
        "supervisor",
        "--region",
        "东城区",
        "--name",
        "林主管",
        "--password-stdin",
        "--store",
        store,
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "lin (supervisor) can log in now" in added.stdout
    weak = _run("users", "add", "amy", "--role", "agent", "--password-stdin", "--store", store, input="password1234\n")
    assert weak.exit_code == 2 and "list of common passwords" in weak.stderr and "Hint:" in weak.stderr
    no_region = _run(
        "users", "add", "sup2", "--role", "supervisor", "--password-stdin", "--store", store, input=PASSWORD
    )
    assert no_region.exit_code == 2 and "--region" in no_region.stderr
    bad_role = _run("users", "add", "x1", "--role", "boss", "--password-stdin", "--store", store, input=PASSWORD)
    assert bad_role.exit_code == 2 and "Unknown role 'boss'" in bad_role.stderr
    again = _run("users", "add", "lin", "--role", "agent", "--password-stdin", "--store", store, input=PASSWORD)
    assert again.exit_code == 2 and "already has a login" in again.stderr
    listed = _run("users", "list", "--store", store)
    assert "lin" in listed.stdout and "林主管" in listed.stdout and "东城区" in listed.stdout
    assert "argon2" not in listed.stdout
    changed = _run(
        "users", "password", "lin", "--password-stdin", "--store", store, input="Another-lantern-82-harbour\n"
    )
    assert changed.exit_code == 0, changed.output
    disabled = _run("users", "disable", "lin", "--store", store)
    assert disabled.exit_code == 0 and "disabled" in disabled.stdout
    row = sqlite3.connect(store).execute("SELECT active, password_hash FROM staff WHERE staff_id = 'lin'").fetchone()
    assert row[0] == 0 and row[1].startswith("$argon2id$")
    missing = _run("users", "disable", "nobody", "--store", store)
    assert missing.exit_code == 2 and "No staff member nobody" in missing.stderr


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_and_audit_verify_finds_tampering(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    assert (
        _run("users", "add", "adm", "--role", "admin", "--password-stdin", "--store", store, input=PASSWORD).exit_code
        == 0
    )
    port = _port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "churnguard",
            "serve",
            "--port",
            str(port),
            "--store",
            str(store),
            "--warehouse",
            str(tmp_path / "none.duckdb"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # Start-up imports take seconds, more on a busy CI machine: wait on a deadline, not a count.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        token = httpx.post(base + "/api/v1/token", json={"username": "adm", "password": PASSWORD}).json()
        headers = {"Authorization": "Bearer " + token["access_token"]}
        assert httpx.get(base + "/api/v1/me", headers=headers).json()["role"] == "admin"
        # Nothing scored yet: a message with a hint, not a crash.
        empty = httpx.get(base + "/api/v1/subscribers", headers=headers)
        assert empty.status_code == 404 and "churnguard run" in empty.json()["hint"]
        assert httpx.get(base + "/login").headers["x-frame-options"] == "DENY"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
    ok = _run("audit", "verify", "--store", store)
    assert ok.exit_code == 0 and "the keyed chain holds" in ok.stdout, ok.output
    listed = _run("audit", "list", "--store", store)
    assert "login" in listed.stdout and "adm" in listed.stdout and "service.start" in listed.stdout
    raw = sqlite3.connect(store)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET source = '10.0.0.9' WHERE entry_id = 1")
    raw.commit()
    raw.close()
    broken = _run("audit", "verify", "--store", store)
    assert broken.exit_code == 1 and "Audit entry 1 is not as it was written" in broken.stderr
    assert "guard audit_log_no_update" in broken.stderr


# A worker of 'serve' in its own process: the factory uvicorn was given, called in the environment serve left,
# with create_app replaced by one that prints the settings it was handed.
_WORKER = """
import importlib, sys

import churnguard.api

def create_app(settings):
    print(settings.model_dump_json())

churnguard.api.create_app = create_app
module, name = sys.argv[1].split(":")
getattr(importlib.import_module(module), name)()
"""


def test_serve_hands_its_workers_every_resolved_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from churnguard.cli.service import SETTINGS_ENV
    from churnguard.config import Settings, load_settings

    monkeypatch.delenv(SETTINGS_ENV, raising=False)  # serve sets it; put back as it was
    monkeypatch.setenv("CHURNGUARD_SESSION_HOURS", "5")  # the environment counts too
    config = tmp_path / "site" / "service.toml"
    config.parent.mkdir()
    config.write_text(
        "\n".join(
            [
                "[churnguard]",
                'lang = "zh"',
                "page_size_max = 150",
                "cookie_secure = false",
                "login_failures = 9",
                "login_failures_address = 40",
                "login_window_minutes = 30",
                "session_idle_minutes = 45",
                "export_rows_max = 5000",
                "body_bytes_max = 20000",
                "act_budget = 12345.5",
                "individual_tier_bands = [0.6, 0.85]",
                f'warehouse = "{tmp_path / "w.duckdb"}"',
                f'registry = "{tmp_path / "file-registry"}"',
            ]
        ),
        encoding="utf-8",
    )
    store, registry = tmp_path / "ops.sqlite", tmp_path / "flag-registry"
    handed: dict[str, object] = {}

    def run(target: str, **options: object) -> None:
        handed.update(target=target, options=options, environ=dict(os.environ))

    monkeypatch.setattr(uvicorn, "run", run)
    open_keyring(tmp_path / "churnguard.key", create=True)  # a server never makes keys (serve audits its start)
    served = CliRunner().invoke(
        app, ["--config", str(config), "serve", "--workers", "2", "--store", str(store), "--registry", str(registry)]
    )
    assert served.exit_code == 0, served.output
    assert handed["options"]["workers"] == 2 and handed["options"]["factory"] is True

    parent, sources = load_settings({"store": str(store), "registry": str(registry)}, toml_path=config)
    fields = Settings.model_fields
    changed = {name for name in fields if getattr(parent, name) != fields[name].get_default(call_default_factory=True)}
    assert {"page_size_max", "cookie_secure", "login_failures", "session_hours", "store", "registry"} <= changed
    assert sources["session_hours"].startswith("env") and sources["registry"] == "flag"

    elsewhere = tmp_path / "elsewhere"  # a worker's cwd holds no churnguard.toml
    elsewhere.mkdir()
    worker = subprocess.run(
        [sys.executable, "-c", _WORKER, str(handed["target"])],
        cwd=elsewhere,
        env=handed["environ"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    got = Settings.model_validate_json(worker.stdout.splitlines()[-1])
    for name in Settings.model_fields:
        assert getattr(got, name) == getattr(parent, name), name
