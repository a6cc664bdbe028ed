"""The audit log from the command line: account changes made there are audited like the dashboard's (the
operating system's user as the actor, ``cli`` as the source, a role change with its before and after);
``audit verify`` names tampering in the reader's language; ``audit rechain`` seals entries written before
the key; ``audit export`` writes a period for a regulator with its verification beside it."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from churnguard.cli import app

PASSWORD = "Lantern-orchid-47-railway"


def _run(*args: object, input: str | None = None, lang: str = "en"):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, env={"CHURNGUARD_LANG": lang})


def _entries(store: Path) -> list[dict]:
    raw = sqlite3.connect(store)
    raw.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in raw.execute("SELECT * FROM audit_log ORDER BY entry_id")]
    finally:
        raw.close()


def test_account_changes_from_the_command_line_are_audited(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    steps = [
        ("users", "add", "lin", "--role", "agent", "--password-stdin", "--store", store),
        ("users", "password", "lin", "--password-stdin", "--store", store),
        ("users", "role", "lin", "--role", "supervisor", "--region", "东城区", "--store", store),
        ("users", "disable", "lin", "--store", store),
        ("users", "enable", "lin", "--store", store),
    ]
    for step in steps:
        done = _run(*step, input=PASSWORD + "\n")
        assert done.exit_code == 0, done.output
    assert "lin is now supervisor" in _run("users", "role", "lin", "--role", "supervisor", "--region", "东城区",
                                            "--store", store).stdout  # fmt: skip
    # A refused change (no such account) writes nothing.
    assert _run("users", "disable", "nobody", "--store", store).exit_code == 2
    entries = _entries(store)
    assert [e["action"] for e in entries] == [
        "user.add",
        "user.password",
        "user.role",
        "user.disable",
        "user.enable",
        "user.role",
    ]
    assert {(e["actor"], e["role"], e["source"], e["object"]) for e in entries} == {
        (getpass.getuser(), "os", "cli", "lin")
    }
    assert json.loads(entries[0]["detail"]) == {"role": "agent", "region": None}
    assert json.loads(entries[2]["detail"]) == {"role": ["agent", "supervisor"], "region": [None, "东城区"]}
    assert all(e["mac"] and e["seq"] == n for n, e in enumerate(entries, start=1))
    # The keys file was made with the first entry, readable by its owner only, beside the store's checkpoints.
    assert (tmp_path / "churnguard.key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "ops.sqlite.audit-checkpoints").exists()
    ok = _run("audit", "verify", "--store", store)
    assert ok.exit_code == 0 and "Audit log intact: 6 entries" in ok.stdout, ok.output
    assert "user.role" in _run("audit", "list", "--store", store).stdout


def test_verify_names_tampering_in_the_readers_language(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    assert _run("users", "add", "amy", "--role", "agent", "--password-stdin", "--store", store,
                input=PASSWORD).exit_code == 0  # fmt: skip
    for _ in range(3):
        assert _run("users", "disable", "amy", "--store", store).exit_code == 0
    raw = sqlite3.connect(store)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute("DELETE FROM audit_log WHERE entry_id > 2")
    raw.commit()
    raw.close()
    en = _run("audit", "verify", "--store", store)
    assert en.exit_code == 1
    assert "does not prove itself (2 finding(s))" in en.stderr
    assert "guard audit_log_no_delete" in en.stderr and "the newest entries were removed" in en.stderr
    zh = _run("audit", "verify", "--store", store, lang="zh")
    assert zh.exit_code == 1 and "最新的记录被删除了" in zh.stderr and "audit_log_no_delete" in zh.stderr


def test_verify_without_the_keys_file_says_how_to_fix_it(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    assert _run("users", "add", "amy", "--role", "agent", "--password-stdin", "--store", store,
                input=PASSWORD).exit_code == 0  # fmt: skip
    (tmp_path / "churnguard.key").rename(tmp_path / "elsewhere.key")
    missing = _run("audit", "verify", "--store", store)
    assert missing.exit_code == 2 and "keys file" in missing.stderr and "Hint:" in missing.stderr
    # Nor is a new key made for a log that another one chained: the change is refused whole.
    refused = _run("users", "disable", "amy", "--store", store)
    assert refused.exit_code == 2 and not (tmp_path / "churnguard.key").exists()
    assert len(_entries(store)) == 1


def test_rechain_and_the_regulators_export(tmp_path: Path) -> None:
    store = tmp_path / "ops.sqlite"
    assert _run("users", "add", "amy", "--role", "agent", "--password-stdin", "--store", store,
                input=PASSWORD).exit_code == 0  # fmt: skip
    assert "Nothing to seal" in _run("audit", "rechain", "--store", store).stdout
    out = tmp_path / "regulator" / "audit.csv"
    done = _run("audit", "export", "--from", "2000-01-01", "--to", "2999-12-31", "--out", out, "--store", store)
    assert done.exit_code == 0, done.output
    assert "1 audit entries written" in done.stdout
    sidecar = json.loads((tmp_path / "regulator" / "audit.csv.verification.json").read_text(encoding="utf-8"))
    assert sidecar["log"]["intact"] and sidecar["rows"] == 1
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("entry_id,seq,at,actor")
    assert _entries(store)[-1]["action"] == "export"
    bad = _run("audit", "export", "--from", "2026-13-01", "--out", out, "--store", store)
    assert bad.exit_code == 2 and "--from" in bad.stderr
