"""The ``churnguard`` command line: parse, call a pipeline function, print, map errors to exit codes.

``root`` builds the app and its groups; each command module registers its commands on them when imported.
"""

from __future__ import annotations

from churnguard.cli.root import app

# --help and docs/reference/cli.md list the commands in the order they were registered: keep this order.
# isort: off
from churnguard.cli import snapshot  # noqa: F401
from churnguard.cli import operator  # noqa: F401
from churnguard.cli import cycle  # noqa: F401
from churnguard.cli import retention  # noqa: F401
from churnguard.cli import campaigns  # noqa: F401
from churnguard.cli import monthly  # noqa: F401
from churnguard.cli import service  # noqa: F401
from churnguard.cli import keys  # noqa: F401

# isort: on

__all__ = ["app", "main"]


def main() -> None:
    app()
