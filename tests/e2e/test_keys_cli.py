"""``churnguard keys``: made once and owner-only, shown by fingerprint, rotated without loss; audited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from churnguard.data.sim.run import simulate
from churnguard.keys import load_keyring
from churnguard.warehouse import connect


def test_keys_are_made_once_shown_without_secrets_and_rotated(tmp_path: Path, cli: Callable) -> None:
    made = cli("keys", "init")
    assert made.exit_code == 0, made.stderr
    path = tmp_path / "churnguard.key"
    ring = load_keyring(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600" and ring.fingerprint in made.stdout
    again = cli("keys", "init")
    assert again.exit_code == 2 and "keys rotate" in again.stderr and load_keyring(path) == ring

    simulate(tmp_path / "d", subscribers=120, months=1, seed=4)
    assert cli("ingest", str(tmp_path / "d")).exit_code == 0
    shown = cli("keys", "show")
    assert ring.fingerprint in shown.stdout and ring.pseudonym_key.hex() not in shown.stdout

    rotated = cli("keys", "rotate")
    assert rotated.exit_code == 0, rotated.stderr
    new = load_keyring(path)
    assert sorted(new.field_keys) == [2]
    with connect(str(tmp_path / "churnguard.duckdb"), read_only=True) as wh:
        names = [r[0] for r in wh.sql.execute("SELECT name FROM stg_subscribers").fetchall()]
    assert names and all(n.startswith("enc:2:") for n in names)
    assert all(new.decrypt(n, "subscribers.name") for n in names)

    log = cli("audit", "list", "--last", "50")
    assert "keys.init" in log.stdout and "keys.rotate" in log.stdout
