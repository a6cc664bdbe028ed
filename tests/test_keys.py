"""The keys file: pseudonyms that join and do not reveal, fields encrypted one by one, rotation without
loss, and a file that is refused when others can read it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from churnguard.errors import ConfigError, DataError
from churnguard.keys import Keyring, is_encrypted, load_keyring, open_keyring


def test_pseudonyms_are_stable_keyed_and_do_not_reveal_the_id(tmp_path: Path) -> None:
    ring, other = Keyring.new(), Keyring.new()
    assert ring.pseudonym("S00000001") == ring.pseudonym(" S00000001 ")
    assert ring.pseudonym("S00000001") != ring.pseudonym("S00000002")
    assert ring.pseudonym("S00000001") != other.pseudonym("S00000001")
    assert "00000001" not in ring.pseudonym("S00000001") and len(ring.pseudonym("x")) == 20


def test_a_field_decrypts_only_in_its_own_column() -> None:
    ring = Keyring.new()
    token = ring.encrypt("13800138000", "subscribers.msisdn")
    assert is_encrypted(token) and "13800138000" not in token
    assert token != ring.encrypt("13800138000", "subscribers.msisdn")  # a fresh nonce each time
    assert ring.decrypt(token, "subscribers.msisdn") == "13800138000"
    with pytest.raises(DataError):
        ring.decrypt(token, "subscribers.name")
    with pytest.raises(DataError):
        Keyring.new().decrypt(token, "subscribers.msisdn")
    assert ring.decrypt("138****8000", "subscribers.msisdn") == "138****8000"  # delivered masked


def test_rotation_keeps_old_values_readable_until_they_are_re_encrypted(tmp_path: Path) -> None:
    ring = Keyring.new()
    old = ring.encrypt("张三", "subscribers.name")
    new_ring = ring.rotated()
    assert new_ring.current == 2 and new_ring.decrypt(old, "subscribers.name") == "张三"
    fresh = new_ring.encrypt(new_ring.decrypt(old, "subscribers.name"), "subscribers.name")
    assert fresh.startswith("enc:2:")
    retired = new_ring.retired()
    assert retired.decrypt(fresh, "subscribers.name") == "张三"
    with pytest.raises(DataError):
        retired.decrypt(old, "subscribers.name")
    assert retired.pseudonym("S1") == ring.pseudonym("S1")  # join keys never change


def test_the_file_is_owner_only_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "churnguard.key"
    ring = open_keyring(path, create=True)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert load_keyring(path) == ring
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError) as err:
        load_keyring(path)
    assert "chmod 600" in err.value.hint("en")


def test_a_server_never_creates_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        open_keyring(tmp_path / "none.key", create=False)
    assert err.value.key == "keys.missing"
    assert not (tmp_path / "none.key").exists()
    (tmp_path / "bad.key").write_text("{}")
    os.chmod(tmp_path / "bad.key", 0o600)
    with pytest.raises(ConfigError):
        load_keyring(tmp_path / "bad.key")
