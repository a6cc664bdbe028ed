"""Rotating the field key re-encrypts every personal field without loss, and a stopped rotation finishes."""

from __future__ import annotations

from pathlib import Path

import pytest

from churnguard.data.load import ingest
from churnguard.data.rekey import rotate_field_keys
from churnguard.data.sim.run import simulate
from churnguard.errors import DataError
from churnguard.keys import load_keyring, open_keyring
from churnguard.warehouse import connect


def _fields(path: Path) -> list[tuple[str, str, str]]:
    with connect(str(path), memory_limit="1GB", threads=1, read_only=True) as wh:
        return wh.sql.execute("SELECT subscriber_id, msisdn, name FROM raw_subscribers ORDER BY 1").fetchall()


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    simulate(tmp_path / "d", subscribers=120, months=1, seed=8)
    keys = tmp_path / "churnguard.key"
    with connect(str(tmp_path / "w.duckdb"), memory_limit="1GB", threads=1) as wh:
        assert not ingest(wh, tmp_path / "d", keyring=open_keyring(keys, create=True)).rejected
    return tmp_path / "w.duckdb", keys


def test_rotation_re_encrypts_every_field_and_retires_the_old_key(loaded: tuple[Path, Path]) -> None:
    warehouse, keys = loaded
    old = load_keyring(keys)
    before = {
        s: (old.decrypt(m, "subscribers.msisdn"), old.decrypt(n, "subscribers.name")) for s, m, n in _fields(warehouse)
    }
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        rotation = rotate_field_keys(wh, old, keys)
    assert rotation.key == 2 and rotation.values >= 2 * len(before)
    new = load_keyring(keys)
    assert sorted(new.field_keys) == [2] and new.pseudonym_key == old.pseudonym_key
    after = _fields(warehouse)
    assert all(m.startswith("enc:2:") and n.startswith("enc:2:") for _, m, n in after)
    assert {
        s: (new.decrypt(m, "subscribers.msisdn"), new.decrypt(n, "subscribers.name")) for s, m, n in after
    } == before
    with pytest.raises(DataError):
        old.decrypt(after[0][1], "subscribers.msisdn")


def test_a_rotation_stopped_half_way_finishes_with_the_key_it_made(loaded: tuple[Path, Path]) -> None:
    warehouse, keys = loaded
    old = load_keyring(keys)
    widened = old.rotated()  # the file was written, the warehouse not yet re-encrypted
    widened.save(keys)
    with connect(str(warehouse), memory_limit="1GB", threads=1) as wh:
        rotation = rotate_field_keys(wh, load_keyring(keys), keys)
    assert rotation.key == 2 and sorted(load_keyring(keys).field_keys) == [2]
    assert all(m.startswith("enc:2:") for _, m, _ in _fields(warehouse))
