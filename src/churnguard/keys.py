"""The keys that protect personal data and the audit log, kept in a file outside both databases.

One JSON file (the setting ``key_file``; a secret mount in production), readable by its owner only:

- ``pseudonym``: the HMAC key that turns line, customer and contact ids into pseudonyms at ingest. It
  never rotates in place: every join key of the warehouse is made with it (a new one means a new load).
- ``field``: AES-GCM keys, numbered, that encrypt personal fields (names, phone numbers) one by one.
  ``current`` encrypts; every listed key still decrypts, so rotation re-encrypts without loss.
- ``audit``: the key of the audit log's MAC chain and of its checkpoints.

A stolen database without this file yields neither the personal data nor a forgeable audit chain.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from churnguard.config import Settings
from churnguard.errors import ConfigError, DataError

__all__ = ["ENCRYPTED_PREFIX", "Keyring", "is_encrypted", "keyring_of", "load_keyring", "open_keyring"]

ENCRYPTED_PREFIX = "enc:"
_VERSION = 1


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(ENCRYPTED_PREFIX)


@dataclass
class Keyring:
    pseudonym_key: bytes
    audit_key: bytes
    field_keys: dict[int, bytes]
    current: int
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def new(cls) -> Keyring:
        return cls(secrets.token_bytes(32), secrets.token_bytes(32), {1: AESGCM.generate_key(bit_length=256)}, 1)

    # ------------------------------------------------------------------ pseudonyms
    def pseudonym(self, value: str) -> str:
        """A stable id that does not reveal ``value``: the same input gives the same pseudonym in every
        table (so joins hold), and no one without the key can compute or reverse it."""
        digest = hmac.new(self.pseudonym_key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()
        return "P" + digest[:19]

    @property
    def fingerprint(self) -> str:
        """Names these pseudonym keys without revealing them: a warehouse records the one it was loaded with."""
        return hmac.new(self.pseudonym_key, b"churnguard keys fingerprint", hashlib.sha256).hexdigest()[:16]

    def digest(self, value: str, purpose: str) -> str:
        """A keyed hash of ``value`` for ``purpose`` (e.g. an unknown login name in the audit log)."""
        return hmac.new(self.audit_key, f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()[:16]

    # ------------------------------------------------------------------ fields
    def encrypt(self, value: str, context: str) -> str:
        """``value`` encrypted with the current field key; ``context`` (table.column) is bound to the
        ciphertext, so a value copied into another column does not decrypt there."""
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.field_keys[self.current]).encrypt(nonce, value.encode("utf-8"), context.encode())
        return f"{ENCRYPTED_PREFIX}{self.current}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str, context: str) -> str:
        if not is_encrypted(token):
            return token  # delivered masked, or written before encryption: shown as it is
        try:
            number, _, body = token[len(ENCRYPTED_PREFIX) :].partition(":")
            raw = _unb64(body)
            key = self.field_keys[int(number)]
            return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode("utf-8")
        except (KeyError, ValueError, InvalidTag):
            raise DataError("keys.undecryptable", context=context) from None

    def rotated(self) -> Keyring:
        """A keyring with a new current field key; the old ones stay to decrypt until re-encryption ends."""
        number = max(self.field_keys) + 1
        keys = {**self.field_keys, number: AESGCM.generate_key(bit_length=256)}
        return Keyring(self.pseudonym_key, self.audit_key, keys, number, self.path)

    def retired(self) -> Keyring:
        """The keyring without the field keys that no longer encrypt anything (after re-encryption)."""
        keys = {self.current: self.field_keys[self.current]}
        return Keyring(self.pseudonym_key, self.audit_key, keys, self.current, self.path)

    # ------------------------------------------------------------------ file
    def to_json(self) -> str:
        return json.dumps(
            {
                "version": _VERSION,
                "pseudonym": _b64(self.pseudonym_key),
                "audit": _b64(self.audit_key),
                "field": {"current": self.current, "keys": {str(k): _b64(v) for k, v in self.field_keys.items()}},
            },
            indent=2,
        )

    def save(self, path: Path) -> None:
        """Write the file owner-read/write only, replacing any earlier one in one step."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(self.to_json())
        os.replace(tmp, path)
        self.path = path


def load_keyring(path: Path) -> Keyring:
    """The keyring in ``path``; refused when missing, unreadable, malformed or readable by others."""
    if not path.is_file():
        raise ConfigError("keys.missing", file=str(path))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError("keys.open_to_others", file=str(path), mode=oct(mode))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = data["field"]
        ring = Keyring(
            _unb64(data["pseudonym"]),
            _unb64(data["audit"]),
            {int(k): _unb64(v) for k, v in fields["keys"].items()},
            int(fields["current"]),
            path,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError("keys.malformed", file=str(path), detail=type(exc).__name__) from None
    if ring.current not in ring.field_keys or any(len(k) != 32 for k in ring.field_keys.values()):
        raise ConfigError("keys.malformed", file=str(path), detail="field keys")
    return ring


def open_keyring(path: Path, *, create: bool) -> Keyring:
    """The keyring in ``path``, made there first when ``create`` and no file exists yet (a new operator's
    first load). A server never creates one: new keys would make the data it serves unreadable."""
    if create and not path.exists():
        ring = Keyring.new()
        ring.save(path)
        return ring
    return load_keyring(path)


def keyring_of(settings: Settings, *, create: bool = False) -> Keyring:
    """The operator's keyring named by ``settings.key_file``."""
    return open_keyring(Path(settings.key_file), create=create)
