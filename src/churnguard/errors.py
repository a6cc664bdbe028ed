"""One error tree. Each error knows its exit code, HTTP status and a hint, in both languages."""

from __future__ import annotations

from churnguard.i18n import MESSAGES, t

__all__ = [
    "BundleError",
    "ChurnGuardError",
    "ConfigError",
    "ConflictError",
    "DataError",
    "InternalError",
    "NotFoundError",
    "UserError",
]


class ChurnGuardError(Exception):
    """Base of every ChurnGuard error.

    ``key`` names a message in :mod:`churnguard.i18n`; ``key + '.hint'`` is its hint when present.
    ``str(error)`` is the English message, so logs stay greppable.
    """

    exit_code = 1
    http_status = 500

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.params)

    def hint(self, lang: str = "en") -> str:
        hint_key = self.key + ".hint"
        return t(hint_key, lang, **self.params) if hint_key in MESSAGES else ""


class UserError(ChurnGuardError):
    """Something the user can fix: exit code 2, HTTP 422."""

    exit_code = 2
    http_status = 422


class DataError(UserError):
    """An input file or table is unreadable or does not fit what is asked of it."""


class NotFoundError(UserError):
    http_status = 404


class BundleError(UserError):
    """A model bundle is missing, damaged or does not match the data."""

    http_status = 409


class ConflictError(UserError):
    """Someone else changed the record since it was read: read it again and redo the change."""

    http_status = 409


class ConfigError(UserError):
    """A setting or option has a value that cannot be used."""


class InternalError(ChurnGuardError):
    """A bug: exit code 1, HTTP 500."""
